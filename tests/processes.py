"""Planner run as a user runs it: a real `planner` process, on this worktree's code."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from planner.xlsx.read import FileWorkbook
from tests.test_read import edit

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = ROOT / "workbook" / "Planner.xlsm"


#: The `planner` command, from this worktree (its environment: _environment()).
PLANNER = (sys.executable, "-m", "planner.cli")


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def planner(*args: str, **popen) -> subprocess.Popen:
    """Start `planner ARGS...` as its own process (stdout and stderr captured as text)."""
    return subprocess.Popen(
        [*PLANNER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
        cwd=ROOT,
        **popen,
    )


def run_planner(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run `planner ARGS...` to its end, as at a terminal: exit status, stdout and stderr."""
    return subprocess.run(
        [*PLANNER, *args],
        capture_output=True,
        text=True,
        env=_environment(),
        cwd=ROOT,
        timeout=timeout,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def slow_copy(path: Path) -> Path:
    """A copy of the default workbook whose runs take minutes: whole posts, MIP gap 0."""
    shutil.copyfile(WORKBOOK, path)
    settings = FileWorkbook(path).read_tables()["Settings"]
    wanted = {"Whole posts": "Yes", "MIP gap": 0, "Time limit (s)": 300}

    def change(book) -> None:
        for i, row in enumerate(settings.records()):
            if row["Setting"] in wanted:
                sheet, cell = settings.cell(i, "Value").split("!")
                book[sheet.strip("'")][cell] = wanted[row["Setting"]]

    edit(path, change)
    return path
