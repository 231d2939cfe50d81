"""The synthetic divisions with the v3 people columns (optimise/synthetic.py, `people=True`).

The benchmark measures Planner's stage 1 against the floor on them, so they
must carry every people rule's rows and stay feasible: today's posts, kept
as they are, meet every limit.
"""

from __future__ import annotations

import numpy as np

from optimise import Scenario, plan
from optimise.checks import check_inputs
from optimise.compat import constraints
from optimise.data import prepare
from optimise.inputs import ESTABLISHMENT_PEOPLE_COLUMNS, ROLE_PEOPLE_COLUMNS, UNIT_PEOPLE_COLUMNS
from optimise.model import build_model
from optimise.result import OPTIMAL
from optimise.solve import open_solver
from optimise.status import SolveStatus
from optimise.synthetic import division

SIZE = (20, 8, 3)  # units, roles, years: small enough to plan in a second


def test_the_people_columns_are_filled_and_pass_the_checks():
    inputs = division(*SIZE, people=True)
    for table, columns in (
        (inputs.units, UNIT_PEOPLE_COLUMNS),
        (inputs.roles, ROLE_PEOPLE_COLUMNS),
        (inputs.establishment, ESTABLISHMENT_PEOPLE_COLUMNS),
    ):
        for column in columns:
            assert table[column].notna().any(), column
    assert check_inputs(inputs) == []


def test_every_people_rule_has_rows_in_the_model():
    model = build_model(prepare(division(*SIZE, people=True), Scenario()), integer=False)
    families = {name.split("_")[0] for name in constraints(model.prob)}
    assert {"intake", "out", "landed", "turnover", "team", "rolemin"} <= families


def test_todays_posts_meet_every_limit():
    # Every post variable held at today's posts, every change at none: the
    # model must still have a plan (so every size the bench builds is feasible).
    data = prepare(division(*SIZE, people=True), Scenario())
    model = build_model(data, integer=False)
    for (i, j, _), var in np.ndenumerate(model.x):
        var.lowBound = var.upBound = float(data.baseline[i, j])
    for var in [*model.inc.ravel(), *model.dec.ravel(), *model.out.values()]:
        var.upBound = 0.0
    outcome = open_solver(model, "HiGHS").solve(model.harm(), time_limit=60)
    assert outcome.status == SolveStatus.OPTIMAL


def test_a_division_with_the_people_columns_plans():
    result = plan(division(*SIZE, people=True))
    assert result.status == OPTIMAL
    assert result.recruitment + result.transfers > 0  # there are real moves to make


def test_without_people_the_division_has_no_people_columns():
    inputs = division(*SIZE)
    assert not set(UNIT_PEOPLE_COLUMNS) & set(inputs.units.columns)
    assert not set(ROLE_PEOPLE_COLUMNS) & set(inputs.roles.columns)
