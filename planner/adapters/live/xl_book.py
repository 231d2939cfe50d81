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

A scenario tab is painted by planner.adapters.live.xl_scenario_page, tables are read by
planner.adapters.live.xl_read, and values are made safe to write by planner.adapters.live.xl_values.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import xlwings as xw

from planner import contract as layout
from planner.adapters.live.xl_capabilities import VBA_CLIENT, Capabilities
from planner.adapters.live.xl_not_current import mark_live
from planner.adapters.live.xl_notes import move_output_notes, scenario_tab_notes, write_notes
from planner.adapters.live.xl_print import set_print
from planner.adapters.live.xl_read import body_row_count, raw_table
from planner.adapters.live.xl_scenario_page import ScenarioPage
from planner.adapters.live.xl_values import table_values, text_cell
from planner.contract.look import (
    PROBLEMS_HEADING,
    PROBLEMS_NAME,
    TABLE_STYLE,
    column_format,
)
from planner.read.tables import RawTable
from planner.report.print_layout import output_sheet_print, scenario_tab_print
from planner.report.scenario_page import ScenarioSheet
from planner.report.sheet_names import MARKER_CELL, SCENARIO_CELL, resolve_sheet_names, tab_scenario
from planner.report.workbook_report import Report

log = logging.getLogger(__name__)

PROBLEMS_ROWS = 200  # rows cleared below the anchor before a new list is written


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
                tables[table.name] = raw_table(sheet, table)
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
        # Read before anything is written. A study's sheet keeps its chart's figures
        # beside its table: its notes are kept by its writer (xl_study), clear of them.
        ours = spec in layout.OUTPUT_TABLES
        notes = move_output_notes(sheet, len(spec.headers)) if ours else []
        rows = table_values(spec.headers, frame)
        old_rows = body_row_count(table)
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
        write_notes(sheet, notes)
        if ours:  # a study's chart is beside its table: the print area would cut it off
            top = top_left.row - 1
            set_print(self.caps, sheet, output_sheet_print(len(rows), len(spec.headers), top=top))

    def write_scenario_sheet(self, page: ScenarioSheet) -> None:
        """Make the scenario's tab anew, where the old one was (or at the end)."""
        old = self._sheet(page.sheet_name)
        notes = scenario_tab_notes(old) if old is not None else []  # before it goes
        sheet = self._fresh_sheet(page.sheet_name)
        painter = ScenarioPage(self, sheet, page)
        painter.write()
        write_notes(sheet, notes)
        tab = painter.tab
        set_print(
            self.caps, sheet, scenario_tab_print(tab.last_row, len(tab.widths) - 1, tab.breaks)
        )

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
