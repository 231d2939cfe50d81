"""Planner's sheets drawn with XlsxWriter, in a scratch workbook of their own.

The writer (planner.xlsx.write) then moves these sheets, with their tables,
charts and button, into the user's file. Drawing them here, in a new file,
lets XlsxWriter do what it does best (native tables, charts, number formats,
buttons) without ever loading and re-saving the user's workbook.

Every text value is written with write_string, so text that looks like a
formula ("=HYPERLINK(...)", "+cmd") is shown as typed, never evaluated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from planner import layout, scenario_tab
from planner.look import (
    AFTER,
    BEFORE,
    GREY,
    NAVY,
    RED,
    RULE,
    STATUS_COLOUR,
    Style,
    column_format,
)
from planner.look import AMBER as AMBER  # planner.build draws with these from here
from planner.look import GREEN as GREEN
from planner.look import LIGHT as LIGHT
from planner.not_current import output_note
from planner.report import Report
from planner.scenario_page import ScenarioSheet
from planner.xlsx.book import CHART_TITLES, PLANNER_BUTTON, PLANNER_CHART, RERUN_CAPTION

EXCEL_MAX_ROWS = 1_048_576
DEFAULT_MACRO = "SampleCall"

#: Titles and notes of the output sheets, by table name.
OUTPUT_TITLES = {
    "Comparison": "Scenario comparison",
    "Moves": "Moves: transfers, recruitment and attrition by year and role",
    "Plans": "Plans: posts by unit, role and year",
    "Coverage": "Coverage: how much of each stream's work each plan serves",
    "RunLog": "Run log",
}


@dataclass
class RenderPlan:
    """What the writer settled before drawing: names as they will be in the user's file."""

    #: Contract table name -> the sheet it is drawn on (e.g. "RunLog" -> "Run log").
    output_sheets: dict[str, str] = field(default_factory=dict)
    #: Scenario sheet name -> {"units", "coverage", "changes"} -> table name.
    scenario_tables: dict[str, dict[str, str]] = field(default_factory=dict)
    macro: str = DEFAULT_MACRO
    max_rows: int = EXCEL_MAX_ROWS
    #: Filled while drawing: sheet name -> the table rows written later as raw XML.
    bulk: dict[str, Bulk] = field(default_factory=dict)


@dataclass
class Bulk:
    """Body rows of a long table, left for planner.xlsx.cells to write after XlsxWriter.

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


def render_scratch(report: Report, plan: RenderPlan, path: Path) -> list[str]:
    """Draw the output sheets and scenario tabs into a new workbook; their names in order."""
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    fmts = Formats(wb)
    names: list[str] = []
    for table in layout.OUTPUT_TABLES:
        sheet = plan.output_sheets.get(table.name)
        if sheet is not None:
            ws = wb.add_worksheet(sheet)
            bulk = draw_output_sheet(wb, ws, fmts, table, report, plan.max_rows)
            if bulk is not None:
                plan.bulk[sheet] = bulk
            names.append(sheet)
    for scenario in report.scenario_sheets:
        ws = wb.add_worksheet(scenario.sheet_name)
        tables = plan.scenario_tables.get(scenario.sheet_name, {})
        draw_scenario_sheet(wb, ws, fmts, scenario, tables, plan.macro)
        names.append(scenario.sheet_name)
    wb.close()
    return names


class Formats:
    """The workbook's cell formats, made once and shared (XlsxWriter dedups them)."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self._cache: dict[tuple, Format] = {}

    def get(self, **props: Any) -> Format:
        props = {k: v for k, v in props.items() if v is not None}
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self.wb.add_format(props)
        return self._cache[key]

    def title(self) -> Format:
        return self.get(bold=True, font_size=18, font_color=NAVY)

    def subtitle(self) -> Format:
        return self.get(font_size=10, font_color=GREY, italic=True)

    def section(self) -> Format:
        return self.get(bold=True, font_size=13, font_color=NAVY, bottom=2, bottom_color=NAVY)

    def note(self) -> Format:
        return self.get(font_size=9, font_color=GREY)

    def header(
        self, wrap: bool = False, align: str | None = None, indent: int | None = None
    ) -> Format:
        return self.get(
            bold=True,
            font_color="#FFFFFF",
            bg_color=NAVY,
            text_wrap=wrap or None,
            valign="top",
            align=align,
            indent=indent,
        )

    def number(self, num_format: str, **extra: Any) -> Format:
        return self.get(num_format=num_format, **extra)

    def style(
        self, style: Style, num_format: str | None = None, indent: int | None = None
    ) -> Format:
        """A shared cell style (planner.look) as an XlsxWriter format."""
        props: dict[str, Any] = {
            "font_size": style.size if style.size != 11 else None,
            "bold": style.bold or None,
            "italic": style.italic or None,
            "font_color": style.colour,
            "bg_color": style.fill,
            "text_wrap": style.wrap or None,
            "align": style.align,
            "valign": style.valign,
            "num_format": num_format if num_format and num_format != "General" else None,
            "indent": indent,
        }
        if style.rule:
            props |= {"bottom": 2, "bottom_color": NAVY}
        if style.box:
            props |= {"border": 1, "border_color": RULE}
            props |= {"top": {"top": 1, "middle": 0, "bottom": 0}[style.box]}
            props |= {"bottom": {"top": 0, "middle": 0, "bottom": 1}[style.box]}
        return self.get(**props)


# --- Cells ---------------------------------------------------------------------


def write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    """One cell, by type; text always as text, blanks (and "") as formatted blanks."""
    if _blank(value):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Yes" if value else "No", fmt)
    elif isinstance(value, int | float):
        if math.isinf(value):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    elif isinstance(value, datetime | date | pd.Timestamp):
        ws.write_string(row, col, value.strftime("%Y-%m-%d %H:%M:%S"), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value
    )


def column_width(header: str, values: Sequence[Any], cap: int = 48) -> float:
    """Wide enough for the values, and for the header's longest word (headers wrap)."""
    words = max(len(w) for w in header.split()) + 3
    longest = max([words, min(len(header), 14), *(len(_shown(v)) + 2 for v in values[:500])])
    return float(min(max(longest, 9), cap))


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "" if value is None else str(value)


def add_table(
    ws: Worksheet,
    top: int,
    left: int,
    name: str,
    headers: list[str],
    rows: list[list[Any]],
    formats: list[Format | None],
    style: str = "TableStyleMedium2",
    header: Format | list[Format] | None = None,
) -> int:
    """A native Excel table (header + rows) at (top, left); returns its last row.

    A table needs one body row, so an empty one gets a blank row. The header
    gets an explicit format too, so it reads the same in programs that do not
    draw Excel's table styles (LibreOffice).
    """
    last = top + max(len(rows), 1)
    heads = header if isinstance(header, list) else [header] * len(headers)
    columns = [
        {"header": h, "format": f, "header_format": hf}
        for h, f, hf in zip(headers, formats, heads, strict=True)
    ]
    ws.add_table(
        top,
        left,
        last,
        left + len(headers) - 1,
        {"name": name, "columns": columns, "style": style, "autofilter": True},
    )
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            write_value(ws, top + 1 + i, left + j, value, formats[j])
    return last


# --- Output sheets ---------------------------------------------------------------

OUTPUT_TOP = 4  # the table's header row (0-based): title, two notes and a spare line above
MESSAGE_WIDTH = 60.0


def draw_output_sheet(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    fmts: Formats,
    table: layout.Table,
    report: Report,
    max_rows: int,
) -> Bulk | None:
    """Title, a line on what the table is, the table itself; Comparison gets a chart.

    Long tables (all but Comparison) get their rows after the first as a Bulk.
    """
    frame = report.table(table.name)
    rows = _rows(frame, table.headers)
    room = max_rows - (OUTPUT_TOP + 1)
    rows, left_out = _fit(rows, room, newest_last=table is layout.RUNLOG)
    ws.write_string(0, 0, OUTPUT_TITLES.get(table.name, table.name), fmts.title())
    when = f" Last written by Planner at {report.run_at}." if report.run_at else ""
    ws.write_string(1, 0, f"{table.note}{when}", fmts.subtitle())
    ws.write_string(
        2,
        0,
        "Planner rewrites this sheet on every run: keep your own notes and charts on a sheet "
        "of your own.",
        fmts.subtitle(),
    )
    note = _left_out_note(left_out, frame, table) if left_out else output_note(report, table)
    if note:
        ws.write_string(3, 0, note, fmts.get(bold=True, font_color=RED))
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
    if table is not layout.COMPARISON and len(rows) > 1:
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
    if "Message" in table.headers:
        at = table.headers.index("Message")
        for i, row in enumerate(rows):
            ws.set_row(
                OUTPUT_TOP + 1 + i,
                scenario_tab.line_height(str(row[at] or ""), MESSAGE_WIDTH * 1.1),
            )
    ws.freeze_panes(OUTPUT_TOP + 1, 1)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if table is layout.COMPARISON:
        _comparison_extras(wb, ws, fmts, rows, last)
    return bulk


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
) -> None:
    """Status in colour, and a chart of unmet harm by scenario, before and after."""
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
        return
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
    _style_bar_chart(chart, f"{CHART_TITLES[0]} (lower is better)", "#,##0")
    chart.set_size({"width": 760, "height": 90 + 46 * len(rows)})
    ws.insert_chart(last + 2, 0, chart, {"description": PLANNER_CHART, "object_position": 1})


def _value_axis(num_format: str) -> dict[str, Any]:
    return {
        "num_format": num_format,
        "num_font": {"size": 9},
        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
    }


def _style_bar_chart(chart: Any, title: str, num_format: str) -> None:
    chart.set_title({"name": title, "name_font": {"size": 12, "bold": True, "color": NAVY}})
    # In an XlsxWriter bar chart the y axis holds the categories: reversed, they
    # read top-down in the table's order.
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 9}})
    chart.set_x_axis(_value_axis(num_format))
    chart.set_legend({"position": "top"})
    chart.set_chartarea({"border": {"none": True}})


# --- Scenario tabs -----------------------------------------------------------------


def draw_scenario_sheet(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    fmts: Formats,
    sheet: ScenarioSheet,
    tables: dict[str, str],
    macro: str,
) -> None:
    """Paint the tab's one description (planner.scenario_tab), and its Re-run button."""
    tab = scenario_tab.describe(sheet)
    for col, width in enumerate(tab.widths):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    for row, height in tab.heights.items():
        ws.set_row(row, height)
    for cell in tab.cells:
        _paint_cell(ws, fmts, cell)
    for table in tab.tables:
        _paint_table(ws, fmts, table, tables.get(table.part, table.part.capitalize()))
    for chart in tab.charts:
        _paint_chart(wb, ws, chart, tab.table(chart.part))
    ws.insert_button(
        0,
        10,
        {
            "macro": macro,
            "caption": RERUN_CAPTION,
            "width": 210,
            "height": 34,
            "x_offset": 6,
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
    """An Excel table; figures right-aligned under right-aligned headers; marked rows."""
    # Text after a column of figures is indented, so "85.0%" and "Below 60%" do not touch.
    indents = [
        1 if j and not f and table.formats[j - 1] else None for j, f in enumerate(table.formats)
    ]
    formats = [
        fmts.number(f) if f else fmts.get(indent=indent)
        for f, indent in zip(table.formats, indents, strict=True)
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
            fmt = fmts.style(style, table.formats[j], indent=indents[j])
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
    _style_bar_chart(drawn, chart.title, chart.number_format)
    if chart.axis_max is not None:
        drawn.set_x_axis(_value_axis(chart.number_format) | {"min": 0, "max": chart.axis_max})
    drawn.set_size({"width": chart.width, "height": chart.height})
    ws.insert_chart(
        chart.row, chart.col, drawn, {"description": PLANNER_CHART, "object_position": 1}
    )
