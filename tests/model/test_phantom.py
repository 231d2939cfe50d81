"""A whole-post stage hands the next its plan with no post added and removed in one place."""

from __future__ import annotations

import numpy as np

from optimise import compat
from optimise.data import prepare
from optimise.inputs import Scenario
from optimise.model import build_model
from optimise.whole_post import drop_phantom_changes, plan_changes
from tests.cases import instance, with_people
from tests.model.test_model_people import DS
from tests.model.test_model_runs import two_units


def test_a_post_added_and_removed_in_one_place_is_no_change_at_all():
    model = build_model(prepare(two_units(whole_posts=True), Scenario("Rebalance")), integer=True)
    baseline = model.data.baseline  # NCAIU 2, Drugs 8 Detective Constables
    years = model.x.shape[2]
    moved = np.array([[[1.0]], [[-1.0]]]) * np.ones(years)  # one post moves in the first year
    posts = baseline[:, :, None] + moved
    for (i, j, t), var in np.ndenumerate(model.x):
        var.varValue = posts[i, j, t]
    for var in (*model.inc.ravel(), *model.dec.ravel()):
        var.varValue = 1.0  # inc = dec = 1 everywhere: the same posts, many more changes
    drop_phantom_changes(model)
    later = [0.0] * (years - 1)
    assert [v.varValue for v in model.inc.ravel()] == [1.0, *later, 0.0, *later]
    assert [v.varValue for v in model.dec.ravel()] == [0.0, *later, 1.0, *later]
    assert plan_changes(baseline, posts) == 2.0


def test_no_unit_passes_people_on_in_the_year_they_arrive():
    # Rule 13 (Turnover %): the plan's flows send 3 Detective Sergeants from A
    # to B and 3 from B to C in 2027, where B's posts stay at 30: churn no rule
    # needs. Handed on, B neither takes anyone in nor lets anyone go; A's 3
    # leave (its 10% turnover allows 3 unfilled) and C takes 3. 12 changes
    # become 6, and every rule-13 row still holds.
    inputs = with_people(
        instance(
            units={"A": {}, "B": {}, "C": {}},
            roles={DS: {}},
            posts={("A", DS): 30, ("B", DS): 30, ("C", DS): 30},
            streams={"Homicide": {"unit": "C", "cases": 0}},
            horizon=1,
            whole_posts=True,
        ),
        turnover={DS: 0.1},
    )
    model = build_model(prepare(inputs, Scenario("Rebalance")), integer=True)
    a, b, c = range(3)
    for i, (posts, arriving, leaving, moved_out) in {
        a: (27, 0, 3, 3),
        b: (30, 3, 3, 3),
        c: (33, 3, 0, 0),
    }.items():
        model.x[i, 0, 0].varValue = posts
        model.inc[i, 0, 0].varValue = arriving
        model.dec[i, 0, 0].varValue = leaving
        model.out[i, 0, 0].varValue = moved_out
    assert drop_phantom_changes(model) == 6
    assert [model.inc[i, 0, 0].varValue for i in (a, b, c)] == [0, 0, 3]
    assert [model.dec[i, 0, 0].varValue for i in (a, b, c)] == [3, 0, 0]
    assert model.out[b, 0, 0].varValue == 0
    people_rows = [
        row
        for name, row in compat.constraints(model.prob).items()
        if name.split("_")[0] in {"flow", "out", "landed", "turnover"}
    ]
    assert people_rows and all(row.valid(1e-9) for row in people_rows)
