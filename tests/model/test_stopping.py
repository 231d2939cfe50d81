"""Ctrl+C stops a run within a second or two, writes nothing, and says so."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from optimise import plan, stopping
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from tests.processes import digest, planner, slow_copy


@pytest.fixture(scope="module")
def slow(tmp_path_factory):
    """Whole posts at MIP gap 0: each scenario would take its full 300 s time limit."""
    return slow_copy(tmp_path_factory.mktemp("slow") / "Planner.xlsm")


def interrupt_while_solving(path, *args: str) -> tuple[int, str, float]:
    """Start a run, press Ctrl+C (SIGINT) a few seconds into its solve: exit code, words, delay."""
    run = planner("optimise", str(path), *args)
    said = [run.stderr.readline()]  # "Scenario 1 of 1: ... optimising..." or "Optimising 5 ..."
    time.sleep(4)  # the model is built and HiGHS is solving
    pressed = time.monotonic()
    run.send_signal(signal.SIGINT)
    _out, rest = run.communicate(timeout=60)
    return run.returncode, "".join(said) + rest, time.monotonic() - pressed


@pytest.mark.slow
def test_ctrl_c_during_a_solve_stops_within_two_seconds_and_writes_nothing(slow):
    before = digest(slow)
    code, said, seconds = interrupt_while_solving(slow, "--scenario", "Budget cut 5%")
    assert code == 130, said
    assert "optimising..." in said and said.rstrip().endswith("Stopped: nothing was written.")
    assert seconds < 3, seconds
    assert digest(slow) == before
    assert not (slow.parent / "Planner backups").exists()


@pytest.mark.slow
def test_ctrl_c_stops_scenarios_planned_side_by_side(slow):
    before = digest(slow)
    code, said, seconds = interrupt_while_solving(slow)
    assert code == 130, said
    assert said.startswith("Optimising 5 scenarios") and "Stopped: nothing was written." in said
    assert "Traceback" not in said and "terminate called" not in said
    assert seconds < 3, seconds
    assert digest(slow) == before


@pytest.mark.slow
def test_a_stop_asked_for_from_another_thread_ends_the_solve_at_once(slow):
    checked = check_workbook(FileWorkbook(slow).read_tables())
    [scenario] = [s for s in checked.scenarios if s.name == "Budget cut 5%"]
    stopping.reset()
    timer = threading.Timer(5, stopping.request_stop)
    timer.start()
    started = time.monotonic()
    with pytest.raises(stopping.Stopped):
        plan(checked.inputs, scenario)
    assert time.monotonic() - started < 8  # 5 s, then HiGHS honours the stop
    with pytest.raises(stopping.Stopped):  # and nothing starts again until the next run
        plan(checked.inputs, scenario)
    stopping.reset()
