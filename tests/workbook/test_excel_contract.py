"""One planning path: the file adapter and the xlwings adapter give the same results.

The same workbook is optimised twice with the real planner.run.planning: headless
(`planner.adapters.file.adapter.WorkbookFile`, as `planner optimise` does) and through
the buttons' entry point on xlwings' remote engine, with the payload the VBA or
Office.js client would send for that .xlsm and the returned actions applied.
Comparison, Moves, Plans, Coverage and the scenario tabs' tables must hold the same
values; so must the input problems of a broken workbook. The scenario tabs
must be the same tab: every cell, its number format, and the column widths
(where the client sets widths), less the text bars VBA draws for want of charts.
"""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from planner import contract as layout
from planner.adapters.file.adapter import WorkbookFile
from planner.adapters.file.file_reader import FileWorkbook
from planner.adapters.live.xl_scenario_page import NO_CHARTS_NOTE, points
from planner.excel import button_press as excel
from planner.report.kept_notes import RECORD_CELL, scenario_notes
from planner.report.output_page import OUTPUT_TOP
from planner.report.scenario_tab import HOW_FOUND, WIDTHS
from planner.report.sheet_names import SCENARIO_TAB_MARKER
from planner.run.planning import check, run_workbook
from tests.conftest import VALID_ROWS
from tests.processes import fte_copy
from tests.xlwings_client import (
    OFFICEJS,
    VBA,
    ClientBook,
    print_area,
    run_remote,
    write_fixture_workbook,
)

COMPARED = (layout.COMPARISON.name, layout.MOVES.name, layout.PLANS.name, layout.COVERAGE.name)
BUILT = Path(__file__).resolve().parents[2] / "workbook" / "Planner.xlsm"


def workbooks(tmp: Path) -> list[Path]:
    """The builder's Planner.xlsm when it is there, and a small fixture workbook."""
    found = [write_fixture_workbook(tmp / "fixture.xlsm", _all_run(VALID_ROWS))]
    if BUILT.exists():  # in FTE: the file and the buttons must agree to the last post
        found.append(fte_copy(tmp / "Planner.xlsm"))
    return [Path(p) for p in found]


def _all_run(rows: dict[str, list[list]]) -> dict[str, list[list]]:
    """Every scenario with Run = Yes, so both of the fixture's scenarios are compared."""
    rows = {k: [list(r) for r in v] for k, v in rows.items()}
    for row in rows["Scenarios"]:
        row[-1] = "Yes"
    return rows


def headless(source: Path, tmp: Path, only: list[str] | None = None) -> dict[str, Any]:
    """`planner optimise` on a copy of the workbook: the tables it wrote."""
    path = tmp / f"headless-{source.name}"
    shutil.copy(source, path)
    file = WorkbookFile(path)
    outcome = run_workbook(file, file, only=only, user="tester")
    assert not outcome.problems, outcome.problems
    return FileWorkbook(path).read_tables()


def through_xlwings(source: Path, client: str, only: list[str] | None = None) -> ClientBook:
    """The button's entry point on the remote engine; the client applies the actions."""
    book = ClientBook.from_xlsm(source, client=client)
    book.active = book.index(layout.START_SHEET)
    run_remote(lambda b: excel.optimise(b, only=only, user="tester"), book)
    assert book.alerts and book.alerts[-1]["mode"] == "info", book.alerts
    return book


def start_list(book: ClientBook) -> list[str]:
    """The input problems listed on the Start sheet, from A21 down."""
    listed, row = [], 21
    while book.cell("Start", f"A{row}") is not None:
        listed.append(book.cell("Start", f"A{row}"))
        row += 1
    return listed


def same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    return a == b


def assert_same_table(name: str, file_table: Any, client_book: ClientBook) -> None:
    header, rows = client_book.table(name)
    assert header == file_table.headers, name
    assert len(rows) == len(file_table.rows), name
    for i, (got, want) in enumerate(zip(rows, file_table.rows, strict=True)):
        diffs = [(h, g, w) for h, g, w in zip(header, got, want, strict=True) if not same(g, w)]
        assert not diffs, f"{name} row {i}: {diffs}"


@pytest.mark.parametrize("client", [VBA, OFFICEJS])
def test_both_adapters_write_the_same_results(tmp_path, client):
    for source in workbooks(tmp_path):
        from_file = headless(source, tmp_path)
        live = through_xlwings(source, client)
        assert from_file[layout.COMPARISON.name].rows, "nothing was optimised"
        assert from_file[layout.MOVES.name].rows, "the plans made no moves"
        for name in COMPARED:
            assert_same_table(name, from_file[name], live)
        tab_tables = [n for n in from_file if n not in layout.TABLES]
        assert tab_tables, "the file writer made no scenario tables"
        for name in tab_tables:  # the scenario tabs' tables carry the same names
            assert_same_table(name, from_file[name], live)
        runlog = live.records(layout.RUNLOG.name)
        assert {r["User"] for r in runlog} == {"tester"}
        tabs = scenario_tabs(tmp_path / f"headless-{source.name}")
        assert tabs, "the file writer made no scenario tabs"
        for name, sheet in tabs.items():
            assert_same_tab(name, sheet, live)
            assert_first_screen(sheet)
            assert_same_pages(sheet, live)
        printed = openpyxl.load_workbook(tmp_path / f"headless-{source.name}")
        for spec in (layout.MOVES, layout.PLANS, layout.COVERAGE, layout.RUNLOG):
            # Comparison's chart prints on the file route only (no chart on the buttons');
            # a table the buttons' route found elsewhere than row 5 prints from there.
            if live.find_table(spec.name)[1].top == OUTPUT_TOP + 1:
                assert_same_pages(printed[spec.sheet], live)
            else:
                assert source.name != BUILT.name, f"{spec.name} moved in the built workbook"


def printed_pages(ws: Any) -> str:
    """The file's print area cut at its page breaks, as the buttons' route sets it:
    "A1:N31,A32:N53" (one range a page)."""
    area = print_area(ws.print_area)
    assert area and "," not in area, f"{ws.title}: print area {ws.print_area!r}"
    left, top, right, bottom = range_boundaries(area)
    starts = [top] + [b.id + 1 for b in ws.row_breaks.brk if top < b.id + 1 <= bottom]
    ends = [s - 1 for s in starts[1:]] + [bottom]
    first, last = get_column_letter(left), get_column_letter(right)
    return ",".join(f"{first}{a}:{last}{b}" for a, b in zip(starts, ends, strict=True))


def assert_same_pages(ws: Any, client_book: ClientBook) -> None:
    """The same rows start a printed page on both routes, and the same cells print."""
    assert client_book.sheet(ws.title).print_area == printed_pages(ws), ws.title


def assert_first_screen(ws: Any) -> None:
    """The tab both routes drew leads with the first screen, then "How this plan was found"."""
    column_a = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    found = column_a.index(HOW_FOUND)
    first = column_a[:found]
    assert "What it buys and gives up, in cases a year" in first, ws.title
    assert "People, year by year" in first and "How sure" in first, ws.title
    assert any(str(v).startswith("The change by branch") for v in first), ws.title


def scenario_tabs(path: Path) -> dict[str, Any]:
    """The file's scenario tabs (openpyxl sheets), found by their marker in A1."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: ws for ws in wb.worksheets if ws["A1"].value == SCENARIO_TAB_MARKER}


def _bar(value: Any) -> bool:
    """A cell of VBA's text bars, which stand where the file has a chart."""
    return isinstance(value, str) and (
        value == NO_CHARTS_NOTE or value.startswith("█") or value.endswith(" (bar)")
    )


def _timeless(value: Any) -> Any:
    """The run line without its clock: the two routes ran at different moments."""
    if not isinstance(value, str):
        return value
    value = re.sub(r"run \d{2} \w{3} \d{4} \d{2}:\d{2}", "run <when>", value)
    return re.sub(r"\d+\.\d s\b", "<seconds>", value)


def assert_same_tab(name: str, ws: Any, client_book: ClientBook) -> None:
    """Every cell of the file's tab is in the live tab, with the same value and number
    format, and nothing else is there; Office.js gets the same column widths."""
    sheet = client_book.sheet(name)
    from_file = {
        (c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None
    }
    # Each route's record of what it wrote tells every cell of its page as Planner's
    # (it differs between them only by the run line's clock and VBA's text bars).
    record = (RECORD_CELL[0] + 1, RECORD_CELL[1] + 1)
    for cells in (from_file, sheet.cells):
        assert record in cells, f"{name}: no record of what Planner wrote"
        assert scenario_notes({(r - 1, c - 1): v for (r, c), v in cells.items()}) == [], name
    from_file.pop(record)
    live = {k: v for k, v in sheet.cells.items() if not _bar(v) and k != record}
    assert set(live) == set(from_file), (
        f"{name}: cells only in one route: {set(live) ^ set(from_file)}"
    )
    for (row, col), want in from_file.items():
        got, want = _timeless(live[(row, col)]), _timeless(want)
        assert same(got, want), f"{name} row {row} col {col}: {got!r} != {want!r}"
        if isinstance(want, int | float):
            fmt = ws.cell(row, col).number_format
            assert sheet.number_format(row, col) == fmt, f"{name} row {row} col {col}"
    file_widths = {  # openpyxl keeps runs of equal widths as one dimension
        col: dim.width
        for dim in ws.column_dimensions.values()
        for col in range(dim.min, dim.max + 1)
    }
    for col, width in enumerate(WIDTHS, start=1):  # XlsxWriter stores widths with padding
        assert int(file_widths[col]) == width, f"{name} column {col}"
    if client_book.client == OFFICEJS:
        widths = {
            a["start_column"]: a["args"][0]
            for a in client_book.cosmetics
            if a["func"] == "setColumnWidth" and a["sheet_position"] == client_book.index(name)
        }
        assert widths == {i: points(w) for i, w in enumerate(WIDTHS)}


def test_rerunning_one_scenario_from_its_tab_matches_the_cli(tmp_path):
    source = workbooks(tmp_path)[0]
    from_file = headless(source, tmp_path, only=["Budget cut"])
    live = ClientBook.from_xlsm(source)
    tab = "Budget cut"
    run_remote(lambda b: excel.optimise(b, only=["Baseline"], user="tester"), live)
    run_remote(lambda b: excel.optimise(b, only=[tab], user="tester"), live)
    live.active = live.index(tab)
    run_remote(excel.press, live)  # "Re-run this scenario" on its tab
    comparison = live.records(layout.COMPARISON.name)
    assert [r["Scenario"] for r in comparison] == ["Baseline", "Budget cut"]
    budget_cut = [r for r in from_file[layout.PLANS.name].records() if r["Scenario"] == tab]
    live_cut = [r for r in live.records(layout.PLANS.name) if r["Scenario"] == tab]
    assert len(live_cut) == len(budget_cut)
    for got, want in zip(live_cut, budget_cut, strict=True):
        assert all(same(got[k], want[k]) for k in want)
    assert live.sheet_names().count(tab) == 1
    moved = {r["Scenario"] for r in live.records(layout.MOVES.name)}
    assert moved == {"Baseline", "Budget cut"}  # the re-run kept Baseline's moves


def test_both_adapters_find_the_same_input_problems(tmp_path):
    rows = _all_run(VALID_ROWS)
    rows["Units"][0][2] = 90  # Min posts above Max posts (80)
    rows["Demand"][1][3] = 0  # hours per case of 0
    source = write_fixture_workbook(tmp_path / "broken.xlsm", rows)
    from_file = [str(p) for p in check(FileWorkbook(source))]
    assert len(from_file) >= 2
    live = ClientBook.from_xlsm(source)
    before = {s.name: dict(s.cells) for s in live.sheets if s.name != layout.START_SHEET}
    run_remote(excel.press, live)  # "Optimise all scenarios" on the Start sheet
    assert start_list(live) == from_file
    after = {s.name: dict(s.cells) for s in live.sheets if s.name != layout.START_SHEET}
    assert after == before  # nothing but the Start list changed
    assert live.alerts[-1]["mode"] == "critical"


def test_a_hidden_header_row_is_named_at_its_row(tmp_path):
    """Excel keeps a hidden header's names out of what xlwings sends: say how to show it."""
    source = write_fixture_workbook(tmp_path / "hidden.xlsm", _all_run(VALID_ROWS))
    live = ClientBook.from_xlsm(source)
    sheet, units = live.find_table("Units")
    for column in range(units.left, units.right + 1):  # Excel blanks the header cells
        sheet.cells.pop((units.top, column), None)
    units.top, units.show_headers = units.top + 1, False
    run_remote(excel.validate, live)
    assert start_list(live) == [
        "Units!A3: the Units table's header row is hidden or blank; show it (Table Design > "
        "Header Row) with the columns, in order: "
        + ", ".join(c.name for c in layout.UNITS.columns if not c.optional)
        + ", and if used, "
        + ", ".join(c.name for c in layout.UNITS.columns if c.optional)
    ]


def test_the_file_is_still_a_workbook_openpyxl_reads(tmp_path):
    """A sanity check on the fixture itself: the tables the payload is built from."""
    source = workbooks(tmp_path)[0]
    wb = openpyxl.load_workbook(source)
    names = {t for ws in wb.worksheets for t in ws.tables}
    assert names == set(layout.TABLES)
