"""Text a user typed on a sheet Planner rewrites is kept (planner/adapters/file/kept_notes.py)."""

from __future__ import annotations

import openpyxl

from planner import contract as layout
from planner.adapters.file.kept_notes import KEPT_HEADER
from planner.cli.commands import main
from tests.processes import fte_copy
from tests.workbook.test_read import edit

SCENARIO = "Budget cut 5%"


def cells(path, sheet: str) -> dict[tuple[int, int], object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {
        (c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None
    }


def test_notes_typed_on_rewritten_sheets_are_kept_after_the_next_run(tmp_path):
    copy = fte_copy(tmp_path / "Planner.xlsm")
    assert main(["optimise", str(copy), "--scenario", SCENARIO]) == 0
    width = len(layout.COMPARISON.columns)

    def type_notes(book):
        book["Comparison"].cell(2, 4, "Board on 12 March: take the HMICS option")
        book["Comparison"].cell(9, width + 3, "Ask Finance about 2028")
        book["Moves"].cell(6, len(layout.MOVES.columns) + 2, "HR: check the 2027 postings")
        book[SCENARIO].cell(10, 16, "DCC: read this first")

    edit(copy, type_notes)
    for _ in range(2):  # kept, and kept where they were put, run after run
        assert main(["optimise", str(copy), "--scenario", SCENARIO]) == 0
        comparison = cells(copy, "Comparison")
        beside = width + 2  # one column clear of the table (1-based)
        assert comparison[(1, beside)] == KEPT_HEADER
        assert comparison[(2, beside)] == "Board on 12 March: take the HMICS option"
        assert comparison[(9, beside + width + 3 - 4)] == "Ask Finance about 2028"
        assert list(comparison.values()).count(KEPT_HEADER) == 1
        moves = cells(copy, "Moves")
        assert "HR: check the 2027 postings" in moves.values()
        assert KEPT_HEADER in moves.values()
        assert cells(copy, SCENARIO)[(10, 16)] == "DCC: read this first"
