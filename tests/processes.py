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


def planner(*args: str, **popen) -> subprocess.Popen:
    """Start `planner ARGS...` as its own process (stdout and stderr captured as text)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "planner.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        **popen,
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
