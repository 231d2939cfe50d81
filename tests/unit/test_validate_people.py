"""The people inputs (docs/rules.md rules 12 to 16) from the workbook to the model, checked at their cells.

Units' Months to productive and Intake per year, Roles' Turnover %, Vacancy % and
Team size, Establishment's Min posts and Scenarios' Max post changes per year
came with v3: blank means the rule does not apply, a value typed reaches the
model, and each mistake is reported at its cell with what to type instead.
"""

from __future__ import annotations

import math

import pytest

from optimise.plan import plan
from planner import contract as layout
from planner.check.validate import WorkbookInputError, check_workbook
from planner.read.tables import RawTable
from planner.warn.input_warnings import input_warnings
from tests.conftest import BORDER, DC, IA, MIT, NCAIU


def problems(tables: dict[str, RawTable]) -> dict[str, str]:
    with pytest.raises(WorkbookInputError) as raised:
        check_workbook(tables)
    return {p.address: p.message for p in raised.value.problems}


@pytest.fixture
def full(tables: dict[str, RawTable]) -> dict[str, RawTable]:
    """The valid tables with every column `planner build` makes, the new ones blank."""
    for name in ("Units", "Roles", "Establishment", "Demand", "Scenarios"):
        width = len(layout.TABLES[name].headers)
        for row in tables[name].rows:
            row.extend([None] * (width - len(row)))
    return tables


def cell(tables: dict[str, RawTable], table: str, row: int, column: str, value: object) -> str:
    """Put `value` in a cell; return that cell's address."""
    raw = tables[table]
    raw.rows[row][raw.headers.index(column)] = value
    return raw.cell(row, column)


def test_blank_people_columns_reach_the_model_as_blank(full):
    checked = check_workbook(full)
    assert checked.inputs.units["Months to productive"].isna().all()
    assert checked.inputs.roles["Turnover %"].isna().all()
    assert checked.inputs.establishment["Min posts"].isna().all()
    assert all(math.isnan(s.change_cap) for s in checked.scenarios)


def test_every_people_value_typed_reaches_the_model(full):
    cell(full, "Units", 0, "Months to productive", 6)
    cell(full, "Units", 0, "Intake per year", 4)
    cell(full, "Roles", 0, "Turnover %", 0.1)
    cell(full, "Roles", 0, "Vacancy %", 0.05)
    cell(full, "Roles", 0, "Supervised by", None)
    cell(full, "Roles", 1, "Supervised by", DC)
    cell(full, "Roles", 0, "Team size", 8)
    cell(full, "Establishment", 1, "Min posts", 3)
    cell(full, "Scenarios", 0, "Max post changes per year", 12)
    checked = check_workbook(full)
    units, roles = checked.inputs.units, checked.inputs.roles
    assert units.loc[0, ["Months to productive", "Intake per year"]].tolist() == [6, 4]
    assert roles.loc[0, ["Turnover %", "Vacancy %", "Team size"]].tolist() == [0.1, 0.05, 8]
    assert checked.inputs.establishment.loc[1, "Min posts"] == 3
    assert checked.scenarios[0].max_post_changes_per_year == 12


def test_a_change_cap_typed_in_the_workbook_changes_the_plan(full):
    cell(full, "Settings", 2, "Value", "No")
    checked = check_workbook(full)
    free = plan(checked.inputs, checked.scenarios[0])
    assert free.status == "Optimal" and free.post_changes > 0
    cell(full, "Scenarios", 0, "Max post changes per year", 0)
    checked = check_workbook(full)
    held = plan(checked.inputs, checked.scenarios[0])
    assert held.status == "Optimal" and held.post_changes == pytest.approx(0, abs=1e-6)


def test_an_intake_typed_in_the_workbook_changes_the_plan(full):
    cell(full, "Settings", 2, "Value", "No")
    checked = check_workbook(full)
    free = plan(checked.inputs, checked.scenarios[0]).plan
    grown = free[(free["Unit"] == NCAIU) & (free["Change"] > 0)]["Change"].sum()
    assert grown > 1
    cell(full, "Units", 1, "Intake per year", 1)
    checked = check_workbook(full)
    held = plan(checked.inputs, checked.scenarios[0]).plan
    first = held[(held["Unit"] == NCAIU) & (held["Year"] == 2027)]
    assert first["Posts"].sum() <= 30 + 1 + 1e-6


@pytest.mark.parametrize(
    ("table", "column", "value", "words"),
    [
        ("Units", "Months to productive", 13, "it must be between 0 and 12"),
        ("Units", "Months to productive", -1, "it must be between 0 and 12"),
        ("Units", "Intake per year", -2, "it cannot be negative"),
        ("Roles", "Turnover %", 1, "it must be at least 0% and below 100%"),
        ("Roles", "Vacancy %", 1.2, "it must be at least 0% and below 100%"),
        ("Roles", "Team size", 0, "it must be above 0"),
        ("Establishment", "Min posts", -1, "it cannot be negative"),
        ("Scenarios", "Max post changes per year", -5, "it cannot be negative"),
    ],
)
def test_a_people_value_out_of_range_is_refused_at_its_cell(full, table, column, value, words):
    where = cell(full, table, 0, column, value)
    found = problems(full)
    assert list(found) == [where]
    assert words in found[where]


def test_a_turnover_typed_as_a_whole_number_gets_the_percent_hint(full):
    where = cell(full, "Roles", 0, "Turnover %", 8)
    assert "Did you mean 8%?" in problems(full)[where]


def test_a_team_size_on_a_role_that_leads_nobody_is_refused_at_its_cell(full):
    where = cell(full, "Roles", 1, "Team size", 6)
    found = problems(full)
    assert list(found) == [where]
    assert f"Team size is given for {IA} but no role has Supervised by = {IA}" in found[where]


def test_supervision_in_a_circle_is_refused_at_the_first_role(full):
    where = cell(full, "Roles", 0, "Supervised by", IA)
    cell(full, "Roles", 1, "Supervised by", DC)
    found = problems(full)
    assert list(found) == [where]
    assert "circle" in found[where] and "one of them must have no supervisor" in found[where]


def test_min_posts_adding_up_above_the_units_max_posts_is_refused_at_max_posts(full):
    cell(full, "Establishment", 0, "Min posts", 60)
    cell(full, "Establishment", 1, "Min posts", 25)
    found = problems(full)
    where = full["Units"].cell(0, "Max posts")
    overriding = full["Overrides"].cell(0, "Value")  # "Budget cut" sets Max posts to 70
    assert list(found) == [where, overriding]
    assert "add up to 85, above its Max posts (80)" in found[where]
    assert found[overriding].startswith('in scenario "Budget cut"')
    assert "above its Max posts (70)" in found[overriding]


def test_min_posts_above_today_where_the_role_has_no_work_is_refused_at_its_cell(full):
    where = cell(full, "Establishment", 2, "Min posts", 35)  # NCAIU DC works OCSA: fine
    assert check_workbook(full)
    full["Establishment"].rows.append([NCAIU, IA, 1, 3])  # no Skills row for IA in NCAIU
    found = problems(full)
    at = full["Establishment"].cell(4, "Min posts")
    assert list(found) == [at] and where != at
    assert f"{IA} has no work in {NCAIU}" in found[at]


def test_an_override_may_change_each_people_column(full):
    rows = full["Overrides"].rows
    rows.append(["Budget cut", "Units", MIT, None, "Months to productive", 6])
    rows.append(["Budget cut", "Units", MIT, None, "Intake per year", 5])
    rows.append(["Budget cut", "Roles", DC, None, "Turnover %", 0.08])
    rows.append(["Budget cut", "Roles", IA, None, "Vacancy %", 0.1])
    rows.append(["Budget cut", "Establishment", MIT, IA, "Min posts", 4])
    cut = check_workbook(full).scenarios[1]
    assert {(o.table, o.column, o.value) for o in cut.overrides} >= {
        ("Units", "Months to productive", 6),
        ("Units", "Intake per year", 5),
        ("Roles", "Turnover %", 0.08),
        ("Roles", "Vacancy %", 0.1),
        ("Establishment", "Min posts", 4),
    }


def test_an_override_of_turnover_to_100_percent_is_refused_at_its_value(full):
    full["Overrides"].rows.append(["Budget cut", "Roles", DC, None, "Turnover %", 1])
    found = problems(full)
    where = full["Overrides"].cell(1, "Value")
    assert list(found) == [where]
    assert "below 100%" in found[where]


def test_an_override_of_a_team_size_on_a_role_leading_nobody_is_refused_at_its_value(full):
    full["Overrides"].rows.append(["Budget cut", "Roles", IA, None, "Team size", 5])
    found = problems(full)
    where = full["Overrides"].cell(1, "Value")
    assert list(found) == [where]
    assert 'in scenario "Budget cut"' in found[where] and "Supervised by" in found[where]


def test_a_turnover_of_zero_is_a_warning_at_its_cell(full):
    where = cell(full, "Roles", 1, "Turnover %", 0)
    warnings = input_warnings(full, check_workbook(full))
    mine = [w for w in warnings if w.address == where]
    assert len(mine) == 1 and "Leave it blank" in mine[0].message


def test_a_first_year_cut_beyond_turnover_is_a_warning_at_the_budget_change(full):
    cell(full, "Roles", 0, "Turnover %", 0.02)
    cell(full, "Roles", 1, "Turnover %", 0.02)
    cell(full, "Scenarios", 1, "Budget change %", -0.3)
    warnings = input_warnings(full, check_workbook(full))
    where = full["Scenarios"].cell(1, "Budget change %")
    mine = [w for w in warnings if w.address == where]
    assert len(mine) == 1
    assert mine[0].message.startswith('in scenario "Budget cut": the 2027 budget')
    assert "turnover" in mine[0].message


def test_no_people_warning_without_people_inputs(full):
    warnings = input_warnings(full, check_workbook(full))
    assert not [w for w in warnings if "Turnover" in w.message or "turnover" in w.message]


def test_units_not_in_the_fixture_stay_put(full):
    assert BORDER in set(check_workbook(full).inputs.units["Unit"])
