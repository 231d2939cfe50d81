"""Planner run as a user runs it: a real `planner` process, on this worktree's code."""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from planner.adapters.file.file_reader import FileWorkbook
from planner.adapters.package.opc_package import Package
from planner.adapters.package.user_book import read_book

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
    return with_settings(path, {"Whole posts": "Yes", "MIP gap": 0, "Time limit (s)": 300})


def fte_copy(path: Path) -> Path:
    """A copy of the default workbook planned in FTE (Whole posts = No): exact plans in
    about a second a scenario, for the tests of everything but whole posts themselves."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(fte_workbook(), path)
    return path


@functools.cache
def fte_workbook() -> Path:
    """The default workbook set to FTE, made once a test session (copies are bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="planner-fte-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    made = folder / "Planner.xlsm"
    shutil.copyfile(WORKBOOK, made)
    return with_settings(made, {"Whole posts": "No", "MIP gap": 0})


def with_settings(path: Path, wanted: dict[str, object]) -> Path:
    """Type values into Settings rows' Value cells, as a planner does in Excel.

    Only those cells change: every other part of the file is kept byte for byte
    (buttons, notes, styles), as Excel keeps them and openpyxl would not.
    """
    settings = FileWorkbook(path).read_tables()["Settings"]
    cells = {
        settings.cell(i, "Value").split("!")[1]: wanted[row["Setting"]]
        for i, row in enumerate(settings.records())
        if row["Setting"] in wanted
    }
    package = Package.read(path)
    order = list(package.parts)
    sheet = read_book(package).sheet(settings.sheet)
    data = package.get(sheet.part).decode()
    for ref, value in cells.items():
        data = _typed(data, ref, value)
    package.put(sheet.part, data.encode())
    package.write(path, order)
    return path


def _typed(sheet_xml: str, ref: str, value: object) -> str:
    """The sheet's XML with cell `ref` (which the template writes) holding `value`."""
    found = re.search(rf'<c r="{ref}"( s="\d+")?[^>]*?(/>|>.*?</c>)', sheet_xml)
    assert found, f"no cell {ref} in the sheet"
    style = found.group(1) or ""
    if isinstance(value, str):
        cell = f'<c r="{ref}"{style} t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    else:
        cell = f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    return sheet_xml[: found.start()] + cell + sheet_xml[found.end() :]
