"""Writing a study into a live workbook through xlwings (the buttons' route).

The study's table and the Run log are replaced as `optimise` replaces its
output tables (XlwingsWorkbook.replace_table). The chart is drawn from a block
beside the table (x, then a column per scenario) where the engine can draw
charts; where it cannot (xlwings Server's VBA client), the block is there and
a note says how to get the chart. Text a user typed on the study's sheet is
read first and written again after, clear of the table and the chart's columns
(planner.report.kept_notes).
"""

from __future__ import annotations

import logging
from typing import Any

from planner import contract as layout
from planner.adapters.live.xl_book import XlwingsWorkbook
from planner.adapters.live.xl_notes import move_study_notes, write_notes
from planner.read.tables import RawTable
from planner.report.kept_notes import Kept
from planner.report.study_figures import NO_CHART_NOTE
from planner.studies.output import StudyOutput

log = logging.getLogger(__name__)

#: The name of the chart a live run draws (replaced on the next run).
CHART_NAME = "Planner chart"


class LiveStudy:
    """A live book as a study's reader and writer."""

    def __init__(self, workbook: XlwingsWorkbook) -> None:
        self.workbook = workbook

    def read_tables(self) -> dict[str, RawTable]:
        return self.workbook.read_tables()

    def sheet_names(self) -> list[str]:
        return self.workbook.sheet_names()

    def write_study(self, output: StudyOutput) -> None:
        book = self.workbook
        notes = self._notes(output)  # read before anything is written
        book.progress(f"Planner: writing {output.table.name}...")
        book.replace_table(output.table, output.frame)
        book.progress("Planner: writing the Run log...")
        book.replace_table(layout.RUNLOG, output.runlog)
        if output.chart is not None:
            self._chart(output)
        if notes:
            write_notes(_table(book, output.table.name).parent, notes)

    def _notes(self, output: StudyOutput) -> Kept:
        """The user's notes on the study's sheet, where they go (planner.report.kept_notes)."""
        table = _find(self.workbook, output.table.name)
        if table is None:
            return []
        return move_study_notes(table.parent, len(output.table.headers), output.figures())

    def _chart(self, output: StudyOutput) -> None:
        """The chart's block two columns right of the table, and the chart over it."""
        table = _table(self.workbook, output.table.name)
        sheet = table.parent
        top_left = table.range[0, 0]
        corner = top_left.offset(0, len(output.table.headers) + 1)
        _clear_right_of(sheet, corner)
        headers, rows = output.chart_block()
        if not rows:
            return
        block = corner.resize(len(rows) + 1, len(headers))
        block.value = [headers, *rows]
        block[1:, 0:1].number_format = output.chart.x_format
        if not self.workbook.caps.charts:
            corner.offset(-1, 0).value = NO_CHART_NOTE
            return
        _delete_old_chart(sheet)
        drawn = sheet.charts.add(
            chart_type=output.chart.chart_type,
            source=block,
            anchor=corner,
            width=560,
            height=340,
            name=CHART_NAME,
        )
        try:
            drawn.title = output.chart.title
        except (NotImplementedError, AttributeError):
            log.debug("chart titles not supported here", exc_info=True)


def _delete_old_chart(sheet: Any) -> None:
    """The last run's chart, found by its name; an engine that cannot list charts has none."""
    try:
        for chart in list(sheet.charts):
            if chart.name == CHART_NAME:
                chart.delete()
    except (NotImplementedError, AttributeError):
        log.debug("charts cannot be listed here", exc_info=True)


def _clear_right_of(sheet: Any, corner: Any) -> None:
    """Empty the last run's block: from `corner` to the end of the sheet's used range."""
    used = sheet.used_range
    last_row = used.row + used.shape[0] - 1
    last_col = used.column + used.shape[1] - 1
    if last_row >= corner.row and last_col >= corner.column:
        # Both corners as (row, column): the remote engine takes no Range for a corner.
        sheet.range((corner.row - 1, corner.column), (last_row, last_col)).clear_contents()


def _table(workbook: XlwingsWorkbook, name: str) -> Any:
    """The live table called `name` (replace_table has just made sure there is one)."""
    return next(t for sheet in workbook.book.sheets for t in sheet.tables if t.name == name)


def _find(workbook: XlwingsWorkbook, name: str) -> Any | None:
    """The live table called `name`, if there is one yet."""
    return next((t for sheet in workbook.book.sheets for t in sheet.tables if t.name == name), None)
