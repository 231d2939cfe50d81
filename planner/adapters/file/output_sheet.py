"""An output sheet drawn with XlsxWriter: title, notes, the table; the Comparison's chart.

The builder draws them empty with this too, so they look the same before
and after the first run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from planner import contract as layout
from planner.adapters.file.charts import style_bar_chart
from planner.adapters.file.draw import add_table, column_width, write_value
from planner.adapters.file.formats import Formats
from planner.adapters.file.print_setup import set_print
from planner.adapters.package.user_book import PLANNER_CHART
from planner.contract.look import AFTER, BEFORE, RED, STATUS_COLOUR, column_format
from planner.contract.words import CHART_TITLES
from planner.report import scenario_tab
from planner.report.output_page import EXCEL_MAX_ROWS, NOTE_LINE, OUTPUT_TOP, output_head
from planner.report.print_layout import output_sheet_print
from planner.report.workbook_report import Report

MESSAGE_WIDTH = 60.0


@dataclass
class Bulk:
    """Body rows of a long table, left for planner.adapters.package.xml_rows to write after XlsxWriter.

    XlsxWriter draws the sheet, the table around every row and the first
    body row (so each column's cell format exists); these rows follow it.
    """

    first_row: int  # 1-based sheet row of rows[0]
    rows: list[list[Any]]
    formats: list[Format]

    @property
    def last_row(self) -> int:
        """1-based sheet row of the last body row: where the table must end."""
        return self.first_row + len(self.rows) - 1

    def styles(self) -> list[int]:
        """Each column's cell format number in the scratch workbook (after it is closed)."""
        return [f.xf_index or 0 for f in self.formats]


def draw_output_sheet(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    fmts: Formats,
    table: layout.Table,
    report: Report,
    max_rows: int,
    kept: list[tuple[int, int, Any]] | None = None,
) -> Bulk | None:
    """Title, a line on what the table is, the table itself; Comparison gets a chart.

    Long tables (all but Comparison) get their rows after the first as a Bulk.
    """
    frame = report.table(table.name)
    rows = _rows(frame, table.headers)
    room = max_rows - (OUTPUT_TOP + 1)
    rows, left_out = _fit(rows, room, newest_last=table is layout.RUNLOG)
    head = output_head(table, report, _left_out_note(left_out, frame, table) if left_out else "")
    ws.write_string(0, 0, head.title, fmts.title())
    ws.write_string(1, 0, head.about, fmts.subtitle())
    ws.write_string(2, 0, head.keep, fmts.subtitle())
    if head.note:
        ws.write_string(NOTE_LINE, 0, head.note, fmts.get(bold=True, font_color=RED))
    formats, widths, heads = [], [], []
    for j, column in enumerate(table.columns):
        values = [r[j] for r in rows]
        num = column_format(table.name, column, values)
        wrap = column.name == "Message"
        # Text after a column of figures is indented, so "1,200" and "abc123" do not touch.
        indent = 1 if j > 0 and not num else None
        align = "center" if column.kind == layout.YEAR else None
        formats.append(
            fmts.get(
                num_format=num, text_wrap=wrap or None, valign="top", indent=indent, align=align
            )
        )
        heads.append(
            fmts.header(wrap=True, align=align or ("right" if num else None), indent=indent)
        )
        width = MESSAGE_WIDTH if wrap else column_width(column.name, values)
        widths.append(width + (2 if num else 0))
    for j, width in enumerate(widths):
        ws.set_column(j, j, width)
    ws.set_row(OUTPUT_TOP, 32)
    bulk = None
    # A user's notes beside the table share its rows: then XlsxWriter writes every row.
    if table is not layout.COMPARISON and len(rows) > 1 and not kept:
        bulk = Bulk(OUTPUT_TOP + 3, rows[1:], formats)
    # A bulk table is drawn two rows deep; the writer stretches it over its rows
    # (XlsxWriter's bookkeeping of every table cell is slow for long tables).
    last = add_table(
        ws,
        OUTPUT_TOP,
        0,
        table.name,
        table.headers,
        rows[:1] if bulk else rows,
        formats,
        header=heads,
    )
    heights = {OUTPUT_TOP: 32.0}
    if "Message" in table.headers:
        at = table.headers.index("Message")
        for i, row in enumerate(rows):
            height = scenario_tab.line_height(str(row[at] or ""), MESSAGE_WIDTH * 1.1)
            heights[OUTPUT_TOP + 1 + i] = height
            ws.set_row(OUTPUT_TOP + 1 + i, height)
    ws.freeze_panes(OUTPUT_TOP + 1, 1)
    chart = None
    if table is layout.COMPARISON:
        chart = _comparison_extras(wb, ws, fmts, rows, last)
    if table in layout.OUTPUT_TABLES:  # a study's chart is beside its table: its own layout
        set_print(ws, output_sheet_print(len(rows), len(widths), chart, widths, heights))
    else:
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
    write_kept(ws, fmts, kept or [])
    return bulk


def write_kept(ws: Worksheet, fmts: Formats, kept: list[tuple[int, int, Any]]) -> None:
    """A user's notes from the sheet's last version (planner.adapters.file.kept_notes)."""
    for row, col, value in kept:
        write_value(ws, row, col, value, fmts.get(valign="top"))


def _rows(frame: pd.DataFrame, headers: list[str]) -> list[list[Any]]:
    if frame is None or frame.empty:
        return []
    return [[_plain(v) for v in row] for row in frame.reindex(columns=headers).to_numpy().tolist()]


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int:
        return value
    if kind is float:
        return None if math.isnan(value) else value
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


def _fit(rows: list[list[Any]], room: int, *, newest_last: bool) -> tuple[list[list[Any]], int]:
    """The rows that fit under Excel's row limit, and how many were left out.

    The run log keeps its newest rows; other tables keep their first rows.
    """
    if len(rows) <= room:
        return rows, 0
    left_out = len(rows) - room
    return (rows[left_out:] if newest_last else rows[:room]), left_out


def _left_out_note(left_out: int, frame: pd.DataFrame, table: layout.Table) -> str:
    which = "oldest" if table is layout.RUNLOG else "last"
    return (
        f"Excel holds at most {EXCEL_MAX_ROWS:,} rows a sheet: the {which} {left_out:,} of "
        f"{len(frame):,} rows are not shown here. Fewer scenarios, years or units would fit."
    )


def _comparison_extras(
    wb: xlsxwriter.Workbook, ws: Worksheet, fmts: Formats, rows: list[list[Any]], last: int
) -> tuple[int, float] | None:
    """Status in colour, and a chart of unmet harm by scenario, before and after:
    the chart's first row and height in pixels (None without one)."""
    first = OUTPUT_TOP + 1
    headers = layout.COMPARISON.headers
    status = headers.index("Status")
    for word, colour in STATUS_COLOUR.items():
        ws.conditional_format(
            first,
            status,
            last,
            status,
            {
                "type": "cell",
                "criteria": "equal to",
                "value": f'"{word}"',
                "format": fmts.get(font_color=colour, bold=True),
            },
        )
    if not rows:
        return None
    chart = wb.add_chart({"type": "bar"})
    name = ws.get_name()
    for col, colour, label in (
        (headers.index("Baseline unmet harm"), BEFORE, "With today's posts"),
        (headers.index("Unmet harm"), AFTER, "With the plan"),
    ):
        chart.add_series(
            {
                "name": label,
                "categories": [name, first, 0, last, 0],
                "values": [name, first, col, last, col],
                "fill": {"color": colour},
                "gap": 60,
            }
        )
    style_bar_chart(chart, f"{CHART_TITLES[0]} (lower is better)", "#,##0")
    height = 90 + 46 * len(rows)
    chart.set_size({"width": 760, "height": height})
    ws.insert_chart(last + 2, 0, chart, {"description": PLANNER_CHART, "object_position": 1})
    return last + 2, float(height)
