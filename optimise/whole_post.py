"""Whole-post stages 2 and 3: stop a stalled search, and hand on no phantom changes.

One workaround, in two halves that need each other.

**Why.** On the default workbook a whole-post stage 2 keeps unmet harm at
stage 1's plan, and HiGHS's bound on post changes then stays 20-40% below
the plan for minutes (docs/model.md, "Whole posts"): five scenarios took
minutes and all said *Time limit*, while waiting for a proof that did not come.

**1. A stalled stage stops** (`window`, `StallWatch`). A whole-post stage 2
or 3 stops when it has found no better plan for half as long as stage 1 took,
and at least `AT_LEAST` (in 15 to 20 s no stage 2 of the default workbook
found a better plan than the one it started from), or at its gap, or at the
time limit, whichever comes first. Each stage starts from the last stage's
plan, so the plan it keeps is always a whole-post plan that keeps the
earlier stages; its status is STALLED, the result's Status reports stage 1's
proof, and the Message says what was proven about post changes
(optimise.words.stalled_words). HiGHS keeps the stop flag of a solve it was
asked to stop, so the HiGHS route (optimise/highs.py) watches every MIP solve,
and the watch clears that flag; CBC (optimise/pulp_route.py) is not watched.

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
`window`, and `take_plan`, through `hand_on`); a linear program (FTE)
needs neither.
"""

from __future__ import annotations

import time

import highspy
import numpy as np

from optimise import stopping
from optimise.fewest_flows import fewest_flows
from optimise.model import Model
from optimise.moves import year_on_year

#: A stage's search is given at least this long without a better plan.
AT_LEAST = 3.0


def window(first_stage_seconds: float) -> float:
    """How long a later stage may go without a better plan: half as long as stage 1 took."""
    return max(AT_LEAST, first_stage_seconds / 2)


class StallWatch:
    """Watches one HiGHS MIP solve; interrupts it after `seconds` without a better plan."""

    def __init__(self, highs: highspy.Highs, seconds: float) -> None:
        self.highs, self.seconds = highs, seconds
        self.last_better = time.perf_counter()
        self.stalled = False

    def __enter__(self) -> StallWatch:
        self.highs.cbMipImprovingSolution.subscribe(self._better)
        self.highs.cbMipInterrupt.subscribe(self._check)
        return self

    def __exit__(self, *_: object) -> None:
        self.highs.cbMipImprovingSolution.unsubscribe(self._better)
        self.highs.cbMipInterrupt.unsubscribe(self._check)

    def _better(self, _event: object) -> None:
        self.last_better = time.perf_counter()

    def _check(self, event: highspy.highs.HighsCallbackEvent) -> None:
        if time.perf_counter() - self.last_better > self.seconds:
            self.stalled = True
            event.interrupt()
        elif not stopping.stop_requested():
            # HiGHS keeps the flag from the solve this watch stopped, and
            # would stop the next stage at its first check without this.
            event.interrupt(False)


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
    fewest_flows(model)
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
