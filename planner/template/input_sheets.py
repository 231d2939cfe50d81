"""The input sheets: each contract table with its defaults, formats, notes and Excel's rules.

Every table sits at TABLE_TOP, like the output tables; its headings carry
the column's meaning as a comment, and the Demand, Roles and Units sheets
carry beside the table where each default figure comes from.
"""

from __future__ import annotations

from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from planner import contract as layout
from planner.adapters.file.draw import add_table, write_value
from planner.adapters.file.formats import Formats
from planner.contract import look
from planner.contract.settings_rows import SETTING_REFERS
from planner.contract.words import CHECK_CAPTION, OPTIMISE_CAPTION
from planner.report.output_page import OUTPUT_TOP
from planner.template.buttons import button
from planner.template.input_look import (
    INPUT_BORDER,
    INPUT_FILL,
    INPUT_FONT,
    alignment,
    head_align,
    input_width,
    num_format,
    row_height,
    text_lines,
)
from planner.template.input_rules import bounds_words, rule_with_words, validation

#: 0-based header row of every table on an input sheet, as on the output sheets.
TABLE_TOP = OUTPUT_TOP


#: Which sheet's side notes come from which sources.csv rows ("<Column>: <key>").
#: Side notes: heading, key column, and whether only the table's own columns count.
SIDE_NOTES = {
    "Demand": ("Where the default figures come from (Planner does not read this)", "Stream", True),
    "Roles": ("Where the default figures come from (Planner does not read this)", "Role", True),
    "Units": ("Why the default limits (Planner does not read this)", "Unit", True),
}


SIDE_WIDTH = 100


class InputSheets:
    """Draws the input sheets; its yellow input format is the xlwings.conf sheet's too."""

    def __init__(
        self, wb: xlsxwriter.Workbook, fmts: Formats, data: dict, sources: list[dict[str, Any]]
    ):
        self.wb = wb
        self.fmts = fmts
        self.data = data
        self.sources = sources

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
        return self.input_format(num_format(column), **alignment(column))

    def draw(self, ws: Worksheet, tables: list[layout.Table]) -> None:
        """One input sheet: its main table first, any others beside it."""
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
        ws.insert_button(0, len(main.headers) + 1, button(caption, 0, 4))
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
            self.fmts.header(wrap=True, align=alignment(c).get("align") or head_align(c))
            for c in table.columns
        ]
        last_row = add_table(
            ws, TABLE_TOP, left, table.name, table.headers, rows, formats, header=heads
        )
        heights[TABLE_TOP] = 32
        for j, column in enumerate(table.columns):
            col = left + j
            ws.set_column(col, col, input_width(column, [r[j] for r in rows]))
            self._header_note(ws, col, column)
            self._validate(ws, table, column, col, last_row)
        if table is layout.SETTINGS:
            self._settings_values(ws, left, rows)
        if table is layout.OVERRIDES:
            self._override_values(ws, left, rows)
        for i, row in enumerate(rows):
            r = TABLE_TOP + 1 + i
            heights[r] = max(heights.get(r, 15.0), row_height(table, row))
        return left + len(table.headers) - 1

    def _header_note(self, ws: Worksheet, col: int, column: layout.Column) -> None:
        bounds = bounds_words(column)
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
        rule = rule_with_words({"validate": "list", "source": branches}, column, "")
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
            refers = SETTING_REFERS.get(row[0])
            column = layout.Column(
                row[0], kind, note, low=low, high=high, choices=choices, refers_to=refers
            )
            fmt = self.input_format(num_format(column, "0.0%"), align="left")
            write_value(ws, TABLE_TOP + 1 + i, col, row[1], fmt)
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
            fmt = self.input_format(num_format(table.column(name)), align="right")
            write_value(ws, TABLE_TOP + 1 + i, col, row[headers.index("Value")], fmt)

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
        name_fmt = self.fmts.get(font_size=9, bold=True, font_color=look.GREY)
        run_fmt = self.fmts.get(font_size=9, font_color=look.GREY)
        text_fmt = self.fmts.get(font_size=9, font_color=look.GREY, valign="top", text_wrap=True)
        at = table.headers.index(key)
        for i, row in enumerate(self.data[table.name]):
            text = self.side_note(table, row[at], own_columns)
            if not text:
                continue
            r = TABLE_TOP + 1 + i
            ws.write_rich_string(r, col, name_fmt, f"{row[at]}: ", run_fmt, text, text_fmt)
            lines = text_lines(f"{row[at]}: {text}", SIDE_WIDTH * 1.25)
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
