"""The few places where PuLP 3 and PuLP 4 differ, kept in one small module.

PuLP 3.3 (Python 3.11) and PuLP 4 (Python 3.12+, Rust core) build models with
the same calls, but differ in how an expression is made from (variable,
coefficient) pairs, how constraints are listed, and what `solve` returns.
Everything else in `optimise` is written once, against these functions.
HiGHS is driven directly (optimise/highs.py); `make_solver` and `solve` are
the CBC route, through PuLP.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from dataclasses import dataclass

import pulp

PULP_4 = hasattr(pulp.LpAffineExpression, "from_list")

OPTIMAL = "optimal"
TIME_LIMIT = "time limit"
#: A whole-post stage 2 or 3 that found no better plan for a while (optimise/stall.py).
STALLED = "stalled"
INFEASIBLE = "infeasible"
UNBOUNDED = "unbounded"
NOT_SOLVED = "not solved"


def linear(pairs: list[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    """sum(coef * var) from distinct variables, built in one call.

    Both `lpSum` of tuples (which adds the coefficients as constants) and
    repeated `+` (slow) are wrong here; this is the fast, correct way in each.
    """
    if PULP_4:
        return pulp.LpAffineExpression.from_list(pairs)
    return pulp.LpAffineExpression(pairs)


def constraints(prob: pulp.LpProblem) -> dict[str, pulp.LpConstraint]:
    """The problem's constraints by name (a dict in PuLP 3, a list in PuLP 4)."""
    found = prob.constraints
    if callable(found):
        return {c.name: c for c in found()}
    return dict(found)


def available_solvers() -> list[str]:
    names = pulp.listSolvers(onlyAvailable=True)
    out = []
    if "HiGHS" in names:
        out.append("HiGHS")
    if "PULP_CBC_CMD" in names or "COIN_CMD" in names:
        out.append("CBC")
    return out


def make_solver(
    name: str,
    *,
    mip: bool,
    time_limit: float,
    gap: float,
    warm_start: bool = False,
    presolve: bool = True,
) -> pulp.LpSolver:
    """A CBC solver for one stage, through PuLP. `mip=False` solves the LP relaxation.

    `warm_start` hands the variables' current values to the solver as a first
    plan: after stage 1 they are feasible for stage 2, which saves the MIP
    search from finding one.
    """
    if name == "CBC":
        # COIN_CMD runs the CBC that pulp[cbc] installs; PuLP 3's bundled
        # PULP_CBC_CMD (deprecated, gone in PuLP 4) only where that is missing.
        cls = pulp.COIN_CMD if "COIN_CMD" in pulp.listSolvers(True) else pulp.PULP_CBC_CMD
        options = [] if presolve else ["presolve off"]
        return cls(
            mip=mip,
            msg=False,
            timeLimit=time_limit,
            gapRel=gap,
            warmStart=warm_start,
            options=options,
        )
    raise ValueError(f"unknown solver {name!r}")


@dataclass(frozen=True)
class SolveOutcome:
    status: str  # OPTIMAL, TIME_LIMIT, STALLED, INFEASIBLE, UNBOUNDED or NOT_SOLVED
    has_solution: bool
    objective: float | None
    seconds: float
    gap: float | None  # relative MIP gap proven, where the solver says


def solve(prob: pulp.LpProblem, solver: pulp.LpSolver) -> SolveOutcome:
    started = time.perf_counter()
    with quiet():
        returned = prob.solve(solver)
    seconds = time.perf_counter() - started
    if PULP_4:
        status, has_solution = _status_4(returned)
    else:
        status, has_solution = _status_3(prob)
    objective = pulp.value(prob.objective) if has_solution else None
    return SolveOutcome(status, has_solution, objective, seconds, None)


def _status_3(prob: pulp.LpProblem) -> tuple[str, bool]:
    c = pulp.constants
    if prob.sol_status == c.LpSolutionOptimal:
        return OPTIMAL, True
    if prob.sol_status == c.LpSolutionIntegerFeasible:
        return TIME_LIMIT, True
    if prob.status == c.LpStatusInfeasible:
        return INFEASIBLE, False
    if prob.status == c.LpStatusUnbounded:
        return UNBOUNDED, False
    return NOT_SOLVED, False


def _status_4(stats: object) -> tuple[str, bool]:
    s = pulp.constants.LpSolveStatus
    status = stats.status
    has_solution = bool(stats.has_solution)
    if status == s.Optimal:
        return OPTIMAL, has_solution
    if status == s.Infeasible:
        return INFEASIBLE, False
    if status == s.Unbounded:
        return UNBOUNDED, False
    if status in (s.TimeLimit, s.GapLimit, s.NodeLimit, s.IterationLimit, s.SolutionLimit):
        return TIME_LIMIT, has_solution
    return NOT_SOLVED, has_solution


#: fd 1 is the process's: one redirection at a time, whichever thread asks.
_STDOUT = threading.Lock()


@contextlib.contextmanager
def quiet():
    """Silence what solvers print to the terminal whatever their options (HiGHS's banner)."""
    with _STDOUT:
        try:
            saved = os.dup(1)
        except OSError:  # no real stdout (e.g. inside Excel): nothing to silence
            yield
            return
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            try:
                yield
            finally:
                os.dup2(saved, 1)
                os.close(saved)
