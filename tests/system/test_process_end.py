"""The `planner` process ends at once once its work is done (planner.cli.entry), losing nothing.

It skips Python's object-by-object teardown, so these check what a normal
exit would have done: the exit status kept, output still buffered for a pipe
written, the exit handlers run, and a thread still at work waited for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def ended(code: str) -> subprocess.CompletedProcess:
    """`code` run in a Python process of its own, its output piped (so buffered)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


def test_the_status_the_output_and_the_exit_handlers_all_survive_the_quick_end():
    done = ended(
        "import atexit, sys\n"
        "from planner.cli.entry import leave\n"
        "atexit.register(lambda: print('exit handler ran'))\n"
        "print('results written', end='; ')\n"
        "print('a problem', file=sys.stderr, end='')\n"
        "leave(3)\n"
    )
    assert done.returncode == 3
    assert done.stdout == "results written; exit handler ran\n"
    assert done.stderr == "a problem"


def test_a_thread_still_at_work_is_waited_for_as_a_normal_exit_does():
    done = ended(
        "import threading, time\n"
        "from planner.cli.entry import leave\n"
        "def finish():\n"
        "    time.sleep(0.3)\n"
        "    print('the solve stopped cleanly')\n"
        "threading.Thread(target=finish).start()\n"
        "leave(130)\n"
    )
    assert done.returncode == 130
    assert done.stdout == "the solve stopped cleanly\n"


def test_the_command_line_route_ends_through_it_with_its_exit_status(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "planner.cli", "validate", str(tmp_path / "missing.xlsm")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "missing.xlsm" in done.stderr
