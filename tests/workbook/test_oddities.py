"""Warnings for inputs the model cannot use, and for plausible typos: at the cell, never a stop.

Each test breaks the valid tables of tests/conftest.py the way a new user did
(issue 15) and reads the warnings `planner.warn.input_warnings` gives for them.
"""

from __future__ import annotations

from pathlib import Path

from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from planner.cli.commands import main
from planner.warn.input_warnings import input_warnings
from tests.conftest import BORDER, DC, IA, OCSA
from tests.processes import fte_copy
from tests.unit.test_validate import put
from tests.workbook.test_read import edit

WORKBOOK = Path(__file__).resolve().parents[2] / "workbook" / "Planner.xlsm"


def warnings(tables) -> dict[str, str]:
    checked = check_workbook(tables)  # legal input: no problem stops it
    return {w.address: w.message for w in input_warnings(tables, checked)}


def test_a_unit_with_posts_and_no_work_is_named_with_what_the_plan_will_do(tables):
    found = warnings(tables)  # Border Policing: 10 posts, no Demand rows
    assert found["Units!A6"].startswith(
        f'"{BORDER}" has 10 posts today (Establishment!C7) but no work in the Demand table'
    )
    assert "move its posts to other units as fast as its limits allow" in found["Units!A6"]


def test_a_stream_without_skills_rows_is_named(tables):
    tables["Skills"].rows.pop(2)  # OCSA's only row
    found = warnings(tables)
    assert found["Demand!A5"].startswith(f'no role can work "{OCSA}": it has no rows in the Skills')
    assert "none of its 164,000 hours a year is served" in found["Demand!A5"]


def test_a_role_that_works_no_stream_is_named(tables):
    tables["Skills"].rows.pop(1)  # the analysts' only row
    found = warnings(tables)
    assert found["Roles!A5"].startswith(f'"{IA}" works no stream')
    assert "its 5 posts today do no work in the plan" in found["Roles!A5"]


def test_a_budget_typed_in_millions_is_named_with_the_number_meant(tables):
    put(tables, "Budget", 0, "Budget", 4.6)  # today's pay bill is £4,530,000
    found = warnings(tables)
    assert found["Budget!B4"] == (
        "the 2027 budget is £4.60, far below today's pay bill of £4,530,000 (Establishment "
        "posts x Annual cost). Budgets are in pounds: if you meant 4.6m (£m), type 4600000. "
        "As it is, the plan must cut posts to fit it, and where limits stop that, no plan "
        "is possible."
    )


def test_a_budget_with_a_digit_too_many_is_named(tables):
    put(tables, "Budget", 1, "Budget", 51_000_000)
    assert "check for a digit too many" in warnings(tables)["Budget!B5"]


def test_one_typed_for_one_percent_is_named_but_efficiency_of_100_percent_is_not(tables):
    put(tables, "Roles", 0, "Max attrition %", 1)
    put(tables, "Units", 0, "Max change %", 1)
    found = warnings(tables)
    assert found["Roles!F4"] == (
        f'Max attrition % for "{DC}" is 100% (typed as 1): every post of the role may leave '
        "in one year. If you meant 1%, type 1% or 0.01; if 100% is right, leave it."
    )
    assert found["Units!E4"].startswith('Max change % for "Major Investigation Teams" is 100%')
    assert not any(address.startswith("Skills!") for address in found)  # Efficiency 1 = 100%


def test_an_annual_cost_in_thousands_is_named(tables):
    put(tables, "Roles", 1, "Annual cost", 42)
    put(tables, "Roles", 0, "Productive hours", 7.5)
    found = warnings(tables)
    assert "If you meant £42,000, type 42000." in found["Roles!C5"]
    assert found["Roles!D4"].startswith(f'Productive hours for "{DC}" is 7.5')


def test_a_stream_beyond_what_the_division_can_work_is_named(tables):
    put(tables, "Demand", 1, "Annual cases", 164_000)  # 1,640 with two zeros too many
    found = warnings(tables)
    assert found["Demand!C5"].startswith(
        f'"{OCSA}" alone needs 16,400,000 hours a year (Annual cases x Hours per case), more '
        "than twice what every post in the division works today (123,980 hours)"
    )


def test_the_default_workbook_has_no_warnings():
    tables = FileWorkbook(WORKBOOK).read_tables()
    assert warnings(tables) == {}


def test_validate_lists_warnings_at_their_cells_and_optimise_still_runs(tmp_path, capsys):
    copy = fte_copy(tmp_path / "Planner.xlsm")
    roles = FileWorkbook(copy).read_tables()["Roles"]
    attrition = roles.cell(0, "Max attrition %")
    sheet, cell = attrition.split("!")
    edit(copy, lambda book: book[sheet].__setitem__(cell, 1))
    assert main(["validate", str(copy)]) == 0
    err = capsys.readouterr().err
    assert "1 warning (the plan still runs):" in err
    assert f"  {attrition}: Max attrition % for " in err and "If you meant 1%" in err
    out = tmp_path / "out.xlsm"
    assert main(["optimise", str(copy), "--scenario", "Budget cut 5%", "--out", str(out)]) == 0
    assert f"Warning: {attrition}: Max attrition %" in capsys.readouterr().err


def test_valid_tables_warn_only_of_the_idle_unit(tables):
    """Every stream worked, every role used, budgets in line: no false alarm."""
    assert set(warnings(tables)) == {"Units!A6"}


def test_uncertain_demand_with_no_stream_uncertain_is_named_at_plan_for(tables):
    """The Demand table here has no Growth low % or high % columns: nothing is uncertain."""
    tables["Settings"].rows.append(["Plan for", "Uncertain demand", None])  # Settings!B10
    found = warnings(tables)
    assert found["Settings!B10"].startswith("Plan for is Uncertain demand, but no stream")
    assert "made for 20 identical futures" in found["Settings!B10"]
    tables["Settings"].rows[-1][1] = "Expected demand"
    assert "Settings!B10" not in warnings(tables)


def test_the_default_workbook_planned_for_uncertain_demand_gets_no_such_warning():
    tables = FileWorkbook(WORKBOOK).read_tables()
    settings = tables["Settings"]
    at = [r[0] for r in settings.rows].index("Plan for")
    settings.rows[at][1] = "Uncertain demand"
    assert not [w for w in warnings(tables).values() if w.startswith("Plan for is")]


def test_uncertain_demand_in_whole_posts_warns_at_whole_posts_of_the_wait():
    """The template plans in whole posts; a robust plan in whole posts takes minutes."""
    tables = FileWorkbook(WORKBOOK).read_tables()
    rows = tables["Settings"].rows
    setting = {row[0]: row for row in rows}
    setting["Plan for"][1] = "Uncertain demand"
    found = warnings(tables)
    assert found["Settings!B8"].startswith("Whole posts is Yes and Plan for is Uncertain demand")
    assert "one whole-post plan for 20 futures of demand at once" in found["Settings!B8"]
    assert "Set Whole posts to No" in found["Settings!B8"]
    setting["Whole posts"][1] = "No"
    assert "Settings!B8" not in warnings(tables)
    setting["Whole posts"][1], setting["Plan for"][1] = "Yes", "Expected demand"
    assert "Settings!B8" not in warnings(tables)
