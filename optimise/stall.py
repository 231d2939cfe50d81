"""Stop a whole-post stage 2 or 3 once its search has stalled.

On the default workbook a whole-post stage 2 keeps unmet harm at stage 1's
plan, and HiGHS's bound on post changes then stays 20-40% below the plan
for minutes (docs/model.md, "Whole posts"): waiting for a proof that will
not come only makes the planner wait. So stages 2 and 3 stop when they have
found no better plan for `seconds`: half as long as stage 1 took, and at
least `AT_LEAST` (in 15 to 20 s no stage 2 of the default workbook found a
better plan than the one it started from). The plan they hold is always a
whole-post plan that keeps the earlier stages, and the result says what
was proven about it.
"""

from __future__ import annotations

import time

import highspy

from optimise import stopping

#: A stage's search is given at least this long without a better plan.
AT_LEAST = 3.0


def window(first_stage_seconds: float) -> float:
    """How long a later stage may go without a better plan: half as long as stage 1 took."""
    return max(AT_LEAST, first_stage_seconds / 2)


class StallWatch:
    """Watches one MIP solve; interrupts it after `seconds` without a better plan."""

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
