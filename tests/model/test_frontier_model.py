"""The budget frontier's figures (optimise.frontier), against the rules and a second formulation.

In FTE, stage 1's optimum is the value of a linear program whose right-hand
side moves with the budget: it never rises as the budget rises and is convex
in it. The point at offset 0 is the scenario's own plan. Every point's unmet
harm equals that of tests/independent.py (SciPy, written from the rules alone)
for the same budget; a point with no plan has none there either. Points
warm-started from their neighbour equal points planned from nothing.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given

from optimise import plan
from optimise.frontier import budget_changes, frontier
from optimise.result import INFEASIBLE, OPTIMAL
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from tests.independent import stage_one_optimum
from tests.model.test_model_properties import PROPERTY_SETTINGS, divisions

BUILT = Path(__file__).resolve().parents[2] / "workbook" / "Planner.xlsm"


def close(a: float, b: float, rel: float = 1e-6) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def with_frontier(inputs, low: float, high: float, points: int):
    settings = dataclasses.replace(
        inputs.settings, frontier_from=low, frontier_to=high, frontier_points=points
    )
    return dataclasses.replace(inputs, settings=settings)


def test_budget_changes_are_the_scenarios_own_plus_even_offsets():
    inputs, scenario = _default()
    changes = budget_changes(scenario, with_frontier(inputs, -0.1, 0.1, 9).settings)
    expected = scenario.budget_change + np.linspace(-0.1, 0.1, 9)
    assert np.allclose(changes, expected)
    assert budget_changes(scenario, with_frontier(inputs, 0.0, 0.2, 2).settings) == [
        scenario.budget_change,
        scenario.budget_change + 0.2,
    ]


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(divisions(whole=False))
def test_fte_frontier_falls_is_convex_and_matches_the_independent_formulation(case):
    inputs, scenario = case
    inputs = with_frontier(inputs, -0.2, 0.2, 5)
    changes = budget_changes(scenario, inputs.settings)
    points = frontier(inputs, scenario, changes)
    assert [p.budget_change for p in points] == changes
    harm = []
    for point in points:
        assert point.result.status in (OPTIMAL, INFEASIBLE)
        moved = dataclasses.replace(scenario, budget_change=point.budget_change)
        independent = stage_one_optimum(inputs, moved)
        if point.result.status == INFEASIBLE:
            assert independent is None
            harm.append(None)
            continue
        assert independent is not None and close(point.result.unmet_harm, independent, 1e-5)
        harm.append(point.result.unmet_harm)
    planned = [h for h in harm if h is not None]
    # A plan that fits a budget fits every larger one: the planned points are the last ones.
    assert harm[len(harm) - len(planned) :] == planned
    for lower, higher in itertools.pairwise(planned):
        assert higher <= lower + 1e-6 * max(1.0, lower)
    for a, b, c in zip(planned, planned[1:], planned[2:], strict=False):
        assert a + c - 2 * b >= -1e-5 * max(1.0, a)
    middle = points[2].result  # offset 0: the scenario's own budget
    own = plan(inputs, scenario)
    assert middle.status == own.status
    if own.status == OPTIMAL:
        assert close(middle.unmet_harm, own.unmet_harm)
        assert close(middle.post_changes, own.post_changes, 1e-5)
        assert close(middle.final_year_cost, own.final_year_cost, 1e-5)


def _default():
    checked = check_workbook(FileWorkbook(BUILT).read_tables())
    inputs = checked.inputs
    fte = dataclasses.replace(inputs.settings, whole_posts=False)
    return dataclasses.replace(inputs, settings=fte), checked.to_run()[0]


def test_warm_started_points_equal_points_planned_from_nothing_on_the_default_workbook():
    inputs, scenario = _default()
    changes = budget_changes(scenario, inputs.settings)
    warm = frontier(inputs, scenario, changes)
    cold = frontier(inputs, scenario, changes, warm=False)
    assert [p.result.status for p in warm] == [p.result.status for p in cold]
    assert OPTIMAL in {p.result.status for p in warm}
    for w, c in zip(warm, cold, strict=True):
        assert w.final_year_budget == c.final_year_budget
        if w.result.status != OPTIMAL:
            continue
        assert close(w.result.unmet_harm, c.result.unmet_harm)
        assert close(w.result.post_changes, c.result.post_changes, 1e-5)
        assert close(w.result.final_year_cost, c.result.final_year_cost, 1e-5)
        assert close(w.result.harm_reduction_per_million, c.result.harm_reduction_per_million, 1e-4)
    own = plan(inputs, scenario)
    at_own = next(p for p in warm if p.at_own_budget(scenario))
    assert close(at_own.result.unmet_harm, own.unmet_harm)


def test_a_whole_post_workbooks_frontier_is_planned_in_fte():
    """What money buys, exactly: the point at the scenario's own budget is the best FTE
    plan its whole-post run is measured against, never a whole-post plan."""
    inputs, scenario = _default()
    whole = dataclasses.replace(inputs.settings, whole_posts=True, mip_gap=0.01)
    inputs = dataclasses.replace(inputs, settings=whole)
    [own] = frontier(inputs, scenario, [scenario.budget_change])
    fte = plan(
        dataclasses.replace(inputs, settings=dataclasses.replace(whole, whole_posts=False)),
        scenario,
    )
    assert own.result.status == OPTIMAL
    assert close(own.result.unmet_harm, fte.unmet_harm)
    assert own.result.mip_gap is None  # a linear program's optimum: no gap to report
