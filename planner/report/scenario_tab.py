"""One scenario tab, described once: what goes in which cell, how it looks.

`describe(page)` turns a scenario's page (planner.report.workbook_report.ScenarioSheet: plain
figures and frames) into a `TabLayout`: column widths, cells with their
styles and number formats, Excel tables, charts and row heights, every
position settled. The file writer (planner.adapters.file.render) and the Excel writer
(planner.adapters.live.xl_book) only paint a TabLayout, each with its own engine, so the two
routes cannot drift apart: same sections, same order, same cells, same widths,
same formats. An engine that cannot draw something (VBA has no charts or
fonts) leaves that out, and nothing else.

The page, top to bottom: the marker and the scenario's name (A1, A2: how a
re-run finds its tab), a banner when the results are not current, the
question; then the first screen (planner.report.first_screen: promises, the
change by branch, what it buys in cases, people, how sure, another £1m, the
other scenarios beside it), on a printed page of its own; then the line "How
this plan was found", the run line, the status with the solver's detail, the
trade-offs in brief, the key figures, posts by unit and coverage by stream
(each with a chart below it; streams below their floor or below 60% in red), the largest
changes, the largest moves in words and the moves year by year, what holds
the plan back (with the price of each binding service floor), and notes.
An infeasible scenario leads with the ways out and shows only the figures it
has. Every section is left out when its figures are missing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from optimise.result import OPTIMAL, TIME_LIMIT
from optimise.rounding import tidy
from planner.contract import look
from planner.contract.look import Style
from planner.contract.words import CHART_TITLES
from planner.report import text_fit
from planner.report.compare import GAINED, HARM_CUT, PEOPLE, PER_PERSON, unmarked
from planner.report.moves_words import RECRUITED
from planner.report.output_page import EXCEL_MAX_ROWS
from planner.report.scenario_page import Headline, ScenarioSheet
from planner.report.sheet_names import MARKER_CELL, SCENARIO_CELL, SCENARIO_TAB_MARKER

#: Column widths A..I in characters: names in A and B (room for "Economic Crime and
#: Financial Investigation" in A and "Organised Crime and Counter Terrorism" in B),
#: figures in C:I. Narrow enough that an A4 portrait page, fit to its width, prints
#: the first screen at a size a board member reads (about 70%); each chart sits below
#: its table, not beside it. Longer text wraps, its row as tall as planner.report.text_fit
#: measures it.
WIDTHS = (37, 35, 9, 9, 9, 9, 9, 9, 9)
LAST_COL = len(WIDTHS) - 1
CHART_COL = 0  # A: below the table
CHART_WIDTH = 640  # pixels
#: A first-screen grid's label spans A:B; its figures start at C.
GRID_FIRST = 2
CHART_MAX_BARS = 60
#: The scenario's Excel tables, by part: each gets a workbook-unique name.
TABLE_PARTS = ("units", "coverage", "changes", "moves")
NOTHING_BINDS = "Nothing holds this plan back: no limit is binding."
#: The line between the first screen (no solver's words above it) and the detail.
HOW_FOUND = "How this plan was found"
#: The column of the coverage table that says why a row is red.
WARNING_COLUMN = "Warning"


@dataclass(frozen=True)
class Cell:
    """A value at (row, col), 0-based. `last_col` spreads the style to the right
    (a section's rule), and `merge` joins those cells (a line across the page)."""

    row: int
    col: int
    value: Any
    style: Style = look.PLAIN
    number_format: str | None = None
    last_col: int | None = None
    merge: bool = False


@dataclass
class Table:
    """An Excel table: header row at `row`, body below, one number format a column."""

    part: str
    row: int
    headers: list[str]
    rows: list[list[Any]]
    formats: list[str | None]
    style: str = look.TABLE_STYLE
    #: Body row index -> the style that marks it (a stream below its floor).
    marked: dict[int, Style] = field(default_factory=dict)
    col: int = 0
    wrap_header: bool = False
    #: Body columns (0-based in the table) whose text wraps: some of it is wider than
    #: its column. Their rows are as tall as the text measures.
    wrap: tuple[int, ...] = ()

    @property
    def last_row(self) -> int:
        """The table's last sheet row (an empty table keeps one blank body row)."""
        return self.row + max(len(self.rows), 1)


@dataclass
class Chart:
    """Clustered bars of two columns of a table (before, after), below it."""

    part: str
    title: str
    labels: tuple[str, str]
    number_format: str
    row: int = 0  # settled below its table
    height: int = 0  # settled by its number of bars
    columns: tuple[int, int] = (2, 3)
    col: int = CHART_COL
    width: int = CHART_WIDTH
    #: The value axis' top (1 for shares), or None for Excel's choice.
    axis_max: float | None = None

    def rows_covered(self) -> int:
        return math.ceil(self.height / 20)


@dataclass
class TabLayout:
    widths: tuple[float, ...] = WIDTHS
    cells: list[Cell] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    #: Rows a printed page starts at (0-based): the detail after the first
    #: screen, and each table or chart that would otherwise split across pages.
    breaks: list[int] = field(default_factory=list)

    def table(self, part: str) -> Table:
        return next(t for t in self.tables if t.part == part)

    @property
    def last_row(self) -> int:
        """The last row anything covers: a cell, a table or a chart."""
        rows = [c.row for c in self.cells] + [t.last_row for t in self.tables]
        rows += [c.row + c.rows_covered() for c in self.charts]
        return max(rows, default=0)


def describe(page: ScenarioSheet) -> TabLayout:
    """The whole tab for one scenario's page."""
    return _Describer(page).run()


class _Describer:
    def __init__(self, page: ScenarioSheet) -> None:
        self.page = page
        self.tab = TabLayout()

    def run(self) -> TabLayout:
        """Each section starts one row below the last; a missing one takes no room."""
        row = self.heading()
        p = self.page
        if p.status in (OPTIMAL, TIME_LIMIT):
            row = self.first_screen(row)
            self.plan(self.how_found(row + 1, p.message))
        else:
            self.across(row, p.message, look.status_style(p.status))
            self.no_plan(self.how_found(row + 2, ""))
        self.tab.breaks = page_breaks(self.tab)
        return self.tab

    def how_found(self, row: int, message: str) -> int:
        """The line under the first screen, then the run line and the solver's detail."""
        self.put(row, 0, HOW_FOUND, look.PART, last_col=LAST_COL)
        self.tab.heights[row] = 24
        self.tab.breaks.append(row)  # the first screen prints on a page of its own
        self.put(row + 1, 0, self.page.run_info, look.RUN_INFO)
        if not message:
            return row + 1
        self.across(row + 2, message, look.status_style(self.page.status))
        return row + 2

    def no_plan(self, row: int) -> None:
        """No plan (infeasible): the ways out first, then only the figures known."""
        p = self.page
        row = self.lines(p.limits_title, p.limits or [NOTHING_BINDS], row + 1, bullet=True)
        known = [h for h in p.headlines if h.value is not None or h.before is not None]
        row = self.key_figures(known, row + 1)
        self.lines("Notes", p.notes, row + 1, bullet=False)

    def plan(self, row: int) -> None:
        p = self.page
        row = self.lines("The trade-offs in brief", p.trade_offs, row + 1, bullet=True)
        row = self.key_figures(p.headlines, row + 1)
        year = p.final_year or "final year"
        row = self.charted_table(
            "units",
            f"Posts by unit: today and in {year}",
            p.by_unit,
            Chart("units", f"{CHART_TITLES[1]} {year}", ("Today", f"Plan, {year}"), look.NUM),
            row + 1,
        )
        row = self.charted_table(
            "coverage",
            f"Coverage of demand by stream: today's posts and the plan, {year}",
            p.coverage,
            Chart(
                "coverage",
                f"{CHART_TITLES[2]}, {year}",
                ("With today's posts", f"With the plan, {year}"),
                "0%",
                axis_max=1.0,
            ),
            row + 1,
        )
        by = p.final_year or "the final year"
        row = self.table("changes", f"The largest changes by {by}", p.changes, row + 1)
        row = self.lines("The largest moves", p.moves_lines, row + 1, bullet=True)
        row = self.table("moves", "Moves year by year", p.moves_by_year, row + 1)
        row = self.lines(p.limits_title, p.limits or [NOTHING_BINDS], row + 1, bullet=True)
        self.lines("Notes", p.notes, row + 1, bullet=False)

    # --- pieces ------------------------------------------------------------------

    def put(self, row: int, col: int, value: Any, style: Style = look.PLAIN, **extra: Any) -> None:
        self.tab.cells.append(Cell(row, col, value, style, **extra))

    def across(self, row: int, text: str, style: Style) -> None:
        """A line of text across the page, wrapped, its row as tall as it needs."""
        self.put(row, 0, text, style, last_col=LAST_COL, merge=True)
        self.tab.heights[row] = text_fit.row_points(text, style, WIDTHS)

    def heading(self) -> int:
        """Marker (A1), name (A2), banner, question, run line, status; the next free row."""
        p = self.page
        marker_row, marker_col = _rowcol(MARKER_CELL)
        name_row, name_col = _rowcol(SCENARIO_CELL)
        self.put(marker_row, marker_col, SCENARIO_TAB_MARKER, look.MARKER)
        self.put(name_row, name_col, p.scenario, look.SCENARIO_NAME)
        self.tab.heights[name_row] = 30
        row = name_row + 1
        if p.banner:
            self.across(row, p.banner, look.BANNER)
            self.tab.heights[row] = max(self.tab.heights[row], 24)
            row += 1
        self.across(row, p.description, look.DESCRIPTION)
        return row + 1

    # --- the first screen (planner.report.first_screen) ------------------------------

    def first_screen(self, row: int) -> int:
        """The blocks an executive reads first, in the contract's order; the last row used."""
        first = self.page.first
        if first is None:
            return row - 1
        year = first.year
        if first.reading:
            row += 1
            self.across(row, first.reading, look.LINE)
        row = self.lead("What the scenario promises", first.promises, row + 1)
        row = self.lead(f"The change by branch, {year}", [first.does, first.budget], row + 1)
        row = self.grid(first.branches, row + 1, bold={len(first.branches) - 1})
        row = self.lead("What it buys and gives up, in cases a year", first.buys, row + 1)
        row = self.lead("People, year by year", first.people, row + 1)
        row = self.lead("How sure", first.how_sure, row + 1)
        row = self.lead("What another £1m would buy", first.million, row + 1)
        if first.compare is None or first.compare.empty:
            return row
        mine = [i for i, name in enumerate(first.compare.iloc[:, 0])
                if unmarked(str(name)) == self.page.scenario]  # fmt: skip
        row = self.lead("Beside the other scenarios", first.compare_lines, row + 1)
        return self.grid(first.compare, row + 1, bold=set(mine))

    def lead(self, title: str, lines: Sequence[str], row: int) -> int:
        """A first-screen block: its title and its sentences across the page."""
        lines = [line for line in lines if line]
        if not lines:
            return row - 1
        self.put(row, 0, title, look.LEAD, last_col=LAST_COL)
        self.tab.heights[row] = 20
        for i, line in enumerate(lines):
            self.across(row + 1 + i, f"•  {line}", look.LINE)
        return row + len(lines)

    def grid(self, frame: pd.DataFrame, row: int, bold: set[int]) -> int:
        """A small table of plain cells: its label across A:B, figures from C; `bold` rows in bold.

        The first screen's grids (the branches, the scenarios side by side) are
        as narrow as the page: headers wrap over as many lines as they need.
        """
        if frame is None or frame.empty:
            return row - 1
        headers = [str(c) for c in frame.columns]
        rows = frame_rows(frame, 100)
        cols = [0, *range(GRID_FIRST, GRID_FIRST + len(headers) - 1)]
        for col, text in zip(cols, headers, strict=True):
            style = look.HEADER_WRAP if col else look.HEADER
            self.put(row, col, text, style, **_label(col))
        self.tab.heights[row] = (
            text_fit.line_points(look.HEADER)
            * max(
                text_fit.wrapped_lines(h, look.HEADER_WRAP, _span(c))
                for c, h in zip(cols, headers, strict=True)
            )
            + 1
        )
        formats = [grid_format(h, [r[j] for r in rows]) for j, h in enumerate(headers)]
        for i, values in enumerate(rows):
            strong = i in bold
            for j, (col, value) in enumerate(zip(cols, values, strict=True)):
                style = look.FIGURE_TOTAL if strong else look.PLAIN
                if col and strong:
                    style = look.FIGURE_BOLD
                elif col and isinstance(value, str):
                    style = look.FIGURE_TEXT
                self.put(row + 1 + i, col, value, style, number_format=formats[j], **_label(col))
        return row + len(rows)

    def section(self, row: int, title: str) -> None:
        self.put(row, 0, title, look.SECTION, last_col=LAST_COL)

    def key_figures(self, headlines: list[Headline], row: int) -> int:
        """Every headline: what it means, today's posts, this plan, the change."""
        if not headlines:
            return row - 1
        self.section(row, "Key figures")
        for col, text in enumerate(["Measure", "What it means", "Today", "This plan", "Change"]):
            self.put(row + 1, col, text, look.HEADER_FIGURE if col > 1 else look.HEADER)
        for i, h in enumerate(headlines):
            r = row + 2 + i
            fill = look.LIGHT if i % 2 == 0 else None
            change, change_format = headline_change(h)
            self.put(r, 0, h.label, look.FIGURE_LABEL.filled(fill))
            self.put(r, 1, h.note, look.FIGURE_NOTE.filled(fill))
            self.put(r, 2, h.before, look.FIGURE.filled(fill), number_format=h.number_format)
            shown = "–" if h.value is None else h.value
            self.put(r, 3, shown, look.FIGURE_BOLD.filled(fill), number_format=h.number_format)
            self.put(r, 4, change, look.FIGURE.filled(fill), number_format=change_format)
            self.fit_row(r, [(h.label, look.FIGURE_LABEL, WIDTHS[:1]),
                             (h.note, look.FIGURE_NOTE, WIDTHS[1:2])])  # fmt: skip
        return row + 2 + len(headlines)

    def table(self, part: str, title: str, frame: pd.DataFrame | None, row: int) -> int:
        """A titled Excel table; the next free row (or `row - 1` when there is none)."""
        placed = self.place_table(part, title, frame, row)
        return row - 1 if placed is None else placed.last_row + 1

    def place_table(
        self, part: str, title: str, frame: pd.DataFrame | None, row: int
    ) -> Table | None:
        if frame is None or frame.empty:
            return None
        self.section(row, title)
        headers = [str(c) for c in frame.columns]
        rows = frame_rows(frame, EXCEL_MAX_ROWS - row - 3)
        formats = [table_format(h, [r[i] for r in rows]) for i, h in enumerate(headers)]
        style = look.TABLE_STYLE if part in ("units", "coverage") else look.LIST_STYLE
        table = Table(part, row + 1, headers, rows, formats, style)
        self.fit_table(table)
        if WARNING_COLUMN in headers:
            at = headers.index(WARNING_COLUMN)
            table.marked = {i: look.ALERT for i, r in enumerate(rows) if r[at]}
        self.tab.tables.append(table)
        return table

    def fit_table(self, table: Table) -> None:
        """Headers and text too wide for their columns wrap, their rows as tall as they need."""
        widths = [WIDTHS[table.col + j : table.col + j + 1] for j in range(len(table.headers))]
        header = look.HEADER_WRAP
        if not all(text_fit.fits(h, header, w) for h, w in zip(table.headers, widths, strict=True)):
            table.wrap_header = True
            lines = max(text_fit.wrapped_lines(h, header, w)
                        for h, w in zip(table.headers, widths, strict=True))  # fmt: skip
            self.tab.heights[table.row] = text_fit.line_points(header) * lines + 1
        texts = [j for j, f in enumerate(table.formats) if f is None]
        table.wrap = tuple(
            j for j in texts
            if not all(text_fit.fits(str(r[j] or ""), look.PLAIN, widths[j]) for r in table.rows)
        )  # fmt: skip
        for i, values in enumerate(table.rows):
            cells = [(str(values[j] or ""), look.PLAIN, widths[j]) for j in table.wrap]
            self.fit_row(table.row + 1 + i, cells)

    def fit_row(self, row: int, cells: list[tuple[str, Style, Sequence[float]]]) -> None:
        """A row of single cells (text, style, the widths it spans) as tall as its tallest
        wrapped cell; left at the sheet's height when every cell fits on one line."""
        if any(text_fit.wrapped_lines(*cell) > 1 for cell in cells):
            self.tab.heights[row] = max(text_fit.row_points(*cell) for cell in cells)

    def charted_table(
        self, part: str, title: str, frame: pd.DataFrame | None, chart: Chart, row: int
    ) -> int:
        """A table with its chart below it; the next row below both."""
        table = self.place_table(part, title, frame, row)
        if table is None:
            return row - 1
        bars = len(table.rows)
        if bars > CHART_MAX_BARS:  # a bar chart of so many rows is unreadable
            self.put(table.last_row + 1, CHART_COL,
                     f"Too many rows ({bars}) to chart: see the table.", look.SMALL_NOTE)  # fmt: skip
            return table.last_row + 2
        chart.row = table.last_row + 2  # below the table: the page stays narrow
        chart.height = 100 + (34 if bars <= 20 else 22) * bars
        self.tab.charts.append(chart)
        return chart.row + chart.rows_covered() + 1

    def lines(self, title: str, lines: Sequence[str], row: int, *, bullet: bool) -> int:
        """A titled list of sentences across the page; nothing when there are none."""
        if not lines:
            return row - 1
        self.section(row, title)
        style = look.LINE if bullet else look.NOTE_LINE
        for i, line in enumerate(lines):
            self.across(row + 1 + i, f"•  {line}" if bullet else line, style)
        return row + 1 + len(lines)


# --- values and formats --------------------------------------------------------


def headline_change(h: Headline) -> tuple[float | None, str]:
    """A key figure's change from today, and its format (points for percentages)."""
    if not look.is_number(h.value) or not look.is_number(h.before):
        return None, look.GENERAL
    diff = float(h.value) - float(h.before)
    if h.number_format == look.PCT:
        return tidy(diff * 100), look.PTS_FMT
    return tidy(diff), look.CHANGE_FMT


def table_format(header: str, values: list[Any]) -> str | None:
    """The number format of a column of a scenario tab's table, by its header."""
    if header.startswith("Coverage") or header == "Min coverage":
        return look.PCT
    if header == "Change":
        return look.change_format(values)
    if header.startswith(("Posts", "Left unfilled")) or header in ("Transfers", RECRUITED):
        return look.posts_format(values)
    if header.startswith("Cross-branch"):
        return look.posts_format(values)
    if header == "Year":
        return "0"
    return None


def grid_format(header: str, values: list[Any]) -> str | None:
    """The number format of a first-screen grid's column, by its header."""
    if header.startswith("Pay bill"):
        return look.GBP_M
    if header == GAINED:
        return look.change_format(values)
    if header == PER_PERSON:
        return "#,##0.0"
    if header.startswith("Cases"):
        return "#,##0"
    if header == HARM_CUT:
        return look.PCT
    if header == PEOPLE:
        return look.posts_format(values)
    return table_format(header, values)


def _label(col: int) -> dict[str, Any]:
    """A grid's first column spans A:B (a merged cell); the rest are single cells."""
    return {"last_col": GRID_FIRST - 1, "merge": True} if col == 0 else {}


def _span(col: int) -> tuple[float, ...]:
    """The widths of the columns a first-screen grid's cell at `col` spans."""
    last = _label(col).get("last_col", col)
    return WIDTHS[col : last + 1]


def frame_rows(frame: pd.DataFrame, most: int) -> list[list[Any]]:
    """A frame's rows as plain Python values (None for blanks), at most `most` of them."""
    return [[plain(v) for v in row] for row in frame.to_numpy().tolist()[:most]]


def plain(value: Any) -> Any:
    """None for blanks and NaN; plain Python numbers for numpy ones."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return plain(value.item())
    return value


def _rowcol(address: str) -> tuple[int, int]:
    from xlsxwriter.utility import xl_cell_to_rowcol

    return xl_cell_to_rowcol(address)


#: How a scenario tab prints (both routes set it): A4 portrait, fit to one page
#: wide, these margins in inches. A board paper's page: the first screen on one.
PORTRAIT = True
MARGINS = {"left": 0.6, "right": 0.6, "top": 0.5, "bottom": 0.5}
#: A printed page holds about this many points of the sheet's rows: 770 pt of
#: paper height at the scale that fits the columns (about 740 pt in Calibri)
#: into 509 pt of paper width (about 69% in Excel, whose page then holds about 1,120 pt;
#: LibreOffice's holds more). This errs short: a block is moved on early, never late.
#: Fit to one page wide keeps manual breaks where the pages' height is left free.
PAGE_POINTS = 1040.0
ROW_POINTS = 15.0


def page_breaks(tab: TabLayout) -> list[int]:
    """Rows a printed page starts at: each block (a first-screen block, a section with its
    table, a chart) moves whole to the next page when it would split and fits on one.

    The line "How this plan was found" always starts a page (the first screen
    prints alone).
    """
    heads = {c.row for c in tab.cells if c.style in (look.SECTION, look.LEAD, look.PART)}
    # A chart is a block of its own: it stays on its table's page when both fit on
    # one, and moves whole to the next when they do not (a table and chart taller
    # than a page would otherwise run on and split the chart).
    starts = sorted(heads | {c.row for c in tab.charts})
    forced = set(tab.breaks)
    if not starts:
        return sorted(forced)
    ends = [*starts[1:], tab.last_row + 1]
    breaks, used = [], _points(tab, 0, starts[0])
    for start, end in zip(starts, ends, strict=True):
        size = _points(tab, start, end)
        if start in forced or (used + size > PAGE_POINTS and size <= PAGE_POINTS and used > 0):
            breaks.append(start)
            used = 0.0
        used = (used + size) % PAGE_POINTS if size > PAGE_POINTS else used + size
    return breaks


def _points(tab: TabLayout, first: int, end: int) -> float:
    return sum(tab.heights.get(r, ROW_POINTS) for r in range(first, end))


def line_height(text: str, chars_per_line: int) -> float:
    """A row's height for `text` by its length: an output sheet's Message column. A scenario
    tab measures its text (planner.report.text_fit)."""
    lines = max(1, math.ceil(len(text) / chars_per_line))
    return 15.0 * lines + 3
