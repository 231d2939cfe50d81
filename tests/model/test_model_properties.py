"""Properties every plan must have, on random small divisions (hypothesis).

Whatever the instance: every constraint of docs/rules.md holds in the returned
plan, later stages never worsen unmet harm, whole-post plans are whole, the
stage-1 optimum equals an independent formulation's, and the same inputs give
the same plan twice.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimise import Scenario, plan
from optimise.data import budget_by_year
from optimise.result import INFEASIBLE, OPTIMAL
from tests.cases import NONE, instance
from tests.independent import stage_one_optimum

TOL = 1e-5


@st.composite
def divisions(draw, whole: bool | None = None):
    n_units = draw(st.integers(1, 4))
    n_roles = draw(st.integers(1, 3))
    n_streams = draw(st.integers(1, 4))
    horizon = draw(st.integers(1, 3))
    maybe = lambda strategy: draw(st.one_of(st.just(NONE), strategy))  # noqa: E731
    units = {
        f"U{i}": {
            "branch": draw(st.sampled_from(["Public Protection", "Major Crime"])),
            "min": maybe(st.integers(0, 6)),
            "max": maybe(st.integers(6, 30)),
            "change": maybe(st.sampled_from([0.0, 0.1, 0.25, 0.5])),
            "fenced": draw(st.booleans()) and draw(st.booleans()),
        }
        for i in range(n_units)
    }
    roles = {
        f"R{j}": {
            "cost": draw(st.sampled_from([30_000, 45_000, 60_000])),
            "hours": draw(st.sampled_from([900, 1_200, 1_500])),
            "growth": maybe(st.integers(0, 5)),
            "attrition": maybe(st.sampled_from([0.0, 0.05, 0.2])),
        }
        for j in range(n_roles)
    }
    for j in range(1, n_roles):  # a role may be supervised by the one before it
        if draw(st.booleans()):
            roles[f"R{j}"]["boss"] = f"R{j - 1}"
            roles[f"R{j}"]["span"] = draw(st.sampled_from([NONE, 2.0, 4.0, 8.0]))
    posts = {(u, r): draw(st.integers(0, 8)) for u in units for r in roles if draw(st.booleans())}
    streams = {
        f"S{k}": {
            "unit": draw(st.sampled_from(sorted(units))),
            "cases": draw(st.integers(0, 400)),
            "hours": draw(st.sampled_from([5, 12, 40])),
            "weight": draw(st.sampled_from([0, 1, 10, 100])),
            "growth": draw(st.sampled_from([-0.1, 0.0, 0.05, 0.3])),
            "floor": maybe(st.sampled_from([0.0, 0.2, 0.5, 0.8])),
        }
        for k in range(n_streams)
    }
    curve = draw(st.sampled_from([{}, {0.5: 3.0}, {0.8: 2.0, 0.4: 5.0}, {0.6: 1.0, 0.3: 1.5}]))
    skills = {
        (d, r): draw(st.sampled_from([0.5, 0.8, 1.0]))
        for d in streams
        for r in roles
        if draw(st.booleans())
    }
    base_cost = sum(p * roles[r]["cost"] for (_, r), p in posts.items())
    budget = {2027: base_cost * draw(st.sampled_from([0.8, 1.0, 1.2]))}
    if draw(st.booleans()):
        budget[2028] = base_cost * draw(st.sampled_from([0.9, 1.1]))
    inputs = instance(
        units,
        roles,
        posts,
        streams,
        skills,
        budget,
        harm_curve=curve,
        horizon=horizon,
        whole_posts=draw(st.booleans()) if whole is None else whole,
    )
    scenario = Scenario(
        "Random",
        budget_change=draw(st.sampled_from([-0.05, 0.0, 0.1])),
        demand_growth_adjustment=draw(st.sampled_from([0.0, 0.05])),
        protected_units=tuple(u for u in units if draw(st.booleans()) and draw(st.booleans())),
    )
    return inputs, scenario


def posts_cube(inputs, result) -> np.ndarray:
    """Plan as x[unit, role, t] with t = 0 the baseline."""
    units, roles = list(inputs.units["Unit"]), list(inputs.roles["Role"])
    years = inputs.settings.years
    x = np.zeros((len(units), len(roles), len(years) + 1))
    x[:, :, 0] = inputs.baseline_posts().to_numpy().reshape(len(units), len(roles))
    for row in result.plan.itertuples(index=False):
        x[units.index(row.Unit), roles.index(row.Role), years.index(row.Year) + 1] = row.Posts
    return x


PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(divisions())
def test_every_limit_of_the_model_holds_in_the_plan(case):
    inputs, scenario = case
    result = plan(inputs, scenario)
    assert result.status in (OPTIMAL, INFEASIBLE)
    if result.status == INFEASIBLE:
        assert result.fixes and "No plan meets every limit" in result.message
        return
    x = posts_cube(inputs, result)
    units, roles = inputs.units, inputs.roles
    size = x.sum(axis=1)  # [unit, t]
    for i, u in enumerate(units.itertuples(index=False)):
        lo, hi, change, fenced = u[2], u[3], u[4], u[5] or u[0] in scenario.protected_units
        if not np.isnan(lo):
            assert (size[i, 1:] >= lo - TOL).all()
        if not np.isnan(hi):
            assert (size[i, 1:] <= hi + TOL).all()
        if not np.isnan(change):
            moved = np.abs(np.diff(x[i], axis=1)).sum(axis=0)
            assert (moved <= change * x[i, :, 0].sum() + TOL).all()
        if fenced:
            assert np.allclose(x[i, :, 1:], x[i, :, :1])
    total = x.sum(axis=0)  # [role, t]
    for j, r in enumerate(roles.itertuples(index=False)):
        growth, attrition = r[4], r[5]
        if not np.isnan(growth):
            assert (np.diff(total[j]) <= growth + TOL).all()
        if not np.isnan(attrition):
            assert (total[j, 1:] >= (1 - attrition) * total[j, :-1] - TOL).all()
    budget = budget_by_year(inputs) * (1 + scenario.budget_change)
    bill = (x[:, :, 1:] * roles["Annual cost"].to_numpy()[None, :, None]).sum(axis=(0, 1))
    assert (bill <= budget * (1 + 1e-9) + 1).all()
    if inputs.settings.whole_posts:
        assert np.allclose(x, np.round(x))
    _new_rules_hold(inputs, scenario, result, x)


def _new_rules_hold(inputs, scenario, result, x) -> None:
    """Constraints 9-11: floors, spans of control (outside fixed units), work to do."""
    floors = inputs.demand.set_index("Stream")["Min coverage %"]
    coverage = result.coverage
    floor = coverage["Stream"].map(floors)
    below = coverage["Served hours"] < floor * coverage["Demand hours"] - TOL
    assert not below.any()
    units, roles = list(inputs.units["Unit"]), list(inputs.roles["Role"])
    fixed = (
        inputs.units["Ring-fenced"].to_numpy()
        | inputs.units["Unit"].isin(scenario.protected_units).to_numpy()
    )
    for j, role in enumerate(inputs.roles.itertuples(index=False)):
        boss, span = role[6], role[7]
        if isinstance(boss, str) and not np.isnan(span):
            b = roles.index(boss)
            assert (x[~fixed, j, 1:] <= span * x[~fixed, b, 1:] + TOL).all()
    unit_of = inputs.demand.set_index("Stream")["Unit"]
    working = {
        (unit_of[d], r) for d, r in zip(inputs.skills["Stream"], inputs.skills["Role"], strict=True)
    }
    bosses = set(inputs.roles["Supervised by"].dropna())
    for i, u in enumerate(units):
        for j, r in enumerate(roles):
            if (u, r) not in working and r not in bosses:
                assert (x[i, j, 1:] <= x[i, j, 0] + TOL).all()


def harm_by_the_curve(inputs, coverage) -> float:
    """Stage 1's value of a coverage table, from docs/rules.md's bands (cheapest first)."""
    weights = inputs.demand.set_index("Stream")["Harm weight"]
    hours_per_case = inputs.demand.set_index("Stream")["Hours per case"]
    levels = sorted(inputs.harm_curve["Coverage below"], reverse=True)
    multipliers = [1.0] + [
        float(inputs.harm_curve.set_index("Coverage below")["Harm multiplier"][c]) for c in levels
    ]
    edges = [0.0] + [1 - c for c in levels] + [1.0]  # unmet share where each band starts
    total = 0.0
    for row in coverage.itertuples(index=False):
        cases = row[3] / hours_per_case[row[1]]  # Demand hours -> cases
        unmet_share = row[5] / cases if cases else 0.0  # Unmet cases
        for k, multiplier in enumerate(multipliers):
            in_band = min(max(unmet_share - edges[k], 0.0), edges[k + 1] - edges[k])
            total += multiplier * in_band * cases * weights[row[1]]
    return total


@PROPERTY_SETTINGS
@given(divisions())
def test_later_stages_never_worsen_unmet_harm(case):
    inputs, scenario = case
    result = plan(inputs, scenario)
    if result.status != OPTIMAL:
        return
    final_harm = harm_by_the_curve(inputs, result.coverage)
    assert final_harm <= result.unmet_harm + 1e-6 * max(1, result.unmet_harm) + 1e-3
    served = result.coverage["Served hours"] <= result.coverage["Demand hours"] + TOL
    assert served.all()


@pytest.mark.parametrize("whole", [False, True], ids=["fractional", "whole posts"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_stage_one_optimum_matches_an_independent_formulation(whole, data):
    inputs, scenario = data.draw(divisions(whole=whole))
    result = plan(inputs, scenario)
    expected = stage_one_optimum(inputs, scenario)
    if expected is None:
        assert result.status == INFEASIBLE
    else:
        assert result.status == OPTIMAL
        assert result.unmet_harm == pytest.approx(expected, rel=1e-6, abs=1e-4)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(divisions(whole=True))
def test_a_whole_post_plan_is_never_better_than_the_best_fte_plan_and_says_how_far(case):
    """docs/rules.md: the FTE optimum bounds every whole-post plan from below."""
    inputs, scenario = case
    result = plan(inputs, scenario)
    if result.status != OPTIMAL:
        return
    in_fte = dataclasses.replace(
        inputs, settings=dataclasses.replace(inputs.settings, whole_posts=False)
    )
    fte_optimum = stage_one_optimum(in_fte, scenario)
    assert result.fte_unmet_harm == pytest.approx(fte_optimum, rel=1e-6, abs=1e-4)
    assert result.unmet_harm >= result.fte_unmet_harm - 1e-6 * max(1.0, result.fte_unmet_harm)
    assert "the best FTE plan" in result.message
    if result.fte_gap_pct >= 0.0005:
        assert f"{result.fte_gap_pct:.1%} above the best FTE plan" in result.message


@settings(max_examples=10, deadline=None)
@given(divisions())
def test_the_same_inputs_give_the_same_plan(case):
    inputs, scenario = case
    first, second = plan(inputs, scenario), plan(inputs, scenario)
    assert first.status == second.status
    assert first.plan.equals(second.plan)
    assert first.message == second.message
