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

from optimise.result import OPTIMAL, TIME_LIMIT
from planner import layout
from planner.not_current import output_note
from planner.report import (
    MARKER_CELL,
    SCENARIO_CELL,
    SCENARIO_TAB_MARKER,
    Headline,
    Report,
    ScenarioSheet,
)
from planner.xlsx.book import CHART_TITLES, PLANNER_BUTTON, PLANNER_CHART, RERUN_CAPTION

EXCEL_MAX_ROWS = 1_048_576
DEFAULT_MACRO = "SampleCall"

NAVY = "#1F3864"
GREY = "#595959"
LIGHT = "#F2F2F2"
BEFORE = "#A5A5A5"
AFTER = "#2E75B6"
RED = "#C00000"
AMBER = "#BF8F00"
GREEN = "#38761D"
STATUS_COLOUR = {"Optimal": GREEN, "Time limit": AMBER, "Infeasible": RED}

CHANGE_FMT = "+#,##0;-#,##0;0"
CHANGE_FMT_1DP = "+#,##0.0;-#,##0.0;0.0"
PTS_FMT = '+0.0" pts";-0.0" pts";0.0" pts"'
PCT = "0.0%"
GBP_M = '£#,##0.0,,"m"'

#: Titles and notes of the output sheets, by table name.
OUTPUT_TITLES = {
    "Comparison": "Scenario comparison",
    "Plans": "Plans: posts by unit, role and year",
    "Coverage": "Coverage: how much of each stream's work each plan serves",
    "RunLog": "Run log",
}

#: Scenario tab column widths (A..N): names in A and B (40 characters, room for
#: "National Child Abuse Investigation Unit"), figures in C:E, charts in G:N.
#: The four cards are 40 characters wide each: A, B, C:E, F:I.
TAB_WIDTHS = [40, 40, 14, 14, 14, 10, 10, 10, 10, 10, 10, 10, 10, 10]
CARD_SPANS = [(0, 0), (1, 1), (2, 4), (5, 8)]
CHART_COL = 6
CHART_MAX_BARS = 60
LAST_COL = 13


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


# --- Cells ---------------------------------------------------------------------


def write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    """One cell, by type; text always as text, blanks as formatted blanks."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
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


def _is_whole(values: Sequence[Any]) -> bool:
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return all(float(v).is_integer() for v in numbers if not math.isnan(v))


HARM_COLUMNS = frozenset({"Unmet harm", "Baseline unmet harm", "Harm reduction per £1m"})


def column_format(table: str, column: layout.Column, values: Sequence[Any]) -> str | None:
    """The number format of an output column: by its kind, and whole or not by its data."""
    whole = _is_whole(values)
    if column.name in HARM_COLUMNS:  # a relative scale: its decimals mean nothing to a reader
        return "#,##0"
    if column.name == "Change":
        return CHANGE_FMT if whole else CHANGE_FMT_1DP
    if column.name == "Seconds":
        return "0.00"
    if column.kind == layout.PERCENT:
        return PCT
    if column.kind == layout.MONEY:
        return GBP_M if table == "Comparison" else "£#,##0"
    if column.kind == layout.YEAR:
        return "0"
    if column.kind in (layout.NUMBER, layout.WHOLE):
        return "#,##0" if whole else "#,##0.0"
    return None


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
            ws.set_row(OUTPUT_TOP + 1 + i, _height(str(row[at] or ""), MESSAGE_WIDTH * 1.1))
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
    """An executive's page: who/what/when, cards, key figures, by unit, by stream, limits.

    A scenario without a plan (infeasible) leads with what would make it
    possible, and shows only the figures it has.
    """
    for col, width in enumerate(TAB_WIDTHS):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    row = _tab_header(ws, fmts, sheet, macro)
    if sheet.status not in (OPTIMAL, TIME_LIMIT):
        row = _text_section(ws, fmts, sheet.limits_title, sheet.limits, row + 1, bullet=True)
        known = [h for h in sheet.headlines if h.value is not None or h.before is not None]
        row = _key_figures(ws, fmts, known, row + 1)
        if sheet.notes:
            _text_section(ws, fmts, "Notes", sheet.notes, row + 1, bullet=False)
        return
    row = _cards(ws, fmts, [h for h in sheet.headlines if h.highlight], row + 1)
    row = _key_figures(ws, fmts, sheet.headlines, row + 1)
    if not sheet.by_unit.empty:
        row = _units_section(wb, ws, fmts, sheet, tables.get("units", "Units"), row + 1)
    if not sheet.coverage.empty:
        row = _coverage_section(wb, ws, fmts, sheet, tables.get("coverage", "Coverage"), row + 1)
    if not sheet.changes.empty:
        row = _changes_section(ws, fmts, sheet, tables.get("changes", "Changes"), row + 1)
    row = _text_section(ws, fmts, sheet.limits_title, sheet.limits, row + 1, bullet=True)
    if sheet.notes:
        _text_section(ws, fmts, "Notes", sheet.notes, row + 1, bullet=False)


def _tab_header(ws: Worksheet, fmts: Formats, sheet: ScenarioSheet, macro: str) -> int:
    """Marker (A1), scenario name (A2), description, run line, status message, button."""
    _, marker_col = _cell(MARKER_CELL)
    name_row, name_col = _cell(SCENARIO_CELL)
    ws.write_string(
        0, marker_col, SCENARIO_TAB_MARKER, fmts.get(font_size=9, font_color=GREY, bold=True)
    )
    ws.set_row(name_row, 30)
    ws.write_string(
        name_row, name_col, sheet.scenario, fmts.get(bold=True, font_size=20, font_color=NAVY)
    )
    ws.write_string(2, 0, sheet.description, fmts.get(italic=True, font_color=GREY, font_size=11))
    ws.write_string(3, 0, sheet.run_info, fmts.note())
    colour = STATUS_COLOUR.get(sheet.status, GREY)
    ws.merge_range(
        4, 0, 4, LAST_COL, "", fmts.get(text_wrap=True, valign="top", bold=True, font_color=colour)
    )
    ws.write_string(
        4, 0, sheet.message, fmts.get(text_wrap=True, valign="top", bold=True, font_color=colour)
    )
    ws.set_row(4, _height(sheet.message, 190))
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
    return 5


def _cell(address: str) -> tuple[int, int]:
    from xlsxwriter.utility import xl_cell_to_rowcol

    return xl_cell_to_rowcol(address)


def _height(text: str, chars_per_line: int) -> float:
    lines = max(1, math.ceil(len(text) / chars_per_line))
    return 15.0 * lines + 3


def _cards(ws: Worksheet, fmts: Formats, cards: list[Headline], row: int) -> int:
    """Up to four figures in boxes: label, big value, a note under it."""
    if not cards:
        return row
    ws.set_row(row + 1, 36)
    ws.set_row(row + 2, 28)
    box = {"bg_color": LIGHT, "border": 1, "border_color": "#D9D9D9"}
    for (first, last), card in zip(CARD_SPANS, cards[:4], strict=False):
        label = fmts.get(font_size=10, font_color=GREY, bold=True, **box, bottom=0)
        value = fmts.get(
            font_size=22,
            bold=True,
            font_color=NAVY,
            num_format=card.number_format,
            align="left",
            valign="vcenter",
            **box,
            top=0,
            bottom=0,
        )
        note = fmts.get(font_size=9, font_color=GREY, text_wrap=True, valign="top", **box, top=0)
        _merged(ws, row, first, last, card.label, label)
        shown = "–" if card.value is None else card.value
        _merged(ws, row + 1, first, last, shown, value)
        _merged(ws, row + 2, first, last, _card_note(card), note)
    return row + 3


def _card_note(card: Headline) -> str:
    if card.before is None or card.value is None or not isinstance(card.value, int | float):
        return card.note
    if card.number_format == PCT:
        return f"{card.note}; {card.before:.1%} with today's posts".lstrip("; ")
    return f"{card.note}; {card.before:,.0f} with today's posts".lstrip("; ")


def _merged(ws: Worksheet, row: int, first: int, last: int, value: Any, fmt: Format) -> None:
    if first == last:
        write_value(ws, row, first, value, fmt)
        return
    ws.merge_range(row, first, row, last, "", fmt)
    write_value(ws, row, first, value, fmt)


def _key_figures(ws: Worksheet, fmts: Formats, headlines: list[Headline], row: int) -> int:
    """Every headline: today's posts, this plan, the change, what it means."""
    ws.write_string(row, 0, "Key figures", fmts.section())
    for col in range(1, LAST_COL + 1):
        ws.write_blank(row, col, None, fmts.section())
    headers = ["Measure", "What it means", "Today", "This plan", "Change"]
    for col, text in enumerate(headers):
        ws.write_string(row + 1, col, text, fmts.header(align="right" if col > 1 else None))
    for i, h in enumerate(headlines):
        r = row + 2 + i
        stripe = {"bg_color": LIGHT} if i % 2 == 0 else {}
        ws.write_string(r, 0, h.label, fmts.get(valign="top", **stripe))
        note = fmts.get(font_size=9, font_color=GREY, text_wrap=True, valign="top", **stripe)
        ws.write_string(r, 1, h.note, note)
        write_value(ws, r, 2, h.before, fmts.number(h.number_format, valign="top", **stripe))
        shown = "–" if h.value is None else h.value
        bold = fmts.number(h.number_format, bold=True, align="right", valign="top", **stripe)
        write_value(ws, r, 3, shown, bold)
        change, change_fmt = _change(h)
        write_value(ws, r, 4, change, fmts.number(change_fmt, valign="top", **stripe))
        if len(h.note) > 52:
            ws.set_row(r, 15.0 * math.ceil(len(h.note) / 52) + 1)
    return row + 2 + len(headlines)


def _change(h: Headline) -> tuple[float | None, str]:
    if not isinstance(h.value, int | float) or h.before is None:
        return None, "General"
    diff = float(h.value) - float(h.before)
    if h.number_format == PCT:
        return diff * 100, PTS_FMT
    return diff, CHANGE_FMT


def _section_title(ws: Worksheet, fmts: Formats, row: int, text: str) -> None:
    ws.write_string(row, 0, text, fmts.section())
    for col in range(1, LAST_COL + 1):
        ws.write_blank(row, col, None, fmts.section())


def _heads(fmts: Formats, count: int) -> list[Format]:
    """Scenario tables: names in the first two columns, figures (right-aligned) after."""
    return [fmts.header(align="right" if i > 1 else None) for i in range(count)]


def _frame_rows(frame: pd.DataFrame, max_rows: int) -> list[list[Any]]:
    return [[_plain(v) for v in r] for r in frame.to_numpy().tolist()][:max_rows]


def _units_section(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    fmts: Formats,
    sheet: ScenarioSheet,
    name: str,
    row: int,
) -> int:
    year = sheet.final_year or "final year"
    _section_title(ws, fmts, row, f"Posts by unit: today and in {year}")
    top = row + 1
    rows = _frame_rows(sheet.by_unit, EXCEL_MAX_ROWS - top - 2)
    whole = _is_whole([v for r in rows for v in r[2:]])
    posts = fmts.number("#,##0" if whole else "#,##0.0")
    change = fmts.number(CHANGE_FMT if whole else CHANGE_FMT_1DP)
    formats = [fmts.get(), fmts.get(), posts, posts, change]
    last = add_table(
        ws, top, 0, name, list(sheet.by_unit.columns), rows, formats, header=_heads(fmts, 5)
    )
    chart = _before_after_chart(
        wb,
        ws,
        top,
        last,
        (2, 3),
        "#,##0",
        f"{CHART_TITLES[1]} {year}",
        ("Today", f"Plan, {year}"),
    )
    return _place_chart(ws, fmts, chart, top, last, len(rows))


def _coverage_section(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    fmts: Formats,
    sheet: ScenarioSheet,
    name: str,
    row: int,
) -> int:
    year = sheet.final_year or "final year"
    _section_title(
        ws, fmts, row, f"Coverage of demand by stream: today's posts and the plan, {year}"
    )
    top = row + 1
    rows = _frame_rows(sheet.coverage, EXCEL_MAX_ROWS - top - 2)
    pct = fmts.number(PCT)
    formats = [fmts.get(), fmts.get(), pct, pct]
    last = add_table(
        ws, top, 0, name, list(sheet.coverage.columns), rows, formats, header=_heads(fmts, 4)
    )
    chart = _before_after_chart(
        wb,
        ws,
        top,
        last,
        (2, 3),
        "0%",
        f"{CHART_TITLES[2]}, {year}",
        ("With today's posts", f"With the plan, {year}"),
    )
    chart.set_x_axis(_value_axis("0%") | {"min": 0, "max": 1})
    return _place_chart(ws, fmts, chart, top, last, len(rows))


def _place_chart(ws: Worksheet, fmts: Formats, chart: Any, top: int, last: int, bars: int) -> int:
    """The chart beside its table, as tall as its bars need; the next free row.

    Beyond CHART_MAX_BARS categories a bar chart is unreadable: the table
    alone is shown, with a note saying so.
    """
    if bars > CHART_MAX_BARS:
        ws.write_string(
            top, CHART_COL, f"Too many rows ({bars}) to chart: see the table.", fmts.note()
        )
        return last + 1
    height = 100 + (34 if bars <= 20 else 22) * bars
    chart.set_size({"width": 620, "height": height})
    ws.insert_chart(top, CHART_COL, chart, {"description": PLANNER_CHART, "object_position": 1})
    return max(last, top + math.ceil(height / 20)) + 1


def _before_after_chart(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    top: int,
    last: int,
    cols: tuple[int, int],
    num_format: str,
    title: str,
    labels: tuple[str, str],
) -> Any:
    """A clustered bar chart of two table columns (before in grey, after in blue)."""
    chart = wb.add_chart({"type": "bar"})
    name = ws.get_name()
    for col, colour, label in zip(cols, (BEFORE, AFTER), labels, strict=True):
        chart.add_series(
            {
                "name": label,
                "categories": [name, top + 1, 0, last, 0],
                "values": [name, top + 1, col, last, col],
                "fill": {"color": colour},
                "gap": 50,
            }
        )
    _style_bar_chart(chart, title, num_format)
    return chart


def _changes_section(
    ws: Worksheet, fmts: Formats, sheet: ScenarioSheet, name: str, row: int
) -> int:
    year = sheet.final_year or "the final year"
    _section_title(ws, fmts, row, f"The largest changes by {year}")
    rows = _frame_rows(sheet.changes, EXCEL_MAX_ROWS - row - 3)
    whole = _is_whole([v for r in rows for v in r[2:]])
    posts = fmts.number("#,##0" if whole else "#,##0.0")
    change = fmts.number(CHANGE_FMT if whole else CHANGE_FMT_1DP)
    formats = [fmts.get(), fmts.get(), posts, posts, change]
    return (
        add_table(
            ws,
            row + 1,
            0,
            name,
            list(sheet.changes.columns),
            rows,
            formats,
            style="TableStyleLight9",
            header=_heads(fmts, 5),
        )
        + 1
    )


def _text_section(
    ws: Worksheet, fmts: Formats, title: str, lines: list[str], row: int, *, bullet: bool
) -> int:
    """A titled list of sentences, each across the page, wrapped."""
    _section_title(ws, fmts, row, title)
    fmt = fmts.get(
        text_wrap=True,
        valign="top",
        font_size=11 if bullet else 9,
        font_color="#000000" if bullet else GREY,
    )
    if not lines:
        lines = ["Nothing holds this plan back: no limit is binding."] if bullet else []
    for i, line in enumerate(lines):
        text = f"•  {line}" if bullet else line
        r = row + 1 + i
        ws.merge_range(r, 0, r, LAST_COL, "", fmt)
        ws.write_string(r, 0, text, fmt)
        ws.set_row(r, _height(text, 190))
    return row + 1 + len(lines)
