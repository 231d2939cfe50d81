"""A whole-post plan's people flows with no churn that rule 13 does not need.

**Why.** With a Turnover % (docs/rules.md rule 13) a role's inc and dec are
gross flows: people arriving in a unit and people leaving it, transfers out
(out) among the leavers. Stage 1 counts no changes, so its flows may carry
churn: a ring-fenced unit, whose posts never change, taking in 19 Detective
Constables and sending 18 to other units in one year ("HMICS recommendations"
on the default workbook, 2028). A whole-post stage 2 that stalls keeps them,
and the Moves sheet then tells HR to move detectives from Drugs Investigation
into Counter Terrorism Investigation and others out of it to the Internet
Investigations Unit: transfers no force would make.

**What.** For the plan's posts as they stand, the fewest people arriving in
each role's units (hence the fewest leaving: inc - dec is each unit's change)
that rule 13 allows: transfers out at most a unit's leavers, every transfer
landing in some unit's arrivals, and the posts left unfilled within the
cumulative turnover bound. No unit's arrivals may grow, so every other row
where arrivals or changes count (months to productive, intake, unit change,
the change cap, stage 2's keep row) only gains room, and the plan's posts
and work are untouched. One small linear program per plan (whole numbers in
whole posts), solved by HiGHS in milliseconds.
"""

from __future__ import annotations

import numpy as np
import pulp

from optimise.compat import linear
from optimise.highs import HighsModel
from optimise.model import Model

#: Flows smaller than this are solver noise, not people.
NOISE = 1e-6
#: Seconds for the one small program (it takes milliseconds).
TIME_LIMIT = 10.0


def fewest_flows(model: Model, x: np.ndarray, change: np.ndarray) -> None:
    """Set rule 13's roles' inc, dec and out (PuLP values) to the fewest the plan needs.

    `x` is the plan's posts as solved and `change` their year-on-year change
    (optimise.moves.year_on_year), as optimise.whole_post reads them. Leaves
    the flows as they are when the model is elastic (the diagnosis's slack
    rows are not modelled here) or when the program finds no answer.
    """
    if not model.out or model.elastic:
        return
    roles = sorted({j for _, j, _ in model.out})
    path = np.concatenate([model.data.baseline[:, :, None], x], axis=2)
    if model.integer:
        change = np.rint(change)
    prob = pulp.LpProblem("fewest_flows", pulp.LpMinimize)
    arriving, moved = {}, {}
    for j in roles:
        _role_rows(model, j, path, change, prob, arriving, moved)
    fewest = linear([(v, 1.0) for v in arriving.values()])
    outcome = HighsModel(prob, mip=model.integer).solve(fewest, time_limit=TIME_LIMIT)
    if not outcome.has_solution:
        return
    for (i, j, t), var in arriving.items():
        inc = max(var.varValue or 0.0, 0.0)
        model.inc[i, j, t].varValue = inc
        model.dec[i, j, t].varValue = max(inc - change[i, j, t], 0.0)
        model.out[i, j, t].varValue = max(moved[i, j, t].varValue or 0.0, 0.0)


def _role_rows(
    model: Model,
    j: int,
    path: np.ndarray,
    change: np.ndarray,
    prob: pulp.LpProblem,
    arriving: dict,
    moved: dict,
) -> None:
    """One role's variables and rule 13's rows, dec written as inc - change."""
    nu, _, nt = model.x.shape
    cat = pulp.LpInteger if model.integer else pulp.LpContinuous
    tau = float(model.data.turnover[j])
    for i in range(nu):
        unfilled = []
        for t in range(nt):
            now = model.inc[i, j, t].varValue or 0.0
            top = max(np.rint(now) if model.integer else now, change[i, j, t], 0.0)
            low = max(change[i, j, t], 0.0)
            inc = prob.add_variable(f"inc_{i}_{j}_{t}", low, top, cat)
            out = prob.add_variable(f"out_{i}_{j}_{t}", 0, None, cat)
            arriving[i, j, t], moved[i, j, t] = inc, out
            prob.addConstraint(
                linear([(out, 1.0), (inc, -1.0)]) <= -change[i, j, t], f"out_{i}_{j}_{t}"
            )
            unfilled += [(inc, 1.0), (out, -1.0)]
            held = path[i, j, : t + 1].sum()  # posts at the start of each year so far
            bound = tau * held + change[i, j, : t + 1].sum() + NOISE
            prob.addConstraint(linear(list(unfilled)) <= bound, f"turnover_{i}_{j}_{t}")
    for t in range(nt):
        landing = [(moved[i, j, t], 1.0) for i in range(nu)]
        landing += [(arriving[i, j, t], -1.0) for i in range(nu)]
        prob.addConstraint(linear(landing) <= 0, f"landed_{j}_{t}")
