"""The fast paths give the answers of the slow ones they replace.

Each mechanism added for speed (one HiGHS model across the stages, the
vectorised input checks) is checked here against what it replaced.
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
