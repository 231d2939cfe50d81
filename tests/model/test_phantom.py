"""A whole-post stage hands the next its plan with no post added and removed in one place."""

from __future__ import annotations

import numpy as np

from optimise.data import prepare
from optimise.inputs import Scenario
from optimise.model import build_model
from optimise.whole_post import drop_phantom_changes, plan_changes
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
