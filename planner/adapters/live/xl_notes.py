"""Text a user typed on a sheet Planner rewrites, kept on the buttons' route (xlwings).

The rule is planner.report.kept_notes, which the file route follows too: on an
output sheet the user's cells move beside the new table under a header line;
on a scenario tab those right of the page stay where they are and those inside
it (told from Planner's output by the page's record) move right of it; on a
study's sheet they move clear of the table and the chart's columns. The old
sheet is read before anything is written: on xlwings' remote engine a write is
not read back.
"""

from __future__ import annotations

from typing import Any

from planner.adapters.live.xl_values import cell_value
from planner.report import kept_notes
from planner.report.kept_notes import Cells, Figures, Kept


def sheet_cells(sheet: Any) -> Cells:
    """Every cell with a value on a live sheet: (row, col), 0-based -> value."""
    used = sheet.used_range
    values = used.options(ndim=2, empty=None, err_to_str=True).value or []
    top, left = used.row - 1, used.column - 1
    return {
        (top + i, left + j): v
        for i, row in enumerate(values)
        for j, v in enumerate(row)
        if v is not None and v != ""
    }


def move_output_notes(sheet: Any, columns: int) -> Kept:
    """Clear the user's cells of an output sheet where they no longer belong, and say
    where they go beside a new table `columns` wide (to be written after the table)."""
    cells = sheet_cells(sheet)
    boxes = [_box(table.range) for table in sheet.tables]
    found = kept_notes.output_users(cells, boxes)
    kept = kept_notes.beside_table(found, columns)
    _clear_moved(sheet, found, kept)
    there = set(found)
    return [n for n in kept if n not in there]


def move_study_notes(sheet: Any, columns: int, figures: Figures) -> Kept:
    """Clear the user's cells of a study's sheet where they no longer belong, and say
    where all of them go clear of a new table `columns` wide and its chart's columns
    (`figures`: the chart's first heading, its figures' width). All are to be written
    after the chart: its old figures are cleared, from one column right of the table."""
    cells = sheet_cells(sheet)
    boxes = [_box(table.range) for table in sheet.tables]
    found = kept_notes.study_users(cells, boxes, figures[0])
    kept = kept_notes.study_notes(cells, boxes, columns, figures)
    _clear_moved(sheet, found, kept)
    return kept


def scenario_tab_notes(sheet: Any) -> Kept:
    """The user's cells of a scenario tab, where they go on the new tab."""
    return kept_notes.scenario_notes(sheet_cells(sheet))


def write_notes(sheet: Any, kept: Kept) -> None:
    """The notes at their places: one write per run of notes side by side in a row."""
    runs: list[tuple[int, int, list[Any]]] = []
    for row, col, value in sorted(kept, key=lambda n: (n[0], n[1])):
        if runs and runs[-1][0] == row and runs[-1][1] + len(runs[-1][2]) == col:
            runs[-1][2].append(cell_value(value))
        else:
            runs.append((row, col, [cell_value(value)]))
    for row, col, values in runs:
        sheet.range((row + 1, col + 1)).resize(1, len(values)).value = [values]


def _clear_moved(sheet: Any, found: Kept, kept: Kept) -> None:
    """Clear each note found where the rule no longer keeps it (it is written again elsewhere)."""
    staying = set(kept)
    for row, col, value in found:
        if (row, col, value) not in staying:
            sheet.range((row + 1, col + 1)).clear_contents()


def _box(rng: Any) -> tuple[int, int, int, int]:
    rows, cols = rng.shape
    return rng.row - 1, rng.column - 1, rng.row + rows - 2, rng.column + cols - 2
