"""The fast paths give the answers of the slow ones they replace.

Each mechanism added for speed (one HiGHS model across the stages, later
stages restarted from the last basis, the vectorised input checks) is
checked here against what it replaced.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pulp
import pytest

from optimise import compat
from optimise import highs as highs_module
from optimise.cases import FinalYear
from optimise.checks import check_inputs
from optimise.data import prepare
from optimise.extract import posts as extract_posts
from optimise.highs import PRIMAL_SIMPLEX, HighsModel
from optimise.inputs import Scenario
from optimise.model import build_model
from optimise.plan import start_plan
from optimise.solve import solve_stages, stage_bound
from optimise.status import SolveStatus
from optimise.synthetic import division


def _stage_1_model():
    model = build_model(prepare(division(12, 6, 3, seed=3), Scenario()), integer=False)
    model.prob.setObjective(model.harm())
    return model


def _duals(model) -> dict[str, float]:
    return {name: row.pi for name, row in compat.constraints(model.prob).items()}


def test_one_highs_model_gives_pulps_own_optimum_and_duals():
    """The direct hand-off to HiGHS against PuLP's own HiGHS interface."""
    ours = _stage_1_model()
    found = HighsModel(ours.prob, mip=False).solve(ours.harm(), time_limit=60)
    theirs = _stage_1_model()
    pulps = compat.solve(theirs.prob, pulp.HiGHS(mip=False, msg=False, random_seed=0))
    assert found.status == pulps.status == SolveStatus.OPTIMAL
    assert found.objective == pytest.approx(pulps.objective, rel=1e-9)
    names = sorted(_duals(theirs))
    assert np.allclose([_duals(ours)[n] for n in names], [_duals(theirs)[n] for n in names])


@pytest.mark.parametrize("whole_posts", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_stages_on_one_highs_model_match_fresh_solves(whole_posts):
    """Stages 2 and 3 restart from the last basis (or plan); fresh solves start cold."""
    # Without the newer rules: with spans and floors, whole-post stage 2 of
    # this division found no plan within the minute, cold or restarted (seen
    # on a shared 2-core machine), so there would be nothing to compare.
    data = prepare(division(10, 5, 2, seed=4, whole_posts=whole_posts, rules=False), Scenario())
    kept = solve_stages(build_model(data, integer=whole_posts), "HiGHS", 60, 0.0)
    fresh = build_model(data, integer=whole_posts)
    values = []
    for objective in (fresh.harm(), fresh.changes(), fresh.cost()):
        # A new HiGHS model each stage: nothing carried over but PuLP's rows.
        outcome = HighsModel(fresh.prob, mip=whole_posts).solve(objective, time_limit=60)
        values.append(outcome.objective)
        fresh.prob.addConstraint(objective <= stage_bound(outcome.objective), f"k{len(values)}")
    assert kept.values == pytest.approx(values, rel=1e-6, abs=1e-6)


def _stage_2_cold(data, harm_optimum: float) -> tuple[float, int]:
    """Stage 2 of the contract from nothing: its optimum and the simplex iterations."""
    fresh = build_model(data, integer=False)
    fresh.prob.addConstraint(fresh.harm() <= stage_bound(harm_optimum), "keep_harm")
    cold = HighsModel(fresh.prob, mip=False)
    outcome = cold.solve(fresh.changes(), time_limit=60)
    return outcome.objective, cold.highs.getInfo().simplex_iteration_count


def test_a_later_stage_restarts_from_the_last_optimal_basis():
    data = prepare(division(10, 5, 2, seed=1), Scenario())
    model = build_model(data, integer=False)
    highs = HighsModel(model.prob, mip=False)
    harm = highs.solve(model.harm(), time_limit=60).objective
    before = highs.highs.getInfo().simplex_iteration_count
    highs.keep_at_most(model.harm(), stage_bound(harm))
    assert highs.next_solver() == ("simplex", PRIMAL_SIMPLEX)
    changes = highs.solve(model.changes(), time_limit=60).objective
    warm = highs.highs.getInfo().simplex_iteration_count - before
    optimum, cold = _stage_2_cold(data, harm)
    assert changes == pytest.approx(optimum, rel=1e-9)
    assert warm * 4 < cold


@pytest.fixture
def interior_point(monkeypatch):
    """Every linear program on HiPO, as at the force and national sizes."""
    monkeypatch.setattr(highs_module, "INTERIOR_POINT_FROM", 0)


@pytest.mark.parametrize("seed", [1, 2])
def test_on_the_interior_point_path_the_stages_reach_the_contracts_optima(interior_point, seed):
    data = prepare(division(12, 6, 3, seed=seed), Scenario())
    run = solve_stages(build_model(data, integer=False), "HiGHS", 60, 0.0)
    assert run.outcome.status == SolveStatus.OPTIMAL
    assert run.values[1] == pytest.approx(_stage_2_cold(data, run.values[0])[0], rel=1e-9)


def test_a_later_stage_without_a_basis_is_solved_by_the_simplex(interior_point):
    """As after a stage stopped inside HiPO: the keep row's thin slab defeats HiPO."""
    data = prepare(division(12, 6, 3, seed=1), Scenario())
    model = build_model(data, integer=False)
    highs = HighsModel(model.prob, mip=False)
    values = []
    for objective in (model.harm(), model.changes(), model.cost()):
        highs.highs.clearSolver()  # no basis to start from
        outcome = highs.solve(objective, time_limit=60)
        assert outcome.status == SolveStatus.OPTIMAL
        values.append(outcome.objective)
        highs.keep_at_most(objective, stage_bound(outcome.objective))
    assert values[1] == pytest.approx(_stage_2_cold(data, values[0])[0], rel=1e-9)


def test_vectorised_checks_find_each_bad_number_with_its_row_key():
    inputs = division(5, 4, 2, whole_posts=True)
    establishment = inputs.establishment.copy()
    establishment.loc[1, "Posts"] = 2.5
    establishment.loc[3, "Posts"] = -1.0
    roles = inputs.roles.copy()
    roles.loc[0, "Annual cost"] = np.nan
    roles.loc[2, "Max attrition %"] = 1.5
    bad = dataclasses.replace(inputs, establishment=establishment, roles=roles)
    found = {(p.table, p.key, p.column) for p in check_inputs(bad)}
    first, third = establishment.iloc[1], establishment.iloc[3]
    assert found == {
        ("Establishment", (first["Unit"], first["Role"]), "Posts"),
        ("Establishment", (third["Unit"], third["Role"]), "Posts"),
        ("Roles", (roles.loc[0, "Role"],), "Annual cost"),
        ("Roles", (roles.loc[2, "Role"],), "Max attrition %"),
    }


def test_a_later_whole_post_stage_starts_from_the_last_plan():
    """docs/rules.md: stage 1's plan is feasible for stage 2, so stage 2 starts from it.

    Stopped at once (time limit 0), stage 2 still has a plan, and it moves no
    more posts than stage 1's. HiGHS forgets a given plan when the objective
    changes; before the start was set after the change, stage 2 had none.
    """
    data = prepare(division(10, 5, 2, seed=4, whole_posts=True), Scenario())
    model = build_model(data, integer=True)
    highs = HighsModel(model.prob, mip=True)
    harm = highs.solve(model.harm(), time_limit=60, gap=0.01).objective
    plan_1 = np.array([var.varValue for var in highs.columns])
    highs.keep_at_most(model.harm(), stage_bound(harm))
    stopped = highs.solve(model.changes(), time_limit=0.0)
    assert stopped.has_solution
    assert stopped.objective <= highs.vector(model.changes()) @ plan_1 + 1e-9


def test_one_final_year_model_rebounded_gives_each_posts_own_cases():
    """optimise.cases measures a plan's final year for several posts on one model, only
    its hours rows re-bounded; a model built for each posts gives the same cases, to the bit."""
    inputs = division(12, 6, 3, seed=5, people=True)
    data = prepare(inputs, Scenario())
    assert (data.ramp > 0).any()  # arrivals work part of their first year (rule 1)
    model = build_model(data, integer=False)
    solve_stages(model, "HiGHS", 60, 0.0)
    planned = extract_posts(model)
    assert not np.allclose(planned[:, :, -1], planned[:, :, -2])  # people arrive that year
    lower = np.floor(planned * 0.8)
    shared = FinalYear(data, "HiGHS", 60)
    for posts in (None, planned, lower, None, planned):
        fresh = FinalYear(data, "HiGHS", 60).cases(posts)
        assert fresh is not None
        assert np.array_equal(shared.cases(posts), fresh)


@pytest.mark.parametrize(
    "kind", ["fte", "whole posts", "elastic", "today", "uncertain demand", "people"]
)
def test_the_columns_handed_to_highs_are_pulps_own_list(kind):
    """compat.columns reads PuLP 3's own list of variables rather than scanning every row
    again: the same variables in the same order as `prob.variables()`, for every kind of model."""
    inputs = division(8, 5, 3, seed=2, people=kind == "people")
    if kind == "uncertain demand":
        robust = {"plan_for": "Uncertain demand", "robust_samples": 3}
        inputs = dataclasses.replace(
            inputs, settings=dataclasses.replace(inputs.settings, **robust)
        )
    start = start_plan(inputs, Scenario(), checked=True)
    options = {
        "fte": {"integer": False},
        "whole posts": {"integer": True},
        "elastic": {"integer": False, "elastic": True},
        "today": {"integer": False, "today": True},
    }.get(kind, {"integer": False})
    model = build_model(start.data, **options)
    assert bool(model.futures) == (kind == "uncertain demand")
    listed = compat.columns(model.prob)
    assert [v.name for v in listed] == [v.name for v in model.prob.variables()]
    assert len(listed) == len({v.name for v in listed}) > 0
