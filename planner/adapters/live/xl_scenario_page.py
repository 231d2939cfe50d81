"""A scenario tab painted with xlwings, from its one description (planner.report.scenario_tab)."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from planner.adapters.live.xl_capabilities import OFFICEJS_CLIENT, Capabilities
from planner.adapters.live.xl_values import cell_value, text_bars, text_cell
from planner.contract.look import GENERAL, LIGHT, PLAIN, Style
from planner.report.kept_notes import HIDDEN_FORMAT, RECORD_CELL, Cells, page_cells, page_record
from planner.report.scenario_page import ScenarioSheet
from planner.report.scenario_tab import Chart, Table, describe

log = logging.getLogger(__name__)


class LiveBook(Protocol):
    """What painting a tab needs from the live workbook (planner.adapters.live.xl_book)."""

    caps: Capabilities

    def table_name(self, scenario: str, part: str) -> str: ...


NO_CHARTS_NOTE = "Bars are text: charts need Excel with Python or the Planner add-in."


class ScenarioPage:
    """Paints a scenario tab's one description (planner.report.scenario_tab) with xlwings.

    All values in one write, then the tables, number formats, and the looks the
    client can draw: fills on every client; fonts, merges, wrapping, row
    heights and widths where the client sets them (desktop Excel, Office.js);
    native charts, or text bars where the client has no charts (VBA).
    """

    def __init__(self, workbook: LiveBook, sheet: Any, page: ScenarioSheet) -> None:
        self.wb = workbook
        self.sheet = sheet
        self.page = page
        self.tab = describe(page)
        #: Every value written on the page, for its record (the description's, and bars).
        self.written: Cells = {}

    def write(self) -> None:
        self.written = page_cells(self.tab)
        self.write_values()
        tables = [self.add_table(table) for table in self.tab.tables]
        self.number_formats()
        self.looks()
        for chart in self.tab.charts:
            self.chart_or_bars(chart, self.tab.table(chart.part))
        self.set_widths(tables)
        self.write_record()

    def write_record(self) -> None:
        """What Planner wrote on the page, hidden right of it, to tell a user's notes
        from Planner's output next time (planner.report.kept_notes)."""
        record = page_record(self.written)
        if record is not None:
            cell = self.at(*RECORD_CELL)
            cell.value = text_cell(record)
            cell.number_format = HIDDEN_FORMAT

    def at(self, row: int, col: int, rows: int = 1, cols: int = 1) -> Any:
        """The range at a description's 0-based (row, col)."""
        return self.sheet.range((row + 1, col + 1)).resize(rows, cols)

    def write_values(self) -> None:
        """Every cell and table of the tab in one call: A1 down to the last row."""
        cells = self.tab.cells
        bottom = max([c.row for c in cells] + [t.last_row for t in self.tab.tables])
        grid: list[list[Any]] = [[None] * len(self.tab.widths) for _ in range(bottom + 1)]
        for cell in cells:
            grid[cell.row][cell.col] = cell_value(cell.value)
        for table in self.tab.tables:
            for i, row in enumerate([table.headers, *table.rows]):
                for j, value in enumerate(row):
                    grid[table.row + i][table.col + j] = cell_value(value)
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
            for j in table.wrap:
                self.at(table.row + 1, table.col + j, len(table.rows), 1).wrap_text = True

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
        for i, (value,) in enumerate(block):
            self.written[(chart.row + i, chart.col)] = value

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
