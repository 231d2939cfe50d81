"""The scenario tab's one description, and what executives see on it.

A result is turned into a page (planner.report.workbook_report), the page into a TabLayout
(planner.report.scenario_tab), and the layout painted by the file writer (XlsxWriter,
read back with openpyxl) and by the Excel writer (xlwings' remote engine,
replayed by the test client). The red marks, the banner and each section are
checked in the painted workbooks, not only in the description.
"""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest
import xlwings as xw

from optimise.inputs import PlanInputs, Scenario, Settings
from optimise.result import MOVES_COLUMNS, TIME_LIMIT, BindingLimit, PlanResult
from planner.adapters.file.render import RenderPlan, render_scratch
from planner.adapters.live.xl_book import XlwingsWorkbook
from planner.contract import look
from planner.report import trade_offs
from planner.report.moves_words import YEARLY_COLUMNS
from planner.report.scenario_tab import LAST_COL, describe
from planner.report.workbook_report import build_report
from tests.conftest import VALID_ROWS
from tests.unit.test_report import RUN_AT, UNITS, infeasible, optimal
from tests.xlwings_client import OFFICEJS, VBA, ClientBook, write_fixture_workbook

FLOORS = {"Child abuse": 0.85, "Homicide": 0.9}


def inputs(floors: dict[str, float] | None = FLOORS) -> PlanInputs:
    """Three units and three streams; Demand with Min coverage % unless `floors` is None."""
    units = pd.DataFrame(
        {
            "Unit": list(UNITS),
            "Branch": [b for b, _, _ in UNITS.values()],
            "Min posts": [math.nan] * 3,
            "Max posts": [math.nan] * 3,
            "Max change %": [math.nan] * 3,
            "Ring-fenced": [False] * 3,
        }
    )
    demand = pd.DataFrame({"Stream": ["Homicide", "Child abuse", "Drugs"]})
    if floors is not None:
        demand["Min coverage %"] = [floors.get(s, math.nan) for s in demand["Stream"]]
    empty = pd.DataFrame()
    return PlanInputs(Settings(), units, empty, empty, demand, empty, empty)


def starved():
    """An optimal plan that leaves Drugs at 50% and Child abuse (floor 85%) at 80% in 2029."""
    result = optimal()
    final = result.coverage["Year"] == 2029
    result.coverage.loc[final & (result.coverage["Stream"] == "Drugs"), "Coverage %"] = 0.5
    result.lowest_coverage_pct, result.lowest_coverage_stream = 0.5, "Drugs"
    result.fte_unmet_harm = 1200.0 / 1.028
    result.pp_support_hours_before, result.pp_support_hours_after = 41_000.0, 62_000.0
    result.binding_limits = [
        BindingLimit(
            "Min coverage %", "Min coverage % of Homicide (90%)", None, 312.4, "percentage point"
        ),
        *result.binding_limits,
    ]
    return result


def page_of(result, plan_inputs=None, scenario=None):
    scenario = scenario or Scenario(result.scenario, "What if?")
    rep = build_report(
        [result],
        plan_inputs if plan_inputs is not None else inputs(),
        [scenario],
        {},
        run_at=RUN_AT,
        user="jsmith",
        inputs_hash="abc",
    )
    return rep, rep.scenario_sheets[0]


def section_titles(layout) -> list[str]:
    return [c.value for c in layout.cells if c.style == look.SECTION]


# --- What the tab says -----------------------------------------------------------------


def test_streams_below_their_floor_or_60_percent_carry_the_reason():
    _, page = page_of(starved())
    coverage = page.coverage.set_index("Stream")
    assert coverage.loc["Child abuse", "Warning"] == "Below its 85% floor"
    assert coverage.loc["Drugs", "Warning"] == "Below 60%"
    assert coverage.loc["Homicide", "Warning"] is None  # 95% against a 90% floor
    assert coverage.loc["Child abuse", "Min coverage"] == 0.85
    table = describe(page).table("coverage")
    assert table.headers[-2:] == ["Min coverage", "Warning"]
    assert set(table.marked) == {1, 2} and set(table.marked.values()) == {look.ALERT}
    assert table.formats[table.headers.index("Min coverage")] == look.PCT


def test_a_workbook_without_floors_marks_only_streams_below_60_percent():
    _, page = page_of(starved(), inputs(floors=None))
    assert "Min coverage" not in page.coverage
    assert list(page.coverage["Warning"]) == [None, None, "Below 60%"]
    _, fine = page_of(optimal(), inputs(floors=None))
    assert list(fine.coverage.columns) == ["Stream", "Unit", "Coverage before", "Coverage after"]
    assert describe(fine).table("coverage").marked == {}


def test_a_floor_set_by_an_override_is_the_one_the_scenario_planned_with():
    from optimise.inputs import Override

    scenario = Scenario("Baseline", overrides=(Override("Demand", "Drugs", "Min coverage %", 0.4),))
    _, page = page_of(starved(), scenario=scenario)
    assert page.coverage.set_index("Stream").loc["Drugs", "Min coverage"] == 0.4
    assert page.coverage.set_index("Stream").loc["Drugs", "Warning"] == "Below 60%"


def test_the_trade_offs_in_brief():
    _, page = page_of(starved())
    assert page.trade_offs == [
        "Lowest coverage: Drugs, 50% of its work done in 2029.",
        "2 streams end below their floor or 60% of their work in 2029: marked in red under "
        "Coverage.",
        "2.8% above the best FTE plan: whole posts leave that much more unmet harm than the "
        "same scenario planned in fractional posts, which no whole-post plan can beat.",
        "Specialist support for Public Protection work: 41,000 → 62,000 hours a year (+51%).",
    ]
    heads = {h.label: h for h in page.headlines}
    assert heads["Lowest coverage (2029)"].value == 0.5
    assert heads["Lowest coverage (2029)"].note == "Drugs"
    assert heads["Above the best FTE plan"].value == pytest.approx(0.028)
    support = heads["Specialist support for Public Protection (2029)"]
    assert (support.before, support.value) == (41_000.0, 62_000.0)
    cards = [h.label for h in page.headlines if h.highlight]
    assert cards == ["Harm reduction", "Coverage of demand (2029)", "Lowest coverage (2029)",
                     "Pay bill (2029)"]  # fmt: skip


def test_a_binding_floor_is_listed_with_its_price():
    _, page = page_of(starved())
    assert page.limits[0] == (
        "Min coverage % of Homicide (90%): each percentage point of this floor costs 312 "
        "unmet harm elsewhere (one point lower would cut unmet harm by that much)."
    )
    assert page.limits[1].startswith("The 2029 budget (£41.2m): £1m more")


def without_figures(result: PlanResult) -> PlanResult:
    """A plan from before moves and lowest coverage were reported (an old result)."""
    result.lowest_coverage_pct, result.lowest_coverage_stream = None, ""
    result.moves = result.moves.iloc[0:0]
    result.transfers = result.recruitment = result.attrition = None
    return result


def test_missing_figures_leave_their_lines_and_rows_out():
    _, page = page_of(without_figures(optimal()), inputs(floors=None))
    assert page.trade_offs == ["Every stream ends at or above 60% of its work."]
    labels = [h.label for h in page.headlines]
    assert not any(label.startswith(("Lowest", "Above the best", "Specialist")) for label in labels)
    assert "Post changes" in [h.label for h in page.headlines if h.highlight]
    titles = section_titles(describe(page))
    assert "The largest moves" not in titles and "Moves year by year" not in titles


def test_an_infeasible_tab_leads_with_the_ways_out_and_shows_only_what_it_has():
    _, page = page_of(infeasible())
    tab = describe(page)
    titles = section_titles(tab)
    assert titles[0] == "How to make this scenario possible"
    assert "The trade-offs in brief" not in titles and "Key figures" in titles
    assert tab.tables == [] and tab.charts == []
    assert not any(c.style == look.CARD_VALUE for c in tab.cells)


def test_a_time_limit_plan_gets_every_section_of_a_plan():
    result = starved()
    result.status, result.mip_gap = TIME_LIMIT, 0.004
    tab = describe(page_of(result)[1])
    assert [t.part for t in tab.tables] == ["units", "coverage", "changes", "moves"]
    assert len(tab.charts) == 2
    assert section_titles(tab)[0] == "The trade-offs in brief"


def test_the_moves_sections_come_from_the_page():
    _, page = page_of(starved())
    page.moves_lines = ["12 Detective Constables from OCCTU to NCAIU, 2027"]
    page.moves_by_year = pd.DataFrame(
        [[2027, 12.0, 3.0, 0.0, 12.0], [2028, 2.0, 0.0, 1.0, 0.0]],
        columns=YEARLY_COLUMNS,
    )
    tab = describe(page)
    titles = section_titles(tab)
    assert titles.index("The largest moves") < titles.index("Moves year by year")
    assert titles.index("Moves year by year") < titles.index("What holds the plan back")
    moves = tab.table("moves")
    assert moves.formats == ["0", "#,##0", "#,##0", "#,##0", "#,##0"]
    line = next(c for c in tab.cells if str(c.value).startswith("•  12 Detective"))
    assert line.merge and line.last_col == LAST_COL


def test_the_banner_goes_at_the_top_and_the_rest_moves_down():
    _, page = page_of(starved())
    plain = describe(page)
    page.banner = "Not current: this scenario was deleted from the Scenarios table."
    tab = describe(page)
    banner = next(c for c in tab.cells if c.value == page.banner)
    assert (banner.row, banner.style, banner.merge) == (2, look.BANNER, True)
    assert next(c for c in tab.cells if c.value == "What if?").row == 3
    assert [t.row for t in tab.tables] == [t.row + 1 for t in plain.tables]


# --- What each route paints ------------------------------------------------------------


def file_tab(tmp_path, rep) -> openpyxl.worksheet.worksheet.Worksheet:
    path = tmp_path / "scratch.xlsx"
    render_scratch(rep, RenderPlan(), path)
    return openpyxl.load_workbook(path)[rep.scenario_sheets[0].sheet_name]


def live_tab(tmp_path, rep, client: str) -> ClientBook:
    source = write_fixture_workbook(tmp_path / f"{client}.xlsm", VALID_ROWS)
    client_book = ClientBook.from_xlsm(source, client=client)
    book = xw.Book(json=client_book.payload())
    XlwingsWorkbook(book).write_report(rep)
    client_book.apply(book.json())
    return client_book


def fills(client_book: ClientBook, sheet: str) -> dict[tuple[int, int], str]:
    """(row, col) 1-based -> the fill the client was told to give it (the last wins)."""
    at = client_book.index(sheet)
    out = {}
    for action in client_book.cosmetics:
        if action["func"] != "setRangeColor" or action["sheet_position"] != at:
            continue
        r1, c1 = action["start_row"] + 1, action["start_column"] + 1
        for r in range(r1, r1 + action["row_count"]):
            for c in range(c1, c1 + action["column_count"]):
                out[(r, c)] = (
                    action["args"][0] if isinstance(action["args"], list) else action["args"]
                )
    return out


def red_rows(page) -> list[int]:
    """1-based sheet rows of the coverage table's marked rows, from the description."""
    table = describe(page).table("coverage")
    return sorted(table.row + 2 + i for i in table.marked)


@pytest.mark.parametrize("client", [VBA, OFFICEJS])
def test_red_rows_and_the_banner_are_painted_by_both_routes(tmp_path, client):
    rep, page = page_of(starved())
    page.banner = "Not current: this scenario was deleted from the Scenarios table."
    table = describe(page).table("coverage")
    width = len(table.headers)
    ws = file_tab(tmp_path, rep)
    live = live_tab(tmp_path, rep, client)
    painted = fills(live, page.sheet_name)
    red = red_rows(page)
    assert len(red) == 2
    for row in range(table.row + 2, table.last_row + 2):
        for col in range(1, width + 1):
            in_file = ws.cell(row, col).fill.fgColor.rgb
            if row in red:
                assert in_file.endswith(look.ALERT_FILL[1:]), (row, col)
                assert ws.cell(row, col).font.color.rgb.endswith(look.ALERT_FONT[1:])
                assert painted.get((row, col), "").upper() == look.ALERT_FILL, (row, col)
            else:
                assert not str(in_file).endswith(look.ALERT_FILL[1:]), (row, col)
                assert (row, col) not in painted
    assert ws["A3"].value == page.banner == live.cell(page.sheet_name, "A3")
    assert ws["A3"].fill.fgColor.rgb.endswith(look.BANNER_FILL[1:])
    assert painted[(3, 1)].upper() == look.BANNER_FILL
    assert ws["A4"].value == "What if?" == live.cell(page.sheet_name, "A4")


def test_the_moves_table_is_written_by_both_routes(tmp_path):
    rep, page = page_of(starved())
    page.moves_by_year = pd.DataFrame(
        [[2027, 12.0, 3.0, 0.0, 12.0]],
        columns=YEARLY_COLUMNS,
    )
    ws = file_tab(tmp_path, rep)
    assert "Moves" in ws.tables
    live = live_tab(tmp_path, rep, OFFICEJS)
    header, rows = live.table("Baseline_Moves")
    assert header == list(page.moves_by_year.columns)
    assert rows == [[2027, 12.0, 3.0, 0.0, 12.0]]


def test_the_reason_for_red_in_words():
    assert trade_offs.warning(0.6, None) == ""
    assert trade_offs.warning(0.6 - 1e-9, None) == ""  # on the line, as rounded plans are
    assert trade_offs.warning(0.59, None) == "Below 60%"
    assert trade_offs.warning(0.8, 0.85) == "Below its 85% floor"
    assert trade_offs.warning(0.4, 0.425) == "Below its 42.5% floor"
    assert trade_offs.warning(0.3, 0.25) == "Below 60%"  # above its floor, still starved
    assert trade_offs.warning(None, 0.5) == ""


def test_support_is_stated_only_when_both_figures_are_known():
    result = optimal()
    assert trade_offs.support_sentence(result) == ""
    result.pp_support_hours_before, result.pp_support_hours_after = 0.0, 1234.0
    assert trade_offs.support_sentence(result) == (
        "Specialist support for Public Protection work: 0 → 1,230 hours a year."
    )


def test_the_plans_moves_become_sentences_and_totals_by_year():
    result = starved()
    result.moves = pd.DataFrame(
        [
            [2027, "Detective Constable", "OCCTU", "National Child Abuse Investigation Unit", 8.0],
            [2027, "Intelligence Analyst", "Recruitment", "Major Investigation Teams", 1.0],
            [2028, "Detective Constable", "Major Investigation Teams", "Attrition", 3.0],
        ],
        columns=MOVES_COLUMNS,
    )
    _, page = page_of(result)
    assert page.moves_lines[0] == (
        "8 Detective Constables from OCCTU to the National Child Abuse Investigation Unit, 2027"
    )
    assert len(page.moves_lines) == 3
    totals = page.moves_by_year.set_index("Year")
    assert list(totals.index) == [2027, 2028, 2029]
    assert totals.loc[2027, "Transfers"] == 8 and totals.loc[2027, "Cross-branch transfers"] == 8
    assert totals.loc[2028, "Left unfilled as people leave"] == 3 and totals.loc[2029].sum() == 0
    assert describe(page).table("moves").rows[0] == [2027, 8.0, 1.0, 0.0, 8.0]
    _, unmoved = page_of(without_figures(starved()))  # no moves: no sections
    assert unmoved.moves_lines == [] and unmoved.moves_by_year.empty
    _, none = page_of(infeasible())
    assert none.moves_lines == [] and none.moves_by_year.empty


@pytest.mark.parametrize("client", [VBA, OFFICEJS])
def test_a_page_with_every_section_is_the_same_tab_on_both_routes(tmp_path, client):
    from tests.workbook.test_excel_contract import assert_same_tab

    result = starved()
    result.moves = pd.DataFrame(
        [[2027, "Detective Constable", "OCCTU", "Major Investigation Teams", 2.5]],
        columns=MOVES_COLUMNS,
    )
    rep, page = page_of(result)
    page.banner = "Not current: this scenario was deleted from the Scenarios table."
    ws = file_tab(tmp_path, rep)
    assert assert_same_tab(page.sheet_name, ws, live_tab(tmp_path, rep, client)) is None
    titles = {ws.cell(r, 1).value for r in range(1, ws.max_row + 1)}
    assert {"The trade-offs in brief", "The largest moves", "Moves year by year"} <= titles


def test_support_that_barely_moves_reads_as_about_the_same():
    result = optimal()
    result.pp_support_hours_before, result.pp_support_hours_after = 111_637.0, 111_187.0
    assert trade_offs.support_sentence(result).endswith("hours a year (about the same).")
    result.pp_support_hours_after = 122_314.0
    assert trade_offs.support_sentence(result).endswith("hours a year (+10%).")
