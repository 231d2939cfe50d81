"""The budget frontier (docs/sweeps.md): one scenario planned at a row of budgets.

Point i of n has the budget change beta + f + (g - f) * i / (n - 1), where
beta is the scenario's own Budget change % and f, g, n are Settings'
`Frontier from %`, `Frontier to %` and `Frontier points`. Every point is a
full plan (all three stages), so its figures mean what they mean elsewhere;
only its figures are kept (no plan table, moves or binding limits: the
Frontier sheet shows none of them).

The points of a run share one HiGHS model: only the budget rows' bounds move
from one point to the next, so each point starts stage 1 from its
neighbour's optimal basis (`HighsModel.restart`) rather than from nothing.
CBC has no such model to keep: there each point is planned on its own.
A point with no plan says so without tracing which limits conflict (the
scenario's own run does that): at the bottom of a frontier it is the budget.

Points are planned in FTE whatever Settings' Whole posts says (docs/sweeps.md,
"Where Planner departs"): the frontier asks what money buys, which the
linear program answers exactly, falling and convex in the budget. Whole-post
points, each only within its MIP gap of its own best, can cross (a larger
budget showing more unmet harm), and on the default workbook nine of them
took four minutes a scenario against seconds. The point at the scenario's
own budget is then the best FTE plan its tab measures whole posts against.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from optimise.data import budget_by_year
from optimise.highs import HighsModel
from optimise.inputs import PlanInputs, Scenario, Settings, with_optional_columns
from optimise.model import MONEY_SCALE, build_model
from optimise.plan import finish_plan, start_plan
from optimise.result import PlanResult
from optimise.scenario import apply_scenario
from optimise.solve import open_solver


@dataclass
class FrontierPoint:
    """One budget of the frontier and the scenario's plan at it."""

    budget_change: float  # the scenario's own change plus the point's offset
    final_year_budget: float  # £, whether or not a plan fits it
    result: PlanResult

    def at_own_budget(self, scenario: Scenario) -> bool:
        """The point with the scenario's own budget change (offset 0)."""
        return abs(self.budget_change - scenario.budget_change) < 1e-9


def budget_changes(scenario: Scenario, settings: Settings) -> list[float]:
    """The frontier's budget changes for this scenario, lowest first."""
    low, high, n = settings.frontier_from, settings.frontier_to, settings.frontier_points
    offsets = np.linspace(low, high, n) if n > 1 else np.array([low])
    return [scenario.budget_change + float(offset) for offset in offsets]


def frontier(
    inputs: PlanInputs,
    scenario: Scenario,
    changes: Sequence[float],
    *,
    solver: str | None = None,
    warm: bool = True,
) -> list[FrontierPoint]:
    """The scenario planned at each budget change in `changes`, in that order.

    Neighbouring changes make the best warm starts, so pass them in order.
    `warm=False` plans each point from nothing (the benchmark's comparison).
    Raises InputError as `plan` does.
    """
    inputs = in_fte(inputs)
    start = start_plan(inputs, scenario, solver=solver)
    yearly = budget_by_year(apply_scenario(with_optional_columns(inputs), scenario))
    if start.solver != "HiGHS" or not warm:
        return [_cold(inputs, scenario, change, yearly, solver) for change in changes]
    model = build_model(start.data, integer=False)
    held = open_solver(model, start.solver)
    assert isinstance(held, HighsModel)
    points = []
    for n, change in enumerate(changes):
        started = time.perf_counter()
        budget = yearly * (1 + change)
        model.data = dataclasses.replace(start.data, budget=budget)
        if n:
            held.restart({f"budget_{t}": b / MONEY_SCALE for t, b in enumerate(budget)})
        else:
            _set_budget(held, budget)
        result = finish_plan(start, model, held, figures_only=True)
        result.seconds = time.perf_counter() - started
        points.append(FrontierPoint(change, float(budget[-1]), result))
    return points


def in_fte(inputs: PlanInputs) -> PlanInputs:
    """The same inputs planned in FTE: fractions of a post allowed."""
    fte = dataclasses.replace(inputs.settings, whole_posts=False)
    return dataclasses.replace(inputs, settings=fte)


def _set_budget(held: HighsModel, budget: np.ndarray) -> None:
    """The first point's budget, before any solve (the model was built with the scenario's)."""
    for t, b in enumerate(budget):
        n = held.row_where[f"budget_{t}"]
        low = held.rows[n].getLb()
        held.highs.changeRowBounds(n, -np.inf if low is None else low, b / MONEY_SCALE)


def _cold(
    inputs: PlanInputs, scenario: Scenario, change: float, yearly: np.ndarray, solver: str | None
) -> FrontierPoint:
    """A point planned from nothing: its own baseline, model and solves."""
    started = time.perf_counter()
    start = start_plan(inputs, dataclasses.replace(scenario, budget_change=change), solver=solver)
    model = build_model(start.data, integer=False)
    result = finish_plan(start, model, figures_only=True)
    result.seconds = time.perf_counter() - started
    return FrontierPoint(change, float(yearly[-1] * (1 + change)), result)
