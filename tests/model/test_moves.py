"""Moves (docs/rules.md): the plan as transfers, recruitment and attrition.

Properties on random plans (hypothesis), checked against docs/rules.md's totals
computed here from the plan alone; a small case worked by hand; and, on real
scenarios at the optimum, Post changes = 2 x Transfers + Recruitment + Attrition.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimise import Scenario, plan
from optimise.moves import FTE_STEPS_PER_POST, Flows, move_totals, moves_table
from optimise.result import ATTRITION, MOVES_COLUMNS, OPTIMAL, PRODUCTIVE_FROM, RECRUITMENT
from optimise.synthetic import division
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from tests.model.test_model_properties import divisions, posts_cube
from tests.processes import fte_workbook

BRANCHES = ("Public Protection", "Major Crime", "Organised Crime")


@st.composite
def plans(draw):
    """A random plan: units in branches, roles, years, posts today and in each year."""
    whole = draw(st.booleans())
    n_units = draw(st.integers(1, 8))
    n_roles = draw(st.integers(1, 3))
    horizon = draw(st.integers(1, 3))
    steps = 1 if whole else FTE_STEPS_PER_POST
    # FTE posts are any value at the plan's 6 decimals; small numbers make ties likely.
    amount = st.integers(0, 12 * steps)
    shape = (n_units, n_roles, horizon + 1)
    path = np.array([draw(amount) for _ in range(np.prod(shape))], float).reshape(shape) / steps
    branches = [draw(st.sampled_from(BRANCHES)) for _ in range(n_units)]
    return {
        "baseline": path[:, :, 0],
        "posts": path[:, :, 1:],
        "units": [f"Unit {u}" for u in range(n_units)],
        "branches": branches,
        "roles": [f"Role {r}" for r in range(n_roles)],
        "years": [2027 + t for t in range(horizon)],
        "whole": whole,
    }


def table(p: dict) -> pd.DataFrame:
    return moves_table(
        p["baseline"],
        p["posts"],
        p["units"],
        p["branches"],
        p["roles"],
        p["years"],
        whole=p["whole"],
    )


def steps(values, p: dict) -> np.ndarray:
    """Posts in whole steps of the plan's precision, so sums compare exactly."""
    scale = 1 if p["whole"] else FTE_STEPS_PER_POST
    return np.rint(np.asarray(values, float) * scale).astype(np.int64)


def changes(p: dict) -> np.ndarray:
    """Delta[unit, role, t] in steps, straight from the plan."""
    path = np.concatenate([p["baseline"][:, :, None], p["posts"]], axis=2)
    return np.diff(steps(path, p), axis=2)


def rows_of(moves: pd.DataFrame, year: int, role: str) -> pd.DataFrame:
    return moves[(moves["Year"] == year) & (moves["Role"] == role)]


@settings(max_examples=150, deadline=None)
@given(plans())
def test_moves_reproduce_every_unit_role_year_change_exactly(p):
    moves = table(p)
    amounts = steps(moves["Posts"], p)
    net: dict[tuple, int] = {}  # (year, role, unit) -> moved in - moved out, in steps
    for year, role, source, target, n in zip(
        moves["Year"], moves["Role"], moves["From"], moves["To"], amounts, strict=True
    ):
        net[year, role, target] = net.get((year, role, target), 0) + n
        net[year, role, source] = net.get((year, role, source), 0) - n
    delta = changes(p)
    for t, year in enumerate(p["years"]):
        for j, role in enumerate(p["roles"]):
            for u, unit in enumerate(p["units"]):
                assert net.get((year, role, unit), 0) == delta[u, j, t], (unit, role, year)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_transfers_recruitment_attrition_and_cross_branch_totals_are_model_md_s(p):
    moves = table(p)
    delta = changes(p)
    branch_of = dict(zip(p["units"], p["branches"], strict=True))
    for t, year in enumerate(p["years"]):
        for j, role in enumerate(p["roles"]):
            d = delta[:, j, t]
            gain, loss = d.clip(min=0).sum(), (-d).clip(min=0).sum()
            fewest_across = min(gain, loss) - sum(
                min(d[mine].clip(min=0).sum(), (-d[mine]).clip(min=0).sum())
                for mine in (np.array(p["branches"]) == b for b in set(p["branches"]))
            )
            rows = rows_of(moves, year, role)
            amounts = steps(rows["Posts"], p)
            recruited = (rows["From"] == RECRUITMENT).to_numpy()
            left = (rows["To"] == ATTRITION).to_numpy()
            transfer = ~recruited & ~left
            across = transfer & np.array(
                [
                    branch_of.get(a) != branch_of.get(b)
                    for a, b in zip(rows["From"], rows["To"], strict=True)
                ],
                dtype=bool,
            )
            assert amounts[transfer].sum() == min(gain, loss)
            assert amounts[recruited].sum() == max(0, gain - loss)
            assert amounts[left].sum() == max(0, loss - gain)
            assert amounts[across].sum() == fewest_across
            assert not (recruited & left).any()


@settings(max_examples=100, deadline=None)
@given(plans())
def test_every_row_is_a_real_move_of_a_positive_amount_at_the_plans_precision(p):
    moves = table(p)
    assert list(moves.columns) == [*MOVES_COLUMNS, PRODUCTIVE_FROM]
    assert (moves["Posts"] > 0).all()
    assert (moves["From"] != moves["To"]).all()
    assert not moves.duplicated(["Year", "Role", "From", "To"]).any()
    scale = 1 if p["whole"] else FTE_STEPS_PER_POST
    assert np.array_equal(moves["Posts"], moves["Posts"].round(0 if p["whole"] else 6))
    totals = move_totals(moves)
    changed = np.abs(changes(p)).sum() / scale
    assert 2 * totals.transfers + totals.recruitment + totals.attrition == pytest.approx(changed)


@settings(max_examples=60, deadline=None)
@given(plans(), st.integers(0, 2**32 - 1))
def test_the_same_plan_gives_the_same_rows_and_solver_noise_changes_nothing(p, seed):
    moves = table(p)
    pd.testing.assert_frame_equal(moves, table(p))
    noise = np.random.default_rng(seed).uniform(-4e-8, 4e-8, p["posts"].shape)
    noisy = table({**p, "posts": p["posts"] + noise})
    pd.testing.assert_frame_equal(moves, noisy)


def test_a_small_plan_worked_by_hand():
    # One role. Year 1: A (Major Crime) loses 3, B (Major Crime) gains 2,
    # C (Public Protection) gains 4. Inside Major Crime, A gives B its 2; A's
    # third post crosses to C; C's other 3 are recruited (I = 6, D = 3).
    # Year 2: B loses 1, nothing gains: one post goes to Attrition.
    moves = moves_table(
        np.array([[10.0], [5.0], [0.0]]),
        np.array([[[7.0, 7.0]], [[7.0, 6.0]], [[4.0, 4.0]]]),
        ["A", "B", "C"],
        ["Major Crime", "Major Crime", "Public Protection"],
        ["Detective Constable"],
        [2027, 2028],
        whole=True,
    )
    assert moves.values.tolist() == [
        [2027, "Detective Constable", "A", "B", 2.0, "Jan 2027"],
        [2027, "Detective Constable", "A", "C", 1.0, "Jan 2027"],
        [2027, "Detective Constable", RECRUITMENT, "C", 3.0, "Jan 2027"],
        [2028, "Detective Constable", "B", ATTRITION, 1.0, None],
    ]
    assert move_totals(moves) == (3.0, 3.0, 1.0)


def test_a_plan_that_changes_nothing_has_no_moves():
    moves = moves_table(
        np.ones((2, 2)),
        np.ones((2, 2, 3)),
        ["A", "B"],
        ["X", "X"],
        ["R", "S"],
        [1, 2, 3],
        whole=False,
    )
    assert moves.empty and list(moves.columns) == [*MOVES_COLUMNS, PRODUCTIVE_FROM]
    assert move_totals(moves).transfers == 0.0


# --- At the optimum, on real scenarios ------------------------------------------


def assert_moves_count_the_post_changes(result) -> None:
    """docs/rules.md: Post changes = 2 x Transfers + Recruitment + Attrition, to the stage tolerance.

    Stage 3 may let stage 2's value drift by its tolerance, and each post is
    rounded to 6 decimals, which can shift a change by a millionth of a post.
    """
    assert result.status == OPTIMAL
    moved = 2 * result.transfers + result.recruitment + result.attrition
    tolerance = 1e-6 * max(1.0, abs(result.post_changes)) + 1e-6 * len(result.plan)
    assert abs(result.post_changes - moved) <= tolerance
    assert move_totals(result.moves) == (result.transfers, result.recruitment, result.attrition)


def test_every_default_scenario_moves_as_many_posts_as_it_changes():
    checked = check_workbook(FileWorkbook(fte_workbook()).read_tables())
    for scenario in checked.scenarios:
        result = plan(checked.inputs, scenario)
        assert_moves_count_the_post_changes(result)
        assert result.transfers > 0
        final = result.coverage[result.coverage["Year"] == max(result.years)]
        assert result.lowest_coverage_pct == pytest.approx(final["Coverage %"].min())
        lowest = final[final["Stream"] == result.lowest_coverage_stream]["Coverage %"]
        assert lowest.iloc[0] == pytest.approx(result.lowest_coverage_pct)


def test_a_synthetic_division_moves_as_many_posts_as_it_changes():
    result = plan(division(units=10, roles=4, years=3, seed=3), Scenario(name="Rebalance"))
    assert_moves_count_the_post_changes(result)
    assert result.transfers > 0 and result.recruitment + result.attrition > 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(divisions())
def test_random_divisions_at_the_optimum_move_as_many_posts_as_they_change(case):
    inputs, scenario = case
    result = plan(inputs, scenario)
    if result.status != OPTIMAL:
        return
    assert_moves_count_the_post_changes(result)
    x = posts_cube(inputs, result)
    again = moves_table(
        x[:, :, 0],
        x[:, :, 1:],
        list(inputs.units["Unit"]),
        list(inputs.units["Branch"]),
        list(inputs.roles["Role"]),
        inputs.settings.years,
        whole=inputs.settings.whole_posts,
    )
    pd.testing.assert_frame_equal(result.moves, again)
    if inputs.settings.whole_posts:
        assert (result.moves["Posts"] == result.moves["Posts"].round()).all()


def test_with_turnover_attrition_stays_within_each_units_leavers_even_across_a_branch():
    # One role, 10% turnover. A (Major Crime, 10 posts) and B (Public
    # Protection, 5) each lose a post; C (Major Crime) gains one. Inside
    # Major Crime, A would give C its post and B's go to Attrition, but B's
    # leavers so far are 10% of 5: none. So B's post crosses to C, and A's
    # (1 leaver of 10) is the one left unfilled.
    flows = Flows(
        inc=np.array([[[0.0]], [[0.0]], [[1.0]]]),
        dec=np.array([[[1.0]], [[1.0]], [[0.0]]]),
        out=np.array([[[0.0]], [[1.0]], [[0.0]]]),
        turnover=np.array([0.1]),
    )
    moves = moves_table(
        np.array([[10.0], [5.0], [0.0]]),
        np.array([[[9.0]], [[4.0]], [[1.0]]]),
        ["A", "B", "C"],
        ["Major Crime", "Public Protection", "Major Crime"],
        ["Detective Sergeant"],
        [2027],
        whole=True,
        months=[np.nan, np.nan, 3.0],
        flows=flows,
    )
    assert moves.values.tolist() == [
        [2027, "Detective Sergeant", "B", "C", 1.0, "Apr 2027"],
        [2027, "Detective Sergeant", "A", ATTRITION, 1.0, None],
    ]


def test_productive_from_is_the_plan_years_start_plus_the_months_rounded_up():
    from optimise.moves import productive_from

    assert productive_from(2027, 0) == "Jan 2027"
    assert productive_from(2027, 6) == "Jul 2027"
    assert productive_from(2027, 4.5) == "Jun 2027"
    assert productive_from(2027, 12) == "Jan 2028"
