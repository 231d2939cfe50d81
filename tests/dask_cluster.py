"""A real Dask cluster for tests: a `dask scheduler` process and `dask worker` processes.

They run this worktree's Planner (PYTHONPATH), as a planning team's workers
would run the installed one, and are stopped, by their own process ids, when
the test is done.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Seconds to wait for the scheduler and its workers to be ready.
START_SECONDS = 90


def nap(item: tuple[int, float]) -> tuple[int, int]:
    """A task for the workers: (n, seconds) -> (n, the process id), after a nap of seconds.

    Here, not in a test module, so a worker imports nothing else to run it.
    """
    n, seconds = item
    time.sleep(seconds)
    return n, os.getpid()


def free_port() -> int:
    """A TCP port nothing listens on now (the system picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def dask_cluster(workers: int = 2, *, python_path: list[Path] = ()) -> Iterator[str]:
    """Start a scheduler and `workers` workers; yield the scheduler's address.

    `python_path` comes before this worktree on the workers' PYTHONPATH (to
    give them another Planner than this computer's).
    """
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, [*python_path, ROOT]))}
    started: list[subprocess.Popen] = []
    try:
        started.append(
            _start(
                [
                    *_cli("scheduler"),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    address.rsplit(":", 1)[1],
                    "--no-dashboard",
                ],
                env,
            )
        )
        for n in range(workers):
            started.append(
                _start(
                    [
                        *_cli("worker"),
                        address,
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                        "--name",
                        f"worker-{n + 1}",
                    ],
                    env,
                )
            )
        _wait_for(address, workers, started)
        yield address
    finally:
        # The workers first, while their scheduler still answers their goodbye: a
        # worker whose scheduler is gone retries it for its whole time-out (about
        # 40 s for two workers, against under a second this way).
        _stop(started[1:])
        _stop(started[:1])


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _cli(command: str) -> list[str]:
    """`dask scheduler` / `dask worker`, run by this Python (the `dask` command's own module)."""
    return [sys.executable, "-m", "dask", command]


def _start(command: list[str], env: dict) -> subprocess.Popen:
    """Started outside the repository, as a cluster's machines are: `python -m` puts the
    working folder first on the path, and the repository's own planner.egg-info (left by
    `pip install -e .`) would then win over the Planner `python_path` gives a worker."""
    return subprocess.Popen(
        command,
        env=env,
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(address: str, workers: int, started: list[subprocess.Popen]) -> None:
    from distributed import Client

    deadline = time.monotonic() + START_SECONDS
    while True:
        dead = [p.args for p in started if p.poll() is not None]
        if dead:
            raise RuntimeError(f"a Dask process ended at start: {dead}")
        try:
            with Client(address, timeout=5) as client:
                client.wait_for_workers(workers, timeout=max(1, deadline - time.monotonic()))
                return
        except (OSError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
