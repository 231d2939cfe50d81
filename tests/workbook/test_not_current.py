"""A deleted scenario's results stay, marked so nobody reads them as current."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from planner.adapters.file.file_reader import FileWorkbook
from planner.cli.commands import main
from planner.excel import button_press as excel
from planner.report.not_current import DELETED_STATUS
from tests.processes import fte_copy, planner
from tests.workbook.test_read import edit
from tests.xlwings_client import ClientBook, run_remote

DELETED = "Budget cut 5%"


@pytest.fixture(autouse=True)
def _licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


def delete_scenario_row(path, name: str) -> None:
    """What Excel's Delete > Table Rows does: the rows below move up, the table shrinks."""
    scenarios = FileWorkbook(path).read_tables()["Scenarios"]
    names = [r["Scenario"] for r in scenarios.records()]
    first, last = scenarios.top + 1 + names.index(name), scenarios.top + len(names)

    def delete(book) -> None:
        ws = book["Scenarios"]
        ws.delete_rows(first)
        ws.tables["Scenarios"].ref = f"A{scenarios.top}:F{last - 1}"

    edit(path, delete)


@pytest.fixture(scope="module")
def ran_then_deleted(tmp_path_factory):
    """Every scenario run once, then Budget cut 5% deleted from the Scenarios table."""
    path = tmp_path_factory.mktemp("deleted") / "Planner.xlsm"
    fte_copy(path)
    assert main(["optimise", str(path)]) == 0
    delete_scenario_row(path, DELETED)
    return path


@pytest.fixture
def workbook(ran_then_deleted, tmp_path):
    path = tmp_path / "Planner.xlsm"
    shutil.copyfile(ran_then_deleted, path)
    return path


def statuses(path) -> dict[str, str]:
    rows = FileWorkbook(path).read_tables()["Comparison"].records()
    return {r["Scenario"]: r["Status"] for r in rows}


@pytest.mark.slow
def test_the_command_line_marks_the_row_the_tab_and_says_so(workbook):
    run = planner("optimise", str(workbook))
    _out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert (
        f'Not current: 1 scenario is no longer in the Scenarios table ("{DELETED}"). Its '
        f'earlier results stay in the workbook, marked "{DELETED_STATUS}", with a banner on its tab.'
    ) in err
    status = statuses(workbook)
    assert status.pop(DELETED) == DELETED_STATUS
    assert set(status.values()) == {"Optimal"}
    book = openpyxl.load_workbook(workbook)
    for sheet in ("Comparison", "Plans", "Coverage"):
        assert book[sheet]["A4"].value == (
            f'Not current: the rows of "{DELETED}" are from an earlier run; that scenario has '
            "since been deleted from the Scenarios table."
        )
    assert book["Run log"]["A4"].value is None  # the log is history: nothing to mark
    assert {r["Scenario"] for r in FileWorkbook(workbook).read_tables()["Plans"].records()} >= {
        DELETED
    }  # its plan is kept
    tab = book[DELETED]
    assert tab["A2"].value == DELETED
    assert tab["A3"].value.startswith(f'NOT CURRENT: the scenario "{DELETED}" has been deleted')
    assert tab["A3"].font.b and tab["A3"].font.color.rgb == "FF9C5700"
    assert (
        tab["A3"].fill.fgColor.rgb == "FFFFEB9C"
    )  # the tab's banner colours (planner.contract.look)


@pytest.mark.slow
def test_a_second_run_marks_once_and_a_scenario_added_back_is_current_again(workbook):
    assert main(["optimise", str(workbook)]) == 0
    assert main(["optimise", str(workbook)]) == 0
    book = openpyxl.load_workbook(workbook)
    assert book[DELETED]["A3"].value.count("NOT CURRENT") == 1
    assert [r[0].value for r in book["Comparison"]["A6:A11"]].count(DELETED) == 1

    def add_back(book) -> None:
        ws, table = book["Scenarios"], book["Scenarios"].tables["Scenarios"]
        last = int(table.ref.split(":")[1][1:])
        for col, value in zip(
            "ABCDEF", [DELETED, "Back again", -0.05, 0, None, "Yes"], strict=True
        ):
            ws[f"{col}{last + 1}"] = value
        table.ref = f"A5:F{last + 1}"

    edit(workbook, add_back)
    assert main(["optimise", str(workbook), "--scenario", DELETED]) == 0
    assert statuses(workbook)[DELETED] == "Optimal"
    book = openpyxl.load_workbook(workbook)
    assert book[DELETED]["A3"].value == "Back again"  # its tab drawn anew, no banner
    assert book["Plans"]["A4"].value is None


@pytest.mark.slow
def test_the_buttons_mark_them_the_same_way(workbook):
    client_book = ClientBook.from_xlsm(workbook)
    run_remote(excel.optimise, client_book)
    status = {r["Scenario"]: r["Status"] for r in client_book.records("Comparison")}
    assert status[DELETED] == DELETED_STATUS
    assert client_book.cell(DELETED, "A3").startswith(f'NOT CURRENT: the scenario "{DELETED}"')
    assert client_book.cell("Plans", "A4").startswith(f'Not current: the rows of "{DELETED}"')


def test_a_scenario_added_back_but_not_run_gets_its_last_status_again(workbook):
    """Deleted, added back with Run = No, then another scenario run: not "deleted" any more."""

    def add_back(book) -> None:
        ws, table = book["Scenarios"], book["Scenarios"].tables["Scenarios"]
        last = int(table.ref.split(":")[1][1:])
        for col, value in zip("ABCDEF", [DELETED, "Back again", -0.05, 0, None, "No"], strict=True):
            ws[f"{col}{last + 1}"] = value
        table.ref = f"A5:F{last + 1}"

    assert main(["optimise", str(workbook), "--scenario", "Rebalance within budget"]) == 0
    assert statuses(workbook)[DELETED] == DELETED_STATUS
    edit(workbook, add_back)
    assert main(["optimise", str(workbook), "--scenario", "Rebalance within budget"]) == 0
    assert statuses(workbook)[DELETED] == "Optimal"  # its last run's, from the Run log
    rows = FileWorkbook(workbook).read_tables()["Comparison"].records()
    message = next(r["Message"] for r in rows if r["Scenario"] == DELETED)
    assert "Added back to the Scenarios table: run it" in message
