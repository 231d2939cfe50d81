"""Text a user typed on a sheet Planner rewrites is kept, by the same rule on both routes
(planner/report/kept_notes.py; the file route's reader planner/adapters/file/kept_notes.py,
the buttons' planner/adapters/live/xl_notes.py): on the output sheets, the scenario tabs
and the study sheets."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from planner import contract as layout
from planner.cli.commands import main
from planner.excel import button_press as excel
from planner.report.kept_notes import KEPT_HEADER, RECORD_CELL
from planner.report.scenario_tab import LAST_COL
from planner.report.study_figures import notes_left
from planner.studies.disruption import CHART
from tests.processes import fte_copy
from tests.studies import ONE, only_run
from tests.workbook.test_read import edit
from tests.xlwings_client import OFFICEJS, VBA, ClientBook, run_remote

SCENARIO = "Budget cut 5%"
INSIDE = "DCC: is this figure right?"
OVER = "Board: say 4%, not 5%"


def cells(path, sheet: str) -> dict[tuple[int, int], object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {
        (c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None
    }


def type_notes(path: Path) -> tuple[tuple[int, int], int]:
    """Notes as a user types them: beside and above the output tables, right of the
    tab's page, in an empty cell inside it, and over Planner's own text there.
    The cell (1-based) of the note inside the page, and the row of the one typed over."""
    width = len(layout.COMPARISON.columns)
    typed: list = []

    def typing(book):
        book["Comparison"].cell(2, 4, "Board on 12 March: take the HMICS option")
        book["Comparison"].cell(9, width + 3, "Ask Finance about 2028")
        book["Moves"].cell(6, len(layout.MOVES.columns) + 2, "HR: check the 2027 postings")
        tab = book[SCENARIO]
        tab.cell(10, 16, "DCC: read this first")
        row, col = _empty_page_cell(tab)
        tab.cell(row, col, INSIDE)
        assert isinstance(tab.cell(3, 1).value, str)  # the scenario's description
        tab.cell(3, 1, OVER)
        typed.extend([(row, col), 3])

    edit(path, typing)
    return typed[0], typed[1]


def _empty_page_cell(ws) -> tuple[int, int]:
    """A blank cell inside the page (columns A to N), well below the top."""
    for row in range(12, ws.max_row):
        for col in range(2, LAST_COL + 2):
            cell = ws.cell(row, col)
            if not isinstance(cell, MergedCell) and cell.value is None:
                return row, col
    raise AssertionError("no blank cell inside the page")


def assert_kept(found: dict, tab: dict, inside: tuple[int, int], over: int) -> None:
    """Where the rule puts every note (1-based cells), on either route."""
    width = len(layout.COMPARISON.columns)
    beside = width + 2  # one column clear of the table (1-based)
    comparison, moves = found["Comparison"], found["Moves"]
    assert comparison[(1, beside)] == KEPT_HEADER
    assert comparison[(2, beside)] == "Board on 12 March: take the HMICS option"
    assert comparison[(9, beside + width + 3 - 4)] == "Ask Finance about 2028"
    assert list(comparison.values()).count(KEPT_HEADER) == 1
    assert moves[(6, len(layout.MOVES.columns) + 2)] == "HR: check the 2027 postings"
    assert KEPT_HEADER in moves.values()
    assert tab[(10, 16)] == "DCC: read this first"  # right of the page: where it was
    # Moved right of the page, clear of the note in P (16): from column R (1-based 18),
    # their rows and their order across kept (the one typed over was in column A).
    moved = max(LAST_COL + 3, 16 + 2)
    assert tab[(over - 1, moved)] == KEPT_HEADER
    assert tab[(over, moved)] == OVER
    assert tab[(inside[0], moved + inside[1] - 1)] == INSIDE
    assert tab[(3, 1)] != OVER  # Planner's description is back
    assert list(tab.values()).count(INSIDE) == 1 and list(tab.values()).count(OVER) == 1


def test_notes_typed_on_rewritten_sheets_are_kept_after_the_next_run(tmp_path):
    copy = fte_copy(tmp_path / "Planner.xlsm")
    assert main(["optimise", str(copy), "--scenario", SCENARIO]) == 0
    inside, over = type_notes(copy)
    for _ in range(2):  # kept, and kept where they were put, run after run
        assert main(["optimise", str(copy), "--scenario", SCENARIO]) == 0
        found = {name: cells(copy, name) for name in ("Comparison", "Moves")}
        assert_kept(found, cells(copy, SCENARIO), inside, over)


@pytest.mark.parametrize("client", [VBA, OFFICEJS])
def test_the_buttons_keep_notes_where_the_file_route_does(tmp_path, client):
    copy = fte_copy(tmp_path / "Planner.xlsm")
    assert main(["optimise", str(copy), "--scenario", SCENARIO]) == 0
    inside, over = type_notes(copy)
    by_file = tmp_path / "by-file.xlsm"
    shutil.copy(copy, by_file)
    assert main(["optimise", str(by_file), "--scenario", SCENARIO]) == 0
    book = ClientBook.from_xlsm(copy, client=client)
    for _ in range(2):  # the buttons, run after run
        run_remote(lambda b: excel.optimise(b, only=[SCENARIO], user="tester"), book)
        assert book.alerts[-1]["mode"] == "info", book.alerts
        found = {name: book.sheet(name).cells for name in ("Comparison", "Moves")}
        tab = book.sheet(SCENARIO).cells
        assert_kept(found, tab, inside, over)
        for name in ("Comparison", "Moves"):  # the same notes in the same cells as the file's
            notes = {k: v for k, v in cells(by_file, name).items() if k[1] > 8}
            assert {k: found[name][k] for k in notes} == notes, name
        record = (RECORD_CELL[0] + 1, RECORD_CELL[1] + 1)
        file_tab = cells(by_file, SCENARIO)
        right = {k: v for k, v in file_tab.items() if k[1] > LAST_COL + 1 and k != record}
        assert {k: tab.get(k) for k in right} == right


# --- a study's sheet ------------------------------------------------------------------

STUDY_RUN = ["disruption", "--scenario", ONE, "--workers", "1"]
WIDTH = len(layout.DISRUPTION.columns)
#: Where the rule puts a study sheet's notes (1-based): clear of the table and the
#: chart's columns (one scenario: its figures are two columns, the chart wider).
NOTES = notes_left(WIDTH, 2) + 1
STUDY_NOTES = {
    (2, 4): "Board: use the 3-change cap",  # above the table, right of its title
    (8, WIDTH + 4): "DCC: why does it flatten?",  # under the chart
    (16, 2): "Ask HR about the cap",  # below the table
}


def disruption(path: Path) -> None:
    assert main([STUDY_RUN[0], str(path), *STUDY_RUN[1:]]) == 0


RUNLOG_NOTE = (6, len(layout.RUNLOG.columns) + 2, "Audit: runs of 3 March checked")


def type_study_notes(path: Path) -> None:
    def typing(book):
        sheet = book[layout.DISRUPTION.sheet]
        assert sheet.max_row < 16  # the note below the table is below it
        for (row, col), text in STUDY_NOTES.items():
            sheet.cell(row, col, text)
        book[layout.RUNLOG.sheet].cell(*RUNLOG_NOTE)  # the study rewrites the Run log too

    edit(path, typing)


def assert_study_notes_kept(found: dict) -> None:
    """Where the rule puts them: from column NOTES, their rows and order across kept,
    under the header line; once each; none left among Planner's table or chart."""
    assert found[(1, NOTES)] == KEPT_HEADER
    assert found[(2, NOTES + 2)] == STUDY_NOTES[(2, 4)]
    assert found[(8, NOTES + WIDTH + 2)] == STUDY_NOTES[(8, WIDTH + 4)]
    assert found[(16, NOTES)] == STUDY_NOTES[(16, 2)]
    values = list(found.values())
    assert all(values.count(text) == 1 for text in [KEPT_HEADER, *STUDY_NOTES.values()])
    theirs = {k: v for k, v in found.items() if k[1] < NOTES}
    assert not set(theirs.values()) & set(STUDY_NOTES.values())


def test_notes_typed_on_a_study_sheet_are_kept_clear_of_its_chart(tmp_path):
    copy = fte_copy(tmp_path / "Planner.xlsm")
    disruption(copy)
    type_study_notes(copy)
    for _ in range(2):  # kept, and kept where they were put, run after run
        disruption(copy)
        assert_study_notes_kept(cells(copy, layout.DISRUPTION.sheet))
        runlog = cells(copy, layout.RUNLOG.sheet)
        assert runlog[RUNLOG_NOTE[:2]] == RUNLOG_NOTE[2]
        assert runlog[(RUNLOG_NOTE[0] - 1, RUNLOG_NOTE[1])] == KEPT_HEADER


@pytest.mark.parametrize("client", [VBA, OFFICEJS])
def test_a_study_button_keeps_notes_where_the_file_route_does(tmp_path, client):
    copy = fte_copy(tmp_path / "Planner.xlsm")
    disruption(copy)
    type_study_notes(copy)
    by_file = tmp_path / "by-file.xlsm"
    shutil.copy(copy, by_file)
    disruption(by_file)
    book = ClientBook.from_xlsm(copy, client=client, active_sheet=layout.DISRUPTION.sheet)
    only_run(book, ONE)
    for _ in range(2):  # the button, run after run
        run_remote(excel.press, book)
        assert book.alerts[-1]["mode"] == "info", book.alerts
        found = book.sheet(layout.DISRUPTION.sheet).cells
        assert_study_notes_kept(found)
        assert found[(5, WIDTH + 2)] == CHART.x_title  # the chart's figures, beside the table
        notes = {k: v for k, v in cells(by_file, layout.DISRUPTION.sheet).items() if k[1] >= NOTES}
        assert {k: found.get(k) for k in notes} == notes
