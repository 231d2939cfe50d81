"""Text a user typed on a sheet Planner rewrites, read from the package for the file route.

The rule (which cells are the user's, where they go) is planner.report.kept_notes,
which the buttons' route follows too (planner.adapters.live.xl_notes).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from xml.etree import ElementTree

from planner.adapters.package.user_book import Book, M, SheetEntry, _cell_value
from planner.report import kept_notes
from planner.report.kept_notes import KEPT_HEADER, Cells, Figures, Kept

Box = tuple[int, int, int, int]

__all__ = [
    "KEPT_HEADER",
    "output_sheet_notes",
    "scenario_tab_notes",
    "sheet_cells",
    "study_sheet_notes",
]

_REF = re.compile(r"([A-Z]+)(\d+)")


def output_sheet_notes(book: Book, sheet: SheetEntry, columns: int) -> Kept:
    """The user's cells of an output sheet, placed beside a new table `columns` wide."""
    boxes, cells = _outside_tables(book, sheet)
    return kept_notes.output_notes(cells, boxes, columns)


def study_sheet_notes(book: Book, sheet: SheetEntry, columns: int, figures: Figures) -> Kept:
    """The user's cells of a study's sheet, placed clear of a new table `columns` wide and
    of its chart's columns (`figures`: the chart's first heading, its figures' width)."""
    boxes, cells = _outside_tables(book, sheet, first_column=True)
    return kept_notes.study_notes(cells, boxes, columns, figures)


def _outside_tables(
    book: Book, sheet: SheetEntry, *, first_column: bool = False
) -> tuple[list[Box], Cells]:
    """The sheet's tables, and its cells outside them (those inside are Planner's);
    the tables' first column too when asked (a study's rows' scenarios)."""
    tables = [_table_range(book, t.part) for t in book.tables if t.sheet_part == sheet.part]
    boxes = [t for t in tables if t is not None]
    skip_from = 1 if first_column else 0

    def in_table(row: int, col: int) -> bool:  # Planner's: not worth reading
        return any(r0 <= row <= r1 and c0 + skip_from <= col <= c1 for r0, c0, r1, c1 in boxes)

    return boxes, sheet_cells(book, sheet.part, in_table)


def scenario_tab_notes(book: Book, sheet: SheetEntry) -> Kept:
    """The user's cells of a scenario tab: right of the page kept, inside it moved beside."""
    return kept_notes.scenario_notes(sheet_cells(book, sheet.part))


def sheet_cells(book: Book, part: str, skip: Callable[[int, int], bool] | None = None) -> Cells:
    """Every cell with a value on a sheet, (row, col), 0-based -> value; but those `skip`."""
    found: Cells = {}
    try:
        for _, el in ElementTree.iterparse(io.BytesIO(book.package.get(part)), events=("end",)):
            if el.tag == M + "c":
                row, col = _rowcol(el.get("r", ""))
                if row is not None and not (skip and skip(row, col)):
                    value = _cell_value(book, el)
                    if value not in (None, ""):
                        found[(row, col)] = value
            elif el.tag == M + "row":
                el.clear()
    except ElementTree.ParseError:
        return {}
    return found


def _table_range(book: Book, part: str) -> tuple[int, int, int, int] | None:
    """(first row, first col, last row, last col), 0-based, of a table part's ref."""
    try:
        ref = ElementTree.fromstring(book.package.get(part)).get("ref", "")
    except (ElementTree.ParseError, KeyError):
        return None
    ends = ref.split(":")
    corners = [_rowcol(e) for e in ends]
    if len(corners) != 2 or any(r is None for r, _ in corners):
        return None
    (r0, c0), (r1, c1) = corners
    return r0, c0, r1, c1


def _rowcol(ref: str) -> tuple[int | None, int]:
    found = _REF.fullmatch(ref)
    if not found:
        return None, 0
    letters, digits = found.groups()
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(digits) - 1, col - 1
