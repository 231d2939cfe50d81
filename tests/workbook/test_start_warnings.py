"""The buttons list warnings on the Start sheet too: after any problems, each marked.

Through xlwings' remote engine with the payload a client sends for a real
.xlsm (tests/xlwings_client.py) and the real planner.run.planning. The fixture's
Border Policing unit has posts and no work: a warning, never a stop.
"""

from __future__ import annotations

import pytest

from planner import contract as layout
from planner.excel import button_press as excel
from tests.conftest import VALID_ROWS
from tests.workbook.test_excel_contract import _all_run, start_list
from tests.xlwings_client import OFFICEJS, VBA, ClientBook, run_remote, write_fixture_workbook

IDLE_UNIT = 'Warning: Units!A6: "Border Policing" has 10 posts today'


@pytest.fixture(autouse=True)
def _licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


def book_with(tmp_path, rows: dict, client: str = VBA) -> ClientBook:
    return ClientBook.from_xlsm(
        write_fixture_workbook(tmp_path / "Planner.xlsm", rows), client=client
    )


@pytest.mark.parametrize("client", [VBA, OFFICEJS])
def test_optimise_lists_the_warnings_and_says_so(tmp_path, client):
    book = book_with(tmp_path, _all_run(VALID_ROWS), client)
    run_remote(lambda b: excel.optimise(b, user="tester"), book)
    listed = start_list(book)
    assert len(listed) == 1 and listed[0].startswith(IDLE_UNIT)
    assert book.alerts[-1]["mode"] == "info"
    assert "1 warning about the inputs is listed on the Start sheet" in book.alerts[-1]["prompt"]
    assert book.records(layout.COMPARISON.name), "the warning stopped the run"


def test_check_inputs_lists_the_problems_then_the_warnings(tmp_path):
    rows = _all_run(VALID_ROWS)
    for row in rows["Scenarios"]:
        row[-1] = "No"  # a problem that leaves the inputs typed, so warnings are found too
    book = book_with(tmp_path, rows)
    book.active = book.index("Units")
    run_remote(excel.press, book)  # "Check inputs" on an input sheet
    listed = start_list(book)
    assert listed[0].startswith("Scenarios!F3: no scenario has Run = Yes")
    assert listed[1].startswith(IDLE_UNIT)
    assert len(listed) == 2
    assert book.alerts[-1]["mode"] == "critical"


def test_check_inputs_without_problems_lists_the_warnings(tmp_path):
    book = book_with(tmp_path, _all_run(VALID_ROWS))
    book.active = book.index("Units")
    run_remote(excel.press, book)
    assert [line[: len(IDLE_UNIT)] for line in start_list(book)] == [IDLE_UNIT]
    assert book.alerts[-1]["mode"] == "info"
    assert book.alerts[-1]["prompt"].startswith("No problems found")


def test_a_clean_run_clears_last_times_warnings(tmp_path):
    rows = _all_run(VALID_ROWS)
    book = book_with(tmp_path, rows)
    run_remote(lambda b: excel.optimise(b, user="tester"), book)
    assert start_list(book)
    sheet, establishment = book.find_table("Establishment")
    assert sheet.cells[(establishment.top + 4, establishment.left)] == "Border Policing"
    sheet.cells[(establishment.top + 4, establishment.left + 2)] = 0  # no posts: no warning
    run_remote(lambda b: excel.optimise(b, user="tester"), book)
    assert start_list(book) == []
