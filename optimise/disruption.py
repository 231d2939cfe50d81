"""The change frontier: how much disruption buys how much (docs/sweeps.md, "The change frontier").

For a scenario S planned in FTE, with z a cap on the post changes of every
year (sum_ur (inc_urt + dec_urt) <= z, docs/rules.md rule 16):

- M_max, the least cap at which S's unmet harm is still reached: keeping
  stage 1 at S's optimum (the contract's keep bound), minimise z;
- M_min, the least cap with any feasible plan: minimise z under the rules alone.

Both are one LP on one model with z added (S's own cap, if any, counts for
S's unmet harm and is then lifted: the frontier replaces it). The points are
caps M_i = M_min + (M_max - M_min) i / (n - 1), i = 0..n-1 (Settings
`Change points`), not rounded; each is S with Max post changes per year =
M_i, planned in FTE through all three stages, warm-started from its
neighbour as the budget frontier's points are (optimise.frontier): only the
change-cap rows' bounds move. Unmet harm never rises with the cap and is
convex in it; the last point is S's own FTE unmet harm.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import highspy
import numpy as np

from optimise.compat import linear
from optimise.frontier import in_fte
from optimise.highs import HighsModel
from optimise.inputs import PlanInputs, Scenario
from optimise.model import build_model
from optimise.plan import PlanStart, finish_plan, start_plan
from optimise.result import OPTIMAL, PlanResult
from optimise.solve import stage_bound

#: Seconds each of the two LPs that find the caps may take.
_LIMIT = 600.0


@dataclass
class CapPoint:
    """One cap of the change frontier and S's plan under it."""

    cap: float  # post changes a year, at most
    result: PlanResult


@dataclass
class ChangeFrontier:
    """S's change frontier: the caps' range and the points."""

    scenario: str
    least: float | None  # M_min; None when S has no plan at all
    enough: float | None  # M_max
    unmet_harm: float | None  # S's own FTE unmet harm
    points: list[CapPoint]
    message: str = ""

    def share_of_benefit(self, point: CapPoint) -> float | None:
        """(harm at M_min - the point's) / (harm at M_min - S's), blank when that is ~0."""
        if not self.points or point.result.unmet_harm is None or self.unmet_harm is None:
            return None
        first = self.points[0].result.unmet_harm
        if first is None:
            return None
        spread = first - self.unmet_harm
        if spread < 1e-6 * max(1.0, abs(first)):
            return None
        return (first - point.result.unmet_harm) / spread


def caps(inputs: PlanInputs, scenario: Scenario, *, solver: str | None = None):
    """(M_min, M_max, S's FTE unmet harm, the plan's start), or Nones when S has no plan.

    Raises InputError as `plan` does.
    """
    start = start_plan(in_fte(inputs), scenario, solver=solver)
    data = start.data
    model = build_model(data, integer=False)
    z = model.prob.add_variable("changes_cap", lowBound=0)
    for t in range(data.horizon):
        pairs = [(v, 1.0) for v in model.inc[:, :, t].ravel()]
        pairs += [(v, 1.0) for v in model.dec[:, :, t].ravel()]
        model.prob.addConstraint(linear([*pairs, (z, -1.0)]) <= 0, f"changes_cap_{t}")
    held = HighsModel(model.prob, mip=False)
    first = held.solve(model.harm(), time_limit=_LIMIT)
    if not first.has_solution:
        return None, None, None, start
    harm = float(first.objective or 0.0)
    # S's own cap counts for its unmet harm, and is then replaced by z.
    for t in range(data.horizon):
        n = held.row_where.get(f"changecap_{t}")
        if n is not None:
            held.highs.changeRowBounds(n, -highspy.kHighsInf, highspy.kHighsInf)
    held.keep_at_most(model.harm(), stage_bound(harm))
    enough = held.solve(linear([(z, 1.0)]), time_limit=_LIMIT)
    kept = held.highs.getNumRow() - len(held.rows)
    first_kept = len(held.rows)
    held.highs.deleteRows(kept, np.arange(first_kept, first_kept + kept, dtype=np.int32))
    least = held.solve(linear([(z, 1.0)]), time_limit=_LIMIT)
    if not (enough.has_solution and least.has_solution):
        return None, None, harm, start
    m_max, m_min = float(enough.objective or 0.0), float(least.objective or 0.0)
    return min(m_min, m_max), m_max, harm, start


def cap_values(least: float, enough: float, points: int) -> list[float]:
    """The n caps from M_min to M_max, evenly spaced, not rounded."""
    if points < 2:
        return [enough]
    return [least + (enough - least) * i / (points - 1) for i in range(points)]


def change_frontier(
    inputs: PlanInputs,
    scenario: Scenario,
    *,
    points: int | None = None,
    solver: str | None = None,
    warm: bool = True,
) -> ChangeFrontier:
    """S's change frontier (Settings `Change points` points unless `points` is given)."""
    least, enough, harm, start = caps(inputs, scenario, solver=solver)
    if least is None or enough is None:
        message = "No plan meets every limit, so there is no change frontier to draw."
        return ChangeFrontier(scenario.name, None, None, harm, [], message)
    n = points or start.settings.change_points
    values = cap_values(least, enough, n)
    return ChangeFrontier(scenario.name, least, enough, harm, plan_caps(start, values, warm=warm))


def plan_caps(start: PlanStart, values: list[float], *, warm: bool = True) -> list[CapPoint]:
    """S planned at each cap in `values`, in that order (neighbours make the best warm starts)."""
    first = dataclasses.replace(start.data, change_cap=float(values[0]))
    if start.solver != "HiGHS" or not warm:
        return [_cold(start, value) for value in values]
    model = build_model(first, integer=False)
    held = HighsModel(model.prob, mip=False)
    found = []
    for n, value in enumerate(values):
        started = time.perf_counter()
        model.data = dataclasses.replace(start.data, change_cap=float(value))
        if n:
            held.restart({f"changecap_{t}": float(value) for t in range(start.data.horizon)})
        result = finish_plan(start, model, held, figures_only=True)
        result.seconds = time.perf_counter() - started
        found.append(CapPoint(float(value), result))
    return found


def _cold(start: PlanStart, value: float) -> CapPoint:
    started = time.perf_counter()
    data = dataclasses.replace(start.data, change_cap=float(value))
    result = finish_plan(dataclasses.replace(start, data=data), build_model(data, integer=False))
    result.seconds = time.perf_counter() - started
    return CapPoint(float(value), result)


def optimal(point: CapPoint) -> bool:
    return point.result.status == OPTIMAL
