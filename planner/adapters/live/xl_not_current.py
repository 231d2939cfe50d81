"""Marking results that are not current in a live book (the buttons' route, xlwings).

The same marks the file writer makes (planner.report.not_current): a note above the
Comparison, Plans and Coverage tables naming the deleted scenarios, and the
banner in A3 of each deleted scenario's tab, which is otherwise left as it is.
"""

from __future__ import annotations

from typing import Any

from planner import contract as layout
from planner.contract import look
from planner.report.output_page import BANNER_CELL, OUTPUT_TOP, output_head


def mark_live(workbook: Any, report: Any) -> None:
    """`workbook` is planner.adapters.live.xl_book.XlwingsWorkbook, after the output tables are written."""
    for spec in layout.OUTPUT_TABLES:
        table = workbook._find_table(spec.name)
        header = table.range[0, 0] if table is not None else None
        if header is not None and header.row == OUTPUT_TOP + 1:
            # Planner's note line above the table, as the file writer draws it; this
            # also clears the template's "No results yet".
            header.offset(-1, 0).value = output_head(spec, report).note or None
    tabs = workbook.scenario_tabs()
    for scenario, banner in report.not_current.items():
        if scenario not in tabs:
            continue
        cell = workbook.book.sheets[tabs[scenario]][BANNER_CELL]
        cell.value = banner
        cell.color = look.BANNER_FILL  # fills reach every client; fonts only some
        if workbook.caps.fonts:
            cell.font.bold, cell.font.color = True, look.BANNER_FONT
