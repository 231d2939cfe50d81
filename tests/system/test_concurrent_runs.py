"""Two runs on one workbook at once: neither loses its results (planner.adapters.package.lock)."""

from __future__ import annotations

import time

import pytest
from filelock import FileLock, Timeout

from planner.adapters.file.file_reader import FileWorkbook
from planner.adapters.package.lock import lock_path
from tests.processes import digest, fte_copy, planner


@pytest.fixture
def copy(tmp_path):
    return fte_copy(tmp_path / "Planner.xlsm")


def logged(path) -> list[str]:
    return [r["Scenario"] for r in FileWorkbook(path).read_tables()["RunLog"].records()]


def planned(path) -> set[str]:
    return {r["Scenario"] for r in FileWorkbook(path).read_tables()["Plans"].records()}


@pytest.mark.slow
def test_two_runs_started_together_both_keep_their_results(copy):
    runs = [
        planner("optimise", str(copy), "--scenario", name)
        for name in ("Budget cut 5%", "HMICS recommendations")
    ]
    said = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], said
    assert sorted(logged(copy)) == ["Budget cut 5%", "HMICS recommendations"]
    assert {"Budget cut 5%", "HMICS recommendations"} <= planned(copy)
    waited = [err for _out, err in said if "is being written by another Planner run" in err]
    assert len(waited) == 1, said  # the second run said why it waited
    assert "The other run has finished" in waited[0]


@pytest.mark.slow
def test_a_run_into_a_copy_waits_for_a_run_on_its_source(copy, tmp_path):
    out = tmp_path / "copy" / "Planner.xlsm"
    out.parent.mkdir()
    first = planner("optimise", str(copy), "--scenario", "Budget cut 5%")
    wait_until_locked(copy)
    second = planner(
        "optimise", str(copy), "--scenario", "HMICS recommendations", "--out", str(out)
    )
    assert first.wait(120) == 0 and second.wait(120) == 0
    assert logged(copy) == ["Budget cut 5%"]
    assert logged(out) == ["Budget cut 5%", "HMICS recommendations"]  # read after the first


def wait_until_locked(path, seconds: float = 30) -> None:
    """Until a run holds the workbook's lock (a test's own try takes it only for an instant)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        lock = FileLock(lock_path(path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return
        lock.release()
        time.sleep(0.05)
    raise AssertionError("no run took the lock")


def test_a_run_that_cannot_get_the_workbook_in_time_says_so_and_changes_nothing(copy):
    before = digest(copy)
    with FileLock(lock_path(copy)):  # another run holds the workbook
        run = planner("optimise", str(copy), "--scenario", "Budget cut 5%", "--wait", "1")
        _out, err = run.communicate(timeout=60)
    assert run.returncode == 2
    assert (
        "is being written by another Planner run. Waiting for it to finish (up to 1 second)" in err
    )
    assert "still being written by another Planner run after 1 second. Nothing was changed" in err
    assert "Traceback" not in err
    assert digest(copy) == before


def test_building_over_a_workbook_in_use_waits_then_refuses(copy):
    before = digest(copy)
    with FileLock(lock_path(copy)):
        run = planner("build", "--out", str(copy), "--wait", "0.5")
        _out, err = run.communicate(timeout=60)
    assert run.returncode == 2, err
    assert "still being written by another Planner run" in err
    assert digest(copy) == before


def test_the_next_run_deletes_what_a_killed_run_left_half_written(copy):
    """A run killed mid-write leaves its hidden temporary file; the next run on the
    workbook removes it, and only files of that workbook (another's may be in use)."""
    ours = copy.with_name(f".~planner-{copy.name}-0123456789ab.tmp")
    backups = copy.with_name(f"{copy.stem} backups")
    backups.mkdir()
    half_backup = backups / f".~{copy.stem} 2026-11-30 120000{copy.suffix}.tmp"
    theirs = copy.with_name(".~planner-Other.xlsm-0123456789ab.tmp")
    for path in (ours, half_backup, theirs):
        path.write_bytes(b"half a workbook")
    run = planner("optimise", str(copy), "--scenario", "Budget cut 5%")
    run.communicate(timeout=120)
    assert run.returncode == 0
    assert not ours.exists() and not half_backup.exists()
    assert theirs.exists()
