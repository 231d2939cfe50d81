"""build_report: the output tables merged across runs, and each scenario's page.

Results are built by hand here, so every figure on a page can be checked
against a number written in the test.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from optimise.inputs import PlanInputs, Scenario, Settings
from optimise.moves import move_totals, moves_table
from optimise.result import (
    COVERAGE_COLUMNS,
    INFEASIBLE,
    OPTIMAL,
    PLAN_COLUMNS,
    BindingLimit,
    Fix,
    PlanResult,
)
from planner import contract as layout
from planner.read.tables import RawTable
from planner.report.scenario_page import ScenarioSheet
from planner.report.sheet_names import (
    RESERVED_SHEETS,
    SCENARIO_TAB_MARKER,
    resolve_sheet_names,
    safe_sheet_name,
    tab_scenario,
)
from planner.report.workbook_report import build_report

RUN_AT = datetime(2026, 11, 28, 14, 2, 5)
YEARS = [2027, 2028, 2029]
MIT, NCAIU, OCCTU = "Major Investigation Teams", "National Child Abuse Investigation Unit", "OCCTU"
DC, IA = "Detective Constable", "Intelligence Analyst"

#: Unit -> (branch, posts today, posts in the final year), split 70/30 between DC and IA.
UNITS = {
    MIT: ("Major Crime", 100, 90),
    NCAIU: ("Public Protection", 60, 72),
    OCCTU: ("Organised Crime", 80, 78),
}
#: Stream -> (unit, coverage with the plan, coverage with today's posts), final year.
STREAMS = {
    "Homicide": (MIT, 0.95, 0.85),
    "Child abuse": (NCAIU, 0.8, 0.7),
    "Drugs": (OCCTU, 0.7, 0.6),
}


def plan_inputs() -> PlanInputs:
    units = pd.DataFrame(
        {
            "Unit": list(UNITS),
            "Branch": [b for b, _, _ in UNITS.values()],
            "Min posts": [float("nan")] * 3,
            "Max posts": [float("nan")] * 3,
            "Max change %": [float("nan")] * 3,
            "Ring-fenced": [False] * 3,
        }
    )
    empty = pd.DataFrame()
    return PlanInputs(Settings(), units, empty, empty, empty, empty, empty)


def plan_table(shift: int = 0) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        for unit, (_, before, after) in UNITS.items():
            after = after + (shift if unit == NCAIU else -shift if unit == MIT else 0)
            for role, share in ((DC, 0.7), (IA, 0.3)):
                b, a = round(before * share), round(after * share)
                rows.append([year, unit, role, b, a, a - b])
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def coverage_table(baseline: bool = False) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        for stream, (unit, after, before) in STREAMS.items():
            share = before if baseline else after
            rows.append([year, stream, unit, 1000.0, 1000.0 * share, (1 - share) * 10, share])
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def moves_of(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan's moves, as optimise.moves makes them."""
    units, roles = list(UNITS), [DC, IA]
    baseline, x = np.zeros((len(units), len(roles))), np.zeros((len(units), len(roles), 3))
    for _, row in plan.iterrows():
        i, j = units.index(row["Unit"]), roles.index(row["Role"])
        baseline[i, j] = row["Baseline posts"]
        x[i, j, YEARS.index(row["Year"])] = row["Posts"]
    branches = [b for b, _, _ in UNITS.values()]
    return moves_table(baseline, x, units, branches, roles, YEARS, whole=True)


def optimal(name: str = "Baseline", shift: int = 0, *, with_baseline_coverage: bool = True):
    result = PlanResult(
        name,
        OPTIMAL,
        plan=plan_table(shift),
        moves=moves_of(plan_table(shift)),
        coverage=coverage_table(),
        unmet_harm=1200.0,
        baseline_unmet_harm=2000.0,
        post_changes=24.0,
        final_year_cost=41.0e6,
        final_year_budget=41.2e6,
        coverage_pct=0.82,
        pp_share_before=0.25,
        pp_share_after=0.3,
        harm_reduction_per_million=35.2,
        shadow_price_from_relaxation=True,
        binding_limits=[
            BindingLimit("Budget", "the 2029 budget (£41.2m)", 2029, 35.2, "£1m"),
            BindingLimit("Max posts", f"Max posts of {NCAIU} (72)", None, 4.1, "post"),
        ],
        solver="HiGHS",
        seconds=1.25,
        years=list(YEARS),
    )
    if with_baseline_coverage:
        result.baseline_coverage = coverage_table(baseline=True)
    result.transfers, result.recruitment, result.attrition = move_totals(result.moves)
    result.lowest_coverage_pct, result.lowest_coverage_stream = 0.7, "Drugs"
    return result


def infeasible(name: str = "Budget cut") -> PlanResult:
    return PlanResult(
        name,
        INFEASIBLE,
        baseline_unmet_harm=2000.0,
        fixes=[
            Fix("Budget", "raise the 2028 budget by £1.2m", 1.2e6, "£", way=0),
            Fix("Min posts", f"lower Min posts of {MIT} by 4", 4, "posts", way=1),
        ],
        solver="HiGHS",
        seconds=0.4,
        years=list(YEARS),
    )


def scenarios(*names: str) -> list[Scenario]:
    return [Scenario(n, f"What if: {n}") for n in names]


def report(results, previous=None, names=None, user="jsmith"):
    names = names or [r.scenario for r in results]
    return build_report(
        results,
        plan_inputs(),
        scenarios(*names),
        previous or {},
        run_at=RUN_AT,
        user=user,
        inputs_hash="abc123",
    )


def as_previous(rep) -> dict[str, RawTable]:
    """The report's output tables as a reader would give them back from the workbook."""
    out = {}
    for table in layout.OUTPUT_TABLES:
        frame = rep.table(table.name)
        rows = [[None if pd.isna(v) else v for v in r] for r in frame.to_numpy().tolist()]
        out[table.name] = RawTable(table.name, table.sheet, 4, 1, table.headers, rows)
    return out


# --- Output tables ------------------------------------------------------------------


def test_output_tables_have_exactly_the_contract_columns():
    rep = report([optimal()])
    for table in layout.OUTPUT_TABLES:
        assert list(rep.table(table.name).columns) == table.headers


def test_comparison_row_carries_the_results_figures():
    row = report([optimal()]).comparison.iloc[0]
    assert row["Scenario"] == "Baseline" and row["Status"] == OPTIMAL
    assert row["Harm reduction %"] == pytest.approx(0.4)
    assert row["Unmet harm"] == 1200.0 and row["Baseline unmet harm"] == 2000.0
    assert row["Final-year cost"] == 41.0e6 and row["Harm reduction per £1m"] == 35.2


def test_comparison_row_carries_lowest_coverage_and_the_moves_totals():
    # Baseline -> plan, every year the same: MIT 100 -> 90 (DC 70 -> 63, IA 30 -> 27),
    # NCAIU 60 -> 72 (DC 42 -> 50, IA 18 -> 22), OCCTU 80 -> 78 (DC 56 -> 55, IA 24 -> 23).
    # 2027, DC: +8 against -7 - 1: 8 transferred. IA: +4 against -3 - 1: 4 transferred.
    row = report([optimal()]).comparison.iloc[0]
    assert row["Lowest coverage %"] == 0.7
    assert (row["Transfers"], row["Recruitment"], row["Attrition"]) == (12.0, 0.0, 0.0)


def test_moves_are_each_scenarios_rows_and_a_rerun_keeps_the_others():
    first = report([optimal("A"), optimal("B", shift=2)], names=["A", "B"])
    assert list(first.moves.columns) == layout.MOVES.headers
    # B, 2027, DC: NCAIU +round(74 * 0.7) - 42 = +10; MIT 70 -> round(88 * 0.7) = 62, -8;
    # OCCTU -1: 10 in, 9 out, so 1 is recruited.
    b = first.moves[first.moves["Scenario"] == "B"]
    assert b[b["From"] == "Recruitment"][["Role", "To", "Posts"]].values.tolist() == [
        [DC, NCAIU, 1.0]
    ]
    second = report([optimal("B", shift=5)], previous=as_previous(first), names=["A", "B"])
    assert list(dict.fromkeys(second.moves["Scenario"])) == ["A", "B"]
    a_rows = second.moves[second.moves["Scenario"] == "A"].reset_index(drop=True)
    a_before = first.moves[first.moves["Scenario"] == "A"].reset_index(drop=True)
    pd.testing.assert_frame_equal(a_rows, a_before, check_dtype=False)
    b_rows = second.moves[second.moves["Scenario"] == "B"].drop(columns="Scenario")
    expected = moves_of(plan_table(5))[list(b_rows.columns)]  # the Moves sheet's columns
    pd.testing.assert_frame_equal(
        b_rows.reset_index(drop=True), expected.astype(object), check_dtype=False
    )


def test_message_names_the_binding_limits_and_the_relaxation():
    rep = report([optimal()])
    message = rep.comparison.iloc[0]["Message"]
    assert "the 2029 budget (£41.2m)" in message
    assert f"Max posts of {NCAIU}" in message
    assert "relaxation" in rep.runlog.iloc[-1]["Notes"]  # the detail lives in the Run log


def test_infeasible_message_gives_the_fixes_never_a_bare_infeasible():
    row = report([infeasible()]).comparison.iloc[0]
    assert row["Status"] == INFEASIBLE
    assert "raise the 2028 budget by £1.2m" in row["Message"]
    assert f"lower Min posts of {MIT} by 4" in row["Message"]
    assert row["Unmet harm"] is None


def test_a_rerun_replaces_its_rows_and_keeps_the_others():
    first = report([optimal("A"), optimal("B", shift=2)], names=["A", "B"])
    second = report([optimal("B", shift=5)], previous=as_previous(first), names=["A", "B"])
    assert list(second.comparison["Scenario"]) == ["A", "B"]
    plans = second.plans
    assert set(plans["Scenario"]) == {"A", "B"}
    assert len(plans) == len(first.plans)
    b_final = plans[(plans["Scenario"] == "B") & (plans["Year"] == 2029) & (plans["Unit"] == NCAIU)]
    assert b_final["Posts"].sum() == round(77 * 0.7) + round(77 * 0.3)  # 72 + 5
    a_rows = plans[plans["Scenario"] == "A"].reset_index(drop=True)
    a_before = first.plans[first.plans["Scenario"] == "A"].reset_index(drop=True)
    pd.testing.assert_frame_equal(a_rows, a_before, check_dtype=False)


def test_comparison_follows_the_scenarios_table_then_leftovers():
    first = report([optimal("Old"), optimal("B")], names=["Old", "B"])
    rep = report([optimal("A")], previous=as_previous(first), names=["A", "B"])
    assert list(rep.comparison["Scenario"]) == ["A", "B", "Old"]


def test_run_log_only_grows():
    first = report([optimal("A"), optimal("B")])
    second = report([optimal("A")], previous=as_previous(first), user="hr.planner")
    log = second.runlog
    assert len(log) == 3
    assert list(log["Scenario"]) == ["A", "B", "A"]
    assert log.iloc[-1]["User"] == "hr.planner"
    assert log.iloc[-1]["Run at"] == "2026-11-28 14:02:05"
    assert log.iloc[-1]["Inputs hash"] == "abc123" and log.iloc[-1]["Solver"] == "HiGHS"


def test_blank_rows_in_a_previous_table_are_dropped():
    previous = as_previous(report([optimal("A")]))
    previous["RunLog"].rows.append([None] * 8)
    assert len(report([optimal("B")], previous=previous).runlog) == 2


def test_formula_like_scenario_names_stay_exactly_as_typed():
    name = '=HYPERLINK("http://evil","click")'
    rep = report([optimal(name)])
    assert rep.comparison.iloc[0]["Scenario"] == name
    assert rep.scenario_sheets[0].scenario == name


# --- The scenario page -------------------------------------------------------------


def page(result=None, **kwargs) -> ScenarioSheet:
    return report([result or optimal(**kwargs)]).scenario_sheets[0]


def test_by_unit_is_the_final_year_in_units_order():
    by_unit = page().by_unit
    assert list(by_unit.columns) == ["Unit", "Branch", "Posts before", "Posts after", "Change"]
    assert list(by_unit["Unit"]) == list(UNITS)
    row = by_unit.set_index("Unit").loc[NCAIU]
    assert (row["Branch"], row["Posts before"], row["Posts after"], row["Change"]) == (
        "Public Protection",
        60,
        72,
        12,
    )


def test_changes_are_the_largest_moves_first():
    changes = page().changes
    sizes = [abs(c) for c in changes["Change"]]
    assert sizes == sorted(sizes, reverse=True)
    assert (changes["Change"] != 0).all()
    assert changes.iloc[0]["Unit"] == NCAIU and changes.iloc[0]["Change"] == 8


def test_coverage_before_and_after_by_stream():
    coverage = page().coverage.set_index("Stream")
    assert coverage.loc["Child abuse", "Coverage before"] == pytest.approx(0.7)
    assert coverage.loc["Child abuse", "Coverage after"] == pytest.approx(0.8)


def test_coverage_without_a_baseline_falls_back_with_a_note():
    sheet = page(with_baseline_coverage=False)
    assert sheet.coverage["Coverage before"].isna().all()
    assert sheet.coverage["Coverage after"].notna().all()
    assert any("today's posts is not in this result" in n for n in sheet.notes)
    coverage = next(h for h in sheet.headlines if h.label.startswith("Coverage"))
    assert coverage.before is None and coverage.value == 0.82


def test_headlines_give_before_and_after():
    heads = {h.label: h for h in page().headlines}
    assert heads["Unmet harm"].before == 2000.0 and heads["Unmet harm"].value == 1200.0
    assert heads["Harm reduction"].value == pytest.approx(0.4)
    assert heads["Coverage of demand (2029)"].before == pytest.approx(2150 / 3000)
    assert (
        heads["Posts in total (2029)"].before == 240 and heads["Posts in total (2029)"].value == 240
    )
    assert heads["Public Protection share of posts"].before == 0.25
    assert "£200k under the budget of £41.2m" in heads["Pay bill (2029)"].note
    assert "relaxation" in heads["Harm reduction per extra £1m"].note
    # A plan with a lowest coverage shows it in Post changes' card (planner.report.scenario_tab).
    assert [h.label for h in page().headlines if h.highlight] == [
        "Harm reduction",
        "Coverage of demand (2029)",
        "Lowest coverage (2029)",
        "Pay bill (2029)",
    ]


def test_limits_in_words_with_their_worth():
    limits = page().limits
    assert limits[0] == "The 2029 budget (£41.2m): £1m more would cut unmet harm by 35."
    assert limits[1] == f"Max posts of {NCAIU} (72): one post more would cut unmet harm by 4.1."


def test_a_whole_post_plan_held_back_by_no_limit_by_a_whole_post_says_so():
    # optimise.held_back named none of the relaxation's limits: the plan is
    # held back by its whole posts, not by "nothing", and the tab and the
    # Comparison say the same.
    result = optimal()
    result.binding_limits, result.held_by_whole_posts = [], True
    said = "planning in whole posts: no limit holds the plan back by a whole post"
    assert page(result).limits == [f"Held back most by {said}."]
    message = report([result]).comparison.iloc[0]["Message"]
    assert message == f"Held back most by {said}."


def test_a_plan_no_limit_holds_back_still_says_nothing_does():
    result = optimal()
    result.binding_limits = []
    assert report([result]).comparison.iloc[0]["Message"] == "Nothing holds it back."
    assert page(result).limits == []  # the tab writes its "Nothing holds this plan back"


def test_the_optimisers_own_message_is_not_repeated():
    result = optimal()
    result.message = "Held back most by: the 2029 budget (£41.2m)."
    message = report([result]).comparison.iloc[0]["Message"]
    assert message.count("Held back most by") == 1 and message.startswith("Held back")


def test_an_infeasible_page_leads_with_the_fixes():
    sheet = page(infeasible())
    assert sheet.limits_title == "How to make this scenario possible"
    assert sheet.limits == [
        "Either: Raise the 2028 budget by £1.2m.",
        f"Or: Lower Min posts of {MIT} by 4.",
    ]
    assert sheet.by_unit.empty and sheet.changes.empty


def test_page_says_who_ran_it_and_when():
    info = page().run_info
    assert "28 Nov 2026 14:02" in info and "jsmith" in info and "2027–2029" in info


# --- Sheet names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Budget cut 5%", "Budget cut 5%"),
        ("A/B: what? [draft]*", "A_B_ what_ _draft__"),
        ("x" * 40, "x" * 31),
        ("'quoted'", "quoted"),
        ("History", "Scenario"),
        ("   ", "Scenario"),
        ("=1+1", "=1+1"),
    ],
)
def test_safe_sheet_name(name, expected):
    assert safe_sheet_name(name) == expected


def test_safe_sheet_name_is_unique_ignoring_case_and_stays_short():
    assert safe_sheet_name("units", ["Units"]) == "units (2)"
    long = "y" * 40
    taken = ["y" * 31, "y" * 27 + " (2)"]
    name = safe_sheet_name(long, taken)
    assert name == "y" * 27 + " (3)" and len(name) <= 31


def test_report_names_avoid_the_contract_sheets_and_each_other():
    rep = report([optimal("Units"), optimal("units")], names=["Units", "units"])
    names = [s.sheet_name for s in rep.scenario_sheets]
    assert names == ["Units (2)", "units (3)"]
    assert not {n.casefold() for n in names} & {r.casefold() for r in RESERVED_SHEETS}


def test_resolve_keeps_the_tab_that_carries_the_scenario():
    sheets = report([optimal("A long scenario name that Excel must shorten")]).scenario_sheets
    sheets += report([optimal("New")]).scenario_sheets
    resolve_sheet_names(
        sheets,
        existing=["Start", "My tab", "New"],
        carriers={"A long scenario name that Excel must shorten": "My tab"},
    )
    assert [s.sheet_name for s in sheets] == ["My tab", "New (2)"]


def test_tab_scenario_reads_the_marker_cells():
    assert tab_scenario(SCENARIO_TAB_MARKER, "Baseline") == "Baseline"
    assert tab_scenario("Something else", "Baseline") is None
    assert tab_scenario(SCENARIO_TAB_MARKER, 2027.0) == "2027"


def test_an_infeasible_scenarios_ways_out_read_as_alternatives():
    from optimise.result import INFEASIBLE, Fix, PlanResult
    from planner.report.scenario_report import limit_sentences

    result = PlanResult(
        "Cut",
        INFEASIBLE,
        fixes=[
            Fix("Budget", "raise the 2027 budget by £2.7m", 2_700_000, "£", way=0),
            Fix(
                "Max growth per year",
                "raise Max growth per year of DS from 2 to 3",
                1,
                "posts",
                way=1,
            ),
            Fix("Max attrition %", "raise Max attrition % of DI from 2% to 5%", 1, "posts", way=1),
        ],
    )
    assert limit_sentences(result) == [
        "Either: Raise the 2027 budget by £2.7m.",
        "Or: Raise Max growth per year of DS from 2 to 3 and raise Max attrition % of DI from 2% to 5%.",
    ]
