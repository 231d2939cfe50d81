"""One HiGHS model for all the stages of a scenario: the matrix is handed over once.

PuLP's HiGHS interface builds a fresh solver model on every solve. For the
three stages that meant sending the matrix three times and solving stages 2
and 3 from nothing: 40 s of the force-size run. Here the problem goes to
HiGHS once. Each stage changes only the objective and adds the previous
stage's "keep at its optimum" row; a whole-post model starts each stage from
the previous stage's plan, and a linear program from the previous stage's
optimal basis (see `HighsModel.next_solver`).

Values and duals are written back onto PuLP's variables and rows, so
everything downstream reads them as it would after `prob.solve`. The same
calls work with PuLP 3 and PuLP 4. `HighsModel` is the HiGHS route of the
solver interface (optimise/solver.py, `StageSolver`).
"""

from __future__ import annotations

import contextlib
import math
import time

import highspy
import numpy as np
import pulp

from optimise import compat, stopping
from optimise.solver import SolveOutcome, quiet
from optimise.stall import StallWatch
from optimise.status import SolveStatus

#: Planner's HiGHS options (the benchmark's floor uses the same). A fixed
#: seed: the same inputs give the same plan, run after run.
OPTIONS = {"output_flag": False, "random_seed": 0}

#: Whole-post models add these. A whole-post stage 1 proves its gap within a
#: few nodes once it holds a plan near the best, so its time goes mostly on
#: finding one, and HiGHS's default effort on heuristics (0.05) found it late
#: or never. With 0.25, stage 1 of the default workbook's five scenarios took
#: a third fewer simplex iterations over HiGHS seeds 0 to 4 (448k against
#: 663k), fewer with every seed, and none stopped at the time limit
#: (docs/model.md, "Whole posts on the default workbook").
WHOLE_POST_OPTIONS = {"mip_heuristic_effort": 0.25}

#: From this many columns a linear program is solved by HiGHS's interior
#: point solver HiPO (then crossover to a basis), not by the simplex.
#: Measured on optimise/synthetic.py divisions: at 55k columns (a force) HiPO
#: took 8.3 s for stage 1 and the dual simplex 30 s; at 987k columns (a
#: national plan) HiPO took 8.6 minutes, while the dual simplex still had
#: 51,858 rows infeasible after 19,322 iterations and 66 s. Small models stay
#: on the simplex, which answers them in milliseconds. This is for a model's
#: first solve only: later stages restart the simplex (`HighsModel.next_solver`).
INTERIOR_POINT_FROM = 20_000

#: HiGHS's `simplex_strategy` values: its default (dual) and the primal simplex.
DUAL_SIMPLEX, PRIMAL_SIMPLEX = 1, 4


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


class HighsModel:
    """A PuLP problem held in HiGHS, for solving with one objective after another.

    A `StageSolver` (optimise.solver); `restart` serves a budget frontier.
    """

    def __init__(self, prob: pulp.LpProblem, *, mip: bool) -> None:
        self.columns = compat.columns(prob)
        self.rows = list(compat.constraints(prob).values())
        self.where = {var.name: n for n, var in enumerate(self.columns)}
        self.row_where = {row.name: n for n, row in enumerate(self.rows)}
        self.mip = mip
        self._no_solves_yet()
        with quiet():  # HiGHS prints a banner when it starts, whatever the options
            self.highs = highspy.Highs()
        for key, value in {**OPTIONS, **(WHOLE_POST_OPTIONS if mip else {})}.items():
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
        stall: float | None = None,
    ) -> SolveOutcome:
        """Minimise `objective` over the model as it stands; values go back to PuLP.

        `stall`: a whole-post solve stops after this many seconds without a
        better plan (optimise/stall.py), and says so with status STALLED.
        """
        highs = self.highs
        self.cost = (objective, self.vector(objective))
        highs.changeColsCost(len(self.columns), np.arange(len(self.columns)), self.cost[1])
        if self.start is not None:
            # After the cost change: HiGHS forgets a plan it was given when
            # the model changes, and stage 2 then started with no plan at all.
            highs.setSolution(_solution(self.start))
        highs.setOptionValue("time_limit", self._clock() + time_limit)
        highs.setOptionValue("mip_rel_gap", gap)
        highs.setOptionValue("presolve", "on" if presolve else "off")
        solver, simplex_strategy = self.next_solver()
        highs.setOptionValue("solver", solver)
        highs.setOptionValue("simplex_strategy", simplex_strategy)
        started = time.perf_counter()
        # Every MIP is watched, so that no solve inherits the stop of a stalled one.
        watch = StallWatch(highs, stall or math.inf) if self.mip else None
        with watch or contextlib.nullcontext():
            stopping.run(highs, mip=self.mip)  # silent; Ctrl+C cancels it (optimise.stopping)
        self.solves += 1
        self.restarted = False
        seconds = time.perf_counter() - started
        status, has_solution = self._status()
        if watch and watch.stalled and status == SolveStatus.TIME_LIMIT:
            status = SolveStatus.STALLED
        if status == SolveStatus.OPTIMAL and not self.mip and self._kept_rows() == 0:
            self.first_basis = highs.getBasis()
        if has_solution:
            self._write_back()
        objective_value = highs.getInfo().objective_function_value if has_solution else None
        gap_found = float(highs.getInfo().mip_gap) if self.mip and has_solution else None
        return SolveOutcome(status, has_solution, objective_value, seconds, gap_found)

    def next_solver(self) -> tuple[str, int]:
        """HiGHS's `solver` and `simplex_strategy` for the next solve.

        A model's first solve: `algorithm` (HiPO for a large linear program).
        A later stage of a linear program: the primal simplex from the last
        stage's optimal basis, which meets the new "keep" row. That took the
        force-size stage 2 from 24 s (HiPO from nothing: the keep row leaves
        a slab so thin that it made "no progress" and handed over to a cold
        dual simplex) to 0.2 s, and the national one from the 30-minute limit
        to under 2 minutes. Without a basis (a stage stopped early inside
        HiPO), the dual simplex from nothing, which copes with the thin slab.
        """
        if self.restarted and not self.mip and self.highs.getBasis().valid:
            return "simplex", DUAL_SIMPLEX
        if self.mip or self.solves == 0:
            return algorithm(len(self.columns), mip=self.mip), DUAL_SIMPLEX
        if self.highs.getBasis().valid:
            return "simplex", PRIMAL_SIMPLEX
        return "simplex", DUAL_SIMPLEX

    def restart(self, upper: dict[str, float]) -> None:
        """Back to stage 1 with new upper bounds on some rows (by name): a frontier's next point.

        The stages' "keep" rows go, and the next solve starts from stage 1's
        optimal basis: only right-hand sides moved, so that basis is still
        optimal-looking to the dual simplex, which repairs it in a few
        iterations rather than solving from nothing (optimise.frontier).
        A whole-post model starts from the last plan instead, when it fits.
        """
        self._drop_kept_rows()
        self._bound_rows(upper)
        if self.first_basis is not None:
            self.highs.setBasis(self.first_basis)
        self.restarted = True

    def afresh(self, upper: dict[str, float]) -> None:
        """The model as first handed to HiGHS, with new upper bounds on some rows (by name),
        its next solve from nothing, as a new HighsModel of the same rows would solve it.

        For a model solved for one set of right-hand sides after another
        (optimise.cases: a plan's final year for several plans' posts): building
        and handing over the same rows again cost more than the solves.
        """
        self._drop_kept_rows()
        self._bound_rows(upper)
        self.highs.clearSolver()
        self._no_solves_yet()

    def _no_solves_yet(self) -> None:
        """What the next solve starts from when none has run on this model."""
        self.solves = 0
        #: Stage 1's optimal basis, for `restart` (a linear program only).
        self.first_basis: highspy.HighsBasis | None = None
        self.restarted = False
        #: A whole-post plan to start the next solve from (the last stage's).
        self.start: np.ndarray | None = None
        #: The last solve's objective and its vector, for that stage's "keep" row.
        self.cost: tuple[pulp.LpAffineExpression | None, np.ndarray] = (None, np.zeros(0))

    def _drop_kept_rows(self) -> None:
        kept = self._kept_rows()
        if kept:
            first = len(self.rows)
            self.highs.deleteRows(kept, np.arange(first, first + kept, dtype=np.int32))

    def _bound_rows(self, upper: dict[str, float]) -> None:
        """New upper bounds on rows, by name; their lower bounds as PuLP has them."""
        if not upper:
            return
        index = np.array([self.row_where[name] for name in upper], dtype=np.int32)
        lower = [self.rows[n].getLb() for n in index]
        self.highs.changeRowsBounds(
            len(index),
            index,
            np.array([-highspy.kHighsInf if low is None else low for low in lower], float),
            np.array(list(upper.values()), float),
        )

    def what_if(self, moved: dict[str, tuple[float, float]], time_limit: float) -> float | None:
        """The linear program's objective re-solved with some rows' bounds moved (by name):
        math.inf if no plan meets them, None if the solve stopped short of an answer.

        For optimise.held_back: HiGHS starts from stage 1's optimal basis
        (only bounds move, so the dual simplex repairs it in a few
        iterations), and afterwards the bounds and that basis are put back.
        Nothing is written to PuLP: its variables and duals stay stage 1's,
        which the result's other figures read.
        """
        highs, before = self.highs, {}
        try:
            for name, (low, high) in moved.items():
                n = self.row_where[name]
                _, was_low, was_high, _ = highs.getRow(n)
                before[n] = (was_low, was_high)
                highs.changeRowBounds(n, low, high)
            if self.first_basis is not None:
                highs.setBasis(self.first_basis)
            highs.setOptionValue("time_limit", self._clock() + time_limit)
            highs.setOptionValue("solver", "simplex")
            highs.setOptionValue("simplex_strategy", DUAL_SIMPLEX)
            stopping.run(highs, mip=False)
            status, _ = self._status()
            if status == SolveStatus.INFEASIBLE:
                return math.inf
            if status != SolveStatus.OPTIMAL:
                return None
            return float(highs.getInfo().objective_function_value)
        finally:
            for n, (low, high) in before.items():
                highs.changeRowBounds(n, low, high)
            if self.first_basis is not None:
                highs.setBasis(self.first_basis)

    def _kept_rows(self) -> int:
        return self.highs.getNumRow() - len(self.rows)

    def _clock(self) -> float:
        """Where the next solve's clock starts, so that the time limit is per solve.

        HiGHS 1.15 times a linear program on the model's clock, which runs
        across solves, but a MIP on a clock of its own that starts at zero
        each solve. Adding the model's clock to a MIP's limit gave each
        whole-post stage the time of all earlier stages on top of its own:
        on the default workbook stage 2 ran 40 to 60 s with a 30 s limit.
        """
        return 0.0 if self.mip else self.highs.getRunTime()

    def keep_at_most(self, objective: pulp.LpAffineExpression, bound: float) -> None:
        """Add the row objective <= bound, keeping the basis (or plan) found so far.

        The last whole-post plan meets the new row, so the next stage starts
        from it (docs/rules.md): it always has a plan, never worse than this one.
        """
        if self.mip:  # the plan as PuLP holds it (optimise.whole_post may have tidied it)
            self.start = np.array([v.varValue or 0.0 for v in self.columns])
        cost = self.cost[1] if objective is self.cost[0] else self.vector(objective)
        index = np.flatnonzero(cost).astype(np.int32)
        self.highs.addRow(-highspy.kHighsInf, bound, len(index), index, cost[index])

    def vector(self, objective: pulp.LpAffineExpression) -> np.ndarray:
        """An expression as a dense vector over the model's columns."""
        out = np.zeros(len(self.columns))
        for var, coefficient in objective.items():
            out[self.where[var.name]] = coefficient
        return out

    def _status(self) -> tuple[SolveStatus, bool]:
        status = self.highs.getModelStatus()
        kinds = highspy.HighsModelStatus
        if status == kinds.kOptimal:
            return SolveStatus.OPTIMAL, True
        # Every objective here (harm, changes, cost, limit breaches) is at
        # least 0, so "unbounded or infeasible" can only mean infeasible.
        if status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
            return SolveStatus.INFEASIBLE, False
        if status == kinds.kUnbounded:
            return SolveStatus.UNBOUNDED, False
        feasible = self.highs.getInfo().primal_solution_status == 2  # kSolutionStatusFeasible
        if status in _STOPPED_EARLY:
            return SolveStatus.TIME_LIMIT, feasible
        return SolveStatus.NOT_SOLVED, False

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
        self.highs.addRows(
            len(rows),
            np.array(lower, float),
            np.array(upper, float),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, float),
        )


def _solution(values) -> highspy.HighsSolution:
    start = highspy.HighsSolution()
    start.col_value = list(values)
    start.value_valid = True
    return start
