"""The file adapter: one workbook file, read and written without Excel.

It pairs the reader (FileWorkbook) with the package writer, so the planning
path (planner.run.planning) sees the same reader/writer pair as it does through xlwings.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from planner.adapters.file.file_reader import FileWorkbook
from planner.adapters.file.file_writer import check_out_kind, write_report_to_file
from planner.adapters.file.vba import planner_py
from planner.adapters.package.opc_package import check_parts
from planner.adapters.package.refusals import WorkbookFileError
from planner.read.tables import RawTable
from planner.report.workbook_report import Report

T = TypeVar("T")


class OpenedWorkbook:
    """The workbook at `path`, opened for reading and checked before any work, with the
    copy at `out` (if any) it will be written to: what the planning run and the studies
    share. Subclasses add the one thing each writes."""

    def __init__(self, path: str | Path, out: str | Path | None = None):
        self.path = Path(path)
        self.out = Path(out) if out is not None else None
        self._reader = FileWorkbook(self.path)
        with zipfile.ZipFile(self.path) as package:  # refused now, not after minutes of work
            check_parts(self.path, package.namelist(), package.read)
        if self.out is not None:
            check_out_kind(self.path, self.out)  # before minutes of work, not after
        self.written: Path | None = None
        #: Anything the user should know about the copy (its buttons), or "".
        self.note = ""

    def read_tables(self) -> dict[str, RawTable]:
        return self._reader.read_tables()

    def sheet_names(self) -> list[str]:
        return self._reader.sheet_names()

    def _write(self, write_to_file: Callable[[Path, T, Path | None], Path], content: T) -> None:
        """Write `content` with `write_to_file` into the workbook or its copy, making the
        copy's folder first and its buttons' Python file after."""
        if self.out is not None:
            _make_folder(self.out.parent)
        self.written = write_to_file(self.path, content, self.out)
        if self.out is not None:
            self.note = buttons_beside(self.out)


class WorkbookFile(OpenedWorkbook):
    """Read the workbook at `path`; write the results into it, or into a copy at `out`."""

    def write_report(self, report: Report) -> None:
        self._write(write_report_to_file, report)


def _make_folder(folder: Path) -> None:
    """Asked for by name (--out out/Planner.xlsm): made only now, when there is
    something to write, so a failed run leaves nothing behind."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WorkbookFileError(
            f"Cannot make the folder {folder} for the results: {error.strerror}."
        ) from None


def buttons_beside(copy: Path) -> str:
    """The Python file a copy's buttons import (`import <name>`), written beside it."""
    if not copy.stem.isidentifier():
        return (
            f"The buttons in {copy.name} need a name Python can import (letters, digits and _), "
            f"for example {''.join(c if c.isalnum() else '_' for c in copy.stem)}{copy.suffix}."
        )
    copy.with_suffix(".py").write_text(planner_py(copy.stem), encoding="utf-8")
    return ""
