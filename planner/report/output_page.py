"""An output sheet's page, described once: where its table starts, and the lines above it.

The file painter (planner.adapters.file.output_sheet, which also draws the
template's empty sheets and every study's sheet) and the live writer
(planner.adapters.live) both draw this, so the two routes put the same words
in the same cells. A scenario tab has its own description (planner.report.scenario_tab).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner import contract as layout
from planner.report.not_current import output_note
from planner.report.workbook_report import Report

#: Excel's most rows on one sheet.
EXCEL_MAX_ROWS = 1_048_576
#: The table's header row (0-based): the title, two lines about the sheet and a note above.
OUTPUT_TOP = 4
#: The note line above the table (0-based): a deleted scenario's results, rows left out.
NOTE_LINE = OUTPUT_TOP - 1
#: On the tab of a scenario deleted from the Scenarios table, the banner that says so:
#: the line under the scenario's name.
BANNER_CELL, BANNER_ROW = "A3", 3

KEEP_YOUR_OWN = (
    "Planner rewrites this sheet on every run: keep your own notes and charts on a sheet "
    "of your own."
)


@dataclass(frozen=True)
class OutputHead:
    """The four lines above an output table, top to bottom."""

    title: str
    about: str  # what the table is, and when Planner last wrote it
    keep: str
    note: str  # in red when not blank: results not current, or rows left out


def output_head(table: layout.Table, report: Report, left_out_note: str = "") -> OutputHead:
    """What the lines above `table` say after `report` (the template's: an empty report)."""
    when = f" Last written by Planner at {report.run_at}." if report.run_at else ""
    return OutputHead(
        title=table.title or table.name,
        about=f"{table.note}{when}",
        keep=KEEP_YOUR_OWN,
        note=left_out_note or output_note(report, table),
    )
