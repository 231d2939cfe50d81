"""A scenario tab prints as planner.report.print_layout says, on both routes: LibreOffice,
an independent program, prints it and each page starts at the row the layout says.

The file route sets page breaks; the buttons' route (xlwings' remote clients, which
have no page-break action) sets the same pages as a print area of one range a page.
Both are printed here from the same cells: the contract test
(test_excel_contract.py) shows the two routes' tabs hold the same cells.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.pagebreak import RowBreak

from planner.cli.commands import main
from planner.excel import button_press as excel
from planner.report.scenario_tab import HOW_FOUND
from scripts.render import only_sheet
from tests.libreoffice import convert, needs_libreoffice, pdf_text
from tests.processes import fte_copy
from tests.workbook.test_excel_contract import printed_pages
from tests.xlwings_client import VBA, ClientBook, run_remote

SCENARIO = "HMICS recommendations"

pytestmark = [needs_libreoffice, pytest.mark.slow]


def pages_printed(path: Path, sheet: str, out: Path) -> list[str]:
    """The text of each page LibreOffice prints of one sheet."""
    out.mkdir(parents=True, exist_ok=True)
    copy = only_sheet(path, sheet, out / "one.xlsm")
    convert(copy, "pdf", out, profile=out)
    return [p for p in pdf_text(out / "one.pdf").split("\f") if p.strip()]


def page_starts(path: Path, sheet: str, area: str) -> list[str]:
    """Column A's text at the first row of each page of `area` ("A1:N31,A32:N53")."""
    ws = openpyxl.load_workbook(path)[sheet]
    return [str(ws[r.split(":")[0]].value or "") for r in area.split(",")]


def assert_prints_as_laid_out(pages: list[str], starts: list[str]) -> None:
    assert len(pages) == len(starts), (len(pages), starts)
    for i, (page, start) in enumerate(zip(pages, starts, strict=True)):
        if start:
            first = " ".join(page.split())  # pdftotext keeps the sheet's line breaks
            assert " ".join(start.split())[:30] in first, (i, start)
            assert i == 0 or first.index(" ".join(start.split())[:30]) < 200, (i, start)
    assert HOW_FOUND not in pages[0]  # the first screen prints alone
    assert any(p.lstrip().startswith(HOW_FOUND) for p in pages[1:])


def test_both_routes_print_the_tab_on_the_pages_laid_out(tmp_path):
    path = fte_copy(tmp_path / "Planner.xlsm")
    assert main(["optimise", str(path), "--scenario", SCENARIO]) == 0
    area = printed_pages(openpyxl.load_workbook(path)[SCENARIO])
    assert area.count(",") >= 3, area  # the tab is laid out on several pages
    starts = page_starts(path, SCENARIO, area)
    assert_prints_as_laid_out(pages_printed(path, SCENARIO, tmp_path / "file"), starts)

    book = ClientBook.from_xlsm(path, client=VBA)
    run_remote(lambda b: excel.optimise(b, only=[SCENARIO], user="tester"), book)
    live_area = book.sheet(SCENARIO).print_area
    assert live_area == area
    # The same cells, printed with the buttons' print area instead of page breaks.
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[SCENARIO]
    ws.row_breaks = RowBreak()
    ws.print_area = live_area.split(",")
    wb.save(tmp_path / "live.xlsm")
    pages = pages_printed(tmp_path / "live.xlsm", SCENARIO, tmp_path / "live")
    assert_prints_as_laid_out(pages, starts)
