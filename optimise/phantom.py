"""Whole-post plans without phantom changes: a post added and removed in one place.

Post changes are inc + dec, with x_t - x_(t-1) = inc_t - dec_t (docs/rules.md).
Stage 1 does not count changes, so its whole-post plan may carry
inc = dec = 1 for some unit, role and year: the same posts as with neither,
counted as two changes. Stage 2 starts from that plan, and when its search
stalls (optimise/stall.py) it can keep such a pair: "HMICS
recommendations" reported 402 post changes for moves that add up to 400. Each
stage therefore hands the next its plan with inc and dec set to the plan's
own changes, which keeps every row (changes appear only in the change
limits, as at most) and never counts more.

With a Turnover % (docs/rules.md rule 13) a role's inc and dec are gross
flows: a unit may take in transferees while its own leavers go unreplaced,
and cancelling that overlap could break rule 13 (the transferees would have
nowhere to land). Such roles keep their flows as solved.
"""

from __future__ import annotations

import numpy as np

from optimise.model import Model
from optimise.moves import year_on_year


def drop_phantom_changes(model: Model) -> float:
    """Set each inc and dec to the change its posts make, as the plan's values in PuLP;
    return the plan's changes (what stage 2's objective now counts)."""
    if model.inc.size == 0:
        return 0.0
    # The solver's own values, not tidied ones: every flow row then holds as it did.
    x = np.array([v.varValue or 0.0 for v in model.x.ravel()]).reshape(model.x.shape)
    change = year_on_year(model.data.baseline, x)
    gross = np.isfinite(model.data.turnover)  # rule 13's roles: flows kept as solved
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
