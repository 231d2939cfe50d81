"""A whole-post stage that stalls stops, keeping the best plan it found.

Half of the workaround optimise/whole_post.py describes (the other half: the
plan handed on carries no phantom changes).

A whole-post stage 2 or 3 stops when it has found no better plan for half as
long as stage 1 took, and at least `AT_LEAST` (in 15 to 20 s no stage 2 of the
default workbook found a better plan than the one it started from), or at its
gap, or at the time limit, whichever comes first. Each stage starts from the
last stage's plan, so the plan it keeps is always a whole-post plan that keeps
the earlier stages; its status is STALLED, the result's Status reports stage
1's proof, and the Message says what was proven about post changes
(optimise.words.stalled_words). HiGHS keeps the stop flag of a solve it was
asked to stop, so the HiGHS route (optimise/highs.py) watches every MIP solve,
and the watch clears that flag; CBC (optimise/pulp_route.py) is not watched.
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
