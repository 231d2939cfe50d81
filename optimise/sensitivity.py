"""How sure? The assumptions a plan rests on (docs/sweeps.md, "How sure").

For a scenario S planned in FTE, x^ is its plan (three stages) and x^_H its
final plan year. Each assumption (the Harm weight and the Hours per case of
every stream, the Productive hours and the Annual cost of every role) is
scaled by (1 - p) and by (1 + p), everything else held, and for each point:

- Unmet harm: stage 1's optimum with the changed assumption (unique);
- Posts placed differently: keeping stage 1 at that optimum (the contract's
  "keep" bound, optimise.solve.stage_bound), the least 1/2 sum_ur |x_urH - x^_urH|
  (one LP; unique); the unit whose posts change most in that closest plan
  (net over its roles, largest in size, first in Units order on a tie) and
  its signed change;
- Harm re-planning saves: the unmet harm x^'s posts leave under the changed
  assumption, hours re-planned with the posts held (optimise.risk's
  `HeldPosts`, the risk study's posts-given model), minus the point's Unmet
  harm, and never below 0;
- a point with no plan says what fails: the first sentence of the diagnosis.

Speed: one HiGHS model per run of points holds S's model with the distance
columns (x_urH - x^_urH = d+ - d-) added; a point changes only the numbers
its assumption touches (costs of the harm bands, demand rows and band and
floor bounds, the hours rows' coefficients, the budget rows'), starts stage 1
from S's own optimal basis, adds the keep row, solves the distance, then puts
the numbers back. Every point starts from S's basis, so a point's figures do
not depend on the points solved before it (nor on how the points are split
between workers). `cold_point` computes a point from nothing: the tests'
reference, and the route for CBC and for plans made for uncertain demand.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from optimise import stopping
from optimise.compat import linear
from optimise.data import ModelData
from optimise.frontier import in_fte
from optimise.highs import DUAL_SIMPLEX, PRIMAL_SIMPLEX, HighsModel
from optimise.inputs import PlanInputs, Scenario
from optimise.model import MONEY_SCALE, Model, build_model
from optimise.plan import PlanStart, finish_plan, start_plan
from optimise.result import INFEASIBLE, OPTIMAL, TIME_LIMIT
from optimise.risk import HeldPosts
from optimise.solve import open_solver, solve_stages, stage_bound

HARM_WEIGHT = "Harm weight"
HOURS_PER_CASE = "Hours per case"
PRODUCTIVE_HOURS = "Productive hours"
ANNUAL_COST = "Annual cost"
#: The assumptions' input columns, in the order the study tries them.
COLUMNS = (HARM_WEIGHT, HOURS_PER_CASE, PRODUCTIVE_HOURS, ANNUAL_COST)


@dataclass(frozen=True)
class Assumption:
    """One input of the model: a column of Demand (per stream) or Roles (per role)."""

    column: str
    index: int  # the stream's or role's position
    name: str  # the stream or role

    @property
    def label(self) -> str:
        """As the Sensitivity table says it: "Hours per case: OCSA investigations"."""
        return f"{self.column}: {self.name}"

    @property
    def of_stream(self) -> bool:
        return self.column in (HARM_WEIGHT, HOURS_PER_CASE)


@dataclass
class Point:
    """One row of the Sensitivity table, before it is worded."""

    scenario: str
    assumption: Assumption
    change: float  # -p or +p
    status: str
    unmet_harm: float | None = None
    unmet_harm_change: float | None = None  # against S's FTE unmet harm
    saves: float | None = None
    posts_moved: float | None = None
    unit: str = ""  # the unit that changes most; an infeasible point's first sentence
    unit_change: float | None = None
    seconds: float = 0.0
    scenario_unmet_harm: float | None = None  # S's own, in FTE


@dataclass
class Base:
    """S planned in FTE: what every point of it is measured against."""

    start: PlanStart
    posts: np.ndarray  # x^[unit, role, t], all plan years (the held posts)
    unmet_harm: float
    #: People arriving [unit, role, t] in x^ (its inc): with rule 13 more than its increases.
    arriving: np.ndarray | None = None

    @property
    def final(self) -> np.ndarray:
        return self.posts[:, :, -1]


def assumptions(data: ModelData) -> list[Assumption]:
    """Every assumption the study moves, in its order: streams' columns, then roles'."""
    streams = [
        Assumption(column, k, name)
        for column in (HARM_WEIGHT, HOURS_PER_CASE)
        for k, name in enumerate(data.streams)
    ]
    roles = [
        Assumption(column, j, name)
        for column in (PRODUCTIVE_HOURS, ANNUAL_COST)
        for j, name in enumerate(data.roles)
    ]
    return streams + roles


def point_keys(data: ModelData, share: float) -> list[tuple[Assumption, float]]:
    """(assumption, change) of every point, -p before +p."""
    return [(a, change) for a in assumptions(data) for change in (-share, share)]


def changed_data(data: ModelData, a: Assumption, factor: float) -> ModelData:
    """The model's numbers with assumption `a` scaled by `factor`, everything else held.

    Hours per case scales the stream's demand hours (Annual cases x growth x
    Hours per case) and divides its harm per unmet hour (Harm weight / Hours per case).
    """
    if a.column == HARM_WEIGHT:
        weight = data.harm_weight.copy()
        weight[a.index] *= factor
        return dataclasses.replace(data, harm_weight=weight)
    if a.column == HOURS_PER_CASE:
        per_case = data.hours_per_case.copy()
        per_case[a.index] *= factor
        demand = data.demand_hours.copy()
        demand[a.index] *= factor
        futures = None
        if data.demand_futures is not None:
            futures = data.demand_futures.copy()
            futures[:, a.index] *= factor
        return dataclasses.replace(
            data, hours_per_case=per_case, demand_hours=demand, demand_futures=futures
        )
    field = "hours" if a.column == PRODUCTIVE_HOURS else "cost"
    values = getattr(data, field).copy()
    values[a.index] *= factor
    return dataclasses.replace(data, **{field: values})


def plan_base(inputs: PlanInputs, scenario: Scenario, *, solver: str | None = None) -> Base:
    """S planned in FTE through its three stages (its Unmet harm is stage 1's optimum).

    Raises InputError as `plan` does; RuntimeError when S has no plan.
    """
    start = start_plan(in_fte(inputs), scenario, solver=solver)
    model = build_model(start.data, integer=False)
    run = solve_stages(model, start.solver, start.settings.time_limit, 0.0)
    if len(run.values) < 3 or run.posts is None:
        raise RuntimeError(f"{scenario.name} has no plan in FTE to test")
    arriving = np.vectorize(lambda v: v.varValue or 0.0, otypes=[float])(model.inc)
    return Base(start, run.posts, run.values[0], arriving if arriving.size else None)


def sensitivity(
    inputs: PlanInputs,
    scenario: Scenario,
    keys: Sequence[tuple[Assumption, float]] | None = None,
    *,
    solver: str | None = None,
    warm: bool = True,
) -> list[Point]:
    """The points `keys` of scenario S (all of them when None), in that order.

    A scenario with no plan gives no points (its own run says why).
    """
    try:
        base = plan_base(inputs, scenario, solver=solver)
    except RuntimeError:
        return []
    if keys is None:
        keys = point_keys(base.start.data, base.start.settings.sensitivity)
    if not warm or base.start.solver != "HiGHS" or base.start.data.demand_futures is not None:
        return [cold_point(base, a, change) for a, change in keys]
    points = Points(base)
    return [points.point(a, change) for a, change in keys]


def cold_point(base: Base, a: Assumption, change: float) -> Point:
    """A point from nothing: its own model, stage 1, distance and held posts (the reference)."""
    started = time.perf_counter()
    data = changed_data(base.start.data, a, 1.0 + change)
    closest = Closest(data, base.final, base.start.solver)
    harm = closest.stage_one()
    if harm is None:
        return _no_plan(base, a, change, data, closest.status, started)
    moved, x_final = closest.distance(harm)
    held = HeldPosts(data, base.posts, base.arriving).solve(data.demand_hours)[0]
    return _point(base, a, change, harm, moved, x_final, held, started)


class Closest:
    """S's model (for some numbers) with the distance to x^_H: x_urH - x^_urH = d+ - d-.

    The distance columns cost nothing in stage 1 and never bind it.
    """

    def __init__(self, data: ModelData, target: np.ndarray, solver: str) -> None:
        self.model = build_model(data, integer=False)
        prob, x = self.model.prob, self.model.x
        self.spread = []
        for (i, j), goal in np.ndenumerate(target):
            up = prob.add_variable(f"dplus_{i}_{j}", lowBound=0)
            down = prob.add_variable(f"dminus_{i}_{j}", lowBound=0)
            pairs = [(x[i, j, -1], 1.0), (up, -1.0), (down, 1.0)]
            prob.addConstraint(linear(pairs) == float(goal), f"dist_{i}_{j}")
            self.spread += [(up, 0.5), (down, 0.5)]
        self.solver = open_solver(self.model, solver)
        self.status = OPTIMAL

    def stage_one(self) -> float | None:
        outcome = self.solver.solve(self.model.harm(), time_limit=_LIMIT, gap=0.0)
        self.status = _status(outcome.status.name)
        return float(outcome.objective or 0.0) if outcome.has_solution else None

    def distance(self, harm: float) -> tuple[float, np.ndarray]:
        """The least posts moved from x^_H keeping stage 1 at `harm`, and that plan's x_H."""
        self.solver.keep_at_most(self.model.harm(), stage_bound(harm))
        outcome = self.solver.solve(linear(self.spread), time_limit=_LIMIT, gap=0.0)
        x = np.vectorize(lambda v: v.varValue or 0.0, otypes=[float])(self.model.x[:, :, -1])
        return float(outcome.objective or 0.0), x


#: Seconds a point's solve may take (a force-size LP takes milliseconds).
_LIMIT = 600.0


class Points:
    """S's model held in HiGHS, each point changing only the numbers its assumption touches."""

    def __init__(self, base: Base) -> None:
        self.base = base
        data = base.start.data
        self.data = data
        closest = Closest(data, base.final, "HiGHS")
        held = closest.solver
        assert isinstance(held, HighsModel)
        self.model: Model = closest.model
        self.closest = closest
        self.held = held
        self.highs = held.highs
        self.harm = held.vector(self.model.harm())
        self.spread = held.vector(linear(closest.spread))
        harm = closest.stage_one()
        if harm is None:  # S has a plan, so this cannot be; say so plainly if it is
            raise RuntimeError(f"{base.start.baseline.scenario}: stage 1 found no plan")
        self.basis = self.highs.getBasis()
        self.row = held.row_where
        self.col = held.where
        self.x_columns = np.array(
            [[self.col[v.name] for v in row] for row in self.model.x[:, :, -1]], np.int32
        )
        self.bands = self.model.bands
        self.posts = HeldPosts(data, base.posts, base.arriving)
        self.posts_harm = self.posts.harm_cost.copy()
        self.posts_objective = np.asarray(self.posts.highs.getLp().col_cost_, float)
        self.held_rows = {row.name: (n, row) for n, row in enumerate(self.posts.highs_model.rows)}

    def point(self, a: Assumption, change: float) -> Point:
        started = time.perf_counter()
        stopping.check()
        factor = 1.0 + change
        data = changed_data(self.data, a, factor)
        cost = self._apply(a, data)
        try:
            harm = self._stage_one(cost)
            if harm is None:
                status = self.closest.status
                return _no_plan(self.base, a, change, data, status, started)
            moved, x_final = self._distance(cost, harm)
            held = self._held(a, data, factor)
        finally:
            self._apply(a, self.data)
            self._held_back(a)
        return _point(self.base, a, change, harm, moved, x_final, held, started)

    def _stage_one(self, cost: np.ndarray) -> float | None:
        highs = self.highs
        highs.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
        highs.setBasis(self.basis)
        _solve(highs, DUAL_SIMPLEX)
        status = highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            kinds = highspy.HighsModelStatus
            infeasible = (kinds.kInfeasible, kinds.kUnboundedOrInfeasible)
            self.closest.status = INFEASIBLE if status in infeasible else TIME_LIMIT
            return None
        return float(highs.getInfo().objective_function_value)

    def _distance(self, cost: np.ndarray, harm: float) -> tuple[float, np.ndarray]:
        highs = self.highs
        index = np.flatnonzero(cost).astype(np.int32)
        highs.addRow(-highspy.kHighsInf, stage_bound(harm), len(index), index, cost[index])
        try:
            n = len(self.spread)
            highs.changeColsCost(n, np.arange(n, dtype=np.int32), self.spread)
            _solve(highs, PRIMAL_SIMPLEX)
            if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                # The keep row's optimum met again without presolve (optimise.solve.run_stage).
                highs.setOptionValue("presolve", "off")
                _solve(highs, DUAL_SIMPLEX)
                highs.setOptionValue("presolve", "on")
            values = np.asarray(highs.getSolution().col_value)
            moved = float(highs.getInfo().objective_function_value)
        finally:
            last = highs.getNumRow() - 1
            highs.deleteRows(1, np.array([last], np.int32))
        return moved, values[self.x_columns]

    def _apply(self, a: Assumption, data: ModelData) -> np.ndarray:
        """Put the numbers `a` touches into the model, from `data`; the harm costs with them."""
        highs, row, col = self.highs, self.row, self.col
        cost = self.harm.copy()
        if a.of_stream:
            k = a.index
            per_hour = data.harm_per_hour[k] * data.band_multiplier
            for t in range(data.horizon):
                for b, var in enumerate(self.bands[k, t]):
                    cost[col[var.name]] = per_hour[b]
            if a.column == HOURS_PER_CASE:
                self._demand(k, data)
        elif a.column == PRODUCTIVE_HOURS:
            j, worked, ramp = a.index, data.worked_hours, data.ramp
            for i in range(len(data.units)):
                for t in range(data.horizon):
                    n = row.get(f"hours_{i}_{j}_{t}")
                    if n is None:
                        continue
                    highs.changeCoeff(n, col[f"x_{i}_{j}_{t}"], -worked[a.index])
                    if ramp[i] > 0:
                        highs.changeCoeff(n, col[f"inc_{i}_{j}_{t}"], worked[a.index] * ramp[i])
        else:
            pay = data.pay[a.index] / MONEY_SCALE
            for t in range(data.horizon):
                n = row[f"budget_{t}"]
                for i in range(len(data.units)):
                    highs.changeCoeff(n, col[f"x_{i}_{a.index}_{t}"], pay)
        return cost

    def _demand(self, k: int, data: ModelData) -> None:
        highs, row, col = self.highs, self.row, self.col
        for t in range(data.horizon):
            hours = float(data.demand_hours[k, t])
            highs.changeRowBounds(row[f"demand_{k}_{t}"], hours, hours)
            if len(data.band_width) > 1:
                for b, var in enumerate(self.bands[k, t]):
                    highs.changeColBounds(col[var.name], 0.0, float(data.band_width[b] * hours))
            if not np.isnan(data.min_coverage[k]):
                most = (1.0 - data.min_coverage[k]) * hours
                highs.changeRowBounds(row[f"floor_{k}_{t}"], -highspy.kHighsInf, most)

    def _held(self, a: Assumption, data: ModelData, factor: float) -> float:
        """x^'s posts held, hours re-planned under the changed assumption: the unmet harm."""
        posts = self.posts
        if a.of_stream:
            k = a.index
            # Set, not scaled: a stream of Harm weight 0 has no cost to scale (0/0 gave NaN
            # costs, on which HiGHS could loop without end).
            posts.harm_cost[k] = data.harm_per_hour[k] * data.band_multiplier
            columns = posts.band_columns[k].ravel()
            values = posts.harm_cost[k].ravel()
            posts.highs.changeColsCost(len(columns), columns, values)
        elif a.column == PRODUCTIVE_HOURS:
            for name, (n, row) in self.held_rows.items():
                if name.startswith("hours_") and name.split("_")[2] == str(a.index):
                    high = row.getUb()
                    posts.highs.changeRowBounds(n, -highspy.kHighsInf, high * factor)
        return posts.solve(data.demand_hours)[0]

    def _held_back(self, a: Assumption) -> None:
        posts = self.posts
        if a.of_stream:
            k = a.index
            posts.harm_cost[k] = self.posts_harm[k]
            columns = posts.band_columns[k].ravel()
            posts.highs.changeColsCost(len(columns), columns, self.posts_objective[columns])
        elif a.column == PRODUCTIVE_HOURS:
            for name, (n, row) in self.held_rows.items():
                if name.startswith("hours_") and name.split("_")[2] == str(a.index):
                    posts.highs.changeRowBounds(n, -highspy.kHighsInf, row.getUb())


def _solve(highs: highspy.Highs, strategy: int) -> None:
    highs.setOptionValue("solver", "simplex")
    highs.setOptionValue("simplex_strategy", strategy)
    highs.setOptionValue("time_limit", highs.getRunTime() + _LIMIT)
    stopping.check()
    highs.run()
    stopping.check()


def _status(name: str) -> str:
    return {"OPTIMAL": OPTIMAL, "INFEASIBLE": INFEASIBLE}.get(name, TIME_LIMIT)


def _point(
    base: Base,
    a: Assumption,
    change: float,
    harm: float,
    moved: float,
    x_final: np.ndarray,
    held: float,
    started: float,
) -> Point:
    data = base.start.data
    by_unit = (x_final - base.final).sum(axis=1)
    most = int(np.argmax(np.abs(by_unit))) if len(by_unit) else 0
    moved = max(moved, 0.0)
    if not np.isfinite(
        held
    ):  # nothing to re-plan (no hours to work): the posts leave the point's harm
        held = harm
    unit_change = float(by_unit[most]) if len(by_unit) else 0.0
    shown = abs(unit_change) >= 0.05
    return Point(
        scenario=base.start.baseline.scenario,
        assumption=a,
        change=change,
        status=OPTIMAL,
        unmet_harm=harm,
        unmet_harm_change=(harm - base.unmet_harm) / base.unmet_harm if base.unmet_harm else None,
        saves=max(held - harm, 0.0),
        posts_moved=moved,
        unit=data.units[most] if shown else "",
        unit_change=unit_change if shown else None,
        seconds=time.perf_counter() - started,
        scenario_unmet_harm=base.unmet_harm,
    )


def _no_plan(
    base: Base, a: Assumption, change: float, data: ModelData, status: str, started: float
) -> Point:
    """A point with no plan: what fails, in the diagnosis's first sentence."""
    message = "No plan was found within the time limit."
    if status == INFEASIBLE:
        start = dataclasses.replace(base.start, data=data)
        result = finish_plan(start, build_model(data, integer=False))
        message = first_sentence(result.message)
    return Point(
        scenario=base.start.baseline.scenario,
        assumption=a,
        change=change,
        status=status,
        unit=message,
        seconds=time.perf_counter() - started,
        scenario_unmet_harm=base.unmet_harm,
    )


#: The diagnosis's opening, which says only that there is a conflict: what fails follows it.
_CONFLICT = "No plan meets every limit: they conflict."


def first_sentence(text: str) -> str:
    """The diagnosis's first sentence that says what fails (all of it when it has no full stop).

    Its opening ("No plan meets every limit: they conflict.") says that something
    fails, not what: the sentence after it names the limits to move.
    """
    text = (text or "").strip()
    if text.startswith(_CONFLICT) and len(text) > len(_CONFLICT):
        text = text[len(_CONFLICT) :].strip()
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def ordered(points: list[Point]) -> list[Point]:
    """A scenario's rows as the table holds them: no plan first, then the most posts moved,
    then the most harm re-planning saves (the tornado); otherwise in the order tried."""

    def key(n_point: tuple[int, Point]) -> tuple:
        n, p = n_point
        feasible = p.status == OPTIMAL
        return (feasible, -round(p.posts_moved or 0.0, 6), -round(p.saves or 0.0, 6), n)

    return [p for _, p in sorted(enumerate(points), key=key)]


__all__ = [
    "ANNUAL_COST",
    "COLUMNS",
    "HARM_WEIGHT",
    "HOURS_PER_CASE",
    "PRODUCTIVE_HOURS",
    "Assumption",
    "Base",
    "Point",
    "assumptions",
    "changed_data",
    "cold_point",
    "ordered",
    "plan_base",
    "point_keys",
    "sensitivity",
]
