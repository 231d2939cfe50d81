"""Plan for = Uncertain demand (docs/sweeps.md): one set of posts for many futures of demand.

The robust stage 1 agrees with an independent SciPy formulation of the same
futures; with no uncertainty in the workbook the robust plan is the expected
plan; and over its own futures a robust plan leaves no more unmet harm on
average than the expected plan does when its posts meet the same futures.
"""

from __future__ import annotations

import dataclasses
import shutil

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimise import InputError, Scenario, plan
from optimise.futures import draw_growth
from optimise.inputs import PlanInputs
from optimise.result import INFEASIBLE, OPTIMAL
from optimise.robust import UNCERTAIN_DEMAND
from optimise.scenario import apply_scenario
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from planner.report.sheet_names import SCENARIO_TAB_MARKER
from tests.cases import instance
from tests.independent import stage_one_optimum
from tests.libreoffice import convert, pdf_text
from tests.model.test_model_properties import divisions, posts_cube
from tests.processes import fte_copy, fte_workbook, planner
from tests.workbook.test_read import edit

FEW = dict(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def uncertain(inputs: PlanInputs, futures: int = 5, seed: int = 1) -> PlanInputs:
    """The same inputs with Plan for = Uncertain demand."""
    wanted = dataclasses.replace(
        inputs.settings, plan_for=UNCERTAIN_DEMAND, robust_samples=futures, random_seed=seed
    )
    return dataclasses.replace(inputs, settings=wanted)


def with_ranges(inputs: PlanInputs, below: list[float], above: list[float]) -> PlanInputs:
    """Growth low % and high % around each stream's Annual growth %."""
    demand = inputs.demand.copy()
    demand["Growth low %"] = demand["Annual growth %"] - np.array(below)
    demand["Growth high %"] = demand["Annual growth %"] + np.array(above)
    return inputs.with_tables(demand=demand)


def default_inputs() -> tuple[PlanInputs, list[Scenario]]:
    checked = check_workbook(FileWorkbook(fte_workbook()).read_tables())
    return checked.inputs, checked.scenarios


def mean_harm_of_posts(
    inputs: PlanInputs,
    scenario: Scenario,
    posts: np.ndarray,
    arriving: np.ndarray | None = None,
) -> float | None:
    """These posts held in every future of a robust plan, hours re-planned in each (SciPy);
    `arriving` the people who join each year (they work part of their first year).

    None when the posts cannot hold some future's service floors.
    """
    settings = inputs.settings
    growth = draw_growth(inputs, scenario, settings.robust_samples, settings.random_seed)
    rates = growth[list(inputs.demand["Stream"])].to_numpy()
    as_the_scenario_sees_them = apply_scenario(inputs, scenario)  # its overrides
    return stage_one_optimum(
        as_the_scenario_sees_them, scenario, rates, posts=posts, arriving=arriving
    )


def arrivals_cube(inputs: PlanInputs, result) -> np.ndarray:
    """People arriving [unit, role, t] in a result's Moves: transfers and recruits in."""
    units, roles = list(inputs.units["Unit"]), list(inputs.roles["Role"])
    years = inputs.settings.years
    arriving = np.zeros((len(units), len(roles), len(years)))
    for row in result.moves.itertuples(index=False):
        if row.To in units:
            arriving[units.index(row.To), roles.index(row.Role), years.index(row.Year)] += row.Posts
    return arriving


# --- Against an independent formulation ------------------------------------------------------


@pytest.mark.parametrize("whole", [False, True], ids=["fractional", "whole posts"])
@settings(**FEW)
@given(data=st.data())
def test_robust_stage_one_matches_an_independent_formulation(whole, data):
    inputs, scenario = data.draw(divisions(whole=whole))
    n = len(inputs.demand)
    below = data.draw(st.lists(st.sampled_from([0.0, 0.05, 0.2]), min_size=n, max_size=n))
    above = data.draw(st.lists(st.sampled_from([0.0, 0.1, 0.3]), min_size=n, max_size=n))
    futures = data.draw(st.integers(1, 4))
    inputs = uncertain(
        with_ranges(inputs, below, above), futures, seed=data.draw(st.integers(0, 9))
    )
    result = plan(inputs, scenario)
    growth = draw_growth(inputs, scenario, futures, inputs.settings.random_seed)
    expected = stage_one_optimum(inputs, scenario, growth[list(inputs.demand["Stream"])].to_numpy())
    if expected is None:
        assert result.status == INFEASIBLE
    else:
        assert result.status == OPTIMAL
        assert result.unmet_harm == pytest.approx(expected, rel=1e-6, abs=1e-4)
        assert result.futures == futures


def test_a_small_robust_plan_by_hand():
    """One unit, one role, one stream growing 0% to 100% in a year (mode 0%).

    A post gives 1,000 hours at £50k and the budget buys 1.5 posts, so every
    future is met up to 1,500 hours: a future with growth g leaves
    max(0, 1,000 (1 + g) - 1,500) hours unmet, at a harm of 1 an hour. The
    robust plan's unmet harm is the mean of that over its futures; the
    expected plan (growth 0%) meets all demand.
    """
    inputs = instance(
        {"U": {}},
        {"R": {"cost": 50_000, "hours": 1_000}},
        {("U", "R"): 1},
        {"S": {"unit": "U", "cases": 100, "hours": 10, "weight": 10, "growth": 0.0, "high": 1.0}},
        budget={2027: 75_000},
        horizon=1,
        whole_posts=False,
    )
    growth = draw_growth(inputs, Scenario(), 8, seed=3)["S"].to_numpy()
    by_hand = np.maximum(0.0, 1_000 * (1 + growth) - 1_500).mean()
    assert by_hand > 0
    robust = plan(uncertain(inputs, futures=8, seed=3))
    assert robust.unmet_harm == pytest.approx(by_hand, rel=1e-9)
    assert stage_one_optimum(inputs, None, growth[:, None]) == pytest.approx(by_hand, rel=1e-9)
    assert plan(inputs).unmet_harm == pytest.approx(0.0, abs=1e-9)


# --- No uncertainty: the expected plan -----------------------------------------------------


@pytest.mark.parametrize("whole", [False, True], ids=["fractional", "whole posts"])
@settings(**FEW)
@given(data=st.data())
def test_with_no_uncertainty_the_robust_plan_is_the_expected_plan(whole, data):
    inputs, scenario = data.draw(divisions(whole=whole))
    expected = plan(inputs, scenario)
    robust = plan(uncertain(inputs, futures=3), scenario)
    assert robust.status == expected.status
    assert robust.futures == 3 and expected.futures is None
    if expected.status != OPTIMAL:
        return
    for figure in ("unmet_harm", "baseline_unmet_harm", "post_changes", "final_year_cost"):
        mine, theirs = getattr(robust, figure), getattr(expected, figure)
        assert mine == pytest.approx(theirs, rel=1e-6, abs=1e-4), figure
    assert robust.coverage_pct == pytest.approx(expected.coverage_pct, abs=1e-6)


def test_with_no_uncertainty_the_default_workbook_plans_the_same_posts():
    inputs, scenarios = default_inputs()
    inputs = with_ranges(inputs, [0.0] * len(inputs.demand), [0.0] * len(inputs.demand))
    for scenario in scenarios[:2]:
        expected = plan(inputs, scenario)
        robust = plan(uncertain(inputs, futures=4), scenario)
        assert robust.status == expected.status == OPTIMAL
        assert robust.unmet_harm == pytest.approx(expected.unmet_harm, rel=1e-6)
        assert robust.post_changes == pytest.approx(expected.post_changes, rel=1e-6)
        assert robust.final_year_cost == pytest.approx(expected.final_year_cost, rel=1e-6)
        assert robust.baseline_unmet_harm == pytest.approx(expected.baseline_unmet_harm, rel=1e-9)
        assert robust.plan.equals(expected.plan)  # the same posts, not only as good
        assert robust.futures == 4 and "4 futures of demand" in robust.message


# --- Robust against the expected plan, over the same futures -----------------------------------


@pytest.mark.slow
def test_on_the_default_workbook_the_robust_plan_does_better_over_its_futures():
    inputs, scenarios = default_inputs()
    robust_inputs = uncertain(inputs, futures=20)
    for scenario in scenarios[:2]:
        robust = plan(robust_inputs, scenario)
        expected = plan(inputs, scenario)
        assert robust.status == expected.status == OPTIMAL
        posts = posts_cube(inputs, expected)[..., 1:]
        held = mean_harm_of_posts(robust_inputs, scenario, posts, arrivals_cube(inputs, expected))
        assert held is not None  # the expected plan holds the floors in every future here
        assert robust.unmet_harm <= held + 1e-6 * held
        assert "Planned for uncertain demand" in robust.message
        assert "20 futures of demand" in robust.message


@settings(**FEW)
@given(data=st.data())
def test_the_robust_plan_is_never_worse_on_average_over_its_futures(data):
    inputs, scenario = data.draw(divisions(whole=False))
    n = len(inputs.demand)
    above = data.draw(st.lists(st.sampled_from([0.0, 0.1, 0.5]), min_size=n, max_size=n))
    inputs = uncertain(with_ranges(inputs, [0.05] * n, above), futures=6)
    robust = plan(inputs, scenario)
    expected_settings = dataclasses.replace(inputs.settings, plan_for="Expected demand")
    expected = plan(dataclasses.replace(inputs, settings=expected_settings), scenario)
    if expected.status != OPTIMAL:
        return
    held = mean_harm_of_posts(inputs, scenario, posts_cube(inputs, expected)[..., 1:])
    if held is None:  # the expected plan misses a floor in some future; the robust one may not
        return
    assert robust.status == OPTIMAL
    assert robust.unmet_harm <= held + 1e-6 * max(1.0, held)


# --- What it says, and what it refuses ---------------------------------------------------------


def test_a_robust_plan_of_no_futures_is_an_input_problem():
    inputs, scenario = default_inputs()
    with pytest.raises(InputError) as error:
        plan(uncertain(inputs, futures=0), scenario[0])
    assert "Robust samples" in str(error.value.problems[0].key)
    assert "whole number from 1 to 500" in error.value.problems[0].message


@pytest.mark.slow
def test_a_workbook_planned_for_uncertain_demand_says_so_on_its_tabs_and_comparison(tmp_path):
    """`planner optimise` on a copy set to Uncertain demand, 5 futures: every route's words."""
    path = tmp_path / "Robust.xlsm"
    fte_copy(path)
    settings_table = FileWorkbook(path).read_tables()["Settings"]
    wanted = {"Plan for": "Uncertain demand", "Robust samples": 5}

    def change(book) -> None:
        for i, row in enumerate(settings_table.records()):
            if row["Setting"] in wanted:
                sheet, cell = settings_table.cell(i, "Value").split("!")
                book[sheet.strip("'")][cell] = wanted[row["Setting"]]

    edit(path, change)
    run = planner("optimise", str(path))
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, out + err
    tables = FileWorkbook(path).read_tables()
    comparison = tables["Comparison"].records()
    assert comparison
    for row in comparison:
        assert row["Message"].startswith("Planned for uncertain demand: one set of posts for 5 ")
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    for row in comparison:
        texts = [
            str(cell)
            for line in book[_tab_of(book, row["Scenario"])].iter_rows(max_row=8, values_only=True)
            for cell in line
            if cell
        ]
        assert any("one set of posts for 5 futures of demand" in t for t in texts), texts
    if shutil.which("soffice"):  # LibreOffice draws the words on every scenario tab
        drawn = _tab_pages(path, tmp_path)
        said = [name for name, text in drawn.items() if "one set of posts for 5 futures" in text]
        assert sorted(said) == sorted(row["Scenario"] for row in comparison)


def _tab_pages(path, folder) -> dict[str, str]:
    """Each scenario tab's first printed page, as LibreOffice draws it: name -> text."""
    convert(path, "pdf", folder, profile=folder, timeout=300)
    pages = pdf_text(folder / (path.stem + ".pdf"), "-layout").split("\f")
    tabs = {}
    for page in pages:
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        if len(lines) > 2 and lines[0] == SCENARIO_TAB_MARKER:
            tabs.setdefault(lines[1], " ".join(lines))
    return tabs


def _tab_of(book, scenario: str) -> str:
    """The sheet whose A2 names the scenario (how a re-run finds its tab)."""
    for sheet in book.worksheets:
        if sheet["A2"].value == scenario:
            return sheet.title
    raise AssertionError(f"no tab for {scenario}")


def test_a_floor_no_future_can_hold_makes_the_robust_plan_infeasible_and_says_what_to_move():
    """A 90% floor met at expected demand (no growth) but not when demand may double.

    One post of 1,000 hours and a budget for no more: demand of 1,000 hours is
    all met, but a future of up to 2,000 hours leaves up to half unmet.
    """
    inputs = instance(
        {"U": {}},
        {"R": {"cost": 50_000, "hours": 1_000}},
        {("U", "R"): 1},
        {"S": {"unit": "U", "cases": 100, "hours": 10, "growth": 0.0, "high": 1.0, "floor": 0.9}},
        budget={2027: 50_000},
        horizon=1,
        whole_posts=False,
    )
    assert plan(inputs).status == OPTIMAL
    robust = plan(uncertain(inputs, futures=5))
    assert robust.status == INFEASIBLE
    assert robust.message.startswith("Planned for uncertain demand: one set of posts for 5 ")
    assert "No plan meets every limit" in robust.message
    highest = 1_000 * (1 + draw_growth(inputs, Scenario(), 5, seed=1)["S"].max())
    budget = next(fix for fix in robust.fixes if fix.family == "Budget")
    # 90% of the highest future's hours need 0.9 x highest / 1,000 posts at £50k.
    assert budget.amount == pytest.approx((0.9 * highest / 1_000 - 1) * 50_000, abs=500)


def test_through_the_buttons_a_robust_plan_says_so_too(tmp_path):
    """The xlwings route (VBA client, remote engine) draws the same words as the file route."""
    from planner import contract as layout
    from planner.excel import button_press as excel
    from tests.conftest import VALID_ROWS
    from tests.xlwings_client import VBA, ClientBook, run_remote, write_fixture_workbook

    rows = {name: [list(r) for r in table] for name, table in VALID_ROWS.items()}
    rows["Settings"] += [["Plan for", "Uncertain demand", None], ["Robust samples", 3, None]]
    book = ClientBook.from_xlsm(write_fixture_workbook(tmp_path / "Planner.xlsm", rows), client=VBA)
    book.active = book.index(layout.START_SHEET)
    run_remote(lambda b: excel.optimise(b, user="tester"), book)
    comparison = book.records(layout.COMPARISON.name)
    assert comparison
    words = "Planned for uncertain demand: one set of posts for 3 futures of demand"
    for row in comparison:
        assert row["Message"].startswith(words)
        tab = next(s for s in book.sheet_names() if book.cell(s, "A2") == row["Scenario"])
        shown = [book.cell(tab, f"A{n}") for n in range(3, 9)]
        assert any(isinstance(text, str) and text.startswith(words) for text in shown), shown
