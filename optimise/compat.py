"""The few places where PuLP 3 and PuLP 4 differ, kept in one small module.

PuLP 3.3 (Python 3.11) and PuLP 4 (Python 3.12+, Rust core) build models with
the same calls, but differ in how an expression is made from (variable,
coefficient) pairs, how constraints are listed, and what `solve` returns.
Everything else in `optimise` is written once, against these functions.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass

import numpy as np
import pulp

PULP_4 = hasattr(pulp.LpAffineExpression, "from_list")

OPTIMAL = "optimal"
TIME_LIMIT = "time limit"
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
    """A solver for one stage. `mip=False` solves the LP relaxation.

    `warm_start` hands the variables' current values to the solver as a first
    plan: after stage 1 they are feasible for stage 2, which saves the MIP
    search from finding one.
    """
    if name == "HiGHS":
        options = dict(mip=mip, msg=False, timeLimit=time_limit, gapRel=gap, random_seed=0)
        if not presolve:
            options["presolve"] = "off"
        if PULP_4:  # PuLP 4 hands HiGHS the matrix in one call itself
            return pulp.HiGHS(warmStart=warm_start, **options)
        return MatrixHiGHS(warm_start=warm_start, **options)
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


class MatrixHiGHS(pulp.HiGHS):
    """PuLP 3's in-process HiGHS, handed the whole matrix in one call per part.

    PuLP 3.3 passes the model to HiGHS one `addCol` and one `addRow` call per
    variable and row, which took longer than the solve itself on the default
    workbook. This builds the bounds, objective and row-wise matrix as numpy
    arrays and passes them in one `addCols` and one `addRows` call, as PuLP 4
    does: the same solver, the same model, the same column order (PuLP's).

    `warm_start=True` also hands the variables' current values to HiGHS as a
    first plan (PuLP 3.3 supports warmStart only for HiGHS_CMD).
    """

    def __init__(self, *, warm_start: bool = False, **options: object) -> None:
        super().__init__(**options)
        self.warm_start = warm_start

    def actualSolve(self, lp: pulp.LpProblem) -> int:
        """PuLP's own solve, listing the problem's variables once rather than thrice.

        `lp.variables()` walks every row and sorts every name each time it is
        called; during the solve the list cannot change, so it is kept.
        """
        columns = lp.variables()
        lp.variables = lambda: columns
        try:
            return super().actualSolve(lp)
        finally:
            del lp.variables

    def buildSolverModel(self, lp: pulp.LpProblem) -> None:
        import highspy

        columns = lp.variables()
        for n, var in enumerate(columns):
            var.index = n
        solver = lp.solverModel
        _add_columns(solver, lp, columns, mip=self.mip)
        _add_rows(solver, list(constraints(lp).values()))
        if self.warm_start and all(v.varValue is not None for v in columns):
            start = highspy.HighsSolution()
            start.col_value = [v.varValue for v in columns]
            start.value_valid = True
            solver.setSolution(start)


def _add_columns(solver: object, lp: pulp.LpProblem, columns: list, *, mip: bool) -> None:
    import highspy

    inf = highspy.kHighsInf
    sign = -1.0 if lp.sense == pulp.LpMaximize else 1.0
    cost = np.zeros(len(columns))
    for var, coefficient in lp.objective.items():
        cost[var.index] = sign * coefficient
    lower = np.array([-inf if v.lowBound is None else v.lowBound for v in columns], float)
    upper = np.array([inf if v.upBound is None else v.upBound for v in columns], float)
    empty = np.zeros(0, dtype=np.int32)
    solver.addCols(len(columns), cost, lower, upper, 0, empty, empty, np.zeros(0))
    if mip:
        whole = np.array(
            [n for n, v in enumerate(columns) if v.cat == pulp.LpInteger], dtype=np.int32
        )
        if len(whole):
            kinds = np.full(len(whole), highspy.HighsVarType.kInteger)
            solver.changeColsIntegrality(len(whole), whole, kinds)


def _add_rows(solver: object, rows: list) -> None:
    import highspy

    inf = highspy.kHighsInf
    starts, index, value, lower, upper = [], [], [], [], []
    for n, row in enumerate(rows):
        row.index = n
        starts.append(len(index))
        for var, coefficient in row.items():
            if coefficient != 0:
                index.append(var.index)
                value.append(coefficient)
        low, high = row.getLb(), row.getUb()
        lower.append(-inf if low is None else low)
        upper.append(inf if high is None else high)
    solver.addRows(
        len(rows),
        np.array(lower, float),
        np.array(upper, float),
        len(index),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value, float),
    )


@dataclass(frozen=True)
class SolveOutcome:
    status: str  # OPTIMAL, TIME_LIMIT, INFEASIBLE, UNBOUNDED or NOT_SOLVED
    has_solution: bool
    objective: float | None
    seconds: float
    gap: float | None  # relative MIP gap proven, where the solver says


def solve(prob: pulp.LpProblem, solver: pulp.LpSolver) -> SolveOutcome:
    started = time.perf_counter()
    with _quiet():
        returned = prob.solve(solver)
    seconds = time.perf_counter() - started
    if PULP_4:
        status, has_solution = _status_4(returned)
    else:
        status, has_solution = _status_3(prob)
    objective = pulp.value(prob.objective) if has_solution else None
    return SolveOutcome(status, has_solution, objective, seconds, _gap(prob))


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
    return (TIME_LIMIT if _highs_hit_time_limit(prob) else NOT_SOLVED), False


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


def _highs_hit_time_limit(prob: pulp.LpProblem) -> bool:
    model = getattr(prob, "solverModel", None)
    if model is None or not hasattr(model, "getModelStatus"):
        return False
    import highspy

    return model.getModelStatus() == highspy.HighsModelStatus.kTimeLimit


def _gap(prob: pulp.LpProblem) -> float | None:
    model = getattr(prob, "solverModel", None)
    if model is None or not hasattr(model, "getInfo"):
        return None
    try:
        return float(model.getInfo().mip_gap)
    except Exception:  # an LP, or a solver that keeps no info
        return None


@contextlib.contextmanager
def _quiet():
    """Silence the solver banner HiGHS prints to the terminal even with msg=False."""
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
