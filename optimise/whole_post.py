"""Whole-post stages 2 and 3: stop a stalled search, and hand on no phantom changes.

One workaround, in two halves that need each other.

**Why.** On the default workbook a whole-post stage 2 keeps unmet harm at
stage 1's plan, and HiGHS's bound on post changes then stays 20-40% below
the plan for minutes (docs/model.md, "Whole posts"): five scenarios took
minutes and all said *Time limit*, while waiting for a proof that did not come.

**1. A stalled stage stops** (optimise/stall.py): a whole-post stage 2 or 3
stops when it has found no better plan for a while, keeping the best plan
found.

**2. Phantom changes are dropped** (`drop_phantom_changes`, `plan_changes`).
Post changes are inc + dec, with x_t - x_(t-1) = inc_t - dec_t
(docs/rules.md). Stage 1 does not count changes, so its plan may carry
inc = dec = 1 for some unit, role and year: the same posts as with neither,
counted as two changes. A stage 2 that stops stalled keeps what it started
from, pair and all: "HMICS recommendations" reported 402 post changes for
moves that add up to 400. So after each whole-post stage, inc and dec are set
to the plan's own changes before the plan is handed on (which keeps every
row: changes appear only in the change limits, as at most, and never counts
more), stage 2's "keep" row is the lower of its value and the plan's own
changes, and a result reports the plan's own changes, which its moves add up to.
With a Turnover % (docs/rules.md rule 13) a role's inc and dec are gross
flows: a unit may take in transferees while its own leavers go unreplaced,
and cancelling that overlap could break rule 13 (the transferees would have
nowhere to land). Such roles' flows are instead set to the fewest that rule
13 allows for the plan's posts (optimise/fewest_flows.py): no churn through
a unit, and every transfer still lands.

optimise.solve applies both between its stages (`stall_window`, from
optimise.stall's `window`, and `take_plan`, through `hand_on`); a linear
program (FTE) needs neither.
"""

from __future__ import annotations

import numpy as np

from optimise.fewest_flows import fewest_flows
from optimise.model import Model
from optimise.moves import year_on_year


def hand_on(model: Model) -> float | None:
    """Ready a solved stage's plan for the next stage; its own post changes (None in FTE).

    Whole posts: the plan without phantom changes (`drop_phantom_changes`).
    FTE: nothing to do; stage 2's linear program is solved to its optimum,
    which carries no such pair.
    """
    return drop_phantom_changes(model) if model.integer else None


def drop_phantom_changes(model: Model) -> float:
    """Set each inc and dec to the change its posts make, as the plan's values in PuLP;
    return the plan's changes (what stage 2's objective now counts)."""
    if model.inc.size == 0:
        return 0.0
    # The solver's own values, not tidied ones: every flow row then holds as it did.
    x = np.array([v.varValue or 0.0 for v in model.x.ravel()]).reshape(model.x.shape)
    change = year_on_year(model.data.baseline, x)
    gross = np.isfinite(model.data.turnover)  # rule 13's roles: the fewest flows it allows
    fewest_flows(model, x, change)
    for (i, j, t), var in np.ndenumerate(model.inc):
        if gross[j]:
            continue
        var.varValue = max(change[i, j, t], 0.0)
        model.dec[i, j, t].varValue = max(-change[i, j, t], 0.0)
    kept = sum(
        v.varValue or 0.0 for v in (*model.inc[:, gross].ravel(), *model.dec[:, gross].ravel())
    )
    return float(np.abs(change[:, ~gross]).sum()) + kept


def plan_changes(baseline: np.ndarray, x: np.ndarray) -> float:
    """Posts added and removed over the plan years: what its moves add up to."""
    return float(np.abs(year_on_year(baseline, x)).sum())
