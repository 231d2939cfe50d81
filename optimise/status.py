"""Statuses: what a result reports (`Status`), and how a solve ended (`SolveStatus`).

Both are `StrEnum`s: a member is the very string it stands for, so
`str(status)`, an f-string, `==` with the old string constants, a dict keyed
by the string, JSON and the workbook all see "Optimal", "Time limit"... as
before. A result's `Status` is what the Comparison sheet and the run log
write (docs/workbook.md); a solve's `SolveStatus` never reaches the user as
it is, and `optimise.plan` turns it into a `Status`.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A scenario's status, in the words the workbook writes (docs/workbook.md)."""

    OPTIMAL = "Optimal"
    INFEASIBLE = "Infeasible"
    TIME_LIMIT = "Time limit"
    INVALID_INPUT = "Invalid input"


class SolveStatus(StrEnum):
    """How one solve ended, whichever route (optimise.solver) ran it."""

    OPTIMAL = "optimal"
    #: Stopped with or without a plan: time, iteration or node limit, or interrupted.
    TIME_LIMIT = "time limit"
    #: A whole-post stage 2 or 3 that found no better plan for a while
    #: (optimise/stall.py): its plan is kept, with the gap it proved.
    STALLED = "stalled"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NOT_SOLVED = "not solved"
