"""The fast paths give the answers of the slow ones they replace.

Each mechanism added for speed (one HiGHS model across the stages, later
stages started on the last optimum's face, the vectorised input checks) is
checked here against what it replaced.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pulp
import pytest

from bench.synthetic import division
from optimise import compat
from optimise.checks import check_inputs
from optimise.data import prepare
from optimise.highs import HighsModel
from optimise.inputs import Scenario
from optimise.model import build_model
from optimise.solve import solve_stages, stage_bound


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
    assert found.status == pulps.status == compat.OPTIMAL
    assert found.objective == pytest.approx(pulps.objective, rel=1e-9)
    names = sorted(_duals(theirs))
    assert np.allclose([_duals(ours)[n] for n in names], [_duals(theirs)[n] for n in names])


@pytest.mark.parametrize("whole_posts", [False, True])
def test_stages_on_one_highs_model_match_fresh_solves(whole_posts):
    """Stages 2 and 3 restart from the last basis (or plan); fresh solves start cold."""
    data = prepare(division(10, 5, 2, seed=4, whole_posts=whole_posts), Scenario())
    kept = solve_stages(build_model(data, integer=whole_posts), "HiGHS", 60, 0.0)
    fresh = build_model(data, integer=whole_posts)
    values = []
    for objective in (fresh.harm(), fresh.changes(), fresh.cost()):
        # A new HiGHS model each stage: nothing carried over but PuLP's rows.
        outcome = HighsModel(fresh.prob, mip=whole_posts).solve(objective, time_limit=60)
        values.append(outcome.objective)
        fresh.prob.addConstraint(objective <= stage_bound(outcome.objective), f"k{len(values)}")
    assert kept.values == pytest.approx(values, rel=1e-6, abs=1e-6)


def _solve_held_on(face, objective, model) -> float:
    """The objective's optimum with the face held and no stage row: the face alone."""
    highs = HighsModel(model.prob, mip=False)
    highs.highs.changeColsBounds(
        len(face.columns), face.columns, face.column_values, face.column_values
    )
    highs.highs.changeRowsBounds(len(face.rows), face.rows, face.row_values, face.row_values)
    return highs.solve(objective, time_limit=60).objective


def test_a_later_stage_starts_on_the_optimal_face_and_ends_at_the_contracts_optimum():
    """The face only gives stage 2 its start; the contract's stage row decides the optimum."""
    data = prepare(division(10, 5, 2, seed=1), Scenario())
    model = build_model(data, integer=False)
    highs = HighsModel(model.prob, mip=False)
    lp = highs.highs.getLp()
    harm = highs.solve(model.harm(), time_limit=60).objective
    highs.keep_at_most(model.harm(), stage_bound(harm))
    changes = highs.solve(model.changes(), time_limit=60).objective

    [face] = highs.faces
    assert face.columns.size > 100 and face.rows.size > 50
    # The face is let go of: stage 3 sees every bound as it was, plus the stage row.
    after = highs.highs.getLp()
    assert np.array_equal(after.col_lower_, lp.col_lower_)
    assert np.array_equal(after.col_upper_, lp.col_upper_)
    assert np.array_equal(after.row_lower_[:-1], lp.row_lower_)
    assert np.array_equal(after.row_upper_[:-1], lp.row_upper_)
    # Held on the face, stage 2 would move more posts than the contract's row allows.
    assert _solve_held_on(face, model.changes(), build_model(data, integer=False)) > changes + 0.05
    fresh = build_model(data, integer=False)
    fresh.prob.addConstraint(fresh.harm() <= stage_bound(harm), "keep_harm")
    cold = HighsModel(fresh.prob, mip=False).solve(fresh.changes(), time_limit=60)
    assert changes == pytest.approx(cold.objective, rel=1e-9)


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
