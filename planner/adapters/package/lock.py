"""One run at a time on a workbook: an exclusive lock from reading to the final move.

Two runs on one file (two planners on a shared drive, a planner and a
frontier run) would otherwise both read the old file and the second move
would replace the first's results: a run that said it succeeded would lose
them. So a run holds an operating-system lock on a small hidden file beside
the workbook, ".~planner.<name>.lock", from before it reads until its new
file is in place. A second run waits, saying so, then reads the file the
first one wrote (both runs end up in the Run log); after `wait` seconds it
gives up in words and changes nothing.

The lock file is left in place when the run ends: deleting it could let a
third run lock a new file while the second still holds the old one. The OS
releases the lock itself if a run is killed, so a crash never leaves the
workbook locked; the next run to take the lock deletes the half-written
hidden files a killed run left beside the workbook.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from planner.adapters.package.refusals import WorkbookFileError
from planner.adapters.package.safety import remove_leftovers

#: How long a run waits for another run on the same workbook, by default.
WAIT_SECONDS = 600.0


def lock_path(workbook: Path) -> Path:
    """The hidden lock file beside a workbook."""
    return workbook.with_name(f".~planner.{workbook.name}.lock")


@contextlib.contextmanager
def one_run_at_a_time(
    workbooks: Iterable[Path], wait: float = WAIT_SECONDS, say: Callable[[str], None] = print
) -> Iterator[None]:
    """Hold every workbook's lock (the one read, the one written) for the block.

    Locks are taken in one order (by resolved path), so two runs that read
    and write the same two files cannot each hold one and wait for the other.
    """
    # A copy's folder that does not exist yet is made only when there is
    # something to write: no run can be writing there, and nothing is left behind.
    targets = sorted({Path(w).resolve() for w in workbooks if Path(w).parent.is_dir()})
    with contextlib.ExitStack() as held:
        for target in targets:
            held.enter_context(_locked(target, wait, say))
        yield


@contextlib.contextmanager
def _locked(workbook: Path, wait: float, say: Callable[[str], None]) -> Iterator[None]:
    lock = FileLock(lock_path(workbook))
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            say(
                f"{workbook.name} is being written by another Planner run. Waiting for it to "
                f"finish (up to {_duration(wait)}); this run will then use its results..."
            )
            lock.acquire(timeout=wait)
            say(f"The other run has finished; {workbook.name} is free. Continuing.")
    except Timeout:
        raise WorkbookFileError(
            f"{workbook.name} is still being written by another Planner run after "
            f"{_duration(wait)}. Nothing was changed: run again when that run has finished."
        ) from None
    except OSError as error:
        raise WorkbookFileError(
            f"Planner cannot make its lock file in the folder of {workbook.name} "
            f"({error.strerror}). Check that the folder exists and that you may write to it; "
            "nothing was changed."
        ) from None
    try:
        remove_leftovers(workbook)
        yield
    finally:
        lock.release()


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:g} minutes"
    return f"{seconds:g} second{'s' * (seconds != 1)}"
