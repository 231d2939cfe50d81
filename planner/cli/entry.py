"""The `planner` command as a process of its own: run it, then end the process at once.

Python's normal exit frees every object and module one by one. With pandas,
PuLP and HiGHS loaded that is a tenth to a fifth of a second after the
results are written, time the user waits for nothing (docs/performance.md).
So, as mypy does (its `util.hard_exit`), the process ends with `os._exit` once
the command has returned, its output is flushed and the exit handlers have
run (the same handlers a normal exit runs: loggers flushed, temporary folders
removed, clusters shut down).

Only the process's own entry points end this way: `main` called from Python
(the tests, a script) returns as any function does.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn

from planner.cli.commands import main


def run() -> NoReturn:
    """`planner ...` and `python -m planner.cli ...`: the command, then the process ends."""
    leave(main())


def leave(code: int) -> NoReturn:
    """End the process with `code`, skipping Python's object-by-object teardown.

    A thread still running (a solve that Ctrl+C asked to stop) is waited for
    by the usual exit, which `sys.exit` keeps.
    """
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()  # what a normal exit runs first; each handler runs once
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):  # closed, or none
            stream.flush()
    os._exit(code)
