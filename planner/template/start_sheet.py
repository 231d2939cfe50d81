"""The Start sheet: what Planner is, how to use it, the buttons, links to every sheet,
and the area where Check inputs lists the problems it finds."""

from __future__ import annotations

from collections.abc import Sequence

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from planner import contract as layout
from planner.adapters.file.formats import Formats
from planner.contract import look
from planner.contract.look import PROBLEMS_HEADING, PROBLEMS_NAME
from planner.contract.words import BUTTONS, HOW_TO, OPTIMISE_CAPTION, START_TEXT
from planner.read.tables import quote_sheet
from planner.template.buttons import button
from planner.template.input_look import text_height

#: Where the Start sheet lists input problems (planner.adapters.live.xl_book writes there):
#: the heading, then PROBLEM_ROWS rows named PROBLEMS_NAME, one column.
PROBLEM_ROWS = 60


class StartSheet:
    """Draws the Start sheet, top to bottom."""

    def __init__(self, wb: xlsxwriter.Workbook, fmts: Formats):
        self.wb = wb
        self.fmts = fmts

    def draw(self, ws: Worksheet) -> None:
        ws.set_column(0, 0, 2)
        ws.set_column(1, 1, 30)
        ws.set_column(2, 2, 100)
        ws.write_string(
            1, 1, "Planner", self.fmts.get(bold=True, font_size=24, font_color=look.NAVY)
        )
        ws.set_row(1, 36)
        ws.write_string(
            2,
            1,
            "Move specialist posts to where the harm is: a workforce plan for the Specialist "
            "Crime Division, found by optimisation.",
            self.fmts.subtitle(),
        )
        ws.insert_button(1, 2, button(OPTIMISE_CAPTION, 500, 4))
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
            ws.set_row(row, text_height(text, 145))
            row += 2
        return row - 1

    def _pairs(self, ws: Worksheet, row: int, title: str, pairs: Sequence[tuple[str, str]]) -> int:
        row = self._section(ws, row, title)
        label = self.fmts.get(bold=True, valign="top", font_color=look.NAVY)
        body = self.fmts.get(text_wrap=True, valign="top")
        for left, text in pairs:
            ws.write_string(row, 1, left, label)
            ws.write_string(row, 2, text, body)
            ws.set_row(row, text_height(text, 112))
            row += 1
        return row

    def _sheet_links(self, ws: Worksheet, row: int) -> int:
        row = self._section(ws, row, "The sheets")
        link = self.fmts.get(font_color="#0563C1", underline=1, valign="top")
        body = self.fmts.get(text_wrap=True, valign="top")
        for name, text in sheet_descriptions():
            ws.write_url(row, 1, f"internal:{quote_sheet(name)}!A1", link, string=name)
            ws.write_string(row, 2, text, body)
            ws.set_row(row, text_height(text, 112))
            row += 1
        return row

    def _problems_area(self, ws: Worksheet, row: int) -> None:
        """The heading, then the named one-column range planner.adapters.live.xl_book writes problems into."""
        ws.write_string(row, 1, PROBLEMS_HEADING, self.fmts.section())
        ws.write_string(
            row,
            2,
            "Check inputs lists each problem here, with its sheet and cell (e.g. Units!C7).",
            self.fmts.get(font_color=look.GREY, italic=True, bottom=2, bottom_color=look.NAVY),
        )
        area = self.fmts.get(bg_color=look.LIGHT, font_color="#C00000")
        first = row + 1
        for r in range(first, first + PROBLEM_ROWS):
            ws.write_blank(r, 1, None, area)
            ws.write_blank(r, 2, None, area)
        top, bottom = first + 1, first + PROBLEM_ROWS
        self.wb.define_name(PROBLEMS_NAME, f"={layout.START_SHEET}!$B${top}:$B${bottom}")


def sheet_descriptions() -> list[tuple[str, str]]:
    """Each sheet and what it holds, for the Start sheet's links."""
    notes: dict[str, str] = {}
    for table in layout.INPUT_TABLES + layout.OUTPUT_TABLES + layout.STUDY_TABLES:
        if table.note:  # a sheet's first table speaks
            notes.setdefault(table.sheet, table.note)
    notes["Settings"] += (
        " Beside them, the harm curve: how much more each further case left unworked weighs "
        "as a stream's coverage falls."
    )
    described = [(name, notes[name]) for name in (*layout.INPUT_SHEETS, *layout.OUTPUT_SHEET_ORDER)]
    return [
        *described,
        ("Sources", "Where every default figure comes from, and which are assumptions."),
        (
            layout.CONF_SHEET,
            "Where Python is, for the buttons (xlwings' settings). Set up once by IT.",
        ),
    ]
