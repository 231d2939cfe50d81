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
"""

from __future__ import annotations

import numpy as np

from optimise.model import Model


def drop_phantom_changes(model: Model) -> None:
    """Set each inc and dec to the change its posts make, as the plan's values in PuLP."""
    if model.inc.size == 0:
        return
    # The solver's own values, not tidied ones: every flow row then holds as it did.
    x = np.array([v.varValue or 0.0 for v in model.x.ravel()]).reshape(model.x.shape)
    path = np.concatenate([model.data.baseline[:, :, None], x], axis=2)
    change = np.diff(path, axis=2)
    for (i, j, t), var in np.ndenumerate(model.inc):
        var.varValue = max(change[i, j, t], 0.0)
        model.dec[i, j, t].varValue = max(-change[i, j, t], 0.0)


def plan_changes(baseline: np.ndarray, x: np.ndarray) -> float:
    """Posts added and removed over the plan years: what its moves add up to."""
    path = np.concatenate([baseline[:, :, None], x], axis=2)
    return float(np.abs(np.diff(path, axis=2)).sum())
