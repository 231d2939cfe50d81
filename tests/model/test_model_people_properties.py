"""v3's rules 12 to 16 on random small divisions (hypothesis): the model against the
independent SciPy formulation (tests/independent.py), in FTE and in whole posts, and
the moves of a plan with turnover keep rule 13 and count the post changes.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from optimise import plan
from optimise.checks import check_inputs
from optimise.result import ATTRITION, INFEASIBLE, OPTIMAL, RECRUITMENT
from tests.cases import NONE, with_people
from tests.independent import stage_one_optimum
from tests.model.test_model_properties import divisions, posts_cube


@st.composite
def people_divisions(draw, whole: bool | None = None):
    """A random division (tests/test_model_properties.py) with v3's columns drawn on it."""
    inputs, scenario = draw(divisions(whole=whole))
    # Fewer plans made impossible before v3's rules come in (no unit minimum),
    # and more that grow: a budget of today's pay bill or more.
    units = inputs.units.assign(**{"Min posts": NONE})
    more = draw(st.sampled_from([1.0, 1.3, 1.6])) * inputs.baseline_cost()
    budget = inputs.budget.assign(Budget=inputs.budget["Budget"].clip(lower=more))
    inputs = inputs.with_tables(units=units, budget=budget)
    scenario = dataclasses.replace(scenario, budget_change=max(scenario.budget_change, 0.0))
    maybe = lambda *values: draw(st.sampled_from([NONE, *values]))  # noqa: E731
    units, roles = list(inputs.units["Unit"]), list(inputs.roles["Role"])
    bosses = set(inputs.roles["Supervised by"].dropna())
    baseline = inputs.baseline_posts()
    least = {}
    for (unit, role), today in baseline.items():
        if today > 0 and draw(st.booleans()):
            least[unit, role] = draw(st.sampled_from([0.0, float(today // 2), float(today)]))
    people = with_people(
        inputs,
        months={u: maybe(3.0, 6.0, 12.0) for u in units},
        intake={u: maybe(1.0, 3.0) for u in units},
        turnover={r: maybe(0.1, 0.3) for r in roles},
        vacancy={r: maybe(0.1, 0.25) for r in roles},
        team={r: maybe(3.0, 6.0) for r in roles if r in bosses},
        min_posts=least,
    )
    cap = draw(st.sampled_from([None, 2.0, 6.0, 12.0]))
    scenario = dataclasses.replace(scenario, max_post_changes_per_year=cap)
    assume(not check_inputs(people, scenario))
    return people, scenario


PEOPLE_SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize("whole", [False, True], ids=["fractional", "whole posts"])
@PEOPLE_SETTINGS
@given(data=st.data())
def test_stage_one_optimum_with_people_rules_matches_the_independent_formulation(whole, data):
    inputs, scenario = data.draw(people_divisions(whole=whole))
    result = plan(inputs, scenario)
    expected = stage_one_optimum(inputs, scenario)
    if expected is None:
        assert result.status == INFEASIBLE
        assert result.fixes and "No plan meets every limit" in result.message
    else:
        assert result.status == OPTIMAL
        assert result.unmet_harm == pytest.approx(expected, rel=1e-6, abs=1e-4)


@PEOPLE_SETTINGS
@given(people_divisions())
def test_moves_with_turnover_keep_rule_13_and_count_the_post_changes(case):
    inputs, scenario = case
    result = plan(inputs, scenario)
    if result.status != OPTIMAL:
        return
    x = posts_cube(inputs, result)  # [unit, role, t], t = 0 today
    units, roles = list(inputs.units["Unit"]), list(inputs.roles["Role"])
    years = inputs.settings.years
    moves = result.moves
    net = np.zeros(x[:, :, 1:].shape)
    left = np.zeros(x[:, :, 1:].shape)
    for row in moves.itertuples(index=False):
        j, t = roles.index(row.Role), years.index(row.Year)
        if row.From != RECRUITMENT:
            net[units.index(row.From), j, t] -= row.Posts
        if row.To != ATTRITION:
            net[units.index(row.To), j, t] += row.Posts
            assert isinstance(row[5], str)  # Productive from
        else:
            left[units.index(row.From), j, t] += row.Posts
            assert row[5] is None
    assert np.allclose(net, np.diff(x, axis=2), atol=1e-5)
    tau = inputs.roles["Turnover %"].to_numpy(float)
    for j in np.flatnonzero(np.isfinite(tau)):
        allowed = tau[j] * np.cumsum(x[:, j, :-1], axis=1)  # [unit, t]
        assert (np.cumsum(left[:, j, :], axis=1) <= allowed + 1e-5).all()
    moved = 2 * result.transfers + result.recruitment + result.attrition
    assert result.post_changes == pytest.approx(moved, abs=1e-5)
