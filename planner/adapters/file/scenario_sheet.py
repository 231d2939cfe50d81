"""A scenario tab drawn with XlsxWriter, from its one description (planner.report.scenario_tab)."""

from __future__ import annotations

from dataclasses import replace

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from planner.adapters.file.charts import style_bar_chart, value_axis
from planner.adapters.file.draw import add_table, write_value
from planner.adapters.file.formats import Formats
from planner.adapters.file.print_setup import set_print
from planner.adapters.package.user_book import PLANNER_BUTTON, PLANNER_CHART
from planner.contract.look import AFTER, BEFORE
from planner.contract.words import RERUN_CAPTION
from planner.report import scenario_tab
from planner.report.kept_notes import HIDDEN_FORMAT, RECORD_CELL, page_cells, page_record
from planner.report.print_layout import scenario_tab_print
from planner.report.scenario_page import ScenarioSheet


def draw_scenario_sheet(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    fmts: Formats,
    sheet: ScenarioSheet,
    tables: dict[str, str],
    macro: str,
) -> None:
    """Paint the tab's one description (planner.report.scenario_tab), and its Re-run button."""
    tab = scenario_tab.describe(sheet)
    for col, width in enumerate(tab.widths):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    set_print(ws, scenario_tab_print(tab.last_row, len(tab.widths) - 1, tab.breaks))
    for row, height in tab.heights.items():
        ws.set_row(row, height)
    for cell in tab.cells:
        _paint_cell(ws, fmts, cell)
    for table in tab.tables:
        _paint_table(ws, fmts, table, tables.get(table.part, table.part.capitalize()))
    for chart in tab.charts:
        _paint_chart(wb, ws, chart, tab.table(chart.part))
    record = page_record(page_cells(tab))
    if record is not None:  # what Planner wrote, to tell a user's notes from it next time
        ws.write_string(*RECORD_CELL, record, fmts.get(num_format=HIDDEN_FORMAT))
    ws.insert_button(  # top right, inside the page's width: it must not widen the printout
        0,
        len(tab.widths) - 3,
        {
            "macro": macro,
            "caption": RERUN_CAPTION,
            "width": 200,
            "height": 34,
            "x_offset": 2,
            "y_offset": 4,
            "description": PLANNER_BUTTON,
        },
    )


def _paint_cell(ws: Worksheet, fmts: Formats, cell: scenario_tab.Cell) -> None:
    fmt = fmts.style(cell.style, cell.number_format)
    last = cell.last_col if cell.last_col is not None else cell.col
    if cell.merge and last > cell.col:
        ws.merge_range(cell.row, cell.col, cell.row, last, "", fmt)
    else:
        for col in range(cell.col + 1, last + 1):  # the style runs on (a section's rule)
            ws.write_blank(cell.row, col, None, fmt)
    write_value(ws, cell.row, cell.col, cell.value, fmt)


def _paint_table(ws: Worksheet, fmts: Formats, table: scenario_tab.Table, name: str) -> None:
    """An Excel table; figures right-aligned under right-aligned headers; the described
    text columns wrapped; marked rows."""
    # Text after a column of figures is indented, so "85.0%" and "Below 60%" do not touch.
    indents = [
        1 if j and not f and table.formats[j - 1] else None for j, f in enumerate(table.formats)
    ]
    # A row some text wraps in is taller: every cell of the table then reads from its top.
    top = "top" if table.wrap else None
    wraps = [True if j in table.wrap else None for j in range(len(table.formats))]
    formats = [
        fmts.number(f, valign=top) if f else fmts.get(indent=indent, text_wrap=wrap, valign=top)
        for f, indent, wrap in zip(table.formats, indents, wraps, strict=True)
    ]
    heads = [
        fmts.header(wrap=table.wrap_header, align="right" if f else None, indent=indent)
        for f, indent in zip(table.formats, indents, strict=True)
    ]
    add_table(
        ws,
        table.row,
        table.col,
        name,
        table.headers,
        table.rows,
        formats,
        style=table.style,
        header=heads,
    )
    for i, style in table.marked.items():
        for j, value in enumerate(table.rows[i]):
            wrapped = replace(style, wrap=True) if wraps[j] else style
            fmt = fmts.style(wrapped, table.formats[j], indent=indents[j])
            write_value(ws, table.row + 1 + i, table.col + j, value, fmt)


def _paint_chart(
    wb: xlsxwriter.Workbook, ws: Worksheet, chart: scenario_tab.Chart, table: scenario_tab.Table
) -> None:
    """Clustered bars of two table columns (before in grey, after in blue), beside it."""
    drawn = wb.add_chart({"type": "bar"})
    name = ws.get_name()
    first, last = table.row + 1, table.last_row
    for col, colour, label in zip(chart.columns, (BEFORE, AFTER), chart.labels, strict=True):
        drawn.add_series(
            {
                "name": label,
                "categories": [name, first, table.col, last, table.col],
                "values": [name, first, table.col + col, last, table.col + col],
                "fill": {"color": colour},
                "gap": 50,
            }
        )
    style_bar_chart(drawn, chart.title, chart.number_format)
    if chart.axis_max is not None:
        drawn.set_x_axis(value_axis(chart.number_format) | {"min": 0, "max": chart.axis_max})
    drawn.set_size({"width": chart.width, "height": chart.height})
    ws.insert_chart(
        chart.row, chart.col, drawn, {"description": PLANNER_CHART, "object_position": 1}
    )
