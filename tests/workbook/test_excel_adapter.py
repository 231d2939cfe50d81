"""The xlwings adapter through xlwings' own remote engine, without Excel.

A payload is built from a real .xlsm as the VBA or Office.js client would send
it; `XlwingsWorkbook` reads and writes through `xw.Book(json=...)`; the actions
that come back are replayed with the client's semantics, and refused if the
client has no such callback. The file reader reads the same workbook.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
import xlwings as xw

from planner import contract as layout
from planner.adapters.file.file_reader import FileWorkbook
from planner.adapters.live.xl_book import WouldLoseUserWork, XlwingsWorkbook
from planner.adapters.live.xl_capabilities import Capabilities
from planner.adapters.live.xl_scenario_page import NO_CHARTS_NOTE
from planner.adapters.live.xl_values import table_values, text_cell
from planner.read.tables import Unreadable
from planner.report.scenario_page import Headline, ScenarioSheet
from planner.report.sheet_names import SCENARIO_TAB_MARKER
from planner.report.workbook_report import Report
from tests.conftest import VALID_ROWS
from tests.xlwings_client import OFFICEJS, VBA, ClientBook, write_fixture_workbook

CLIENTS = (VBA, OFFICEJS)


@pytest.fixture(autouse=True)
def _licence(monkeypatch: pytest.MonkeyPatch) -> None:
    """The remote engine is xlwings PRO code: noncommercial use, as a police force."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture
def xlsm(tmp_path):
    return write_fixture_workbook(tmp_path / "Planner.xlsm", VALID_ROWS)


def open_book(client_book: ClientBook) -> tuple[xw.Book, XlwingsWorkbook]:
    book = xw.Book(json=client_book.payload())
    return book, XlwingsWorkbook(book)


def output_frame(spec: layout.Table, rows: list[list]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=spec.headers, dtype=object)


#: Final-year cost and budget, PP share before and after, harm reduction per £1m.
FIGURES = (1e6, 1.1e6, 0.3, 0.35, 2.5)


def comparison_rows(names: list[str]) -> list[list]:
    return [
        [n, "Optimal", 10.0 + i, 20.0, 0.5, 0.9, 0.6, 4, 1, 1, 1, *FIGURES, 120, f"Fine {n}."]
        for i, n in enumerate(names)
    ]


def scenario_page(name: str, *, with_plan: bool = True) -> ScenarioSheet:
    by_unit = pd.DataFrame(
        [["MIT", "Major Crime", 45.0, 47.0, 2.0], ["NCAIU", "Public Protection", 30.0, 28.0, -2.0]],
        columns=["Unit", "Branch", "Posts before", "Posts after", "Change"],
    )
    coverage = pd.DataFrame(
        [["Homicide", "MIT", 0.8, 0.9]],
        columns=["Stream", "Unit", "Coverage before", "Coverage after"],
    )
    return ScenarioSheet(
        scenario=name,
        sheet_name=name,
        title=name,
        description="What if?",
        status="Optimal",
        message="Optimal: no plan leaves less harm.",
        headlines=[Headline("Harm reduction", 0.25, "0.0%", "of unmet harm", before=0.0)],
        by_unit=by_unit if with_plan else pd.DataFrame(),
        coverage=coverage if with_plan else pd.DataFrame(),
        limits=["The 2029 budget: £1m more would cut unmet harm by 12."],
        run_info="Optimal · run today",
        final_year=2029,
    )


def report(names: list[str], pages: list[ScenarioSheet] | None = None) -> Report:
    plans = [[n, 2027, "MIT", "Detective Constable", 40, 41, 1] for n in names]
    coverage = [[n, 2027, "Homicide", "MIT", 1000.0, 900.0, 1.0, 0.9] for n in names]
    runlog = [
        ["2026-11-20 10:00:00", n, "Optimal", "HiGHS", 0.5, 10.0, "abc", "me", ""] for n in names
    ]
    moves = [[n, 2027, "Detective Constable", "NCAIU", "MIT", 1.0, "Jan 2027"] for n in names]
    moves += [
        [n, 2028, "Detective Constable", "Recruitment", "MIT", 2.5, "Apr 2028"] for n in names
    ]
    tables = {
        layout.COMPARISON.name: output_frame(layout.COMPARISON, comparison_rows(names)),
        layout.PLANS.name: output_frame(layout.PLANS, plans),
        layout.COVERAGE.name: output_frame(layout.COVERAGE, coverage),
        layout.RUNLOG.name: output_frame(layout.RUNLOG, runlog),
        layout.MOVES.name: output_frame(layout.MOVES, moves),
    }
    return Report(tables, pages or [])


# --- reading -------------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_reads_the_same_tables_as_the_file_reader(xlsm, client):
    _, workbook = open_book(ClientBook.from_xlsm(xlsm, client=client))
    live = workbook.read_tables()
    from_file = FileWorkbook(xlsm).read_tables()
    assert set(live) == set(from_file) == set(layout.TABLES)
    for name, table in from_file.items():
        got = live[name]
        assert (got.sheet, got.top, got.left, got.headers) == (
            table.sheet,
            table.top,
            table.left,
            table.headers,
        ), name
        assert got.rows == table.rows, name
    assert workbook.sheet_names() == FileWorkbook(xlsm).sheet_names()


def test_an_excel_error_reads_as_unreadable(xlsm):
    client_book = ClientBook.from_xlsm(xlsm)
    client_book.sheet("Units").cells[(4, 3)] = "#N/A"  # what VBA sends for an error
    _, workbook = open_book(client_book)
    cell = workbook.read_tables()["Units"].rows[0][2]
    assert isinstance(cell, Unreadable)
    assert "#N/A" in str(cell)


def test_trailing_blank_rows_are_dropped_like_the_file_reader(xlsm):
    _, workbook = open_book(ClientBook.from_xlsm(xlsm))
    assert workbook.read_tables()["Comparison"].rows == []  # an empty output table


# --- writing output tables -----------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_output_tables_are_replaced_whole(xlsm, client):
    client_book = ClientBook.from_xlsm(xlsm, client=client)
    book, workbook = open_book(client_book)
    workbook.write_report(report(["Baseline", "Budget cut"]))
    response = book.json()
    client_book.apply(response)

    header, rows = client_book.table("Comparison")
    assert header == layout.COMPARISON.headers
    assert [r[0] for r in rows] == ["Baseline", "Budget cut"]
    assert rows[1][2] == 11.0
    assert client_book.records("RunLog")[0]["Inputs hash"] == "abc"
    # One write per output table: its header and body in a single setValues.
    writes = [a for a in response["actions"] if a["func"] == "setValues"]
    sheets = [client_book.sheets[a["sheet_position"]].name for a in writes[:5]]
    assert sheets == ["Comparison", "Moves", "Plans", "Coverage", "Run log"]
    assert writes[2]["row_count"] == 3  # Plans: the header and two rows
    assert client_book.table("Moves") == (
        layout.MOVES.headers,
        [
            ["Baseline", 2027, "Detective Constable", "NCAIU", "MIT", 1, "Jan 2027"],
            ["Budget cut", 2027, "Detective Constable", "NCAIU", "MIT", 1, "Jan 2027"],
            ["Baseline", 2028, "Detective Constable", "Recruitment", "MIT", 2.5, "Apr 2028"],
            ["Budget cut", 2028, "Detective Constable", "Recruitment", "MIT", 2.5, "Apr 2028"],
        ],
    )


def test_a_shorter_table_leaves_no_old_rows_behind(xlsm):
    client_book = ClientBook.from_xlsm(xlsm)
    book, workbook = open_book(client_book)
    workbook.write_report(report(["A", "B", "C"]))
    client_book.apply(book.json())
    book, workbook = open_book(client_book)
    workbook.write_report(report(["A"]))
    client_book.apply(book.json())
    sheet, table = client_book.find_table("Comparison")
    assert (table.top, table.bottom) == (3, 4)
    assert not [k for k in sheet.cells if k[0] > 4 and k[1] <= len(layout.COMPARISON.headers)]


def test_an_empty_output_keeps_one_blank_row(xlsm):
    client_book = ClientBook.from_xlsm(xlsm)
    book, workbook = open_book(client_book)
    workbook.write_report(report(["A", "B"]))
    client_book.apply(book.json())
    book, workbook = open_book(client_book)
    workbook.write_report(report([]))
    client_book.apply(book.json())
    header, rows = client_book.table("Plans")
    assert header == layout.PLANS.headers and rows == []


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+cmd", "-5", "@SUM(A1)", "'quoted", "2027", "1e5", "2027-01-01", "TRUE", "12:30"],
)
def test_text_is_written_as_text(xlsm, text):
    client_book = ClientBook.from_xlsm(xlsm)
    book, workbook = open_book(client_book)
    workbook.write_report(report([text]))
    client_book.apply(book.json())
    assert client_book.records("Comparison")[0]["Scenario"] == text
    assert not any(sheet.formulas for sheet in client_book.sheets)


def test_text_cell_marks_only_what_excel_would_convert():
    assert text_cell("Major Investigation Teams") == "Major Investigation Teams"
    assert text_cell("=A1") == "'=A1"
    assert text_cell("3.5") == "'3.5"
    assert text_cell("") is None


def test_numbers_and_blanks_go_as_plain_python():
    frame = pd.DataFrame(
        {"a": [1.5, float("nan")], "b": [pd.NA, "x"], "c": [dt.datetime(2027, 1, 1), None]}
    )
    assert table_values(["a", "b", "c", "d"], frame) == [
        [1.5, None, dt.datetime(2027, 1, 1), None],
        [None, "x", None, None],
    ]


def test_number_formats_follow_the_file_writer(xlsm):
    client_book = ClientBook.from_xlsm(xlsm)
    book, workbook = open_book(client_book)
    workbook.write_report(report(["A"]))
    client_book.apply(book.json())
    sheet, table = client_book.find_table("Comparison")
    column = layout.COMPARISON.headers.index("Harm reduction %") + 1
    assert sheet.number_format(table.top + 1, column) == "0.0%"


# --- scenario tabs -------------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_a_scenario_tab_carries_its_marker_and_name(xlsm, client):
    client_book = ClientBook.from_xlsm(xlsm, client=client)
    book, workbook = open_book(client_book)
    workbook.write_report(report(["Baseline"], [scenario_page("Baseline")]))
    client_book.apply(book.json())
    names = client_book.sheet_names()
    assert names[names.index("Comparison") + 1] == "Baseline"
    assert client_book.cell("Baseline", "A1") == SCENARIO_TAB_MARKER
    assert client_book.cell("Baseline", "A2") == "Baseline"
    assert client_book.sheet_names()[client_book.active] == "Baseline"
    units = next(t for t in client_book.sheet("Baseline").tables if t.name.endswith("_Units"))
    assert client_book.table(units.name)[1][0][:4] == ["MIT", "Major Crime", 45.0, 47.0]


def test_officejs_gets_native_charts_and_vba_gets_text_bars(xlsm):
    pages = [scenario_page("Baseline")]
    office = ClientBook.from_xlsm(xlsm, client=OFFICEJS)
    book, workbook = open_book(office)
    workbook.write_report(report(["Baseline"], pages))
    office.apply(book.json())
    assert len(office.sheet("Baseline").charts) == 2

    vba = ClientBook.from_xlsm(xlsm, client=VBA)
    book, workbook = open_book(vba)
    workbook.write_report(report(["Baseline"], [scenario_page("Baseline")]))
    vba.apply(book.json())  # would raise on addChart: VBA has no such callback
    cells = vba.sheet("Baseline").cells.values()
    assert NO_CHARTS_NOTE in cells
    assert any(isinstance(v, str) and v.startswith("█") for v in cells)


@pytest.mark.parametrize("client", CLIENTS)
def test_new_tabs_go_after_comparison_and_reruns_stay_in_place(xlsm, client):
    client_book = ClientBook.from_xlsm(xlsm, client=client)
    book, workbook = open_book(client_book)
    workbook.write_report(report(["A", "B"], [scenario_page("A"), scenario_page("B")]))
    client_book.apply(book.json())
    names = client_book.sheet_names()
    assert names[names.index("Comparison") + 1 :][:2] == ["A", "B"]
    for pressed_on in ("A", "B", "Start"):
        client_book.active = client_book.index(pressed_on)
        book, workbook = open_book(client_book)
        page = scenario_page("A")
        page.description = f"Asked again from {pressed_on}"
        workbook.write_report(report(["A", "B"], [page]))
        client_book.apply(book.json())
        assert client_book.sheet_names() == names
        assert client_book.cell("A", "A3") == f"Asked again from {pressed_on}"
    book, workbook = open_book(client_book)
    workbook.write_report(report(["C"], [scenario_page("C")]))
    client_book.apply(book.json())
    assert client_book.sheet_names()[names.index("B") + 1] == "C"


def test_a_tab_renamed_by_the_user_is_still_found(xlsm):
    client_book = ClientBook.from_xlsm(xlsm)
    book, workbook = open_book(client_book)
    workbook.write_report(report(["A"], [scenario_page("A")]))
    client_book.apply(book.json())
    client_book.sheet("A").name = "My A"
    book, workbook = open_book(client_book)
    assert workbook.scenario_tabs() == {"A": "My A"}
    workbook.write_report(report(["A"], [scenario_page("A")]))
    client_book.apply(book.json())
    assert "My A" in client_book.sheet_names() and "A" not in client_book.sheet_names()


def test_a_tab_with_a_users_picture_is_not_replaced(xlsm):
    client_book = ClientBook.from_xlsm(xlsm)
    book, workbook = open_book(client_book)
    workbook.write_report(report(["A"], [scenario_page("A")]))
    client_book.apply(book.json())
    payload = client_book.payload()
    payload["sheets"][client_book.index("A")]["pictures"] = [
        {"name": "Logo", "width": 10, "height": 10}
    ]
    book = xw.Book(json=payload)
    with pytest.raises(WouldLoseUserWork, match="picture"):
        XlwingsWorkbook(book).write_report(report(["A"], [scenario_page("A")]))
    assert book.json()["actions"] == []


def test_an_infeasible_scenario_tab_has_no_tables(xlsm):
    client_book = ClientBook.from_xlsm(xlsm)
    book, workbook = open_book(client_book)
    workbook.write_report(report(["A"], [scenario_page("A", with_plan=False)]))
    client_book.apply(book.json())
    assert client_book.sheet("A").tables == []


# --- the engine's abilities ----------------------------------------------------------------


def test_capabilities_by_client(xlsm):
    vba = Capabilities.of(xw.Book(json=ClientBook.from_xlsm(xlsm).payload()))
    office = Capabilities.of(xw.Book(json=ClientBook.from_xlsm(xlsm, client=OFFICEJS).payload()))
    assert (vba.charts, vba.fonts, vba.status_bar) == (False, False, False)
    assert (office.charts, office.fonts, office.status_bar) == (True, True, False)


def test_progress_is_silent_without_a_status_bar(xlsm):
    book, workbook = open_book(ClientBook.from_xlsm(xlsm))
    workbook.progress("working")
    workbook.done()
    assert book.json()["actions"] == []


def test_problems_go_to_the_named_cell_on_start(xlsm):
    client_book = ClientBook.from_xlsm(xlsm)
    book, workbook = open_book(client_book)
    workbook.show_problems(["Units!C4: =bad", "Roles!A5: missing"])
    client_book.apply(book.json())
    assert client_book.cell("Start", "A21") == "Units!C4: =bad"
    assert client_book.cell("Start", "A22") == "Roles!A5: missing"
    book, workbook = open_book(client_book)
    workbook.clear_problems()
    client_book.apply(book.json())
    assert client_book.cell("Start", "A21") is None


def test_a_long_problem_list_stays_inside_the_named_area(tmp_path):
    path = write_fixture_workbook(tmp_path / "P.xlsm", VALID_ROWS)
    wb = openpyxl.load_workbook(path)
    wb.defined_names["InputProblems"].attr_text = "Start!$A$21:$A$25"
    wb["Start"]["A26"] = "The builder's own text"
    wb.save(path)
    client_book = ClientBook.from_xlsm(path)
    book, workbook = open_book(client_book)
    workbook.show_problems([f"problem {i}" for i in range(9)])
    client_book.apply(book.json())
    listed = [client_book.cell("Start", f"A{r}") for r in range(21, 26)]
    assert listed == ["problem 0", "problem 1", "problem 2", "problem 3", "...and 5 more problems."]
    assert client_book.cell("Start", "A26") == "The builder's own text"
