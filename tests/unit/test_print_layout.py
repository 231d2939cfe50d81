"""A sheet's printed pages, described once (planner/report/print_layout.py), and drawn on
desktop Excel through its PageSetup (planner/adapters/live/xl_print.py).

Desktop Excel cannot run here, so its object model is a recording stand-in; the
file route and xlwings' remote clients are tested on real files and the remote
engine (test_excel_contract.py, test_printed_pages.py).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from planner.adapters.live.xl_capabilities import OFFICEJS_CLIENT, VBA_CLIENT, Capabilities
from planner.adapters.live.xl_print import LANDSCAPE, PORTRAIT, set_print
from planner.report.output_page import OUTPUT_TOP
from planner.report.print_layout import (
    PrintLayout,
    output_sheet_print,
    page_points,
    scenario_tab_print,
)
from planner.report.scenario_tab import MARGINS, WIDTHS


def test_pages_start_at_the_breaks_and_cover_the_area():
    layout = scenario_tab_print(99, 13, [60, 30, 30, 120])
    assert layout.pages() == [(0, 29), (30, 59), (60, 99)]  # a break past the end is dropped
    assert layout.area() == "$A$1:$N$100"
    assert (
        layout.page_areas("It's") == "'It''s'!$A$1:$N$30,'It''s'!$A$31:$N$60,'It''s'!$A$61:$N$100"
    )


def test_an_output_sheets_page_holds_more_rows_when_its_columns_are_shrunk_to_fit():
    assert page_points([10.0] * 3) == 487.0  # narrow: printed at 100%, an A4 landscape page
    assert 780 < page_points([12.0] * 18) < 800  # 18 columns fitted to the width: about 62%


def test_a_scenario_tab_prints_portrait_with_the_margins_its_narrow_page_is_laid_out_for():
    layout = scenario_tab_print(99, len(WIDTHS) - 1, [40])
    assert not layout.landscape and layout.margins == MARGINS and layout.area() == "$A$1:$I$100"


def test_an_output_sheets_chart_gets_a_page_of_its_own_only_when_it_must():
    small = output_sheet_print(5, 18, chart=(12, 300.0), widths=[12.0] * 18)
    assert small.breaks == () and small.last_row == 12 + 15
    assert small.title_rows == (OUTPUT_TOP, OUTPUT_TOP)
    tall = {r: 60.0 for r in range(OUTPUT_TOP + 1, OUTPUT_TOP + 11)}
    long = output_sheet_print(10, 18, chart=(16, 550.0), widths=[12.0] * 18, heights=tall)
    assert long.breaks == (16,)
    assert output_sheet_print(0, 7).last_row == OUTPUT_TOP + 1  # an empty table's blank row


class _Recorder:
    """Attributes set and methods called on it, in order."""

    def __init__(self, log: list[tuple[str, Any]], name: str) -> None:
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "_name", name)

    def __setattr__(self, key: str, value: Any) -> None:
        self._log.append((f"{self._name}.{key}", value))

    def __getattr__(self, key: str) -> Any:
        log, name = self._log, f"{self._name}.{key}"

        def call(*args: Any) -> None:
            log.append((name, args))

        return call


class _Sheet:
    def __init__(self, log: list) -> None:
        self.name = "Budget cut"
        self.api = _Recorder(log, "Sheet")
        object.__setattr__(self.api, "PageSetup", _Recorder(log, "PageSetup"))
        object.__setattr__(self.api, "HPageBreaks", _Recorder(log, "HPageBreaks"))
        self.page_setup = SimpleNamespace(print_area=None)
        self.names = SimpleNamespace(add=lambda name, refers: log.append(("names.add", refers)))

    def range(self, cell: tuple[int, int]) -> Any:
        return SimpleNamespace(api=f"row {cell[0]}")


def test_desktop_excel_gets_the_whole_page_setup():
    log: list = []
    caps = Capabilities("excel", "", status_bar=True, charts=True, fonts=True)
    set_print(caps, _Sheet(log), PrintLayout(99, 13, (30, 60), title_rows=(4, 4)))
    assert ("PageSetup.Orientation", LANDSCAPE) in log
    assert ("PageSetup.FitToPagesWide", 1) in log and ("PageSetup.FitToPagesTall", False) in log
    assert ("PageSetup.PrintArea", "$A$1:$N$100") in log
    assert ("PageSetup.PrintTitleRows", "$5:$5") in log
    assert [a for k, a in log if k == "HPageBreaks.Add"] == [("row 31",), ("row 61",)]


def test_desktop_excel_prints_a_scenario_tab_portrait_within_its_margins():
    log: list = []
    caps = Capabilities("excel", "", status_bar=True, charts=True, fonts=True)
    set_print(caps, _Sheet(log), scenario_tab_print(99, len(WIDTHS) - 1, [40]))
    assert ("PageSetup.Orientation", PORTRAIT) in log
    assert ("PageSetup.LeftMargin", MARGINS["left"] * 72) in log  # inches -> points
    assert ("PageSetup.TopMargin", MARGINS["top"] * 72) in log


def test_the_remote_clients_get_one_print_range_a_page():
    layout = PrintLayout(99, 13, (30,))
    log: list = []
    officejs = _Sheet(log)
    set_print(Capabilities("remote", OFFICEJS_CLIENT, False, True, True), officejs, layout)
    assert officejs.page_setup.print_area == "$A$1:$N$30,$A$31:$N$100"
    set_print(Capabilities("remote", VBA_CLIENT, False, False, False), _Sheet(log), layout)
    assert log == [("names.add", "='Budget cut'!$A$1:$N$30,'Budget cut'!$A$31:$N$100")]
