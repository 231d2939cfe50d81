"""How sure (optimise.sensitivity): every point against a cold computation with that input changed.

A point's Unmet harm is stage 1's optimum with one assumption moved; its
Posts placed differently the least 1/2 sum |x_H - x^_H| keeping that optimum;
its Harm re-planning saves the held posts' unmet harm less the point's. The
warm route (one HiGHS model, each point from S's basis) equals a point built
from nothing, `plan` with the input changed in the tables, and the SciPy
formulation of tests/independent.py. With p = 0 no post moves.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given

from optimise import Scenario, plan
from optimise.frontier import in_fte
from optimise.result import INFEASIBLE, OPTIMAL
from optimise.sensitivity import (
    ANNUAL_COST,
    HARM_WEIGHT,
    HOURS_PER_CASE,
    PRODUCTIVE_HOURS,
    Point,
    cold_point,
    first_sentence,
    ordered,
    plan_base,
    point_keys,
    sensitivity,
)
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from tests.cases import instance
from tests.independent import stage_one_optimum
from tests.model.test_model_properties import PROPERTY_SETTINGS, divisions

BUILT = Path(__file__).resolve().parents[2] / "workbook" / "Planner.xlsm"


def close(a: float, b: float, rel: float = 1e-6) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def _default():
    checked = check_workbook(FileWorkbook(BUILT).read_tables())
    return in_fte(checked.inputs), checked.to_run()[0]


def scaled_inputs(inputs, assumption, factor):
    """The tables with the assumption's cell scaled: the input changed where a user would."""
    table = "demand" if assumption.column in (HARM_WEIGHT, HOURS_PER_CASE) else "roles"
    frame = getattr(inputs, table).copy()
    frame.loc[assumption.index, assumption.column] = (
        float(frame.loc[assumption.index, assumption.column]) * factor
    )
    return dataclasses.replace(inputs, **{table: frame})


def assert_same(warm: Point, cold: Point) -> None:
    assert warm.status == cold.status, warm.assumption.label
    if warm.status != OPTIMAL:
        assert warm.unit == cold.unit
        return
    assert close(warm.unmet_harm, cold.unmet_harm), warm.assumption.label
    # The distance's optimum, to the keep row's tolerance (a millionth of the harm).
    assert abs(warm.posts_moved - cold.posts_moved) <= 1e-4 * max(1.0, cold.posts_moved)
    # Saves is the held posts' harm less the point's: a difference of two optima, each
    # to a millionth of itself, so to a millionth of the larger (the held posts' harm).
    held = cold.unmet_harm + cold.saves
    assert abs(warm.saves - cold.saves) <= 1e-6 * max(1.0, held)


def test_every_kind_of_point_equals_a_cold_computation_on_the_default_workbook():
    inputs, scenario = _default()
    base = plan_base(inputs, scenario)
    keys = point_keys(base.start.data, 0.25)
    chosen = keys[::9] + [k for k in keys if k[0].column in (PRODUCTIVE_HOURS, ANNUAL_COST)][:6]
    warm = sensitivity(inputs, scenario, chosen)
    for point, (a, change) in zip(warm, chosen, strict=True):
        assert (point.assumption, point.change) == (a, change)
        assert_same(point, cold_point(base, a, change))


def test_a_points_unmet_harm_is_the_plan_with_that_input_changed_and_the_independent_ones():
    inputs, scenario = _default()
    base = plan_base(inputs, scenario)
    keys = point_keys(base.start.data, 0.25)
    chosen = [
        next(k for k in keys if k[0].column == c and k[1] > 0)
        for c in (HARM_WEIGHT, HOURS_PER_CASE, PRODUCTIVE_HOURS, ANNUAL_COST)
    ]
    for point in sensitivity(inputs, scenario, chosen):
        changed = scaled_inputs(inputs, point.assumption, 1 + point.change)
        result = plan(changed, scenario)
        if point.status == INFEASIBLE:
            assert result.status == INFEASIBLE
            assert stage_one_optimum(changed, scenario) is None
            continue
        assert close(result.unmet_harm, point.unmet_harm)
        assert close(stage_one_optimum(changed, scenario), point.unmet_harm, 1e-5)


def test_with_no_change_no_post_moves_and_nothing_is_saved():
    inputs, scenario = _default()
    base = plan_base(inputs, scenario)
    keys = [(a, 0.0) for a, change in point_keys(base.start.data, 0.25) if change > 0]
    points = sensitivity(inputs, scenario, keys)
    assert len(points) == len(keys)
    for p in points:
        assert p.status == OPTIMAL
        assert p.posts_moved <= 1e-4
        assert close(p.unmet_harm, base.unmet_harm)
        assert p.unit_change is None
        # The held posts re-planned leave (to the solver's tolerance) the plan's own harm.
        assert p.saves <= 1e-5 * base.unmet_harm


def test_rows_put_points_with_no_plan_first_then_the_most_posts_moved_then_the_most_saved():
    inputs, scenario = _default()
    base = plan_base(inputs, scenario)
    keys = point_keys(base.start.data, 0.25)[::5]
    rows = ordered(sensitivity(inputs, scenario, keys))
    feasible = [p.status == OPTIMAL for p in rows]
    assert feasible == sorted(feasible)
    moved = [(round(p.posts_moved, 6), round(p.saves, 6)) for p in rows if p.status == OPTIMAL]
    assert moved == sorted(moved, reverse=True)
    for p in rows:
        if p.status != OPTIMAL:
            assert p.unit and "conflict" not in p.unit  # what fails, not only that it does


def test_the_first_sentence_says_what_fails():
    text = "No plan meets every limit: they conflict. To allow one, raise X by 3. Or not."
    assert first_sentence(text) == "To allow one, raise X by 3."
    assert first_sentence("Short.") == "Short."


def harmless_floored_stream():
    """Two units of one role (1,000 h a post, four posts, budget for four), one year.

    U0: S0 (Harm weight 0, 1,000 h, Min coverage 50%) and S1 (1 a lost hour,
    2,000 h); U1: S2 (0.1 a lost hour, 3,000 h). The plan puts 2.5 posts in U0
    (S0's floor and all of S1) and 1.5 in U1: unmet harm 1,500 h x 0.1 = 150.
    """
    return instance(
        units={"U0": {}, "U1": {}},
        roles={"R0": {"cost": 45_000, "hours": 1_000}},
        posts={("U0", "R0"): 2, ("U1", "R0"): 2},
        streams={
            "S0": {"unit": "U0", "cases": 100, "hours": 10, "weight": 0, "floor": 0.5},
            "S1": {"unit": "U0", "cases": 200, "hours": 10, "weight": 10},
            "S2": {"unit": "U1", "cases": 300, "hours": 10, "weight": 1},
        },
        budget={2027: 4 * 45_000},
        horizon=1,
        whole_posts=False,
    )


def test_a_stream_of_no_harm_moved_gives_the_held_posts_harm_worked_by_hand():
    """Issue 23: a stream of Harm weight 0 made the held posts' costs 0/0 (NaN).

    Hours per case of S0 +30%: its floor asks 650 h, so the best plan holds 2.65
    posts in U0 (unmet harm 1,650 h x 0.1 = 165, 0.15 posts moved); the plan's
    2.5 posts held leave 150 h of S1 (150) and 1,500 h of S2 (150) unworked: 300,
    so re-planning saves 135. With NaN costs HiGHS answered "Unknown", looped
    without end, or gave a harm of NaN read as "saves nothing".
    """
    inputs, scenario = harmless_floored_stream(), Scenario("Floor")
    base = plan_base(inputs, scenario)
    assert close(base.unmet_harm, 150.0)
    # S0's Harm weight and Hours per case, -30% and +30%.
    keys = [(a, c) for a, c in point_keys(base.start.data, 0.3) if a.of_stream and a.index == 0]
    points = sensitivity(inputs, scenario, keys)
    for point, (a, change) in zip(points, keys, strict=True):
        assert_same(point, cold_point(base, a, change))
    # Stages 2 and 3 may give up a millionth of the harm (0.00015) for fewer moves or less
    # cost, so the plan's posts held may leave that much more than 150: saves to 1e-3.
    longer = next(p for p in points if p.assumption.column == HOURS_PER_CASE and p.change > 0)
    assert close(longer.unmet_harm, 165.0)
    assert abs(longer.posts_moved - 0.15) <= 1e-5
    assert abs(longer.saves - 135.0) <= 1e-3
    assert longer.unit == "U0" and abs(longer.unit_change - 0.15) <= 1e-5
    # -30%: S0's floor asks 350 h; 2.35 posts in U0 leave 1,350 h of S2 unworked (135),
    # the plan's posts held 1,500 h (150): re-planning saves 15.
    shorter = next(p for p in points if p.assumption.column == HOURS_PER_CASE and p.change < 0)
    assert close(shorter.unmet_harm, 135.0)
    assert abs(shorter.saves - 15.0) <= 1e-3


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(divisions(whole=False))
def test_on_small_divisions_every_point_equals_its_cold_computation(case):
    inputs, scenario = case
    try:
        base = plan_base(inputs, scenario)
    except RuntimeError:
        return  # no plan: no points
    keys = point_keys(base.start.data, 0.3)
    for warm, (a, change) in zip(sensitivity(inputs, scenario, keys), keys, strict=True):
        assert_same(warm, cold_point(base, a, change))
        if warm.status == OPTIMAL:
            changed = scaled_inputs(in_fte(inputs), a, 1 + change)
            assert close(stage_one_optimum(changed, scenario), warm.unmet_harm, 1e-5)
    zero = sensitivity(inputs, scenario, [(a, 0.0) for a, _ in keys[::2]])
    assert all(p.posts_moved <= 1e-4 for p in zero)
    assert np.all([close(p.unmet_harm, base.unmet_harm) for p in zero])
