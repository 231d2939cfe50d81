"""planner.run.engine on real Dask processes: `dask scheduler`, `dask worker`, a local cluster.

The same workbook optimised on a cluster of two worker processes and here, one
at a time, gives the same tables in the same order; a worker with another
Planner version, or a scheduler that is not there, is a clear message and
nothing written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from planner.run.engine import Engine, EngineError, choose, progress_line, run_tasks, version
from planner.studies.registry import STUDIES
from tests.dask_cluster import dask_cluster, free_port, nap
from tests.processes import WORKBOOK, digest, fte_copy, planner, slow_copy
from tests.system.test_end_to_end import outputs

NAPS = [(n, 0.6 - 0.15 * n) for n in range(4)]


@pytest.fixture(scope="module")
def cluster() -> str:
    with dask_cluster(workers=2) as address:
        yield address


def optimised(path: Path, *options: str) -> tuple[dict, str]:
    """`planner optimise PATH OPTIONS` as its own process: the output tables and its words."""
    run = planner("optimise", str(path), *options)
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, out + err
    tables = outputs(path)
    tables["RunLog"] = [
        {k: v for k, v in r.items() if k not in ("Run at", "Seconds")} for r in tables["RunLog"]
    ]
    return tables, err


def test_optimise_on_a_dask_cluster_gives_this_computers_results_in_the_same_order(
    cluster, tmp_path
):
    on_cluster, here = tmp_path / "cluster.xlsm", tmp_path / "here.xlsm"
    fte_copy(on_cluster)
    fte_copy(here)
    remote, said = optimised(on_cluster, "--scheduler", cluster)
    local, _ = optimised(here, "--workers", "1")
    assert f"The Dask cluster at {cluster} has 2 workers running Planner {version()}." in said
    assert "5 of 5 scenarios done in" in said
    for name in ("Comparison", "Moves", "Plans", "Coverage", "RunLog"):
        assert remote[name] == local[name], name
        assert remote[name], name


def test_results_come_back_in_the_items_order_from_the_clusters_two_workers(cluster):
    said: list[str] = []
    results = run_tasks(Engine(scheduler=cluster), nap, NAPS, noun="nap", progress=said.append)
    assert [n for n, _pid in results] == [0, 1, 2, 3]
    assert len({pid for _n, pid in results}) == 2  # both workers took some
    done = [s for s in said if " of 4 naps done" in s]
    assert [s.split(" of ")[0] for s in done] == ["1", "2", "3", "4"]


@pytest.mark.parametrize("engine", [Engine(workers=2), Engine(), Engine(workers=1)])
def test_results_come_back_in_the_items_order_on_this_computer(engine):
    small = engine == Engine()
    results = run_tasks(engine, nap, NAPS, small=small)
    assert [n for n, _pid in results] == [0, 1, 2, 3]
    here = os.getpid()
    in_processes = engine.workers == 2
    assert all((pid != here) == in_processes for _n, pid in results)


@pytest.mark.slow
def test_a_worker_with_another_planner_version_is_named_and_nothing_is_written(tmp_path):
    """A worker whose installed Planner is 0.0.1 (its own dist-info first on its path)."""
    other = tmp_path / "site"
    info = other / "planner-0.0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: planner\nVersion: 0.0.1\n")
    path = tmp_path / "Planner.xlsm"
    fte_copy(path)
    before = digest(path)
    with dask_cluster(workers=1, python_path=[other]) as address:
        run = planner("optimise", str(path), "--scheduler", address)
        _out, err = run.communicate(timeout=300)
    assert run.returncode == 2, err
    assert "the worker at tcp://127.0.0.1:" in err
    assert f"runs Planner 0.0.1, this computer {version()}" in err
    assert f"install Planner {version()} on every worker" in err
    assert "Nothing was optimised or written." in err
    assert digest(path) == before


@pytest.mark.parametrize("command", ["optimise", *(study.command for study in STUDIES)])
def test_a_scheduler_that_is_not_there_is_a_message_not_a_traceback(command, tmp_path):
    path = tmp_path / "Planner.xlsm"
    fte_copy(path)
    before = digest(path)
    address = f"tcp://127.0.0.1:{free_port()}"
    run = planner(command, str(path), "--scheduler", address)
    _out, err = run.communicate(timeout=300)
    assert run.returncode == 2, err
    assert f"could not reach the Dask scheduler at {address}" in err
    assert "Traceback" not in err
    assert digest(path) == before


@pytest.mark.parametrize("workers", ["0", "two", "-1"])
def test_workers_must_be_a_whole_number_from_one(workers, capsys):
    from planner.cli.commands import main

    with pytest.raises(SystemExit) as stopped:
        main(["optimise", str(WORKBOOK), "--workers", workers])
    assert stopped.value.code == 2
    assert f"give a whole number of workers, 1 or more, not {workers}" in capsys.readouterr().err


def test_a_scheduler_and_workers_together_are_refused():
    with pytest.raises(EngineError, match="either a Dask scheduler or a number of workers"):
        Engine(scheduler="tcp://127.0.0.1:8786", workers=2)


def test_where_work_runs():
    assert choose(Engine(scheduler="tcp://x:1"), 3) == "cluster"
    assert choose(Engine(), 1) == "here"
    assert choose(Engine(workers=1), 9) == "here"
    assert choose(Engine(workers=3), 9) == "local"
    assert choose(Engine(), 9, small=True) in ("threads", "here")  # "here" on one core
    assert choose(Engine(workers=2), 9, small=True) == "local"  # asked for: honoured


def test_progress_says_how_many_are_done_and_about_how_long_is_left():
    assert progress_line(3, 45, "frontier point", 6.0) == (
        "3 of 45 frontier points done, about 1 min left"
    )
    assert progress_line(1, 4, "scenario", 3.0) == "1 of 4 scenarios done, about 9 s left"
    assert progress_line(4, 4, "scenario", 12.4) == "4 of 4 scenarios done in 12 s"
    assert progress_line(1, 1, "scenario", 0.2) == "1 of 1 scenario done in 1 s"


@pytest.mark.slow
def test_ctrl_c_shuts_down_the_local_workers_and_writes_nothing(tmp_path):
    """Whole posts at MIP gap 0 (minutes a scenario) on two local workers; Ctrl+C as they solve."""
    import psutil

    slow = slow_copy(tmp_path / "Planner.xlsm")
    before = digest(slow)
    run = planner("optimise", str(slow), "--workers", "2")
    try:
        said = [run.stderr.readline(), run.stderr.readline()]
        assert said[1].startswith("Starting 2 worker processes"), said
        workers = _worker_processes(psutil.Process(run.pid), 2)
        time.sleep(4)  # the workers are solving
        pressed = time.monotonic()
        run.send_signal(signal.SIGINT)
        _out, rest = run.communicate(timeout=120)
    except BaseException:
        _kill_with_children(run.pid)  # a failure before the stop leaves nothing solving
        raise
    assert run.returncode == 130, rest
    assert rest.rstrip().endswith("Stopped: nothing was written."), rest
    assert "Traceback" not in rest
    assert time.monotonic() - pressed < 30
    _gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, alive
    assert digest(slow) == before


class CountingPool(ThreadPoolExecutor):
    """A real thread pool that counts the work handed to it."""

    submitted = 0

    def submit(self, *args, **kwargs):
        self.submitted += 1
        return super().submit(*args, **kwargs)


def test_run_workbook_plans_on_the_executor_it_is_given(tmp_path):
    from planner.adapters.file.adapter import WorkbookFile
    from planner.run.planning import run_workbook

    path = tmp_path / "Planner.xlsm"
    fte_copy(path)
    workbook = WorkbookFile(path)
    with CountingPool(2) as pool:
        outcome = run_workbook(workbook, workbook, only=["Budget cut 5%"], executor=pool)
    assert outcome.exit_code == 0 and pool.submitted == 1
    assert [r["Scenario"] for r in outputs(path)["Comparison"]] == ["Budget cut 5%"]


def _kill_with_children(pid: int) -> None:
    import psutil

    try:
        parent = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    for process in [*parent.children(recursive=True), parent]:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def _worker_processes(parent, count: int, seconds: float = 60) -> list:
    """The run's worker processes, once `count` of them are up.

    Each is a child of the run (spawned) or of the run's fork server (forked:
    planner.run.engine), never the fork server itself.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [p for p in parent.children(recursive=True) if _is_worker(p)]
        if len(found) >= count:
            return found
        time.sleep(0.5)
    raise AssertionError(f"fewer than {count} worker processes after {seconds} s")


def _is_worker(process) -> bool:
    if "spawn_main" in " ".join(process.cmdline()):
        return True
    server = process.parent()
    return server is not None and "forkserver" in " ".join(server.cmdline())
