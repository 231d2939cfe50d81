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
from planner.xl_not_current import mark_live
from planner.xlsx.render import column_format

log = logging.getLogger(__name__)

TABLE_STYLE = "TableStyleMedium2"
#: Colours of planner.xlsx.render, so both adapters' tabs look alike.
NAVY, GREY, LIGHT = "#1F3864", "#595959", "#F2F2F2"
STATUS_COLOUR = {"Optimal": "#38761D", "Time limit": "#BF8F00", "Infeasible": "#C00000"}
CHANGE_FMT = "[Color10]+#,##0;[Red]-#,##0;0"
CHANGE_FMT_1DP = "[Color10]+#,##0.0;[Red]-#,##0.0;0.0"
POINTS_FMT = '[Color10]+0.0" pts";[Red]-0.0" pts";0.0" pts"'

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
        outputs = (
            (layout.COMPARISON, report.comparison),
            (layout.PLANS, report.plans),
            (layout.COVERAGE, report.coverage),
            (layout.RUNLOG, report.runlog),
        )
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
    """Lays out one scenario's tab for an executive, as the file writer does.

    A1 the marker and A2 the scenario's exact name (how a re-run finds the tab),
    then the question, the run line and the status in words; key figures today
    and with the plan; posts by unit and coverage by stream, each with a bar
    chart to its right; the largest changes; what holds the plan back; notes.
    Section titles and columns follow planner.xlsx.render, so a tab looks the
    same whichever adapter made it (less the file writer's merged cards, which
    no remote client can merge).
    """

    CHART_COLUMN = 7  # G, as the file writer's CHART_COL
    CHART_WIDTH = 620
    #: Column widths A..N in characters, as the file writer's TAB_WIDTHS.
    WIDTHS = (40, 26, 14, 14, 14, 12, 10, 10, 10, 10, 10, 10, 10, 10)

    def __init__(self, workbook: XlwingsWorkbook, sheet: Any, page: ScenarioSheet) -> None:
        self.wb = workbook
        self.sheet = sheet
        self.page = page
        self.row = 1  # next free sheet row (1-based)
        self.placed: list[PlacedTable] = []

    def write(self) -> None:
        p = self.page
        year = p.final_year or "final year"
        self.write_heading()
        self.write_key_figures(p.headlines)
        units = self.write_table(f"Posts by unit: today and in {year}", "Units", p.by_unit)
        self.chart_or_bars(units, f"Posts by unit, today and {year}")
        coverage = self.write_table(
            f"Coverage of demand by stream: today's posts and the plan, {year}",
            "Coverage",
            p.coverage,
        )
        self.chart_or_bars(coverage, f"Share of demand hours served, {year}")
        self.write_table(f"The largest changes by {p.final_year or 'the final year'}",
                         "Changes", p.changes)  # fmt: skip
        limits = p.limits or ["Nothing holds this plan back: no limit is binding."]
        self.write_lines(p.limits_title, [f"•  {line}" for line in limits])
        self.write_lines("Notes", p.notes)
        self.set_widths()

    def write_heading(self) -> None:
        """A1 the marker and A2 the scenario's exact name: how a re-run finds this tab."""
        p = self.page
        lines = [SCENARIO_TAB_MARKER, p.scenario, p.description, p.run_info, p.message]
        self.sheet.range(MARKER_CELL).value = [[text_cell(line)] for line in lines]
        if self.wb.caps.fonts:
            marker, name = self.sheet.range(MARKER_CELL), self.sheet.range(SCENARIO_CELL)
            marker.font.size, marker.font.color = 9, GREY
            name.font.bold, name.font.size, name.font.color = True, 20, NAVY
            status = self.sheet.range((5, 1))
            status.font.bold = True
            status.font.color = STATUS_COLOUR.get(p.status, GREY)
        self.row = len(lines) + 2

    def write_key_figures(self, headlines: list[Headline]) -> None:
        """Every headline: today's posts, this plan, the change, what it means."""
        if not headlines:
            return
        self.section("Key figures")
        first = self.row
        header = ["Measure", "With today's posts", "With this plan", "Change", "What it means"]
        rows = [
            [text_cell(h.label), _cell(h.before), _cell(h.value), _change(h)[0], text_cell(h.note)]
            for h in headlines
        ]
        self.sheet.range((first, 1)).value = [header, *rows]
        self.shade(self.sheet.range((first, 1)).resize(1, 4))
        for i, h in enumerate(headlines, start=1):
            if h.number_format and h.number_format != "General":
                self.sheet.range((first + i, 2)).resize(1, 2).number_format = h.number_format
            self.sheet.range((first + i, 4)).number_format = _change(h)[1]
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
            name=self.wb.table_name(self.page.scenario, part),
            has_headers=True,
            table_style_name=TABLE_STYLE,
        )
        for i, header in enumerate(headers):
            fmt = _tab_format(header, [row[i] for row in rows])
            if fmt:
                top_left.offset(1, i).resize(len(rows), 1).number_format = fmt
        placed = PlacedTable(top_left, headers, rows)
        self.placed.append(placed)
        self.row += len(rows) + 2
        return placed

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
            cell.font.color = NAVY
        else:
            cell.color = LIGHT
        self.row += 1

    def shade(self, header: Any) -> None:
        """A header row that is not an Excel table: a fill every client can set."""
        header.color = LIGHT

    def chart_or_bars(self, table: PlacedTable | None, title: str) -> None:
        """A bar chart of the table's two before/after columns, or text bars."""
        if table is None or len(table.headers) < 4:
            return
        if self.wb.caps.charts:
            self.native_chart(table, title)
        else:
            self.bars(table)

    def native_chart(self, table: PlacedTable, title: str) -> None:
        """Clustered bars: columns 3 and 4 (before, after) against column 1."""
        series = table.top_left.offset(0, 2).resize(len(table.rows) + 1, 2)
        chart = self.sheet.charts.add(
            chart_type="bar_clustered",
            source=series,
            anchor=self.sheet.range((table.top_left.row, self.CHART_COLUMN)),
            width=self.CHART_WIDTH,
            height=100 + 34 * len(table.rows),
            name=title[:250],
        )
        try:
            chart.set_x_axis_values(table.column(table.headers[0]))
            chart.title = title
        except (NotImplementedError, AttributeError):
            log.debug("chart details not supported here", exc_info=True)
        # Rows the chart covers, so the next section starts below it.
        self.row = max(self.row, table.top_left.row + math.ceil((100 + 34 * len(table.rows)) / 20))

    def bars(self, table: PlacedTable) -> None:
        """Text bars of the "after" column beside the table: every client shows them."""
        column = table.headers[3]
        target = table.top_left.offset(0, len(table.headers) + 1)
        bars = text_bars(table.values(column))
        target.value = [[f"{column} (bar)"], *[[bar] for bar in bars], [NO_CHARTS_NOTE]]

    def set_widths(self) -> None:
        """The file writer's column widths where the client sets widths; else autofit."""
        caps = self.wb.caps
        if caps.engine != "remote":
            for i, width in enumerate(self.WIDTHS):
                self.sheet.range((1, i + 1)).column_width = width
        elif caps.client == OFFICEJS_CLIENT:
            for i, width in enumerate(self.WIDTHS):  # Office.js takes points
                self.sheet.range((1, i + 1)).column_width = round((width * 7 + 5) * 0.75, 1)
        else:
            for table in self.placed:
                whole = table.top_left.resize(len(table.rows) + 1, len(table.headers) + 2)
                whole.columns.autofit()


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


def _is_whole(values: Iterable[Any]) -> bool:
    return all(
        float(v).is_integer()
        for v in values
        if isinstance(v, int | float) and not isinstance(v, bool) and not math.isnan(v)
    )


def _tab_format(header: str, values: list[Any]) -> str | None:
    """Number formats of the scenario tab's tables, as planner.xlsx.render sets them."""
    whole = _is_whole(values)
    if header.startswith("Coverage"):
        return "0.0%"
    if header == "Change":
        return CHANGE_FMT if whole else CHANGE_FMT_1DP
    if header.startswith("Posts"):
        return "#,##0" if whole else "#,##0.0"
    return None


def _change(h: Headline) -> tuple[float | None, str]:
    """A key figure's change from today, and its format (points for percentages)."""
    if not _is_number(h.value) or not _is_number(h.before):
        return None, "General"
    diff = float(h.value) - float(h.before)
    if h.number_format == "0.0%":
        return diff * 100, POINTS_FMT
    return diff, CHANGE_FMT


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


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
