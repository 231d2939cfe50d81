"""The change frontier (optimise.disruption): falling, convex, from the least feasible cap to S's harm.

Unmet harm is the value of a linear program whose right-hand side moves with
the cap: it never rises as the cap rises and is convex in it (tested on
slopes: the caps are uneven only in the last digits, but slopes are what
convexity says). The first cap is the least with any plan (a little less
has none); the last reaches the scenario's own FTE unmet harm. Warm points
equal points planned from nothing.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from hypothesis import given

from optimise import plan
from optimise.disruption import change_frontier
from optimise.frontier import in_fte
from optimise.result import INFEASIBLE, OPTIMAL
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from tests.independent import stage_one_optimum
from tests.model.test_model_properties import PROPERTY_SETTINGS, divisions

BUILT = Path(__file__).resolve().parents[2] / "workbook" / "Planner.xlsm"


def close(a: float, b: float, rel: float = 1e-6) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def assert_frontier(inputs, scenario, points: int = 5) -> None:
    found = change_frontier(inputs, scenario, points=points)
    own = plan(in_fte(inputs), scenario)
    if own.status != OPTIMAL:
        assert not found.points
        return
    assert len(found.points) == points
    assert all(p.result.status == OPTIMAL for p in found.points)
    caps = [p.cap for p in found.points]
    harm = [p.result.unmet_harm for p in found.points]
    assert caps == sorted(caps)
    tolerance = 1e-6 * max(1.0, harm[0])
    assert all(b <= a + tolerance for a, b in itertools.pairwise(harm))
    slopes = [
        (harm[n + 1] - harm[n]) / (caps[n + 1] - caps[n])
        for n in range(len(caps) - 1)
        if caps[n + 1] - caps[n] > 1e-6
    ]
    assert all(b >= a - 1e-5 * max(1.0, abs(a)) for a, b in itertools.pairwise(slopes))
    # The last point is the scenario's own FTE unmet harm (within the keep bound).
    assert close(harm[-1], own.unmet_harm, 2e-6)
    assert close(found.unmet_harm, own.unmet_harm)
    # The first is the least feasible cap: a little less has no plan.
    least = caps[0]
    if least > 1e-3:
        less = dataclasses.replace(scenario, max_post_changes_per_year=least * (1 - 1e-4) - 1e-4)
        assert stage_one_optimum(in_fte(inputs), less) is None
        assert plan(in_fte(inputs), less).status == INFEASIBLE
    at_least = dataclasses.replace(scenario, max_post_changes_per_year=least)
    assert close(plan(in_fte(inputs), at_least).unmet_harm, harm[0])
    share = [found.share_of_benefit(p) for p in found.points]
    if share[0] is not None:
        # The last point's harm may differ from the plan's by the 2e-6 allowed
        # above: over a small spread that is more than 1e-4 of a share.
        spread = harm[0] - found.unmet_harm
        allowed = 1e-4 + 2e-6 * max(1.0, abs(found.unmet_harm)) / spread
        assert abs(share[0]) < 1e-9 and abs(share[-1] - 1) < allowed


def test_the_default_workbooks_change_frontier():
    checked = check_workbook(FileWorkbook(BUILT).read_tables())
    assert_frontier(checked.inputs, checked.to_run()[0])


def test_warm_caps_equal_caps_planned_from_nothing():
    checked = check_workbook(FileWorkbook(BUILT).read_tables())
    scenario = checked.to_run()[3]
    warm = change_frontier(checked.inputs, scenario)
    cold = change_frontier(checked.inputs, scenario, warm=False)
    for a, b in zip(warm.points, cold.points, strict=True):
        assert a.cap == b.cap
        assert close(a.result.unmet_harm, b.result.unmet_harm)
        assert close(a.result.post_changes, b.result.post_changes, 1e-4)


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(divisions(whole=False))
def test_on_small_divisions_the_change_frontier_falls_is_convex_and_ends_at_the_plan(case):
    inputs, scenario = case
    assert_frontier(inputs, scenario, points=4)
