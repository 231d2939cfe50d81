"""The xlwings adapter: a live workbook as a `WorkbookReader` and `WorkbookWriter`.

The same code serves every xlwings engine: desktop Excel on Windows and Mac
(COM / AppleScript, through RunPython) and the remote engine behind xlwings
Server, the VBA `RunRemotePython` client and the Office.js add-in. It touches
cells only through the public xlwings API, reads each table in one call and
writes each table in one call, because on the desktop every call is a round
trip to Excel and on the remote engine every call is an action the client
replays.

Engines differ in what they can do (docs/xlwings-remote.md): the remote engine
has no status bar; the VBA client cannot make charts, set fonts or move sheets.
`Capabilities` records that once, so the writer degrades in one place: where
native charts are impossible it writes in-cell bars and says so on the sheet.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
import xlwings as xw

from planner import layout
from planner.report import (
    MARKER_CELL,
    SCENARIO_CELL,
    SCENARIO_TAB_MARKER,
    Headline,
    Report,
    ScenarioSheet,
    resolve_sheet_names,
    tab_scenario,
)
from planner.tables import RawTable, Unreadable

log = logging.getLogger(__name__)

#: Excel number formats by column kind, the same the file writer uses.
NUMBER_FORMATS = {
    layout.PERCENT: "0.0%",
    layout.MONEY: "£#,##0",
    layout.NUMBER: "#,##0.0",
    layout.WHOLE: "0",
    layout.YEAR: "0",
}
#: Columns whose numbers read better without decimals.
WHOLE_NUMBER_COLUMNS = {
    "Unmet harm",
    "Baseline unmet harm",
    "Unmet cases",
    "Harm reduction per £1m",
}
TABLE_STYLE = "TableStyleMedium2"
SUBTLE_FILL = "#D9E1F2"

#: Where the Start sheet lists input problems: a workbook-scoped name for its
#: first cell, else the cell below a heading that reads PROBLEMS_HEADING.
PROBLEMS_NAME = "InputProblems"
PROBLEMS_HEADING = "Input problems"
PROBLEMS_ROWS = 200  # rows cleared below the anchor before a new list is written

#: Clients of the remote engine and the actions each can replay (from
#: xlwings/addin/Remote.bas for VBA, xlwings-server's JS for Office.js).
VBA_CLIENT = "VBA"
OFFICEJS_CLIENT = "Office.js"


@dataclass(frozen=True)
class Capabilities:
    """What the engine behind a book can do beyond values, tables and formats."""

    engine: str  # "excel" on the desktop, "remote" for xlwings Server clients
    client: str  # the remote client ("VBA", "Office.js", ...), "" on the desktop
    status_bar: bool
    charts: bool
    fonts: bool
    sheet_position: bool  # can put a new sheet where the old one was

    @classmethod
    def of(cls, book: xw.Book) -> Capabilities:
        engine = book.app.engine.name
        if engine != "remote":
            return cls(engine, "", status_bar=True, charts=True, fonts=True, sheet_position=True)
        client = str(book.api.get("client", ""))
        officejs = client == OFFICEJS_CLIENT
        return cls(
            engine,
            client,
            status_bar=False,
            charts=officejs,
            fonts=officejs,
            sheet_position=officejs,
        )


class XlwingsWorkbook:
    """A live workbook seen through xlwings: read its tables, write a Report."""

    def __init__(self, book: xw.Book) -> None:
        self.book = book
        self.caps = Capabilities.of(book)
        self._table_names: set[str] = set()

    # --- reading ---------------------------------------------------------------

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def read_tables(self) -> dict[str, RawTable]:
        """Every Excel table, read whole: one range read per table."""
        tables: dict[str, RawTable] = {}
        for sheet in self.book.sheets:
            for table in sheet.tables:
                tables[table.name] = _raw_table(sheet, table)
        return tables

    # --- writing ---------------------------------------------------------------

    def write_report(self, report: Report) -> None:
        """Replace the output tables and the tabs of the scenarios that ran."""
        outputs = (
            (layout.COMPARISON, report.comparison),
            (layout.PLANS, report.plans),
            (layout.COVERAGE, report.coverage),
            (layout.RUNLOG, report.runlog),
        )
        for spec, frame in outputs:
            self.progress(f"Planner: writing {spec.name}...")
            self.replace_table(spec, frame)
        resolve_sheet_names(
            report.scenario_sheets, existing=self.sheet_names(), carriers=self.scenario_tabs()
        )
        for page in report.scenario_sheets:
            self.progress(f"Planner: writing the {page.scenario} tab...")
            self.write_scenario_sheet(page)
        if report.scenario_sheets:
            self._sheet(report.scenario_sheets[-1].sheet_name).activate()

    def scenario_tabs(self) -> dict[str, str]:
        """Scenario -> the tab that carries it, found by the marker in A1 and name in A2."""
        carriers: dict[str, str] = {}
        for sheet in self.book.sheets:
            if sheet.name in layout.INPUT_SHEETS or sheet.name in layout.OUTPUT_SHEETS:
                continue
            marker, name = sheet[f"{MARKER_CELL}:{SCENARIO_CELL}"].options(ndim=1).value
            scenario = tab_scenario(marker, name)
            if scenario is not None:
                carriers.setdefault(scenario, sheet.name)
        return carriers

    def replace_table(self, spec: layout.Table, frame: pd.DataFrame) -> None:
        """Make table `spec` hold `frame`: one resize, one write, formats by column."""
        table = self._find_table(spec.name) or self._add_output_table(spec)
        sheet = table.parent
        top_left = table.range[0, 0]
        rows = table_values(spec.headers, frame)
        old_rows = _body_row_count(table)
        new_rows = max(len(rows), 1)
        table.resize(top_left.resize(new_rows + 1, len(spec.headers)))
        if old_rows > new_rows:
            first = top_left.offset(new_rows + 1, 0)
            sheet.range(first, first.offset(old_rows - new_rows - 1, len(spec.headers) - 1)).clear()
        if rows:
            top_left.value = [spec.headers, *rows]
        else:
            top_left.value = [spec.headers]
            top_left.offset(1, 0).resize(1, len(spec.headers)).clear_contents()
        body = top_left.offset(1, 0)
        for i, column in enumerate(spec.columns):
            fmt = number_format(column)
            if fmt:
                body.offset(0, i).resize(new_rows, 1).number_format = fmt

    def write_scenario_sheet(self, page: ScenarioSheet) -> None:
        """Make the scenario's tab anew, where the old one was (or at the end)."""
        sheet = self._fresh_sheet(page.sheet_name)
        ScenarioPage(self, sheet, page).write()

    # --- talking to the user ---------------------------------------------------

    def progress(self, text: str) -> None:
        """Show progress on Excel's status bar; engines without one show nothing."""
        if not self.caps.status_bar:
            return
        try:
            self.book.app.status_bar = text
        except Exception:  # a busy or closing Excel must not stop the run
            log.debug("status bar unavailable", exc_info=True)

    def done(self) -> None:
        """Give the status bar back to Excel."""
        if self.caps.status_bar:
            try:
                self.book.app.status_bar = False
            except Exception:
                log.debug("status bar unavailable", exc_info=True)

    def alert(self, text: str, title: str = "Planner", *, critical: bool = False) -> None:
        """A message box. On the remote engine it is queued, and should be last."""
        mode = "critical" if critical else "info"
        try:
            self.book.app.alert(text, title=title, buttons="ok", mode=mode)
        except Exception:  # an engine without alerts still gets the Start list
            log.warning("could not show a message box: %s", text)

    def show_problems(self, lines: Sequence[str]) -> None:
        """List input problems on the Start sheet (and nothing else changes)."""
        anchor = self._problems_anchor()
        if anchor is None:
            log.warning("no place for input problems on the Start sheet")
            return
        anchor.resize(PROBLEMS_ROWS, 1).clear_contents()
        if lines:
            anchor.value = [[text_cell(line)] for line in lines]

    def clear_problems(self) -> None:
        anchor = self._problems_anchor()
        if anchor is not None:
            anchor.resize(PROBLEMS_ROWS, 1).clear_contents()

    # --- helpers ---------------------------------------------------------------

    def _find_table(self, name: str) -> Any:
        for sheet in self.book.sheets:
            for table in sheet.tables:
                if table.name == name:
                    return table
        return None

    def _add_output_table(self, spec: layout.Table) -> Any:
        """Recreate an output table someone deleted, at A1 of its sheet."""
        sheet = self._sheet(spec.sheet) or self.book.sheets.add(
            spec.sheet, after=self.book.sheets[-1]
        )
        sheet["A1"].value = [spec.headers, [None] * len(spec.headers)]
        source = sheet["A1"].resize(2, len(spec.headers))
        return sheet.tables.add(
            source=source, name=spec.name, has_headers=True, table_style_name=TABLE_STYLE
        )

    def _sheet(self, name: str) -> Any:
        for sheet in self.book.sheets:
            if sheet.name.casefold() == name.casefold():
                return sheet
        return None

    def _fresh_sheet(self, name: str) -> Any:
        """An empty sheet called `name`: the old one is deleted, not cleared,
        so its charts, pictures and tables go with it."""
        old = self._sheet(name)
        sheets = self.book.sheets
        if old is None:
            return sheets.add(name, after=sheets[-1])
        position = old.index  # 1-based
        old.delete()
        if not self.caps.sheet_position or position > len(sheets):
            return sheets.add(name, after=sheets[-1])
        if position == 1:
            return sheets.add(name, before=sheets[0])
        # `after` rather than `before`: the remote engine's `before` lands one early.
        return sheets.add(name, after=sheets[position - 2])

    def _problems_anchor(self) -> Any:
        try:
            name = self.book.names[PROBLEMS_NAME]
            return name.refers_to_range
        except Exception:
            pass
        start = self._sheet(layout.START_SHEET)
        if start is None:
            return None
        values = start.used_range.options(ndim=2).value or []
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                if (
                    isinstance(value, str)
                    and value.strip().casefold() == PROBLEMS_HEADING.casefold()
                ):
                    return start.range((r + 2, c + 1))
        return None

    def table_name(self, sheet_name: str, part: str) -> str:
        """A workbook-unique Excel table name for a table on a scenario tab."""
        base = f"{part}_{re.sub(r'[^0-9A-Za-z_]', '_', sheet_name)}"[:200]
        taken = {t.name.casefold() for s in self.book.sheets for t in s.tables}
        taken |= self._table_names
        name, n = base, 2
        while name.casefold() in taken:
            name, n = f"{base}_{n}", n + 1
        self._table_names.add(name.casefold())
        return name


@dataclass
class PlacedTable:
    """A table just written on a scenario tab. The remote engine does not read
    back what a run writes, so charts are built from this, not from the sheet."""

    top_left: Any  # xw.Range of the header's first cell
    headers: list[str]
    rows: list[list[Any]]

    def column(self, name: str) -> Any:
        """The body cells of one column."""
        return self.top_left.offset(1, self.headers.index(name)).resize(len(self.rows), 1)

    def values(self, name: str) -> list[Any]:
        i = self.headers.index(name)
        return [row[i] for row in self.rows]


class ScenarioPage:
    """Lays out one scenario's tab for an executive, top to bottom.

    Title, the question, the status in words, headline figures, then the
    before/after table by unit, the changes that matter, coverage by stream,
    and the binding limits in words. Charts sit to the right of the tables.
    """

    CHART_COLUMN = 9  # column I: right of the widest table and its bars
    CHART_WIDTH, CHART_HEIGHT = 460, 260

    def __init__(self, workbook: XlwingsWorkbook, sheet: Any, page: ScenarioSheet) -> None:
        self.wb = workbook
        self.sheet = sheet
        self.page = page
        self.row = 1  # next free sheet row

    def write(self) -> None:
        self.write_heading()
        self.write_headlines(self.page.headlines)
        by_unit = self.write_table("Posts by unit, before and after", "ByUnit", self.page.by_unit)
        self.write_table("The changes that matter", "Changes", self.page.changes)
        coverage = self.write_table(
            "Coverage of each stream's work, final year", "Cover", self.page.coverage
        )
        self.write_lines(self.page.limits_title, self.page.limits)
        self.write_lines("Notes", self.page.notes)
        self.add_charts(by_unit, coverage)
        self.sheet.range((2, 1), (max(self.row, 3), 7)).columns.autofit()

    def write_heading(self) -> None:
        """A1 the marker and A2 the scenario's exact name: how a re-run finds this tab."""
        p = self.page
        lines = [SCENARIO_TAB_MARKER, p.scenario, p.description, p.run_info, p.message]
        self.sheet.range(MARKER_CELL).value = [[text_cell(line)] for line in lines]
        if self.wb.caps.fonts:
            title = self.sheet.range(SCENARIO_CELL)
            title.font.bold = True
            title.font.size = 16
            self.sheet.range(MARKER_CELL).font.color = "#808080"
        self.row = len(lines) + 2

    def write_headlines(self, headlines: list[Headline]) -> None:
        if not headlines:
            return
        self.section("Headline figures")
        first = self.row
        self.sheet.range((first, 1)).value = [
            ["Figure", "This plan", "Today", "What it means"],
            *[
                [text_cell(h.label), _cell(h.value), _cell(h.before), text_cell(h.note)]
                for h in headlines
            ],
        ]
        self.shade(self.sheet.range((first, 1)).resize(1, 4))
        for i, h in enumerate(headlines, start=1):
            if h.number_format and h.number_format != "General":
                self.sheet.range((first + i, 2)).resize(1, 2).number_format = h.number_format
        self.row = first + len(headlines) + 2

    def write_table(self, heading: str, part: str, frame: pd.DataFrame) -> PlacedTable | None:
        """A titled Excel table, written in one call."""
        if frame is None or frame.empty:
            return None
        self.section(heading)
        headers = [str(c) for c in frame.columns]
        rows = table_values(headers, frame)
        top_left = self.sheet.range((self.row, 1))
        top_left.value = [headers, *rows]
        self.sheet.tables.add(
            source=top_left.resize(len(rows) + 1, len(headers)),
            name=self.wb.table_name(self.page.sheet_name, part),
            has_headers=True,
            table_style_name=TABLE_STYLE,
        )
        for i, header in enumerate(headers):
            fmt = _format_for_header(header)
            if fmt:
                top_left.offset(1, i).resize(len(rows), 1).number_format = fmt
        self.row += len(rows) + 2
        return PlacedTable(top_left, headers, rows)

    def write_lines(self, heading: str, lines: list[str]) -> None:
        if not lines:
            return
        self.section(heading)
        self.sheet.range((self.row, 1)).value = [[text_cell(line)] for line in lines]
        self.row += len(lines) + 1

    def section(self, heading: str) -> None:
        cell = self.sheet.range((self.row, 1))
        cell.value = text_cell(heading)
        if self.wb.caps.fonts:
            cell.font.bold = True
            cell.font.size = 12
        self.row += 1

    def shade(self, header: Any) -> None:
        """A header row that is not an Excel table: a fill every client can set."""
        header.color = SUBTLE_FILL

    def add_charts(self, by_unit: PlacedTable | None, coverage: PlacedTable | None) -> None:
        """Native charts where the engine makes them, in-cell bars elsewhere."""
        if self.wb.caps.charts:
            self.native_chart(by_unit, ("Posts before", "Posts after"), "Posts by unit", 0)
            self.native_chart(
                coverage, ("Coverage before", "Coverage after"), "Coverage by stream", 1
            )
        else:
            self.bars(by_unit, "Posts after")
            self.bars(coverage, "Coverage after")

    def native_chart(
        self, table: PlacedTable | None, columns: tuple[str, str], title: str, slot: int
    ) -> None:
        """A clustered bar chart of two adjacent columns against the first column."""
        if table is None or not all(c in table.headers for c in columns):
            return
        first, last = (table.headers.index(c) for c in columns)
        if last != first + 1:
            return
        series = table.top_left.offset(0, first).resize(len(table.rows) + 1, 2)
        chart = self.sheet.charts.add(
            chart_type="bar_clustered",
            source=series,
            anchor=self.sheet.range((5 + slot * 20, self.CHART_COLUMN)),
            width=self.CHART_WIDTH,
            height=self.CHART_HEIGHT,
            name=title,
        )
        try:
            chart.set_x_axis_values(table.column(table.headers[0]))
            chart.title = title
        except (NotImplementedError, AttributeError):
            log.debug("chart details not supported here", exc_info=True)

    def bars(self, table: PlacedTable | None, column: str) -> None:
        """A text bar beside a table: readable in every client, and says it is text."""
        if table is None or column not in table.headers:
            return
        target = table.top_left.offset(0, len(table.headers) + 1)
        bars = text_bars(table.values(column))
        target.value = [[f"{column} (bar)"], *[[bar] for bar in bars], [NO_CHARTS_NOTE]]


NO_CHARTS_NOTE = "Bars are text: charts need Excel with Python or the Planner add-in."


# --- values ------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "'")
_NUMBERISH = re.compile(r"^[\s£$€(]*[-+]?[\d.,\s]+(e[-+]?\d+)?[%)]?\s*$", re.IGNORECASE)
_DATEISH = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?([ T].*)?$")
_TIMEISH = re.compile(r"^\s*\d{1,2}:\d{2}")


def text_cell(value: Any) -> Any:
    """Text exactly as given: Excel must not read it as a formula, number or date.

    A leading apostrophe is Excel's own "this is text" mark; it is not part of
    the cell's value. It is added only where Excel would otherwise convert.
    """
    if not isinstance(value, str) or value == "":
        return value if value != "" else None
    if (
        value.startswith(FORMULA_START)
        or value.strip().upper() in ("TRUE", "FALSE")
        or _NUMBERISH.match(value)
        or _DATEISH.match(value)
        or _TIMEISH.match(value)
    ):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """One value as xlwings writes it: plain Python, blanks as None, text kept text."""
    if value is None:
        return None
    if isinstance(value, str):
        return text_cell(value)
    if isinstance(value, bool):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, datetime | date):
        return value
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


def table_values(headers: Sequence[str], frame: pd.DataFrame | None) -> list[list[Any]]:
    """The body of a table as rows in `headers` order; missing columns are blank.

    Column by column rather than cell by cell: numbers go through pandas in one
    step, and only text and odd values are looked at one by one.
    """
    if frame is None or frame.empty:
        return []
    columns = [_column_values(frame[h]) if h in frame.columns else None for h in headers]
    blank = [None] * len(frame)
    return [
        list(row) for row in zip(*(c if c is not None else blank for c in columns), strict=True)
    ]


def _column_values(column: pd.Series) -> list[Any]:
    if not pd.api.types.is_float_dtype(column):
        return [_cell(v) for v in column.tolist()]
    numbers = column.astype("float64")
    return [None if (math.isnan(v) or math.isinf(v)) else v for v in numbers.tolist()]


def text_bars(values: Iterable[Any], width: int = 20) -> list[str]:
    """Unicode block bars scaled to the largest value."""
    numbers = [v if isinstance(v, int | float) and not isinstance(v, bool) else 0 for v in values]
    top = max((abs(v) for v in numbers), default=0) or 1
    return ["█" * round(width * abs(v) / top) for v in numbers]


def number_format(column: layout.Column) -> str | None:
    if column.name in WHOLE_NUMBER_COLUMNS:
        return "#,##0"
    return NUMBER_FORMATS.get(column.kind)


def _format_for_header(header: str) -> str | None:
    """Formats for the scenario tab's tables, which have no layout entry."""
    if "coverage" in header.casefold() or header.endswith("%"):
        return "0.0%"
    if header.startswith("Posts") or header == "Change":
        return "#,##0.0"
    return None


#: What Excel shows for an error, and how the file reader words it (planner.xlsx.read).
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!")
EXCEL_ERROR_REASON = "shows the Excel error {}; correct the formula, or type the value"


def _raw_table(sheet: Any, table: Any) -> RawTable:
    """A table read in one call: header row, body rows, position.

    The same shape the file reader gives: errors as `Unreadable`, trailing
    blank rows dropped, headers as text.
    """
    whole = table.range
    values = whole.options(ndim=2, empty=None, err_to_str=True).value
    if table.show_totals and len(values) > 1:
        values = values[:-1]
    header, *body = values if table.show_headers else ([None] * len(values[0]), *values)
    if table.data_body_range is None:  # Excel's empty table: a header and no body
        body = []
    rows = [[_read_value(v) for v in row] for row in body]
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    return RawTable(
        name=table.name,
        sheet=sheet.name,
        top=whole.row,
        left=whole.column,
        headers=[_header(h) for h in header],
        rows=rows,
    )


def _read_value(value: Any) -> Any:
    if isinstance(value, str):
        if value in EXCEL_ERRORS:
            return Unreadable(EXCEL_ERROR_REASON.format(value))
        return value if value != "" else None
    return value


def _header(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _body_row_count(table: Any) -> int:
    body = table.data_body_range
    return body.shape[0] if body is not None else 0
