"""Text a user typed on a sheet Planner rewrites, kept: the rule, described once
(docs/workbook.md, "Notes kept").

Both routes read the old sheet's cells with their own reader (the file route
from the package, the buttons' route through xlwings) and ask this module which
are the user's and where they go on the new sheet:

- on an output sheet, any cell outside the lines above the table (column A,
  rows 1 to 4) and outside the table as it was: written beside the new table
  (one column clear of it, their rows and their order across kept, under the
  line KEPT_HEADER);
- on a scenario tab, any cell right of the page (past column I), kept where it
  is; and any cell inside the page that Planner did not write, or that holds
  something other than what Planner wrote there: moved right of the page, under
  KEPT_HEADER. Planner knows what it wrote from the page's record: a short
  fingerprint of every cell of the page, in a hidden cell right of it
  (RECORD_CELL, number format ";;;"). A tab without a record (written by an
  older Planner, or the record typed over) counts its whole page as Planner's.

- on a study's sheet (Frontier, Risk, Sensitivity, Disruption), any cell outside
  the lines above the table, the table as it was and the chart's figures
  (planner.report.study_figures): written as on an output sheet, but clear of
  the columns kept for the chart and its figures.

A note is never lost without a word: the header line says where it came from.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from planner.report.not_current import BANNER_START
from planner.report.output_page import BANNER_ROW, NOTE_LINE, OUTPUT_TOP
from planner.report.scenario_tab import LAST_COL, TabLayout
from planner.report.study_figures import (
    FIGURE_HEADINGS,
    FIGURES_CAPTION,
    NO_CHART_NOTE,
    figures_left,
    notes_left,
)

KEPT_HEADER = "Your notes, kept from the last version of this sheet (Planner rewrites it)"
#: On a scenario tab: the hidden cell (row, col, 0-based) holding the page's record.
RECORD_CELL = (0, LAST_COL + 1)
#: Where Planner writes its banner over a deleted scenario's tab (row, col, 0-based).
BANNER = (BANNER_ROW - 1, 0)
#: A number format that shows nothing, text included.
HIDDEN_FORMAT = ";;;"
#: The record's first characters: what tells it from anything a user typed there.
RECORD_MARK = "Planner page v1:"
#: Excel's most characters in a cell, less room: a longer record is not written.
RECORD_MOST = 32_000

Cells = dict[tuple[int, int], Any]
Kept = list[tuple[int, int, Any]]
#: A study chart's first heading, and how many columns its figures take.
Figures = tuple[str, int]
_EMPTY = ".."
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


# --- output sheets ----------------------------------------------------------------


def output_notes(cells: Cells, tables: Iterable[tuple[int, int, int, int]], columns: int) -> Kept:
    """The user's cells of an output sheet, placed beside a new table `columns` wide.

    `tables`: each table on the old sheet as (first row, first col, last row, last col).
    """
    return beside_table(output_users(cells, tables), columns)


def beside_table(found: Kept, columns: int) -> Kept:
    """An output sheet's notes (`found` where they are) beside a table `columns` wide."""
    return place_beside([c for c in found if c[2] != KEPT_HEADER], columns + 1)


def output_users(cells: Cells, tables: Iterable[tuple[int, int, int, int]]) -> Kept:
    """The user's cells of an output sheet where they are now (the header line too)."""
    boxes = list(tables)

    def planners(row: int, col: int) -> bool:
        if col == 0 and row < OUTPUT_TOP:
            return True
        return any(r0 <= row <= r1 and c0 <= col <= c1 for r0, c0, r1, c1 in boxes)

    return _users(cells, planners)


def place_beside(found: Kept, base: int) -> Kept:
    """Notes moved to start at column `base`: their rows and their order across kept, the
    header line above the first. A note on the first row moves one row down for it."""
    if not found:
        return []
    top = min(r for r, _, _ in found)
    left = min(c for _, c, _ in found)
    shift = 1 if top == 0 else 0
    kept = [(top + shift - 1, base, KEPT_HEADER)]
    return kept + [(r + shift, base + c - left, v) for r, c, v in found]


# --- study sheets -------------------------------------------------------------------


def study_notes(
    cells: Cells, tables: Iterable[tuple[int, int, int, int]], columns: int, figures: Figures
) -> Kept:
    """The user's cells of a study's sheet, placed clear of a new table `columns` wide and
    of its chart's columns. `figures`: the chart's first heading, and how many columns its
    figures take on the new sheet."""
    heading, width = figures
    found = study_users(cells, tables, heading)
    return place_beside([c for c in found if c[2] != KEPT_HEADER], notes_left(columns, width))


def study_users(cells: Cells, tables: Iterable[tuple[int, int, int, int]], heading: str) -> Kept:
    """The user's cells of a study's sheet where they are now (the header line too).

    Planner's: the lines above the table, the table, and the chart's figures as
    either route wrote them beside it (found by their first heading, `heading`).
    """
    boxes = list(tables)
    theirs = _figure_cells(cells, boxes, heading)

    def planners(row: int, col: int) -> bool:
        if (col == 0 and row < OUTPUT_TOP) or (row, col) in theirs:
            return True
        return any(r0 <= row <= r1 and c0 <= col <= c1 for r0, c0, r1, c1 in boxes)

    return _users(cells, planners)


def _figure_cells(
    cells: Cells, boxes: list[tuple[int, int, int, int]], heading: str
) -> set[tuple[int, int]]:
    """The cells of the chart's figures on the old sheet.

    The buttons write them at the table's top, one column clear of it (their
    rows within the table's); the file route writes a tornado's below its
    chart, under a caption. Each block starts with the chart's first heading.
    Needs the cells of the table's first column (each row's scenario).
    """
    if not boxes:
        return set()
    left = figures_left(max(c1 for *_, c1 in boxes) + 1)
    last = max(r1 for _, _, r1, _ in boxes)
    found = set()
    if cells.get((NOTE_LINE, left)) == NO_CHART_NOTE:
        found.add((NOTE_LINE, left))
    for top in FIGURE_HEADINGS:
        if not heading or cells.get((top, left)) != heading:
            continue
        width = 0
        while not _blank(cells.get((top, left + width))):
            width += 1
        if top == OUTPUT_TOP:
            bottom = last
        else:
            caption = cells.get((top - 1, left))
            if isinstance(caption, str) and caption.startswith(FIGURES_CAPTION):
                found.add((top - 1, left))
            bottom = top
            while not _blank(cells.get((bottom + 1, left))):
                bottom += 1
        block = {(r, c) for r in range(top, bottom + 1) for c in range(left, left + width)}
        if top == OUTPUT_TOP:
            block -= _gaps(cells, boxes, block, top)
        found |= block
    return found


def _gaps(
    cells: Cells, boxes: list[tuple[int, int, int, int]], block: set[tuple[int, int]], top: int
) -> set[tuple[int, int]]:
    """The cells of a line-per-scenario block that Planner leaves blank: a row's figure is
    in its scenario's column only (the table's first column names the row's scenario)."""
    first = min(c0 for _, c0, _, _ in boxes)
    scenarios = {str(cells.get((r, first))) for r, _ in block if r > top}
    gaps = set()
    for r, c in block:
        heading = cells.get((top, c))
        if r > top and str(heading) in scenarios and str(cells.get((r, first))) != str(heading):
            gaps.add((r, c))
    return gaps


# --- scenario tabs ------------------------------------------------------------------


def scenario_notes(cells: Cells) -> Kept:
    """The user's cells of a scenario tab: right of the page where they are, those
    inside the page moved right of it (clear of the others)."""
    record = parse_record(cells.get(RECORD_CELL))
    right = [(r, c, v) for (r, c), v in cells.items() if c > LAST_COL and (r, c) != RECORD_CELL]
    right = [n for n in right if not _blank(n[2])]
    inside: Kept = []
    if record is not None:

        def planners(row: int, col: int) -> bool:
            value = cells.get((row, col))
            if (row, col) == BANNER and str(value).startswith(BANNER_START):
                return True  # the banner Planner put over a deleted scenario's tab
            return record.get((row, col), _EMPTY) == fingerprint(value)

        inside = _users({k: v for k, v in cells.items() if k[1] <= LAST_COL}, planners)
    base = max([LAST_COL + 2, *(c + 2 for _, c, _ in right)])
    return sorted(right) + place_beside(inside, base)


def page_cells(tab: TabLayout) -> Cells:
    """Every value the description puts on the tab: its cells and its tables."""
    written: Cells = {}
    for cell in tab.cells:
        written[(cell.row, cell.col)] = cell.value
    for table in tab.tables:
        for i, row in enumerate([table.headers, *table.rows]):
            for j, value in enumerate(row):
                written[(table.row + i, table.col + j)] = value
    return written


def page_record(written: Cells) -> str | None:
    """The record of what Planner wrote on a page: a fingerprint per cell, row by row
    (None when it would not fit in a cell; the page then counts as Planner's)."""
    rows: dict[int, dict[int, str]] = {}
    for (r, c), value in written.items():
        token = fingerprint(value)
        if c <= LAST_COL and token != _EMPTY:
            rows.setdefault(r, {})[c] = token
    last = max(rows, default=-1)
    lines = []
    for r in range(last + 1):
        tokens = [rows.get(r, {}).get(c, _EMPTY) for c in range(LAST_COL + 1)]
        while tokens and tokens[-1] == _EMPTY:
            tokens.pop()
        lines.append("".join(tokens))
    text = RECORD_MARK + "/".join(lines)
    return text if len(text) <= RECORD_MOST else None


def parse_record(text: Any) -> dict[tuple[int, int], str] | None:
    """(row, col) -> fingerprint, from a page's record; None when there is none."""
    if not isinstance(text, str) or not text.startswith(RECORD_MARK):
        return None
    found = {}
    for r, line in enumerate(text[len(RECORD_MARK) :].split("/")):
        for c in range(len(line) // 2):
            found[(r, c)] = line[2 * c : 2 * c + 2]
    return found


def fingerprint(value: Any) -> str:
    """Two characters standing for a cell's value as any reader reads it back:
    numbers to 12 significant figures (Excel keeps 15), text as it is."""
    text = _canonical(value)
    if text is None:
        return _EMPTY
    n = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=2).digest(), "big") % 4096
    return _ALPHABET[n // 64] + _ALPHABET[n % 64]


def _canonical(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return format(float(value), ".12g")
    if isinstance(value, datetime | date):
        return value.isoformat()[:19]
    if isinstance(value, str):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number) or math.isinf(number):
        return None
    return format(number + 0.0, ".12g")


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _users(cells: Cells, planners: Callable[[int, int], bool]) -> Kept:
    """Cells with a value that are not Planner's, top to bottom, left to right."""
    return sorted((r, c, v) for (r, c), v in cells.items() if not _blank(v) and not planners(r, c))
