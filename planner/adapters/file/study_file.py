"""Writing a study into a workbook file: its sheet and the Run log, nothing else.

The same steps as planner.adapters.file.file_writer, for two sheets: settle where they go,
draw them in a scratch workbook, move them into the user's package (every
other part copied byte for byte), then replace the file atomically with a
backup. A sheet holding something of the user's is not overwritten: the write
is refused and nothing changes. Text a user typed on the two sheets is written
again on the new ones (planner.report.kept_notes).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import xlsxwriter

from planner import contract as layout
from planner.adapters.file import kept_notes, render
from planner.adapters.file.adapter import OpenedWorkbook
from planner.adapters.file.file_reader import check_is_workbook
from planner.adapters.file.file_writer import WriteRefused, refuse_user_additions
from planner.adapters.file.study_sheet import draw_study
from planner.adapters.package import safety
from planner.adapters.package import user_book as books
from planner.adapters.package.opc_package import Package
from planner.adapters.package.transplant import Placement, transplant
from planner.adapters.package.user_book import Book
from planner.report.kept_notes import Kept
from planner.report.output_page import EXCEL_MAX_ROWS
from planner.studies.output import StudyOutput


class StudyFile(OpenedWorkbook):
    """Read the workbook at `path`; write a study into it, or into a copy at `out`."""

    def write_study(self, output: StudyOutput) -> None:
        self._write(write_study_to_file, output)


def write_study_to_file(path: Path, output: StudyOutput, out: Path | None = None) -> Path:
    """Write the study's sheet and the Run log into the workbook at `path` (or a copy at `out`).

    Raises WorkbookFileError (or WriteRefused) in words; the files are then as they were.
    """
    source = Path(path)
    target = Path(out) if out is not None else source
    check_is_workbook(source)
    safety.check_closed(source)
    if target != source and target.exists():
        safety.check_closed(target)
    package = Package.read(source)
    order = list(package.parts)
    book = books.read_book(package)
    placements = _placements(book, output)
    _check_table_names(book, placements, output)
    refuse_user_additions(book, [p.existing for p in placements if p.existing is not None])
    sheets = {table.name: p.name for table, p in zip(_tables(output), placements, strict=True)}
    kept = _kept_notes(book, placements, output)
    with tempfile.TemporaryDirectory(prefix="planner-") as scratch_dir:
        scratch_path = Path(scratch_dir) / "scratch.xlsx"
        wb = xlsxwriter.Workbook(
            str(scratch_path),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        macro = books.button_macro(book.package, render.DEFAULT_MACRO)
        bulk = draw_study(wb, sheets, output, macro, EXCEL_MAX_ROWS, kept)
        wb.close()
        transplant(book, Package.read(scratch_path), placements, bulk)
    safety.write_in_place(target, lambda tmp: package.write(tmp, order))
    return target


def _kept_notes(book: Book, placements: list[Placement], output: StudyOutput) -> dict[str, Kept]:
    """What users typed on the two sheets about to be rewritten, by table (kept_notes)."""
    kept: dict[str, Kept] = {}
    for table, placement in zip(_tables(output), placements, strict=True):
        if placement.existing is None:
            continue
        if table is output.table:
            found = kept_notes.study_sheet_notes(
                book, placement.existing, len(table.columns), output.figures()
            )
        else:
            found = kept_notes.output_sheet_notes(book, placement.existing, len(table.columns))
        if found:
            kept[table.name] = found
    return kept


def _tables(output: StudyOutput) -> list[layout.Table]:
    return [output.table, layout.RUNLOG]


def _placements(book: Book, output: StudyOutput) -> list[Placement]:
    """Over the sheets that hold the tables now; a new study sheet goes after Comparison."""
    comparison = book.sheet(layout.COMPARISON.sheet)
    placements = []
    for table in _tables(output):
        existing = book.sheet(table.sheet)
        after = None if existing or comparison is None else comparison.index
        placements.append(Placement(existing.name if existing else table.sheet, existing, after))
    return placements


def _check_table_names(book: Book, placements: list[Placement], output: StudyOutput) -> None:
    """The study's table names must be free, or belong to the sheets being replaced."""
    freed = {p.existing.part for p in placements if p.existing is not None}
    for table in _tables(output):
        owner = next(
            (
                t
                for t in book.tables
                if t.name.casefold() == table.name.casefold() and t.sheet_part not in freed
            ),
            None,
        )
        clash = owner is not None or table.name.casefold() in book.defined_names
        if clash:
            sheet = next((s.name for s in book.sheets if owner and s.part == owner.sheet_part), "?")
            raise WriteRefused(
                f'The name "{table.name}" is taken (by a table or name on the sheet "{sheet}"), '
                f'but Planner writes its table of that name on the sheet "{table.sheet}". Rename '
                "or delete it, then run again. Nothing has been changed."
            )
