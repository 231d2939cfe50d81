"""One HiGHS model for all the stages of a scenario: the matrix is handed over once.

PuLP's HiGHS interface builds a fresh solver model on every solve. For the
three stages that meant sending the matrix three times and solving stages 2
and 3 from nothing: 40 s of the force-size run. Here the problem goes to
HiGHS once. Each stage changes only the objective and adds the previous
stage's "keep at its optimum" row; a whole-post model starts each stage from
the previous stage's plan, and a linear program from the best plan on the
previous stage's optimal face (see `Face`).

Values and duals are written back onto PuLP's variables and rows, so
everything downstream reads them as it would after `prob.solve`. The same
calls work with PuLP 3 and PuLP 4.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
import pulp

from optimise import compat
from optimise.compat import SolveOutcome

#: Planner's HiGHS options (the benchmark's floor uses the same). A fixed
#: seed: the same inputs give the same plan, run after run.
OPTIONS = {"output_flag": False, "random_seed": 0}

#: From this many columns a linear program is solved by HiGHS's interior
#: point solver HiPO (then crossover to a basis), not by the simplex.
#: Measured on bench/synthetic.py divisions: at 55k columns (a force) HiPO
#: took 8.3 s for stage 1 and the dual simplex 30 s; at 987k columns (a
#: national plan) HiPO took 8.6 minutes, while the dual simplex still had
#: 51,858 rows infeasible after 19,322 iterations and 66 s. Small models stay
#: on the simplex, which answers them in milliseconds. Stages 2 and 3 of a
#: linear program always use the primal simplex, from a face start (`Face`).
INTERIOR_POINT_FROM = 20_000

#: HiGHS's `simplex_strategy` values: its default (dual) and the primal simplex.
DUAL_SIMPLEX, PRIMAL_SIMPLEX = 1, 4

#: A reduced cost or dual smaller than this is zero (HiGHS's dual feasibility tolerance).
PRICE_TOLERANCE = 1e-7


def algorithm(columns: int, *, mip: bool) -> str:
    """HiGHS's `solver` option: "hipo" for a large linear program."""
    return "hipo" if not mip and columns >= INTERIOR_POINT_FROM else "choose"


_STOPPED_EARLY = {
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kIterationLimit,
    highspy.HighsModelStatus.kSolutionLimit,
    highspy.HighsModelStatus.kInterrupt,
    highspy.HighsModelStatus.kObjectiveBound,
    highspy.HighsModelStatus.kObjectiveTarget,
}


@dataclass(frozen=True)
class Face:
    """What a linear program's optimum holds at a bound: its optimal face.

    At an optimal basis, a column whose reduced cost is not zero sits at its
    bound in every optimal plan, and so does a row whose dual is not zero
    (complementary slackness). Holding them there leaves only the optimal
    plans, a far smaller problem: Gurobi keeps earlier objectives this way
    in its hierarchical multi-objective linear programs.

    The contract's "keep at its optimum" row lets the earlier objective
    slip by 1e-6 of its value, which the face does not, and the slip is worth
    having (52 fewer post changes at the force size). So the face only gives
    the next stage its starting basis: the stage itself is then solved, with
    its row, by the primal simplex from there. At the force size that took
    stage 2 from 24 s to under half a second, to the same optimum.
    """

    columns: np.ndarray  # indices of the columns held
    column_values: np.ndarray
    rows: np.ndarray  # indices of the rows held
    row_values: np.ndarray


class HighsModel:
    """A PuLP problem held in HiGHS, for solving with one objective after another."""

    def __init__(self, prob: pulp.LpProblem, *, mip: bool) -> None:
        self.columns = prob.variables()
        self.rows = list(compat.constraints(prob).values())
        self.where = {var.name: n for n, var in enumerate(self.columns)}
        self.mip = mip
        self.faces: list[Face] = []  # the face each later stage started on
        self._face: Face | None = None  # where the next solve starts
        with compat.quiet():  # HiGHS prints a banner when it starts, whatever the options
            self.highs = highspy.Highs()
        for key, value in OPTIONS.items():
            self.highs.setOptionValue(key, value)
        self._add_columns()
        self._add_rows(self.rows)

    def solve(
        self,
        objective: pulp.LpAffineExpression,
        *,
        time_limit: float,
        gap: float = 0.0,
        presolve: bool = True,
    ) -> SolveOutcome:
        """Minimise `objective` over the model as it stands; values go back to PuLP."""
        highs = self.highs
        highs.changeColsCost(
            len(self.columns), np.arange(len(self.columns)), self.vector(objective)
        )
        # HiGHS's clock runs across solves of one model: the limit is per solve.
        highs.setOptionValue("time_limit", highs.getRunTime() + time_limit)
        highs.setOptionValue("mip_rel_gap", gap)
        highs.setOptionValue("presolve", "on" if presolve else "off")
        started = time.perf_counter()
        face, self._face = self._face, None
        if face is not None:
            self._solve_on(face)
            self._use("simplex", PRIMAL_SIMPLEX)  # from the face's optimum, which is feasible
        else:
            choice = algorithm(len(self.columns), mip=self.mip)
            if choice == "hipo":
                highs.clearSolver()  # start afresh: see INTERIOR_POINT_FROM
            self._use(choice, DUAL_SIMPLEX)
        highs.run()  # silent (output_flag off), and lets go of Python while it solves
        seconds = time.perf_counter() - started
        status, has_solution = self._status()
        if has_solution:
            self._write_back()
        objective_value = highs.getInfo().objective_function_value if has_solution else None
        gap_found = float(highs.getInfo().mip_gap) if self.mip and has_solution else None
        return SolveOutcome(status, has_solution, objective_value, seconds, gap_found)

    def keep_at_most(self, objective: pulp.LpAffineExpression, bound: float) -> None:
        """Add the row objective <= bound; the next stage starts from the optimum just found.

        A whole-post model starts from the last plan, which meets the new row;
        a linear program from its optimal face, read off before the row is added.
        A face needs an optimal basis: after a time limit the next stage just
        restarts from whatever basis HiGHS has.
        """
        if self.mip:
            values = self.highs.getSolution().col_value
        elif self._at_optimal_basis():
            self._face = self._optimal_face()
        cost = self.vector(objective)
        index = np.flatnonzero(cost).astype(np.int32)
        self.highs.addRow(-highspy.kHighsInf, bound, len(index), index, cost[index])
        self.row_lower = np.append(self.row_lower, -highspy.kHighsInf)
        self.row_upper = np.append(self.row_upper, bound)
        if self.mip:
            self.highs.setSolution(_solution(values))

    def vector(self, objective: pulp.LpAffineExpression) -> np.ndarray:
        """An expression as a dense vector over the model's columns."""
        out = np.zeros(len(self.columns))
        for var, coefficient in objective.items():
            out[self.where[var.name]] = coefficient
        return out

    def _at_optimal_basis(self) -> bool:
        highs = self.highs
        return (
            highs.getModelStatus() == highspy.HighsModelStatus.kOptimal and highs.getBasis().valid
        )

    def _optimal_face(self) -> Face:
        solution = self.highs.getSolution()
        columns, column_values = _held(solution.col_dual, self.col_lower, self.col_upper)
        rows, row_values = _held(solution.row_dual, self.row_lower, self.row_upper)
        return Face(columns, column_values, rows, row_values)

    def _solve_on(self, face: Face) -> None:
        """Optimise the new objective with `face` held, then let go of it, keeping the basis."""
        highs = self.highs
        columns, rows = face.columns, face.rows
        highs.changeColsBounds(len(columns), columns, face.column_values, face.column_values)
        highs.changeRowsBounds(len(rows), rows, face.row_values, face.row_values)
        # Stage n's optimum lies on its face, so the primal simplex starts feasible.
        self._use("simplex", PRIMAL_SIMPLEX)
        highs.run()
        highs.changeColsBounds(
            len(columns), columns, self.col_lower[columns], self.col_upper[columns]
        )
        highs.changeRowsBounds(len(rows), rows, self.row_lower[rows], self.row_upper[rows])
        self.faces.append(face)

    def _use(self, solver: str, simplex_strategy: int) -> None:
        self.highs.setOptionValue("solver", solver)
        self.highs.setOptionValue("simplex_strategy", simplex_strategy)

    def _status(self) -> tuple[str, bool]:
        status = self.highs.getModelStatus()
        kinds = highspy.HighsModelStatus
        if status == kinds.kOptimal:
            return compat.OPTIMAL, True
        # Every objective here (harm, changes, cost, limit breaches) is at
        # least 0, so "unbounded or infeasible" can only mean infeasible.
        if status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
            return compat.INFEASIBLE, False
        if status == kinds.kUnbounded:
            return compat.UNBOUNDED, False
        feasible = self.highs.getInfo().primal_solution_status == 2  # kSolutionStatusFeasible
        if status in _STOPPED_EARLY:
            return compat.TIME_LIMIT, feasible
        return compat.NOT_SOLVED, False

    def _write_back(self) -> None:
        solution = self.highs.getSolution()
        for var, value in zip(self.columns, solution.col_value, strict=False):
            var.varValue = value
        if not self.mip:  # keep rows added for the stages sit after PuLP's own
            for row, dual in zip(self.rows, solution.row_dual, strict=False):
                row.pi = dual

    def _add_columns(self) -> None:
        inf = highspy.kHighsInf
        columns = self.columns
        lower = np.array([-inf if v.lowBound is None else v.lowBound for v in columns], float)
        upper = np.array([inf if v.upBound is None else v.upBound for v in columns], float)
        self.col_lower, self.col_upper = lower, upper
        empty = np.zeros(0, dtype=np.int32)
        n = len(columns)
        self.highs.addCols(n, np.zeros(n), lower, upper, 0, empty, empty, np.zeros(0))
        whole = [n for n, v in enumerate(columns) if v.cat == pulp.LpInteger] if self.mip else []
        if whole:
            kinds = np.full(len(whole), highspy.HighsVarType.kInteger)
            self.highs.changeColsIntegrality(len(whole), np.array(whole, np.int32), kinds)

    def _add_rows(self, rows: list[pulp.LpConstraint]) -> None:
        inf = highspy.kHighsInf
        where = self.where
        starts, index, value, lower, upper = [], [], [], [], []
        for row in rows:
            starts.append(len(index))
            for var, coefficient in row.items():
                if coefficient != 0:
                    index.append(where[var.name])
                    value.append(coefficient)
            low, high = row.getLb(), row.getUb()
            lower.append(-inf if low is None else low)
            upper.append(inf if high is None else high)
        self.row_lower, self.row_upper = np.array(lower, float), np.array(upper, float)
        self.highs.addRows(
            len(rows),
            self.row_lower,
            self.row_upper,
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, float),
        )


def _held(prices, lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries a price holds at a bound, and those bounds.

    HiGHS's signs: positive at the lower bound, negative at the upper.
    Entries already fixed, or whose bound is infinite, are left alone.
    """
    prices = np.asarray(prices)
    free = lower < upper
    at_lower = (prices > PRICE_TOLERANCE) & np.isfinite(lower) & free
    at_upper = (prices < -PRICE_TOLERANCE) & np.isfinite(upper) & free
    index = np.flatnonzero(at_lower | at_upper).astype(np.int32)
    return index, np.where(at_lower[index], lower[index], upper[index])


def _solution(values) -> highspy.HighsSolution:
    start = highspy.HighsSolution()
    start.col_value = list(values)
    start.value_valid = True
    return start
