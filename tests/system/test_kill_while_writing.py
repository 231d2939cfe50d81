"""SIGKILL at any moment of a run: the workbook is the old file or the new one, never torn."""

from __future__ import annotations

import random
import signal
import time
import zipfile

import pytest

from planner.adapters.file.file_reader import FileWorkbook
from tests.processes import digest, fte_copy, planner


def run_and_kill(path, delay: float | None) -> float:
    """Start a run on one scenario; SIGKILL it `delay` seconds after it starts writing
    (None: let it finish). The seconds from "Writing the results" to the end."""
    run = planner("optimise", str(path), "--scenario", "Budget cut 5%")
    for line in run.stderr:
        if line.startswith("Writing the results"):
            break
    writing = time.monotonic()
    if delay is not None:
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
    run.communicate(timeout=60)
    return time.monotonic() - writing


def whole(path) -> int:
    """The workbook reads whole: every zip member's CRC matches, and its tables read. Run log rows."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
    return len(FileWorkbook(path).read_tables()["RunLog"].rows)


@pytest.mark.slow
def test_a_run_killed_while_writing_leaves_the_old_file_or_the_new(tmp_path):
    path = tmp_path / "Planner.xlsm"
    fte_copy(path)
    writing = run_and_kill(path, None)  # how long writing takes on this machine now
    rng = random.Random(14)
    # The process ends as soon as the new file is in place (planner.cli.entry), so
    # `writing` ends there too: the last kill comes well after it, whatever the load.
    delays = [writing * f for f in (0.1, 0.5, 0.85, 3.0)]
    delays += [rng.uniform(0, writing * 1.1) for _ in range(2)]
    seen = {"old": 0, "new": 0}
    for delay in delays:
        before, rows = digest(path), whole(path)
        run_and_kill(path, delay)
        if digest(path) == before:
            seen["old"] += 1
        else:
            assert whole(path) == rows + 1, delay  # the new file, whole, with this run's row
            seen["new"] += 1
    assert seen["old"] and seen["new"], seen  # the kills did land on both sides of the move
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert all(name.startswith(".~planner-") for name in leftovers)  # hidden, never the workbook
