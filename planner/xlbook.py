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

from planner import layout, margins
from planner.look import (
    GENERAL,
    LIGHT,
    PLAIN,
    PROBLEMS_HEADING,
    PROBLEMS_NAME,
    TABLE_STYLE,
    Style,
    column_format,
)
from planner.report import Report
from planner.scenario_page import ScenarioSheet
from planner.scenario_tab import Chart, Table, describe
from planner.sheet_names import MARKER_CELL, SCENARIO_CELL, resolve_sheet_names, tab_scenario
from planner.tables import RawTable, Unreadable
from planner.xl_not_current import mark_live

log = logging.getLogger(__name__)

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

    @classmethod
    def of(cls, book: xw.Book) -> Capabilities:
        engine = book.app.engine.name
        if engine != "remote":
            return cls(engine, "", status_bar=True, charts=True, fonts=True)
        client = str(book.api.get("client", ""))
        officejs = client == OFFICEJS_CLIENT
        return cls(engine, client, status_bar=False, charts=officejs, fonts=officejs)


class WouldLoseUserWork(Exception):
    """Writing would destroy something the user added; nothing has been written."""


class XlwingsWorkbook:
    """A live workbook seen through xlwings: read its tables, write a Report."""

    def __init__(self, book: xw.Book) -> None:
        self.book = book
        self.caps = Capabilities.of(book)
        self._table_names: set[str] = set()
        self._anchor: str | None = None  # the sheet new scenario tabs go after

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
        outputs = [(spec, report.table(spec.name)) for spec in layout.OUTPUT_TABLES]
        carriers = self.scenario_tabs()
        resolve_sheet_names(report.scenario_sheets, existing=self.sheet_names(), carriers=carriers)
        self._anchor = self._last_tab(carriers)
        self.check_replaceable([page.sheet_name for page in report.scenario_sheets])
        for spec, frame in outputs:
            self.progress(f"Planner: writing {spec.name}...")
            self.replace_table(spec, frame)
        mark_live(self, report)  # results of deleted scenarios: not current
        for page in report.scenario_sheets:
            self.progress(f"Planner: writing the {page.scenario} tab...")
            self.write_scenario_sheet(page)
        if report.scenario_sheets:
            self._sheet(report.scenario_sheets[-1].sheet_name).activate()

    def _last_tab(self, carriers: dict[str, str]) -> str | None:
        """Where new scenario tabs go: after the last one, else after Comparison."""
        names = self.sheet_names()
        if carriers:
            return max(carriers.values(), key=names.index)
        sheet = self._sheet(layout.COMPARISON.sheet)
        return sheet.name if sheet is not None else None

    def check_replaceable(self, names: Sequence[str]) -> None:
        """Refuse, before writing anything, to replace a tab holding a user's picture.

        Planner never puts pictures on its tabs, so one there is the user's, and
        replacing the tab would lose it (a macro's changes cannot be undone).
        """
        for name in names:
            sheet = self._sheet(name)
            if sheet is not None and len(sheet.pictures):
                raise WouldLoseUserWork(
                    f"The tab '{name}' holds a picture that Planner did not put there, and "
                    "re-running its scenario would replace the tab. Move the picture to a "
                    "sheet of your own, then run again."
                )

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
            fmt = column_format(spec.name, column, [row[i] for row in rows])
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
        """List input problems in the Start sheet's reserved area, one per row.

        The area is the range the workbook names InputProblems (one column; a
        single cell means PROBLEMS_ROWS rows from it). Nothing outside it is
        touched; a longer list ends with a line saying how many more there are.
        """
        area = self._problems_area()
        if area is None:
            log.warning("no place for input problems on the Start sheet")
            return
        area.clear_contents()
        room = area.shape[0]
        shown = list(lines)
        if len(shown) > room:
            shown = [*shown[: room - 1], f"...and {len(lines) - room + 1} more problems."]
        if shown:
            area[0, 0].value = [[text_cell(line)] for line in shown]

    def clear_problems(self) -> None:
        area = self._problems_area()
        if area is not None:
            area.clear_contents()

    # --- helpers ---------------------------------------------------------------

    def _find_table(self, name: str) -> Any:
        for sheet in self.book.sheets:
            for table in sheet.tables:
                if table.name == name:
                    return table
        return None

    def _add_output_table(self, spec: layout.Table) -> Any:
        """Recreate an output table someone deleted (or a new one), at A1 of its sheet."""
        after = self._sheet(layout.COMPARISON.sheet) or self.book.sheets[-1]
        sheet = self._sheet(spec.sheet) or self.book.sheets.add(spec.sheet, after=after)
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
        """An empty sheet called `name`, where the old one was; a new tab goes
        after the last scenario tab, else after Comparison, else last (as the
        file writer places them). The old sheet is deleted, not cleared, so its
        charts, pictures and tables go with it."""
        old = self._sheet(name)
        sheets = self.book.sheets
        if old is None:
            anchor = self._sheet(self._anchor) if self._anchor else None
            sheet = self._add_sheet(name, anchor or sheets[-1])
            self._anchor = name
            return sheet
        position = old.index  # 1-based
        old.delete()
        if position > len(sheets):
            return self._add_sheet(name, sheets[-1])
        if position == 1:
            return sheets.add(name, before=sheets[0])
        # `after` rather than `before`: the remote engine's `before` lands one early.
        return self._add_sheet(name, sheets[position - 2])

    def _add_sheet(self, name: str, after: Any) -> Any:
        """`sheets.add(name, after=...)`, made exact for the VBA client: its addSheet
        inserts before the active sheet and then moves, which lands right only
        when the active sheet is not after `after`; so the first sheet is made
        active first (the run ends by activating the last tab it wrote)."""
        if self.caps.client == VBA_CLIENT:
            self.book.sheets[0].activate()
        return self.book.sheets.add(name, after=after)

    def _problems_area(self) -> Any:
        """The named InputProblems range (its first column), else the rows below a
        cell reading PROBLEMS_HEADING on the Start sheet, else None."""
        try:
            area = self.book.names[PROBLEMS_NAME].refers_to_range
        except Exception:  # no such name, or it is not a range
            area = self._below_heading()
            return area.resize(PROBLEMS_ROWS, 1) if area is not None else None
        rows = area.shape[0]
        return area[0, 0].resize(rows if rows > 1 else PROBLEMS_ROWS, 1)

    def _below_heading(self) -> Any:
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

    def table_name(self, scenario: str, part: str) -> str:
        """A workbook-unique table name for a scenario tab, as the file writer makes
        them ("Budget_cut_5_Units"): unique among tables and defined names."""
        slug = re.sub(r"[^0-9A-Za-z_]+", "_", scenario).strip("_")[:60] or "Scenario"
        if not re.match(r"[A-Za-z_]", slug):
            slug = "S_" + slug
        base = f"{slug}_{part.capitalize()}"
        taken = {t.name.casefold() for s in self.book.sheets for t in s.tables}
        taken |= {n.name.rsplit("!", 1)[-1].casefold() for n in self.book.names}
        taken |= self._table_names
        name, n = base, 2
        while name.casefold() in taken:
            name, n = f"{base}{n}", n + 1
        self._table_names.add(name.casefold())
        return name


class ScenarioPage:
    """Paints a scenario tab's one description (planner.scenario_tab) with xlwings.

    All values in one write, then the tables, number formats, and the looks the
    client can draw: fills on every client; fonts, merges, wrapping, row
    heights and widths where the client sets them (desktop Excel, Office.js);
    native charts, or text bars where the client has no charts (VBA).
    """

    def __init__(self, workbook: XlwingsWorkbook, sheet: Any, page: ScenarioSheet) -> None:
        self.wb = workbook
        self.sheet = sheet
        self.page = page
        self.tab = describe(page)

    def write(self) -> None:
        self.write_values()
        tables = [self.add_table(table) for table in self.tab.tables]
        self.number_formats()
        self.looks()
        for chart in self.tab.charts:
            self.chart_or_bars(chart, self.tab.table(chart.part))
        self.set_widths(tables)

    def at(self, row: int, col: int, rows: int = 1, cols: int = 1) -> Any:
        """The range at a description's 0-based (row, col)."""
        return self.sheet.range((row + 1, col + 1)).resize(rows, cols)

    def write_values(self) -> None:
        """Every cell and table of the tab in one call: A1 down to the last row."""
        cells = self.tab.cells
        bottom = max([c.row for c in cells] + [t.last_row for t in self.tab.tables])
        grid: list[list[Any]] = [[None] * len(self.tab.widths) for _ in range(bottom + 1)]
        for cell in cells:
            grid[cell.row][cell.col] = _cell(cell.value)
        for table in self.tab.tables:
            for i, row in enumerate([table.headers, *table.rows]):
                for j, value in enumerate(row):
                    grid[table.row + i][table.col + j] = _cell(value)
        self.at(0, 0).value = grid

    def add_table(self, table: Table) -> Any:
        return self.sheet.tables.add(
            source=self.at(
                table.row, table.col, table.last_row - table.row + 1, len(table.headers)
            ),
            name=self.wb.table_name(self.page.scenario, table.part),
            has_headers=True,
            table_style_name=table.style,
        )

    def number_formats(self) -> None:
        """One call per run of cells down a column that share a format."""
        formats: dict[tuple[int, int], str] = {}
        for cell in self.tab.cells:
            if cell.number_format and cell.number_format != GENERAL:
                formats[(cell.row, cell.col)] = cell.number_format
        for table in self.tab.tables:
            for j, fmt in enumerate(table.formats):
                for i in range(len(table.rows)):
                    if fmt:
                        formats[(table.row + 1 + i, table.col + j)] = fmt
        for (row, col), rows, fmt in _runs(formats, down=True):
            self.at(row, col, rows, 1).number_format = fmt

    def looks(self) -> None:
        """Fills everywhere; fonts, merges, wrapping and heights where the client can."""
        styled = self._styled_cells()
        fonts = self.wb.caps.fonts
        for prop in ("fill", "bold", "italic", "size", "colour", "wrap"):
            if prop != "fill" and not fonts:
                continue
            values = {
                key: getattr(style, prop) for key, style in styled.items() if _shows(style, prop)
            }
            for (row, col), cols, value in _runs(values, down=False):
                self._set(self.at(row, col, 1, cols), prop, value)
        if not fonts:
            return
        for cell in self.tab.cells:
            if cell.merge and cell.last_col is not None and cell.last_col > cell.col:
                self.at(cell.row, cell.col, 1, cell.last_col - cell.col + 1).merge()
        for row, height in self.tab.heights.items():
            self.at(row, 0).row_height = height
        for table in self.tab.tables:
            if table.wrap_header:
                self.at(table.row, table.col, 1, len(table.headers)).wrap_text = True

    def _styled_cells(self) -> dict[tuple[int, int], Style]:
        """(row, col) -> style, for every cell a style reaches (a rule runs across)."""
        fonts = self.wb.caps.fonts
        styled: dict[tuple[int, int], Style] = {}
        for cell in self.tab.cells:
            style = cell.style
            if style.rule and not fonts:  # a section stands out by its fill instead
                style = style.filled(LIGHT)
            last = cell.last_col if cell.last_col is not None else cell.col
            for col in range(cell.col, last + 1):
                styled[(cell.row, col)] = style
        for table in self.tab.tables:
            for i, style in table.marked.items():
                for j in range(len(table.headers)):
                    styled[(table.row + 1 + i, table.col + j)] = style
        return styled

    @staticmethod
    def _set(target: Any, prop: str, value: Any) -> None:
        if prop == "fill":
            target.color = value
        elif prop == "wrap":
            target.wrap_text = value
        elif prop == "colour":
            target.font.color = value
        else:
            setattr(target.font, prop, value)

    def chart_or_bars(self, chart: Chart, table: Table) -> None:
        """The described bar chart, or text bars where the client has no charts."""
        if self.wb.caps.charts:
            self.native_chart(chart, table)
        else:
            self.bars(chart, table)

    def native_chart(self, chart: Chart, table: Table) -> None:
        """Clustered bars: the two described columns against the table's first."""
        first, second = chart.columns
        series = self.at(table.row, table.col + first, len(table.rows) + 1, second - first + 1)
        drawn = self.sheet.charts.add(
            chart_type="bar_clustered",
            source=series,
            anchor=self.at(chart.row, chart.col),
            width=chart.width,
            height=chart.height,
            name=chart.title[:250],
        )
        try:
            drawn.set_x_axis_values(self.at(table.row + 1, table.col, len(table.rows), 1))
            drawn.title = chart.title
        except (NotImplementedError, AttributeError):
            log.debug("chart details not supported here", exc_info=True)

    def bars(self, chart: Chart, table: Table) -> None:
        """Text bars of the "after" column where the chart would be: every client shows them."""
        column = table.headers[chart.columns[1]]
        bars = text_bars(row[chart.columns[1]] for row in table.rows)
        block = [[f"{column} (bar)"], *[[bar] for bar in bars], [NO_CHARTS_NOTE]]
        self.at(chart.row, chart.col).value = block

    def set_widths(self, tables: list[Any]) -> None:
        """The description's column widths where the client sets widths; else autofit."""
        caps = self.wb.caps
        if caps.engine != "remote":
            for i, width in enumerate(self.tab.widths):
                self.at(0, i).column_width = width
        elif caps.client == OFFICEJS_CLIENT:
            for i, width in enumerate(self.tab.widths):
                self.at(0, i).column_width = points(width)
        else:
            for table in tables:
                table.range.columns.autofit()


def points(characters: float) -> float:
    """A column width in characters (Calibri 11) as the points Office.js takes."""
    return round((characters * 7 + 5) * 0.75, 1)


def _shows(style: Style, prop: str) -> bool:
    """Whether a style sets this property away from Excel's default look."""
    value = getattr(style, prop)
    return value != getattr(PLAIN, prop) and value is not None


def _runs(
    values: dict[tuple[int, int], Any], *, down: bool
) -> list[tuple[tuple[int, int], int, Any]]:
    """Cells with the same value next to each other, as (first cell, length, value):
    down a column (`down`) or along a row."""
    runs: list[tuple[tuple[int, int], int, Any]] = []
    order = sorted(values, key=(lambda k: (k[1], k[0])) if down else None)
    for key in order:
        if runs:
            (row, col), length, value = runs[-1]
            follows = (row + length, col) if down else (row, col + length)
            if key == follows and values[key] == value:
                runs[-1] = ((row, col), length + 1, value)
                continue
        runs.append((key, 1, values[key]))
    return runs


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
        top=whole.row if table.show_headers else whole.row - 1,  # the hidden header's row
        left=whole.column,
        headers=[_header(h) for h in header],
        rows=rows,
        nearby=_nearby(sheet, whole),
    )


def _nearby(sheet: Any, whole: Any) -> dict[tuple[int, int], Any]:
    """The non-blank cells in the table's margin (planner.margins), one read per block."""
    bottom, right = whole.row + whole.shape[0] - 1, whole.column + whole.shape[1] - 1
    found: dict[tuple[int, int], Any] = {}
    for box in margins.margin(whole.row, whole.column, bottom, right):
        block = sheet.range((box.top, box.left), (box.bottom, box.right))
        values = block.options(ndim=2, empty=None, err_to_str=True).value
        found |= margins.nearby([box], lambda r, c: values[r - box.top][c - box.left])  # noqa: B023
    return found


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
