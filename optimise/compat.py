"""The few places where PuLP 3 and PuLP 4 differ, kept in one small module.

PuLP 3.3 (Python 3.11) and PuLP 4 (Python 3.12+, Rust core) build models with
the same calls, but differ in how an expression is made from (variable,
coefficient) pairs, how constraints are listed, which class runs CBC, and
what `solve` returns. Everything else in `optimise` is written once, against
these functions. The solver interface is optimise/solver.py.
"""

from __future__ import annotations

import operator
import time

import pulp

from optimise.solver import SolveOutcome, available_solvers, quiet
from optimise.status import SolveStatus

#: Importable from here as before: planner/run.py asks `available_solvers`.
__all__ = [
    "PULP_4",
    "available_solvers",
    "cbc_command",
    "columns",
    "constraints",
    "linear",
    "solve",
]

PULP_4 = hasattr(pulp.LpAffineExpression, "from_list")


def linear(pairs: list[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    """sum(coef * var) from distinct variables, built in one call.

    Both `lpSum` of tuples (which adds the coefficients as constants) and
    repeated `+` (slow) are wrong here; this is the fast, correct way in each.
    """
    if PULP_4:
        return pulp.LpAffineExpression.from_list(pairs)
    return pulp.LpAffineExpression(pairs)


def columns(prob: pulp.LpProblem) -> list[pulp.LpVariable]:
    """The problem's variables sorted by name, as `prob.variables()` lists them.

    PuLP 3 registers a constraint's variables as the constraint is added, and
    `variables()` then scans every constraint again before sorting: 3.9 ms of
    the 4.3 for an FTE scenario's model of 2,649 columns. Its own list, sorted
    the same way, is the same list when the objective brings no variable of its
    own (Planner's models set none: HiGHS is handed each stage's objective).
    """
    registered = getattr(prob, "_variables", None)
    if PULP_4 or registered is None or prob.objective:
        return prob.variables()
    registered.sort(key=_name)
    return registered


_name = operator.attrgetter("name")


def constraints(prob: pulp.LpProblem) -> dict[str, pulp.LpConstraint]:
    """The problem's constraints by name (a dict in PuLP 3, a list in PuLP 4)."""
    found = prob.constraints
    if callable(found):
        return {c.name: c for c in found()}
    return dict(found)


def cbc_command() -> type[pulp.LpSolver]:
    """PuLP's class that runs CBC.

    COIN_CMD runs the CBC that pulp[cbc] installs; PuLP 3's bundled
    PULP_CBC_CMD (deprecated, gone in PuLP 4) only where that is missing.
    """
    return pulp.COIN_CMD if "COIN_CMD" in pulp.listSolvers(True) else pulp.PULP_CBC_CMD


def solve(prob: pulp.LpProblem, solver: pulp.LpSolver) -> SolveOutcome:
    """`prob.solve(solver)`, silent, and how it ended, read the way this PuLP reports it."""
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


def _status_3(prob: pulp.LpProblem) -> tuple[SolveStatus, bool]:
    c = pulp.constants
    if prob.sol_status == c.LpSolutionOptimal:
        return SolveStatus.OPTIMAL, True
    if prob.sol_status == c.LpSolutionIntegerFeasible:
        return SolveStatus.TIME_LIMIT, True
    if prob.status == c.LpStatusInfeasible:
        return SolveStatus.INFEASIBLE, False
    if prob.status == c.LpStatusUnbounded:
        return SolveStatus.UNBOUNDED, False
    return SolveStatus.NOT_SOLVED, False


def _status_4(stats: object) -> tuple[SolveStatus, bool]:
    s = pulp.constants.LpSolveStatus
    status = stats.status
    has_solution = bool(stats.has_solution)
    if status == s.Optimal:
        return SolveStatus.OPTIMAL, has_solution
    if status == s.Infeasible:
        return SolveStatus.INFEASIBLE, False
    if status == s.Unbounded:
        return SolveStatus.UNBOUNDED, False
    if status in (s.TimeLimit, s.GapLimit, s.NodeLimit, s.IterationLimit, s.SolutionLimit):
        return SolveStatus.TIME_LIMIT, has_solution
    return SolveStatus.NOT_SOLVED, has_solution
