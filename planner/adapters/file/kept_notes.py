"""Text a user typed on a sheet Planner rewrites, kept (docs/workbook.md, "Notes kept").

Planner rewrites the output sheets and the scenario tabs whole. Before it
does, every value in a cell Planner did not write is read from the old sheet:

- on an output sheet, any cell outside the lines above the table (column A,
  rows 1 to 4) and outside the table as it was;
- on a scenario tab, any cell right of the page (past column I, the last of scenario_tab.WIDTHS).

Those cells are written again into the new sheet: an output sheet's beside
the new table (one column clear of it, their rows and their order across
kept, under the line KEPT_HEADER), a scenario tab's where they were (the
page never reaches them). A note is never lost without a word.
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.etree import ElementTree

from planner.adapters.package.user_book import Book, M, SheetEntry, _cell_value
from planner.report.output_page import OUTPUT_TOP
from planner.report.scenario_tab import LAST_COL

KEPT_HEADER = "Your notes, kept from the last version of this sheet (Planner rewrites it)"

Kept = list[tuple[int, int, Any]]
_REF = re.compile(r"([A-Z]+)(\d+)")


def output_sheet_notes(book: Book, sheet: SheetEntry, columns: int) -> Kept:
    """The user's cells of an output sheet, placed beside a new table `columns` wide."""
    tables = [_table_range(book, t.part) for t in book.tables if t.sheet_part == sheet.part]
    tables = [t for t in tables if t is not None]

    def planners(row: int, col: int) -> bool:
        if col == 0 and row < OUTPUT_TOP:
            return True
        return any(r0 <= row <= r1 and c0 <= col <= c1 for r0, c0, r1, c1 in tables)

    found = _user_cells(book, sheet.part, planners)
    if not found:
        return []
    top = min(r for r, _, _ in found)
    left = min(c for _, c, _ in found)
    shift = 1 if top == 0 else 0  # room for the header line above them
    base = columns + 1
    kept = [(top + shift - 1, base, KEPT_HEADER)]
    return kept + [(r + shift, base + c - left, v) for r, c, v in found]


def scenario_tab_notes(book: Book, sheet: SheetEntry) -> Kept:
    """The user's cells right of a scenario tab's page, kept where they are."""
    return _user_cells(book, sheet.part, lambda row, col: col <= LAST_COL)


def _user_cells(book: Book, part: str, planners) -> Kept:
    found: Kept = []
    try:
        for _, el in ElementTree.iterparse(io.BytesIO(book.package.get(part)), events=("end",)):
            if el.tag == M + "c":
                row, col = _rowcol(el.get("r", ""))
                if row is not None and not planners(row, col):
                    value = _cell_value(book, el)
                    if value not in (None, "", KEPT_HEADER):
                        found.append((row, col, value))
            elif el.tag == M + "row":
                el.clear()
    except ElementTree.ParseError:
        return []
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
