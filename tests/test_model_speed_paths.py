"""The fast paths give the answers of the slow ones they replace.

Each mechanism added for speed (the one-call matrix hand-off to HiGHS, the
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
from optimise.inputs import Scenario
from optimise.model import build_model


def _solved_stage_1(solver: pulp.LpSolver):
    model = build_model(prepare(division(12, 6, 3, seed=3), Scenario()), integer=False)
    model.prob.setObjective(model.harm())
    outcome = compat.solve(model.prob, solver)
    duals = {name: row.pi for name, row in compat.constraints(model.prob).items()}
    return outcome, duals


@pytest.mark.skipif(compat.PULP_4, reason="PuLP 4 hands HiGHS the matrix itself")
def test_the_matrix_hand_off_gives_pulps_own_optimum_and_duals():
    options = dict(mip=False, msg=False, random_seed=0)
    fast, fast_duals = _solved_stage_1(compat.MatrixHiGHS(**options))
    slow, slow_duals = _solved_stage_1(pulp.HiGHS(**options))
    assert fast.status == slow.status == compat.OPTIMAL
    assert fast.objective == pytest.approx(slow.objective, rel=1e-9)
    assert fast_duals.keys() == slow_duals.keys()
    names = sorted(slow_duals)
    assert np.allclose([fast_duals[n] for n in names], [slow_duals[n] for n in names])


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
