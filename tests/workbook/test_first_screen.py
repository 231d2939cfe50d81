"""A scenario tab's first screen: what a chief officer reads before "How this plan was found".

No solver's words and no bare harm figures above that line; at least one
figure in cases a year; each sentence's figures equal its table's; a
description's "no ... posts lost" checked against the plan.
"""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

from optimise.inputs import Override, Scenario
from optimise.result import CASES_COLUMNS, PlanResult
from planner.cli.commands import main
from planner.report import compare
from planner.report.first_screen import promise_lines
from planner.report.how_sure import NOT_TESTED
from planner.report.scenario_tab import HOW_FOUND, describe
from planner.report.sheet_names import SCENARIO_TAB_MARKER
from planner.report.workbook_report import build_report
from tests.processes import fte_copy
from tests.unit.test_report import MIT, NCAIU, OCCTU, RUN_AT, as_previous, optimal
from tests.workbook.test_scenario_tab import inputs, page_of
from tests.workbook.test_text_fits import cut_off

#: docs/workbook.md: the words that stay below "How this plan was found".
SOLVER_WORDS = re.compile(
    r"\b(MIP|FTE|relaxation|dual|stages?|gap|solver|HiGHS|CBC|linear program|optimal)\b",
    re.IGNORECASE,
)
#: A figure of harm points: "harm" and a number in one cell.
HARM_FIGURE = re.compile(r"(?=.*\bharm\b)(?=.*\d)", re.IGNORECASE | re.DOTALL)


def first_screen_text(cells: dict[tuple[int, int], object], skip: set[tuple[int, int]]) -> list:
    """The text of every cell above the "How this plan was found" line, user text left out."""
    line = min(r for (r, _), v in cells.items() if v == HOW_FOUND)
    return [v for (r, c), v in sorted(cells.items()) if r < line and (r, c) not in skip]


def assert_board_words(texts: list) -> None:
    words = [str(v) for v in texts if isinstance(v, str)]
    solver = [w for w in words if SOLVER_WORDS.search(w)]
    assert not solver, solver
    harm = [w for w in words if HARM_FIGURE.match(w)]
    assert not harm, harm


def with_cases(result: PlanResult, more: float = 0.0) -> PlanResult:
    result.cases = pd.DataFrame(
        [
            ["Homicide", MIT, 100.0, 90.0],
            ["Child abuse", NCAIU, 1_000.0, 1_843.0 + more],
            ["Drugs", OCCTU, 500.0, 480.0],
        ],
        columns=CASES_COLUMNS,
    )
    return result


def side_by_side(*scenarios: Scenario, previous=None, ran=None, inputs_hash="abc"):
    """A report of one plan per scenario (those in `ran`, default all), each working
    `10 * i` more child abuse cases."""
    results = [
        with_cases(optimal(s.name, shift=2 * i), more=10.0 * i)
        for i, s in enumerate(scenarios)
        if ran is None or s.name in ran
    ]
    rep = build_report(
        results,
        inputs(),
        list(scenarios),
        previous or {},
        run_at=RUN_AT,
        user="j",
        inputs_hash=inputs_hash,
    )
    return rep, {sheet.scenario: sheet for sheet in rep.scenario_sheets}


def numbers(text: str) -> list[float]:
    """The figures a sentence quotes: "+1,624", "236", "7.0"."""
    return [float(n.replace(",", "")) for n in re.findall(r"[+-]?\d[\d,]*(?:\.\d+)?", text)]


def test_the_first_screen_says_what_the_plan_buys_in_cases_and_matches_its_tables():
    rep, page = page_of(with_cases(optimal()))
    first = page.first
    assert first.buys[0] == (
        "813 more cases a year worked in 2029 than with today's posts best used "
        "(1,600 → 2,413 cases a year, all streams)."
    )
    assert rep.comparison.iloc[0]["Cases worked change"] == pytest.approx(813)
    assert first.buys[1] == f"Gains most: +843 Child abuse cases a year ({NCAIU})."
    assert first.buys[2].startswith("Gives up most: -20 Drugs cases a year")
    assert first.how_sure == [NOT_TESTED]
    total = first.branches.iloc[-1]
    assert total["Branch"] == "All branches"
    assert total["Posts 2029"] == pytest.approx(first.branches.iloc[:-1]["Posts 2029"].sum())
    cases = [c for c in first.branches.columns if c.startswith("Cases a year")]
    assert [total[c] for c in cases] == pytest.approx([1_600, 2_413])
    by_branch = first.branches.iloc[:-1]
    assert [by_branch[c].sum() for c in cases] == pytest.approx([1_600, 2_413])
    tab = describe(page)
    cells = {(c.row, c.col): c.value for c in tab.cells}
    assert_board_words(first_screen_text(cells, skip=set()))


def test_a_promise_the_plan_breaks_names_the_posts():
    result = optimal()
    plan = result.plan
    roles = plan["Role"].unique()
    result.plan = plan.assign(Role=[roles[0]] * len(plan))
    final = result.plan["Year"] == result.plan["Year"].max()
    result.plan.loc[final, "Posts"] = result.plan.loc[final, "Baseline posts"] - 1
    first_word = str(roles[0]).split()[-1].lower()
    scenario = Scenario("Baseline", f"Keep the front line: no {first_word} posts lost.")
    [line] = promise_lines(scenario, result, 2029)
    assert line.startswith(f'Not kept: the description says "no {first_word} posts lost", but ')
    units = result.plan.loc[final, "Unit"].unique()
    assert all(u in line for u in units)


def test_a_kept_promise_and_an_unknown_role_say_so():
    result = optimal()
    role = str(result.plan["Role"].iloc[0])
    word = role.split()[-1].lower()
    kept = promise_lines(Scenario("B", f"No {word} posts cut."), result, 2029)
    assert kept[0].startswith(("Kept:", "Kept in total:", "Not kept:"))
    unknown = promise_lines(Scenario("B", "no astronaut posts lost"), result, 2029)
    assert unknown == [
        'The description says "no astronaut posts lost", but no role is called astronaut: '
        "not checked."
    ]


@pytest.mark.slow
def test_every_default_scenario_tab_leads_with_cases_and_no_solver_words(tmp_path):
    copy = fte_copy(tmp_path / "Planner.xlsm")
    assert main(["optimise", str(copy)]) == 0
    wb = openpyxl.load_workbook(copy)
    tabs = [ws for ws in wb.worksheets if ws["A1"].value == SCENARIO_TAB_MARKER]
    assert len(tabs) == 5
    for ws in tabs:
        cells = {
            (c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None
        }
        description = {(3, 1)}  # the user's own words, as typed
        texts = first_screen_text(cells, skip=description)
        assert_board_words(texts)
        assert any("cases a year" in str(t) for t in texts), ws.title
        assert any(str(t).startswith("•  £1m more in each year's budget") for t in texts)
        assert "Beside the other scenarios" in texts, ws.title
        found = next(r for (r, c), v in cells.items() if v == HOW_FOUND)
        breaks = sorted(b.id for b in ws.row_breaks.brk)
        assert breaks[0] == found - 1, (ws.title, breaks)  # the first screen prints on one page
        assert cut_off(ws) == [], ws.title  # no text cut off or overlapping the next line
    assert wb[tabs[0].title].page_setup.orientation == "portrait"
    hmics = next(ws for ws in tabs if ws["A2"].value == "HMICS recommendations")
    promise = [c.value for row in hmics.iter_rows() for c in row if c.value]
    assert any("no analyst posts lost" in str(v) and "Intelligence Analyst" in str(v)
               for v in promise)  # fmt: skip


def test_the_scenarios_side_by_side_quote_the_comparison():
    rep, sheets = side_by_side(Scenario("A", "What if A?"), Scenario("B", "What if B?"),
                               Scenario("C", "What if C?"))  # fmt: skip
    comparison = rep.comparison.set_index("Scenario")
    for name, sheet in sheets.items():
        grid = sheet.first.compare.set_index(compare.SCENARIO)
        assert list(grid.index) == ["A", "B", "C"]
        for scenario, row in grid.iterrows():
            figures = comparison.loc[scenario]
            people = figures["Transfers"] + figures["Recruitment"] + figures["Attrition"]
            assert row[compare.PAY_BILL] == figures["Final-year cost"]
            assert row[compare.GAINED] == figures["Cases worked change"]
            assert row[compare.PEOPLE] == people
            assert row[compare.HARM_CUT] == figures["Harm reduction %"]
            assert row[compare.WITHIN] == "Yes" and row[compare.TESTED] == "Not yet"
            assert f", for {people:,.0f} people affected" in figures["Message"]
        mine = grid.loc[name]
        in_all = next(line for line in sheet.first.people if line.startswith("In all"))
        assert numbers(in_all)[0] == mine[compare.PEOPLE]  # the people block says the same
        quoted = {round(v, 1) for v in grid.select_dtypes("number").to_numpy().ravel()}
        leaders, this = sheet.first.compare_lines
        assert leaders.startswith("Of the 3 scenarios within budget on today's demand")
        assert "board's choice" in leaders
        said = [abs(n) for n in numbers(leaders.split(",", 1)[1]) + numbers(this)]
        assert set(said) <= {abs(q) for q in quoted}, (said, quoted)
        assert this.startswith(f"This scenario: {mine[compare.GAINED]:+,.0f} cases a year")
    best = sheets["A"].first.compare.set_index(compare.SCENARIO)[compare.GAINED].idxmax()
    assert f"most cases a year gained: {best} (" in sheets["A"].first.compare_lines[0]


def test_the_side_by_side_and_the_message_keep_solver_words_off_the_first_screen():
    rep, sheets = side_by_side(Scenario("A", "What if A?"), Scenario("B", "What if B?"))
    for sheet in sheets.values():
        tab = describe(sheet)
        cells = {(c.row, c.col): c.value for c in tab.cells}
        texts = first_screen_text(cells, skip=set())
        assert "Beside the other scenarios" in texts
        assert_board_words(texts)
    for message in rep.comparison["Message"]:
        assert not SOLVER_WORDS.search(message), message


def test_a_scenario_on_another_future_of_demand_is_marked_and_not_a_leader():
    growing = Scenario("B", "Demand grows faster.", demand_growth_adjustment=0.02)
    floor = Override("Demand", "Child abuse", "Min coverage %", 0.9)
    _, sheets = side_by_side(
        Scenario("A", "What if A?"), growing, Scenario("C", "A floor.", overrides=(floor,))
    )
    grid = sheets["A"].first.compare
    assert list(grid[compare.SCENARIO]) == ["A", "B (other demand)", "C"]
    lines = sheets["B"].first.compare_lines
    assert lines[0].startswith("Of the 2 scenarios within budget on today's demand")
    assert "B (other demand)" not in lines[0]
    assert lines[1].startswith("B plans for another future of demand")
    assert lines[2].startswith("This scenario: ")


def test_what_the_plan_does_quotes_the_branch_table():
    _, page = page_of(with_cases(optimal()))
    first = page.first
    change = dict(zip(first.branches["Branch"], first.branches["Change"], strict=True))
    # MIT 100 -> 90, NCAIU 60 -> 72, OCCTU 80 -> 78 (tests.unit.test_report.UNITS)
    assert first.does == (
        "By 2029 the plan grows Public Protection (+12); it shrinks Major Crime (-10) and "
        "Organised Crime (-2) (posts)."
    )
    assert [change["Public Protection"], change["Major Crime"], change["Organised Crime"]] == [
        12,
        -10,
        -2,
    ]


def test_intents_other_than_posts_lost_are_checked_in_the_order_said():
    result = optimal()
    scenario = Scenario(
        "B",
        f"a larger {NCAIU}, more OCCTU officers, Major Investigation units keep every post, "
        "a Homicide team and at least 85% of their demand met; no detective posts lost.",
    )
    lines = promise_lines(scenario, result, 2029, inputs())
    assert lines[0] == f'Kept: "a larger {NCAIU}"; {NCAIU} posts 60 → 72 by 2029.'
    assert lines[1] == 'Not kept: "more OCCTU officers"; OCCTU posts 80 → 78 by 2029.'
    assert lines[2].startswith(
        f'Not kept: "Major Investigation units keep every post", but {MIT} 100 → 90 in 2027'
    )
    assert lines[3] == (
        'The description says "a Homicide team", but no unit is called Homicide: not checked.'
    )
    # Child abuse's floor is 85% (FLOORS); the plan covers 80% of it in 2029.
    assert lines[4] == (
        'Not kept: "at least 85% of their demand met"; the stream with that floor gets at '
        "least 80% of their demand hours in 2029 (lowest: Child abuse)."
    )
    assert lines[5].startswith('Kept in total: "no detective posts lost"; Detective Constable')


def test_a_scenario_last_planned_from_other_inputs_is_marked_and_not_a_leader():
    a, b, c = (Scenario(n, f"What if {n}?") for n in "ABC")
    first, _ = side_by_side(a, b, c)
    _, sheets = side_by_side(a, b, c, previous=as_previous(first), ran={"A", "C"},
                             inputs_hash="changed")  # fmt: skip
    grid = sheets["A"].first.compare
    assert list(grid[compare.SCENARIO]) == ["A", "B (earlier inputs)", "C"]
    lines = sheets["A"].first.compare_lines
    assert lines[0].startswith("Of the 2 scenarios within budget on today's demand")
    assert lines[1].startswith("B: planned from earlier inputs")
    _, sheets = side_by_side(a, b, c, previous=as_previous(first), ran={"A"})
    assert list(sheets["A"].first.compare[compare.SCENARIO]) == ["A", "B", "C"]  # same inputs
