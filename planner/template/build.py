"""Build Planner.xlsm: the template workbook, default data included, from the repo.

`planner build` calls `build_workbook`. Everything in the workbook comes from
files under version control: the tables' shape from planner.contract (the
contract), the default data and its sources from planner/data/*.csv, the
output sheets from planner.adapters.file.render (so they look the same before and after
the first run), and the VBA from the installed xlwings package.

The builder draws the sheets in workbook order and hands each to its own
module: planner.template.start_sheet, planner.template.input_sheets (with planner.template.input_look
and planner.template.input_rules), planner.adapters.file.render for the output sheets, and
planner.adapters.file.vba for the VBA project and Planner.py.

Why builds are byte-identical: XlsxWriter stamps zip members with a fixed date,
and the document's created date is fixed here, so a test can compare the
committed workbook with a fresh build.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from planner import contract as layout
from planner.adapters.file.draw import add_table
from planner.adapters.file.formats import Formats
from planner.adapters.file.output_sheet import draw_output_sheet
from planner.adapters.file.study_sheet import draw_empty_studies
from planner.adapters.file.vba import MACRO, planner_py, vba_project
from planner.contract import look
from planner.contract.words import CONF_NOTE, NO_RESULTS_YET, SOURCES_NOTE, XLWINGS_CONF
from planner.report.output_page import EXCEL_MAX_ROWS
from planner.report.workbook_report import Report
from planner.template.default_data import DATA, read_csv, read_defaults
from planner.template.input_look import text_lines
from planner.template.input_rules import OVERRIDE_COLUMNS, override_columns
from planner.template.input_sheets import TABLE_TOP, InputSheets
from planner.template.start_sheet import StartSheet

DEFAULT_OUT = Path("workbook/Planner.xlsm")

#: Fixed, so that two builds are byte-identical.
CREATED = datetime(2026, 11, 1, 9, 0, 0)

TAB_COLOURS = {"start": look.NAVY, "input": "#FFC000", "output": "#2E75B6", "other": "#A5A5A5"}


# --- Entry point -------------------------------------------------------------------


def build_workbook(out: Path = DEFAULT_OUT) -> Path:
    """Write the template workbook (and Planner.py beside it); return its path."""
    out = Path(out)
    if out.suffix.lower() != ".xlsm" or not out.stem.isidentifier():
        raise ValueError(
            f"{out.name}: the workbook must end in .xlsm and its name must be a Python "
            "module name (the buttons run `import <name>`), e.g. Planner.xlsm"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    vba = vba_project()
    data = read_defaults()
    sources = read_csv(DATA / "sources.csv")
    wb = xlsxwriter.Workbook(str(out), {"in_memory": True})
    try:
        _set_up(wb, vba)
        Builder(wb, data, sources).build()
    finally:
        wb.close()
    out.with_suffix(".py").write_text(planner_py(out.stem), encoding="utf-8")
    return out


def _set_up(wb: xlsxwriter.Workbook, vba: bytes) -> None:
    wb.set_properties(
        {
            "title": "Planner: Specialist Crime Division workforce plan",
            "subject": "Moving specialist posts to where the harm is",
            "author": "Planner",
            "company": "Illustrative data for Police Scotland's Specialist Crime Division",
            "comments": "Built by `planner build` from the project's sources.",
            "created": CREATED,
        }
    )
    wb.add_vba_project(io.BytesIO(vba), is_stream=True)
    wb.set_vba_name("ThisWorkbook")
    wb.set_size(1400, 900)


# --- The workbook ----------------------------------------------------------------------


class Builder:
    """Draws every sheet of the template, in workbook order."""

    def __init__(self, wb: xlsxwriter.Workbook, data: dict, sources: list[dict[str, Any]]):
        self.wb = wb
        self.data = data
        self.sources = sources
        self.fmts = Formats(wb)
        self.inputs = InputSheets(wb, self.fmts, data, sources)

    def build(self) -> None:
        start = self._sheet(layout.START_SHEET, "start")
        inputs = {name: self._sheet(name, "input") for name in layout.INPUT_SHEETS}
        outputs = {name: self._sheet(name, "output") for name in layout.OUTPUT_SHEET_ORDER}
        sources = self._sheet(layout.SOURCES_SHEET, "other")
        conf = self._sheet(layout.CONF_SHEET, "other")
        StartSheet(self.wb, self.fmts).draw(start)
        for name, ws in inputs.items():
            self.inputs.draw(ws, [t for t in layout.INPUT_TABLES if t.sheet == name])
        empty = Report()  # every output table, with no rows
        for table in layout.OUTPUT_TABLES:
            ws = outputs[table.sheet]
            draw_output_sheet(self.wb, ws, self.fmts, table, empty, EXCEL_MAX_ROWS)
            ws.write_string(3, 0, NO_RESULTS_YET, self.fmts.get(bold=True, font_color=look.GREY))
        draw_empty_studies(self.wb, outputs, self.fmts, MACRO)
        self._sources(sources)
        self._conf(conf)
        start.activate()

    def _sheet(self, name: str, kind: str) -> Worksheet:
        ws = self.wb.add_worksheet(name)
        ws.set_tab_color(TAB_COLOURS[kind])
        ws.set_vba_name(f"Sheet{len(self.wb.worksheets())}")
        ws.hide_gridlines(2)
        ws.set_paper(9)  # A4
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        return ws

    # --- Sources and xlwings.conf ------------------------------------------------------

    def _sources(self, ws: Worksheet) -> None:
        ws.write_string(0, 0, "Sources: where every figure comes from", self.fmts.title())
        ws.set_row(0, 30)
        ws.write_string(1, 0, SOURCES_NOTE, self.fmts.subtitle())
        headers = ["Figure", "Value", "Source", "Status"]
        rows = [[r[h] if r[h] is not None else "" for h in headers] for r in self.sources]
        rows = [[str(v) for v in r] for r in rows]
        wrap = self.fmts.get(text_wrap=True, valign="top")
        formats = [wrap, wrap, wrap, self.fmts.get(valign="top", bold=True)]
        last = add_table(
            ws,
            TABLE_TOP,
            0,
            "Sources",
            headers,
            rows,
            formats,
            header=[self.fmts.header(wrap=True)] * 4,
        )
        widths = (48, 40, 80, 13)
        for j, width in enumerate(widths):
            ws.set_column(j, j, width)
        for i, row in enumerate(rows):
            lines = max(text_lines(text, w * 1.1) for text, w in zip(row, widths, strict=True))
            ws.set_row(TABLE_TOP + 1 + i, 15 * lines + 2)
        for word, colour in (("published", look.GREEN), ("assumption", look.AMBER)):
            ws.conditional_format(
                TABLE_TOP + 1,
                3,
                last,
                3,
                {
                    "type": "cell",
                    "criteria": "equal to",
                    "value": f'"{word}"',
                    "format": self.fmts.get(font_color=colour, bold=True),
                },
            )
        ws.freeze_panes(TABLE_TOP + 1, 1)
        self._override_column_list(ws, len(widths) + 2)

    def _override_column_list(self, ws: Worksheet, col: int) -> None:
        """The columns an override may change, in a hidden column: the Overrides Column
        drop-down reads them from here, as they are too many to type into its rule."""
        names = override_columns()
        ws.write_string(TABLE_TOP, col, "Columns an override may change")
        for i, name in enumerate(names):
            ws.write_string(TABLE_TOP + 1 + i, col, name)
        ws.set_column(col, col, None, None, {"hidden": True})
        letter = xl_col_to_name(col)
        cells = f"${letter}${TABLE_TOP + 2}:${letter}${TABLE_TOP + 1 + len(names)}"
        self.wb.define_name(OVERRIDE_COLUMNS, f"={layout.SOURCES_SHEET}!{cells}")

    def _conf(self, ws: Worksheet) -> None:
        """xlwings' settings sheet: keys from A1 down (no gaps), values in column B."""
        key = self.fmts.get(bold=True)
        value = self.inputs.input_format()
        for row, (name, setting) in enumerate(XLWINGS_CONF):
            ws.write_string(row, 0, name, key)
            if isinstance(setting, bool):
                ws.write_boolean(row, 1, setting, value)
            elif setting:
                ws.write_string(row, 1, setting, value)
            else:
                ws.write_blank(row, 1, None, value)
        ws.set_column(0, 0, 18)
        ws.set_column(1, 1, 40)
        ws.set_column(2, 2, 3)
        ws.set_column(3, 3, 100)
        body = self.fmts.get(text_wrap=True, valign="top", font_color=look.GREY)
        ws.merge_range(0, 3, len(XLWINGS_CONF) + 8, 3, CONF_NOTE, body)
