"""Build Planner.xlsm: the template workbook, default data included, from the repo.

`planner build` calls `build_workbook`. Everything in the workbook comes from
files under version control: the tables' shape from planner.layout (the
contract), the default data and its sources from planner/data/*.csv, the
output sheets from planner.xlsx.render (so they look the same before and after
the first run), and the VBA from the installed xlwings package.

Why the VBA is taken, never written: a VBA project cannot be written reliably
from source here (docs/tools.md), but xlwings ships quickstart_standalone.xlsm,
whose vbaProject.bin Excel itself wrote. It holds xlwings' whole VBA module and
Module1.SampleCall, which runs `import <WorkbookName>; <WorkbookName>.main()`.
Every button runs SampleCall; Planner.py beside the workbook hands over to
planner.excel, which tells the buttons apart by the sheet they are on. Reading
the binary from the installed package at build time keeps its VBA version equal
to the pinned xlwings, and oletools checks that before anything is written.

Why builds are byte-identical: XlsxWriter stamps zip members with a fixed date,
and the document's created date is fixed here, so a test can compare the
committed workbook with a fresh build.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from planner import layout
from planner.build_words import (
    BUTTONS,
    CHECK_CAPTION,
    CONF_NOTE,
    HOW_TO,
    NO_RESULTS_YET,
    OPTIMISE_CAPTION,
    SOURCES_NOTE,
    START_TEXT,
    XLWINGS_CONF,
)
from planner.look import PROBLEMS_HEADING, PROBLEMS_NAME
from planner.report import Report
from planner.studies.draw import draw_empty_studies
from planner.tables import quote_sheet
from planner.xlsx import render
from planner.xlsx.render import Formats

DATA = Path(__file__).with_name("data")
DEFAULT_OUT = Path("workbook/Planner.xlsm")

#: The macro every button runs: xlwings' quickstart Module1.SampleCall.
MACRO = "SampleCall"
#: Fixed, so that two builds are byte-identical.
CREATED = datetime(2026, 11, 1, 9, 0, 0)

#: Where the Start sheet lists input problems (planner.xlbook writes there):
#: the heading, then PROBLEM_ROWS rows named PROBLEMS_NAME, one column.
PROBLEM_ROWS = 60

#: The workbook name of the list the Overrides Column drop-down offers.
OVERRIDE_COLUMNS = "OverrideColumns"

#: Excel's validation cannot say "above 0" with an upper bound: above this instead.
OPEN_BOUND = 1e-9

#: 0-based header row of every table on an input sheet, as on the output sheets.
TABLE_TOP = render.OUTPUT_TOP

# Colours: Planner's navy and greys (planner.xlsx.render), yellow for inputs.
INPUT_FILL = "#FFF2CC"
INPUT_BORDER = "#BFBFBF"
INPUT_FONT = "#1F3864"
TAB_COLOURS = {"start": render.NAVY, "input": "#FFC000", "output": "#2E75B6", "other": "#A5A5A5"}

#: Number formats of input columns; a column not listed takes its kind's format.
INPUT_NUMBER_FORMATS = {
    "Annual cases": "#,##0",
    "Productive hours": "#,##0",
    "Min posts": "#,##0",
    "Max posts": "#,##0",
    "Max growth per year": "#,##0",
    "Annual growth %": "0.0%",
    "Growth low %": "0.0%",
    "Growth high %": "0.0%",
    "Budget change %": "0.0%",
    "Demand growth adjustment %": "0.0%",
}
KIND_FORMATS = {
    layout.MONEY: "£#,##0",
    layout.PERCENT: "0%",
    layout.YEAR: "0",
    layout.WHOLE: "0",
    layout.NUMBER: "General",
}

#: Which sheet's side notes come from which sources.csv rows ("<Column>: <key>").
#: Side notes: heading, key column, and whether only the table's own columns count.
SIDE_NOTES = {
    "Demand": ("Where the default figures come from (Planner does not read this)", "Stream", True),
    "Roles": ("Where the default figures come from (Planner does not read this)", "Role", True),
    "Units": ("Why the default limits (Planner does not read this)", "Unit", True),
}
SIDE_WIDTH = 100
#: Width of wrapped text columns (Description, Notes).
TEXT_WIDTH = 80.0


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


# --- The VBA project and Planner.py ---------------------------------------------------


def quickstart_path() -> Path:
    """xlwings' quickstart_standalone.xlsm, from the installed (pinned) package."""
    import xlwings

    return Path(xlwings.__file__).with_name("quickstart_standalone.xlsm")


def vba_project() -> bytes:
    """xl/vbaProject.bin of the installed xlwings' quickstart, checked with oletools."""
    with zipfile.ZipFile(quickstart_path()) as package:
        data = package.read("xl/vbaProject.bin")
    problems = vba_problems(vba_modules(data))
    if problems:
        raise RuntimeError(
            "xlwings' quickstart VBA is not what Planner needs: " + "; ".join(problems)
        )
    return data


def vba_modules(data: bytes) -> dict[str, str]:
    """Module name -> VBA source, as oletools decodes it (independently of Excel)."""
    try:
        from oletools.olevba import VBA_Parser
    except ImportError as error:  # pragma: no cover - oletools is a test dependency
        raise RuntimeError(
            "planner build checks the VBA with oletools: pip install oletools"
        ) from error
    parser = VBA_Parser("vbaProject.bin", data=data)
    try:
        return {
            Path(vba_filename).stem: code.decode("latin-1") if isinstance(code, bytes) else code
            for _, _, vba_filename, code in parser.extract_macros()
        }
    finally:
        parser.close()


def vba_problems(modules: dict[str, str]) -> list[str]:
    """What is missing from the VBA for Planner's buttons (empty when all is well)."""
    import xlwings

    problems = []
    version = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', modules.get("xlwings", ""))
    if version is None or version.group(1) != xlwings.__version__:
        found = version.group(1) if version else "none"
        problems.append(f"its xlwings module is version {found}, not {xlwings.__version__}")
    if not re.search(rf"Sub {MACRO}\(\)", modules.get("Module1", "")):
        problems.append(f"Module1 has no Sub {MACRO}()")
    call = 'RunPython "import " & mymodule & ";" & mymodule & ".main()"'
    if call not in modules.get("Module1", ""):
        problems.append(f"{MACRO} does not run `import <WorkbookName>; <WorkbookName>.main()`")
    return problems


def planner_py(module: str) -> str:
    """The Python file the buttons import: `<module>.main()` hands over to planner.excel."""
    return f'''"""{module}.xlsm's buttons run this file: xlwings' RunPython "import {module}; {module}.main()".

Keep it in the same folder as {module}.xlsm (made by `planner build`; do not edit).
It hands over to the planner package, installed with the Python that the
xlwings.conf sheet names, or else the source folder this workbook sits in.
"""

import sys
from pathlib import Path


def main() -> None:
    try:
        from planner.excel import main as planner_main
    except ImportError:
        # Not installed: use the source checkout around this workbook (workbook/..).
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from planner.excel import main as planner_main
    planner_main()
'''


# --- Default data ---------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV file, numbers as numbers and blanks as None."""
    with path.open(newline="", encoding="utf-8") as f:
        return [{k: _typed(v) for k, v in row.items()} for row in csv.DictReader(f)]


def _typed(text: str | None) -> Any:
    if text is None or not text.strip():
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def read_defaults() -> dict[str, list[list[Any]]]:
    """Every input table's default rows, in the contract's column order.

    A CSV whose header differs from the contract is an error: the data and the
    contract must never drift apart silently.
    """
    data = {}
    for table in layout.INPUT_TABLES:
        path = DATA / f"{table.name.lower()}.csv"
        with path.open(newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        if header != table.headers:
            raise ValueError(f"{path.name}: columns {header}, expected {table.headers}")
        data[table.name] = [[row[h] for h in table.headers] for row in read_csv(path)]
    return data


def baseline_pay_bill(data: dict[str, list[list[Any]]]) -> float:
    """Sum of Annual cost x Posts over the default establishment."""
    roles = layout.ROLES.headers
    cost = {r[0]: r[roles.index("Annual cost")] for r in data["Roles"]}
    return float(sum(cost[role] * posts for _, role, posts in data["Establishment"]))


# --- The workbook ----------------------------------------------------------------------


class Builder:
    """Draws every sheet of the template, in workbook order."""

    def __init__(self, wb: xlsxwriter.Workbook, data: dict, sources: list[dict[str, Any]]):
        self.wb = wb
        self.data = data
        self.sources = sources
        self.fmts = Formats(wb)

    def build(self) -> None:
        start = self._sheet(layout.START_SHEET, "start")
        inputs = {name: self._sheet(name, "input") for name in layout.INPUT_SHEETS}
        outputs = {name: self._sheet(name, "output") for name in layout.OUTPUT_SHEET_ORDER}
        sources = self._sheet(layout.SOURCES_SHEET, "other")
        conf = self._sheet(layout.CONF_SHEET, "other")
        self._start(start)
        for name, ws in inputs.items():
            self._input_sheet(ws, [t for t in layout.INPUT_TABLES if t.sheet == name])
        empty = _empty_report()
        for table in layout.OUTPUT_TABLES:
            ws = outputs[table.sheet]
            render.draw_output_sheet(self.wb, ws, self.fmts, table, empty, render.EXCEL_MAX_ROWS)
            ws.write_string(3, 0, NO_RESULTS_YET, self.fmts.get(bold=True, font_color=render.GREY))
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

    # --- formats --------------------------------------------------------------------

    def input_format(self, num_format: str | None = None, **extra: Any) -> Format:
        return self.fmts.get(
            bg_color=INPUT_FILL,
            font_color=INPUT_FONT,
            border=1,
            border_color=INPUT_BORDER,
            num_format=num_format,
            valign="top",
            **extra,
        )

    def column_format(self, column: layout.Column) -> Format:
        return self.input_format(_num_format(column), **_alignment(column))

    # --- input sheets ----------------------------------------------------------------

    def _input_sheet(self, ws: Worksheet, tables: list[layout.Table]) -> None:
        main = tables[0]
        ws.write_string(0, 0, main.sheet, self.fmts.title())
        ws.set_row(0, 30)
        ws.write_string(1, 0, main.note, self.fmts.subtitle())
        ws.write_string(
            2,
            0,
            "Yellow cells are inputs: type over them; add a row by typing below the table; "
            "hover over a heading for what its column means.",
            self.fmts.note(),
        )
        heights: dict[int, float] = {}
        left = 0
        for table in tables:
            right = self._input_table(ws, table, left, heights)
            left = right + 2
        side = SIDE_NOTES.get(main.name)
        if side:
            self._side_notes(ws, main, left, side, heights)
        for row, height in sorted(heights.items()):
            ws.set_row(row, height)
        caption = OPTIMISE_CAPTION if main is layout.SCENARIOS else CHECK_CAPTION
        ws.insert_button(0, len(main.headers) + 1, _button(caption, 0, 4))
        ws.freeze_panes(TABLE_TOP + 1, 1)

    def _input_table(
        self, ws: Worksheet, table: layout.Table, left: int, heights: dict[int, float]
    ) -> int:
        """One contract table at (TABLE_TOP, left), styled and validated; its last column."""
        rows = self.data[table.name]
        if left:
            ws.write_string(TABLE_TOP - 2, left, f"{table.name}: {table.note}", self.fmts.section())
        formats = [self.column_format(c) for c in table.columns]
        heads = [
            self.fmts.header(wrap=True, align=_alignment(c).get("align") or _head_align(c))
            for c in table.columns
        ]
        last_row = render.add_table(
            ws, TABLE_TOP, left, table.name, table.headers, rows, formats, header=heads
        )
        heights[TABLE_TOP] = 32
        for j, column in enumerate(table.columns):
            col = left + j
            ws.set_column(col, col, _input_width(column, [r[j] for r in rows]))
            self._header_note(ws, col, column)
            self._validate(ws, table, column, col, last_row)
        if table is layout.SETTINGS:
            self._settings_values(ws, left, rows)
        if table is layout.OVERRIDES:
            self._override_values(ws, left, rows)
        for i, row in enumerate(rows):
            r = TABLE_TOP + 1 + i
            heights[r] = max(heights.get(r, 15.0), _row_height(table, row))
        return left + len(table.headers) - 1

    def _header_note(self, ws: Worksheet, col: int, column: layout.Column) -> None:
        bounds = _bounds_words(column)
        text = f"{column.name}: {column.note}" + (f" {bounds}" if bounds else "")
        ws.write_comment(
            TABLE_TOP, col, text, {"author": "Planner", "x_scale": 2.2, "y_scale": 1.4}
        )

    def _validate(
        self, ws: Worksheet, table: layout.Table, column: layout.Column, col: int, last: int
    ) -> None:
        rule = validation(table, column)
        if column.name in ("Branch", "Serves"):
            rule = self._branch_rule(column)
        if rule is not None:
            ws.data_validation(TABLE_TOP + 1, col, last, col, rule)

    def _branch_rule(self, column: layout.Column) -> dict[str, Any]:
        """Branches offered from a list (the Public Protection share counts on the
        exact name); another name is allowed after a warning."""
        at = layout.UNITS.headers.index("Branch")
        branches = list(dict.fromkeys(r[at] for r in self.data["Units"]))
        rule = _rule({"validate": "list", "source": branches}, column, "")
        rule.update(
            error_type="warning",
            error_message="Not one of the branches already used. Planner counts the "
            '"Public Protection" share by this exact name. Keep it anyway?',
        )
        return rule

    def _settings_values(self, ws: Worksheet, left: int, rows: list[list[Any]]) -> None:
        """Each setting's Value cell gets its own format and validation (SETTING_ROWS)."""
        col = left + layout.SETTINGS.headers.index("Value")
        for i, row in enumerate(rows):
            spec = layout.SETTING_ROWS.get(row[0])
            if spec is None:
                continue
            kind, _, low, high, choices, note = spec
            column = layout.Column(row[0], kind, note, low=low, high=high, choices=choices)
            fmt = self.input_format(_num_format(column, "0.0%"), align="left")
            render.write_value(ws, TABLE_TOP + 1 + i, col, row[1], fmt)
            rule = validation(layout.SETTINGS, column)
            if rule is not None:
                ws.data_validation(TABLE_TOP + 1 + i, col, TABLE_TOP + 1 + i, col, rule)

    def _override_values(self, ws: Worksheet, left: int, rows: list[list[Any]]) -> None:
        """An override's Value is shown as the column it replaces (5% as 5%, not 0.05)."""
        headers = layout.OVERRIDES.headers
        at, col = headers.index("Table"), left + headers.index("Value")
        for i, row in enumerate(rows):
            table = layout.TABLES.get(str(row[at]))
            name = row[headers.index("Column")]
            if table is None or name not in table.headers:
                continue
            fmt = self.input_format(_num_format(table.column(name)), align="right")
            render.write_value(ws, TABLE_TOP + 1 + i, col, row[headers.index("Value")], fmt)

    def _side_notes(
        self,
        ws: Worksheet,
        table: layout.Table,
        col: int,
        side: tuple[str, str, bool],
        heights: dict[int, float],
    ) -> None:
        """Where each default figure comes from, beside the table, named by its row's key
        (so a note still says whose it is after the table is sorted)."""
        heading, key, own_columns = side
        ws.write_string(TABLE_TOP, col, heading, self.fmts.header(wrap=True))
        ws.set_column(col, col, SIDE_WIDTH)
        name_fmt = self.fmts.get(font_size=9, bold=True, font_color=render.GREY)
        run_fmt = self.fmts.get(font_size=9, font_color=render.GREY)
        text_fmt = self.fmts.get(font_size=9, font_color=render.GREY, valign="top", text_wrap=True)
        at = table.headers.index(key)
        for i, row in enumerate(self.data[table.name]):
            text = self.side_note(table, row[at], own_columns)
            if not text:
                continue
            r = TABLE_TOP + 1 + i
            ws.write_rich_string(r, col, name_fmt, f"{row[at]}: ", run_fmt, text, text_fmt)
            lines = _lines(f"{row[at]}: {text}", SIDE_WIDTH * 1.25)
            heights[r] = max(heights.get(r, 15.0), 12.0 * lines + 3)

    def side_note(self, table: layout.Table, name: str, own_columns: bool) -> str:
        """'<figure> <value>: <status>, <source>. ...' from the sources.csv rows named
        '<figure>: <name>' (only the table's own columns if `own_columns`)."""
        parts = []
        for row in self.sources:
            figure, _, key = str(row["Figure"]).partition(": ")
            if key == name and (figure in table.headers or not own_columns):
                source = str(row["Source"]).rstrip(".")
                why = "" if source in ("Assumed", "Assumption") else f": {source}"
                parts.append(f"{figure} {row['Value']} ({row['Status']}){why}.")
        return " ".join(parts)

    # --- Start ------------------------------------------------------------------------

    def _start(self, ws: Worksheet) -> None:
        ws.set_column(0, 0, 2)
        ws.set_column(1, 1, 30)
        ws.set_column(2, 2, 100)
        ws.write_string(
            1, 1, "Planner", self.fmts.get(bold=True, font_size=24, font_color=render.NAVY)
        )
        ws.set_row(1, 36)
        ws.write_string(
            2,
            1,
            "Move specialist posts to where the harm is: a workforce plan for the Specialist "
            "Crime Division, found by optimisation.",
            self.fmts.subtitle(),
        )
        ws.insert_button(1, 2, _button(OPTIMISE_CAPTION, 500, 4))
        row = self._paragraphs(ws, 4, START_TEXT)
        row = self._pairs(ws, row + 1, "How to use it", HOW_TO)
        row = self._pairs(ws, row + 1, "The buttons", BUTTONS)
        row = self._sheet_links(ws, row + 1)
        self._problems_area(ws, row + 1)
        ws.freeze_panes(3, 0)

    def _section(self, ws: Worksheet, row: int, title: str) -> int:
        ws.merge_range(row, 1, row, 2, title, self.fmts.section())
        ws.set_row(row, 22)
        return row + 1

    def _paragraphs(self, ws: Worksheet, row: int, sections: Sequence[tuple[str, str]]) -> int:
        body = self.fmts.get(text_wrap=True, valign="top")
        for title, text in sections:
            row = self._section(ws, row, title)
            ws.merge_range(row, 1, row, 2, text, body)
            ws.set_row(row, _text_height(text, 145))
            row += 2
        return row - 1

    def _pairs(self, ws: Worksheet, row: int, title: str, pairs: Sequence[tuple[str, str]]) -> int:
        row = self._section(ws, row, title)
        label = self.fmts.get(bold=True, valign="top", font_color=render.NAVY)
        body = self.fmts.get(text_wrap=True, valign="top")
        for left, text in pairs:
            ws.write_string(row, 1, left, label)
            ws.write_string(row, 2, text, body)
            ws.set_row(row, _text_height(text, 112))
            row += 1
        return row

    def _sheet_links(self, ws: Worksheet, row: int) -> int:
        row = self._section(ws, row, "The sheets")
        link = self.fmts.get(font_color="#0563C1", underline=1, valign="top")
        body = self.fmts.get(text_wrap=True, valign="top")
        for name, text in sheet_descriptions():
            ws.write_url(row, 1, f"internal:{quote_sheet(name)}!A1", link, string=name)
            ws.write_string(row, 2, text, body)
            ws.set_row(row, _text_height(text, 112))
            row += 1
        return row

    def _problems_area(self, ws: Worksheet, row: int) -> None:
        """The heading, then the named one-column range planner.xlbook writes problems into."""
        ws.write_string(row, 1, PROBLEMS_HEADING, self.fmts.section())
        ws.write_string(
            row,
            2,
            "Check inputs lists each problem here, with its sheet and cell (e.g. Units!C7).",
            self.fmts.get(font_color=render.GREY, italic=True, bottom=2, bottom_color=render.NAVY),
        )
        area = self.fmts.get(bg_color=render.LIGHT, font_color="#C00000")
        first = row + 1
        for r in range(first, first + PROBLEM_ROWS):
            ws.write_blank(r, 1, None, area)
            ws.write_blank(r, 2, None, area)
        top, bottom = first + 1, first + PROBLEM_ROWS
        self.wb.define_name(PROBLEMS_NAME, f"={layout.START_SHEET}!$B${top}:$B${bottom}")

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
        last = render.add_table(
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
            lines = max(_lines(text, w * 1.1) for text, w in zip(row, widths, strict=True))
            ws.set_row(TABLE_TOP + 1 + i, 15 * lines + 2)
        for word, colour in (("published", render.GREEN), ("assumption", render.AMBER)):
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
        value = self.input_format()
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
        body = self.fmts.get(text_wrap=True, valign="top", font_color=render.GREY)
        ws.merge_range(0, 3, len(XLWINGS_CONF) + 8, 3, CONF_NOTE, body)


# --- Helpers ----------------------------------------------------------------------------


def validation(table: layout.Table, column: layout.Column) -> dict[str, Any] | None:
    """An Excel data validation rule for a column, from the contract; None if free."""
    if column.refers_to:
        if column.kind == layout.LIST:
            return {
                "validate": "any",
                "input_title": column.name[:32],
                "input_message": "Unit names from the Units sheet, separated by ;",
            }
        source = f'=INDIRECT("{_list_of(column.refers_to)}")'
        return _rule({"validate": "list", "source": source}, column, "Choose one from the list.")
    if column.choices:
        return _rule({"validate": "list", "source": list(column.choices)}, column, "")
    if table is layout.OVERRIDES and column.name == "Column":
        names = override_columns()
        fits = len(",".join(names)) <= 255  # Excel's limit for a list typed into the rule
        source = names if fits else f"={OVERRIDE_COLUMNS}"
        return _rule({"validate": "list", "source": source}, column, "")
    numeric = (layout.NUMBER, layout.WHOLE, layout.MONEY, layout.PERCENT, layout.YEAR)
    if column.kind not in numeric or (column.low is None and column.high is None):
        return None
    kind = "integer" if column.kind in (layout.WHOLE, layout.YEAR) else "decimal"
    rule: dict[str, Any] = {"validate": kind}
    if column.low is not None and column.high is not None:
        # Excel has no "above x and at most y": an open bound moves up by a hair.
        low = column.low + OPEN_BOUND if column.low_open else column.low
        rule.update(criteria="between", minimum=low, maximum=column.high)
    elif column.low is not None:
        rule.update(criteria=">" if column.low_open else ">=", value=column.low)
    else:
        rule.update(criteria="<=", value=column.high)
    return _rule(rule, column, _bounds_words(column))


def _rule(rule: dict[str, Any], column: layout.Column, words: str) -> dict[str, Any]:
    message = f"{column.note} {words}".strip()
    rule.update(error_title=f"{column.name}"[:32], error_message=message[:255])
    return rule


def _list_of(table: str) -> str:
    key = layout.TABLES[table].keys[0]
    return f"{table}[{key}]"


def override_columns() -> list[str]:
    """Columns an Overrides row may change: the non-key columns of the tables it names."""
    names: list[str] = []
    for table_name in layout.OVERRIDES.column("Table").choices:
        table = layout.TABLES[table_name]
        for header in table.headers:
            if header not in table.keys and header != "Notes" and header not in names:
                names.append(header)
    return names


def _bounds_words(column: layout.Column) -> str:
    """'Between 0% and 100%.' in the column's own units, or ''."""

    def shown(value: float) -> str:
        if column.kind == layout.PERCENT:
            return f"{value:.0%}"
        if column.kind == layout.MONEY:
            return f"£{value:,.0f}"
        return f"{value:g}"

    low, high = column.low, column.high
    if low is not None and high is not None:
        above = "above" if column.low_open else "at least"
        return f"Must be {above} {shown(low)} and at most {shown(high)}."
    if low is not None:
        return f"Must be {'above' if column.low_open else 'at least'} {shown(low)}."
    if high is not None:
        return f"Must be at most {shown(high)}."
    return ""


def _num_format(column: layout.Column, percent: str = "0%") -> str | None:
    if column.name in INPUT_NUMBER_FORMATS:
        return INPUT_NUMBER_FORMATS[column.name]
    if column.kind == layout.PERCENT:
        return percent
    return KIND_FORMATS.get(column.kind)


def _alignment(column: layout.Column) -> dict[str, Any]:
    """Years and Yes/No centred; long text wrapped."""
    if column.kind in (layout.YEAR, layout.YESNO):
        return {"align": "center"}
    if column.name in ("Description", "Notes"):
        return {"text_wrap": True}
    return {}


def _head_align(column: layout.Column) -> str | None:
    numeric = (layout.NUMBER, layout.WHOLE, layout.MONEY, layout.PERCENT)
    return "right" if column.kind in numeric else None


def _input_width(column: layout.Column, values: list[Any]) -> float:
    if column.name in ("Description", "Notes"):
        return TEXT_WIDTH
    return render.column_width(column.name, values, cap=44) + 2


def _row_height(table: layout.Table, row: list[Any]) -> float:
    """Tall enough for a wrapped Description or Notes cell; else Excel's default."""
    texts = [
        str(v)
        for h, v in zip(table.headers, row, strict=True)
        if h in ("Description", "Notes") and v
    ]
    return max([15.0, *(_text_height(t, TEXT_WIDTH * 1.05) for t in texts)])


def _lines(text: str, chars_per_line: float) -> int:
    return max(1, sum(math.ceil(max(len(part), 1) / chars_per_line) for part in text.split("\n")))


def _text_height(text: str, chars_per_line: float) -> float:
    return 15.0 * _lines(text, chars_per_line) + 3


def _button(caption: str, x_offset: int, y_offset: int) -> dict[str, Any]:
    """A form button running MACRO (all of Planner's buttons run the same macro)."""
    return {
        "macro": MACRO,
        "caption": caption,
        "width": 170,
        "height": 34,
        "x_offset": x_offset,
        "y_offset": y_offset,
        "description": f"Planner: {caption}",
    }


def _empty_report() -> Report:
    def empty(table: layout.Table) -> pd.DataFrame:
        return pd.DataFrame(columns=table.headers, dtype=object)

    return Report(
        empty(layout.COMPARISON), empty(layout.PLANS), empty(layout.COVERAGE), empty(layout.RUNLOG)
    )


def sheet_descriptions() -> list[tuple[str, str]]:
    """Each sheet and what it holds, for the Start sheet's links."""
    notes: dict[str, str] = {}
    for table in layout.INPUT_TABLES + layout.OUTPUT_TABLES + layout.STUDY_TABLES:
        if table.note:
            notes.setdefault(table.sheet, table.note)
    notes["Settings"] += (
        " Beside them, the harm curve: how much more each further case left unworked weighs "
        "as a stream's coverage falls."
    )
    names = (*layout.INPUT_SHEETS, *layout.OUTPUT_SHEET_ORDER)  # a sheet's first table speaks
    described = [(name, notes[name]) for name in names]
    return [
        *described,
        ("Sources", "Where every default figure comes from, and which are assumptions."),
        (
            layout.CONF_SHEET,
            "Where Python is, for the buttons (xlwings' settings). Set up once by IT.",
        ),
    ]
