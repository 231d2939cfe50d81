"""Every input mistake comes back as its cell and what is wrong, in the user's words.

The tables come from tests/conftest.py: each test breaks a valid set and checks
the exact address and the words a finance officer would need.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimise.inputs import Override
from planner.check.validate import CellProblem, WorkbookInputError, check_workbook
from planner.read.tables import RawTable, Unreadable
from tests.conftest import BORDER, DC, HOMICIDE, IA, MIT, NCAIU, OCSA, VALID_ROWS, raw_table


def problems(tables: dict[str, RawTable]) -> dict[str, str]:
    """Address -> message of every problem found (one per cell in these tests)."""
    with pytest.raises(WorkbookInputError) as raised:
        check_workbook(tables)
    found = raised.value.problems
    assert all(isinstance(p, CellProblem) for p in found)
    return {p.address: p.message for p in found}


def only_problem(tables: dict[str, RawTable]) -> tuple[str, str]:
    found = problems(tables)
    assert len(found) == 1, found
    return next(iter(found.items()))


def put(tables: dict[str, RawTable], table: str, row: int, column: str, value: object) -> None:
    raw = tables[table]
    raw.rows[row][raw.headers.index(column)] = value


# --- Valid inputs ----------------------------------------------------------------------


def test_valid_tables_give_typed_inputs(tables):
    checked = check_workbook(tables)
    inputs = checked.inputs
    assert inputs.settings.horizon == 3 and inputs.settings.whole_posts is True
    assert list(inputs.units["Unit"]) == [MIT, NCAIU, BORDER]
    assert inputs.units["Ring-fenced"].tolist() == [False, False, True]
    assert inputs.units["Min posts"].dtype == float
    assert math.isnan(inputs.units.loc[1, "Min posts"])
    assert inputs.roles.loc[1, "Max growth per year"] != inputs.roles.loc[1, "Max growth per year"]
    assert inputs.establishment["Posts"].sum() == 85
    assert inputs.budget["Year"].tolist() == [2027, 2028]
    assert list(inputs.skills.columns) == ["Stream", "Role", "Efficiency"]


def test_scenarios_come_in_table_order_with_their_overrides(tables):
    baseline, cut = check_workbook(tables).scenarios
    assert baseline.name == "Baseline" and baseline.run and baseline.overrides == ()
    assert cut.budget_change == -0.05 and cut.run is False
    assert cut.protected_units == (BORDER,)
    assert cut.overrides == (Override("Units", MIT, "Max posts", 70.0, None),)


def test_blank_rows_in_a_table_are_ignored(tables):
    tables["Units"].rows.insert(1, [None, "  ", None, None, None, None])
    assert len(check_workbook(tables).inputs.units) == 3


def test_spaces_around_names_are_ignored(tables):
    put(tables, "Establishment", 0, "Unit", f"  {MIT} ")
    assert check_workbook(tables).inputs.establishment.loc[0, "Unit"] == MIT


def test_yes_no_and_choices_accept_any_capitals(tables):
    put(tables, "Units", 0, "Ring-fenced", "yes")
    put(tables, "Roles", 0, "Type", "officer")
    checked = check_workbook(tables)
    assert checked.inputs.units.loc[0, "Ring-fenced"]
    assert checked.inputs.roles.loc[0, "Type"] == "Officer"


def test_a_stream_no_role_can_work_is_unmet_demand_not_an_error(tables):
    tables["Skills"].rows = [r for r in tables["Skills"].rows if r[0] != OCSA]
    assert len(check_workbook(tables).inputs.demand) == 2


def test_a_stream_of_a_ring_fenced_unit_is_fine(tables):
    tables["Demand"].rows.append(["Border checks", BORDER, 100, 10, 5, 0])
    check_workbook(tables)


def test_fractional_posts_are_fine_when_whole_posts_is_no(tables):
    put(tables, "Settings", 2, "Value", "No")
    put(tables, "Establishment", 1, "Posts", 2.5)
    assert check_workbook(tables).inputs.establishment.loc[1, "Posts"] == 2.5


# --- Numbers -----------------------------------------------------------------------------


def test_min_posts_above_max_posts_is_reported_at_min_posts(tables):
    put(tables, "Units", 0, "Min posts", 40)
    put(tables, "Units", 0, "Max posts", 30)
    assert only_problem(tables) == (
        "Units!C4",
        f'Min posts (40) is above Max posts (30) for "{MIT}"',
    )


def test_text_in_a_number_cell_names_the_text_and_the_row(tables):
    put(tables, "Units", 0, "Min posts", "forty")
    assert only_problem(tables) == (
        "Units!C4",
        f'Min posts for "{MIT}" should be a number, not "forty"',
    )


def test_a_number_stored_as_text_is_reported_not_guessed(tables):
    put(tables, "Roles", 1, "Annual cost", "42,000")
    address, message = only_problem(tables)
    assert address == "Roles!C5"
    assert f'Annual cost for "{IA}" holds "42,000" as text' in message
    assert "type it again as a number" in message


@pytest.mark.parametrize("value", [True, "TRUE"])
def test_true_is_not_a_number(tables, value):
    put(tables, "Establishment", 0, "Posts", value)
    address, message = only_problem(tables)
    assert address == "Establishment!C4"
    assert "should be a number, not" in message and "TRUE" in message


def test_a_date_where_a_number_belongs_says_so(tables):
    import datetime

    put(tables, "Demand", 0, "Annual cases", datetime.date(1900, 2, 28))
    address, message = only_problem(tables)
    assert address == "Demand!C4"
    assert "should be a number, not a date (28/02/1900); format the cell as a number" in message


def test_negative_posts_are_refused(tables):
    put(tables, "Establishment", 2, "Posts", -3)
    assert only_problem(tables) == (
        "Establishment!C6",
        f'Posts for unit "{NCAIU}", role "{DC}" is -3; it cannot be negative',
    )


def test_a_percentage_typed_as_a_whole_number_gets_a_hint(tables):
    put(tables, "Units", 1, "Max change %", 5)
    address, message = only_problem(tables)
    assert address == "Units!E5"
    assert message == (
        f'Max change % for "{NCAIU}" is 5, that is 500%; it must be between 0% and 100%. '
        "Did you mean 5%? Percentages are fractions: type 5% or 0.05"
    )


def test_a_percentage_out_of_bounds_without_a_likely_slip_gets_no_hint(tables):
    put(tables, "Demand", 1, "Annual growth %", -0.8)
    address, message = only_problem(tables)
    assert address == "Demand!F5"
    assert message == (f'Annual growth % for "{OCSA}" is -80%; it must be between -50% and 100%')


def test_hours_per_case_of_zero_is_refused(tables):
    put(tables, "Demand", 0, "Hours per case", 0)
    assert only_problem(tables) == (
        "Demand!D4",
        f'Hours per case for "{HOMICIDE}" is 0; it must be above 0',
    )


def test_efficiency_must_be_above_zero_and_at_most_one(tables):
    put(tables, "Skills", 1, "Efficiency", 0)
    address, message = only_problem(tables)
    assert address == "Skills!C5"
    assert f'Efficiency for stream "{HOMICIDE}", role "{IA}" is 0%' in message
    assert "it must be above 0% and at most 100%" in message


def test_fractional_posts_when_whole_posts_is_yes_point_at_the_setting(tables):
    put(tables, "Establishment", 1, "Posts", 2.5)
    address, message = only_problem(tables)
    assert address == "Establishment!C5"
    assert f'Posts for unit "{MIT}", role "{IA}" is 2.5, but Whole posts is Yes (Settings!B6)' in (
        message
    )
    assert "set Whole posts to No" in message


def test_a_blank_required_cell_is_reported(tables):
    put(tables, "Roles", 0, "Productive hours", None)
    assert only_problem(tables) == (
        "Roles!D4",
        f'Productive hours for "{DC}" is blank; it should be a number',
    )


def test_a_blank_optional_cell_means_no_limit(tables):
    put(tables, "Units", 0, "Max posts", None)
    assert math.isnan(check_workbook(tables).inputs.units.loc[0, "Max posts"])


def test_budget_year_must_be_a_whole_year(tables):
    put(tables, "Budget", 1, "Year", 2028.5)
    assert only_problem(tables) == (
        "Budget!A5",
        "Year should be a year such as 2027, not 2,028.5",
    )


# --- Yes/No and choices ------------------------------------------------------------------


def test_yes_no_cells_refuse_other_words(tables):
    put(tables, "Units", 2, "Ring-fenced", "Y")
    assert only_problem(tables) == (
        "Units!F6",
        f'Ring-fenced for "{BORDER}" should be Yes or No, not "Y"',
    )


def test_type_must_be_officer_or_staff(tables):
    put(tables, "Roles", 1, "Type", "Civilian")
    assert only_problem(tables) == (
        "Roles!B5",
        f'Type for "{IA}" should be Officer or Staff, not "Civilian"',
    )


# --- Names and keys ----------------------------------------------------------------------


def test_an_unknown_unit_suggests_the_near_name(tables):
    put(tables, "Establishment", 0, "Unit", "Major Investigation Team")
    assert only_problem(tables) == (
        "Establishment!A4",
        f'unit "Major Investigation Team" (role "{DC}") is not in the Units table. '
        f'Did you mean "{MIT}"?',
    )


def test_a_name_differing_only_in_capitals_is_unknown_with_a_hint(tables):
    put(tables, "Demand", 1, "Unit", NCAIU.upper())
    address, message = only_problem(tables)
    assert address == "Demand!B5"
    assert f'Did you mean "{NCAIU}"? Capitals matter here' in message


def test_unknown_role_and_stream_in_skills(tables):
    tables["Skills"].rows.append(["Fraud", "Accountant", 1])
    found = problems(tables)
    assert found["Skills!A7"].startswith('stream "Fraud" (role "Accountant") is not in the Demand')
    assert found["Skills!B7"].startswith('role "Accountant" (stream "Fraud") is not in the Roles')


def test_unknown_protected_unit(tables):
    put(tables, "Scenarios", 1, "Protected units", f"{BORDER}; Nowhere")
    assert only_problem(tables) == (
        "Scenarios!E5",
        'Protected units for "Budget cut" names "Nowhere", which is not in the Units table',
    )


def test_a_duplicate_unit_points_at_the_first(tables):
    tables["Units"].rows.append([MIT.lower(), "Major Crime", None, None, None, "No"])
    assert only_problem(tables) == (
        "Units!A7",
        f'"{MIT.lower()}" is listed more than once in Units (first at Units!A4); '
        "list each unit once",
    )


def test_a_duplicate_unit_and_role_pair(tables):
    tables["Establishment"].rows.append([MIT, DC, 2])
    address, message = only_problem(tables)
    assert address == "Establishment!A8"
    assert f'"{MIT}", "{DC}" is listed more than once in Establishment (first at ' in message
    assert "list each unit and role pair once" in message


def test_a_duplicate_budget_year(tables):
    put(tables, "Budget", 1, "Year", 2027)
    address, message = only_problem(tables)
    assert address == "Budget!A5"
    assert message.startswith("2027 is listed more than once in Budget (first at Budget!A4)")


def test_a_unit_name_with_a_semicolon_is_refused(tables):
    tables["Units"].rows.append(["A; B", "Major Crime", None, None, None, "No"])
    address, message = only_problem(tables)
    assert address == "Units!A7"
    assert 'contains ";", which separates the names in Protected units' in message


@pytest.mark.parametrize("name", ["Recruitment", " attrition "])
def test_a_unit_may_not_take_the_moves_words_for_outside_the_force(tables, name):
    tables["Units"].rows.append([name, "Major Crime", None, None, None, "No"])
    address, message = only_problem(tables)
    assert address == "Units!A7"
    assert f'a unit may not be called "{name.strip()}": on the Moves sheet' in message


# --- Tables and columns ------------------------------------------------------------------


def test_a_missing_table_names_its_sheet_and_columns(tables):
    del tables["Roles"]
    found = problems(tables)
    assert found["Roles"] == (
        'there is no Excel table named "Roles"; Planner needs it, on the Roles sheet, '
        "with the columns Role, Type, Annual cost, Productive hours, Max growth per year, "
        "Max attrition %, and if used, Supervised by, Span of control, Turnover %, Vacancy %, "
        "Team size"
    )
    assert len(found) == 1  # units and roles named elsewhere are not checked against nothing


def test_a_renamed_table_is_suggested(tables):
    raw = tables.pop("Units")
    raw.name = "Table1"
    tables["Table1"] = raw
    address, message = only_problem(tables)
    assert address == "Units"
    assert 'The table on the Units sheet is named "Table1": if it is this one, rename it' in (
        message
    )


def test_table_names_match_whatever_their_capitals(tables):
    tables["units"] = tables.pop("Units")
    check_workbook(tables)


def test_a_misnamed_column_is_reported_at_its_header(tables):
    tables["Units"].headers[2] = "Minimum posts"
    assert only_problem(tables) == (
        "Units!C3",
        'this column of Units should be headed "Min posts", not "Minimum posts"',
    )


def test_a_missing_column_names_the_expected_header(tables):
    raw = tables["Demand"]
    del raw.headers[4]
    for row in raw.rows:
        del row[4]
    assert only_problem(tables) == (
        "Demand!E3",
        'the Demand table has no "Harm weight" column; its columns must be, in order: '
        "Stream, Unit, Annual cases, Hours per case, Harm weight, Annual growth %, and if used, "
        "Growth low %, Growth high %, Min coverage %, Serves",
    )


def test_misordered_columns_are_reported_once(tables):
    raw = tables["Roles"]
    raw.headers[2], raw.headers[3] = raw.headers[3], raw.headers[2]
    for row in raw.rows:
        row[2], row[3] = row[3], row[2]
    address, message = only_problem(tables)
    assert address == "Roles!C3"
    assert message.startswith('the columns of Roles are out of order: "Annual cost" should be')


def test_an_extra_column_is_reported(tables):
    raw = tables["Budget"]
    raw.headers.append("Comment")
    for row in raw.rows:
        row.append("note")
    address, message = only_problem(tables)
    assert address == "Budget!C3"
    assert 'has a column "Comment" that Planner does not use' in message


def test_an_empty_units_table_is_refused(tables):
    tables["Units"].rows = []
    tables["Establishment"].rows = []
    tables["Demand"].rows = []
    tables["Skills"].rows = []
    tables["Overrides"].rows = []
    tables["Scenarios"].rows[1][4] = None
    found = problems(tables)
    assert found["Units!A3"] == "the Units table has no rows; list the units to plan"
    assert found["Demand!A3"].startswith("the Demand table has no rows")


# --- Settings ------------------------------------------------------------------------------


def test_a_missing_setting_gives_its_default(tables):
    del tables["Settings"].rows[5]
    assert only_problem(tables) == (
        "Settings!A3",
        'the setting "MIP gap" is missing; add a row with Setting "MIP gap" and Value 0',
    )


def test_a_workbook_older_than_the_frontier_rows_takes_their_defaults(tables):
    assert "Frontier points" not in [row[0] for row in tables["Settings"].rows]
    settings = check_workbook(tables).inputs.settings
    assert (settings.frontier_from, settings.frontier_to, settings.frontier_points) == (
        -0.10,
        0.10,
        9,
    )
    assert (settings.samples, settings.random_seed) == (200, 1)
    assert (settings.plan_for, settings.robust_samples) == ("Expected demand", 20)


def test_the_frontier_and_risk_settings_are_read(tables):
    tables["Settings"].rows += [
        ["Frontier from %", -0.2, None],
        ["Frontier to %", 0.05, None],
        ["Frontier points", 5, None],
        ["Samples", 50, None],
        ["Random seed", 7, None],
        ["Plan for", "Uncertain demand", None],
        ["Robust samples", 10, None],
    ]
    settings = check_workbook(tables).inputs.settings
    assert (settings.frontier_from, settings.frontier_to, settings.frontier_points) == (
        -0.2,
        0.05,
        5,
    )
    assert (settings.samples, settings.random_seed) == (50, 7)
    assert (settings.plan_for, settings.robust_samples) == ("Uncertain demand", 10)


def test_a_frontier_that_ends_below_its_start_is_refused(tables):
    tables["Settings"].rows += [["Frontier from %", 0.1, None], ["Frontier to %", -0.1, None]]
    address, message = only_problem(tables)
    assert address == "Settings!B11"
    assert message.startswith(
        "the frontier's last point (-10%) should be above its first (Frontier from %, 10%)"
    )


def test_plan_for_offers_its_two_choices(tables):
    tables["Settings"].rows.append(["Plan for", "Worst case", None])
    address, message = only_problem(tables)
    assert address == "Settings!B10"
    assert "Expected demand" in message and "Uncertain demand" in message


def test_an_unknown_setting_is_named_with_a_suggestion(tables):
    tables["Settings"].rows.append(["Solvr", "CBC", None])
    address, message = only_problem(tables)
    assert address == "Settings!A10"
    assert message.startswith('"Solvr" is not a setting Planner knows. Did you mean "Solver"?')


def test_a_setting_listed_twice(tables):
    tables["Settings"].rows.append(["Solver", "CBC", None])
    address, message = only_problem(tables)
    assert address == "Settings!A10"
    assert message.startswith(
        '"Solver" is listed more than once in Settings (first at Settings!A7)'
    )


@pytest.mark.parametrize(
    ("row", "value", "message"),
    [
        (1, 2.5, "Horizon (years) should be a whole number, not 2.5"),
        (1, 12, "Horizon (years) is 12; it must be between 1 and 10"),
        (2, "Maybe", 'Whole posts should be Yes or No, not "Maybe"'),
        (3, "Gurobi", 'Solver should be HiGHS or CBC, not "Gurobi"'),
        (0, "2027", 'Plan start year holds "2027" as text'),
        (4, 0, "Time limit (s) is 0; it must be between 1 and 86,400"),
        (5, 1, "MIP gap is 1, that is 100%; it must be between 0% and 50%. Did you mean 1%?"),
    ],
)
def test_setting_values_are_checked_by_kind(tables, row, value, message):
    put(tables, "Settings", row, "Value", value)
    address, found = only_problem(tables)
    assert address == f"Settings!B{4 + row}"
    assert found.startswith(message)


# --- Cells that cannot be read -----------------------------------------------------------


def test_an_uncalculated_formula_is_reported_at_its_cell(tables):
    put(tables, "Budget", 1, "Budget", Unreadable("holds a formula Excel has not calculated"))
    assert only_problem(tables) == (
        "Budget!B5",
        "this cell (Budget for 2028) holds a formula Excel has not calculated",
    )


def test_an_excel_error_in_an_optional_cell_is_still_reported(tables):
    put(tables, "Units", 1, "Min posts", Unreadable("shows the Excel error #N/A"))
    address, message = only_problem(tables)
    assert address == "Units!C5"
    assert message.endswith("shows the Excel error #N/A")


# --- Overrides -----------------------------------------------------------------------------


def override(tables: dict[str, RawTable], *cells: object) -> str:
    """Add an Overrides row; returns the sheet row it sits on."""
    tables["Overrides"].rows.append(list(cells))
    return str(3 + len(tables["Overrides"].rows))


def test_an_override_of_a_missing_establishment_row_adds_it(tables):
    override(tables, "Budget cut", "Establishment", NCAIU, IA, "Posts", 3)
    override(tables, "Budget cut", "Budget", 2029, None, "Budget", 4_000_000)
    override(tables, "Budget cut", "Settings", "Whole posts", None, "Value", "No")
    cut = check_workbook(tables).scenarios[1]
    assert cut.overrides[1:] == (
        Override("Establishment", NCAIU, "Posts", 3.0, IA),
        Override("Budget", 2029, "Budget", 4_000_000.0, None),
        Override("Settings", "Whole posts", "Value", False, None),
    )


def test_an_override_of_an_unknown_scenario(tables):
    row = override(tables, "Budget cutt", "Units", MIT, None, "Min posts", 10)
    assert only_problem(tables) == (
        f"Scenarios!I{row}",
        'scenario "Budget cutt" is not in the Scenarios table. Did you mean "Budget cut"?',
    )


def test_an_override_must_name_an_input_table(tables):
    row = override(tables, "Budget cut", "Scenarios", "Baseline", None, "Run", "No")
    address, message = only_problem(tables)
    assert address == f"Scenarios!J{row}"
    assert message.startswith('Table in scenario "Budget cut" should be one of Settings, Units')


def test_an_override_cannot_change_a_key_column(tables):
    row = override(tables, "Budget cut", "Units", MIT, None, "Unit", "MIT")
    address, message = only_problem(tables)
    assert address == f"Scenarios!M{row}"
    assert message.startswith('"Unit" picks the row of Units (in Key 1); it cannot be changed')


def test_an_override_of_an_unknown_column_suggests_one(tables):
    row = override(tables, "Budget cut", "Units", MIT, None, "Max post", 10)
    address, message = only_problem(tables)
    assert address == f"Scenarios!M{row}"
    assert message.startswith('"Max post" is not a column of Units. Did you mean "Max posts"?')


def test_an_override_of_a_unit_that_does_not_exist(tables):
    row = override(tables, "Budget cut", "Units", "Nowhere", None, "Max posts", 10)
    assert only_problem(tables) == (
        f"Scenarios!K{row}",
        'unit "Nowhere" is not in the Units table; an override can only change what is '
        "listed there",
    )


def test_an_establishment_override_needs_a_role_in_key_2(tables):
    row = override(tables, "Budget cut", "Establishment", MIT, None, "Posts", 10)
    assert only_problem(tables) == (
        f"Scenarios!L{row}",
        'Key 2 in scenario "Budget cut" is blank; for Establishment it should be the role '
        "of the row to change",
    )


def test_a_units_override_must_leave_key_2_blank(tables):
    row = override(tables, "Budget cut", "Units", MIT, DC, "Min posts", 10)
    address, message = only_problem(tables)
    assert address == f"Scenarios!L{row}"
    assert "should be blank: a row of Units is picked by Key 1 alone" in message


def test_an_override_value_is_checked_as_the_cell_it_replaces(tables):
    row = override(tables, "Budget cut", "Demand", OCSA, None, "Annual growth %", 3)
    address, message = only_problem(tables)
    assert address == f"Scenarios!N{row}"
    assert message.startswith(
        f'Annual growth % for "{OCSA}" in scenario "Budget cut" is 3, that is 300%'
    )
    assert "Did you mean 3%?" in message


def test_an_override_of_a_setting_is_checked_as_that_setting(tables):
    row = override(tables, "Budget cut", "Settings", "Horizon (years)", None, "Value", "five")
    assert only_problem(tables) == (
        f"Scenarios!N{row}",
        'Horizon (years) in scenario "Budget cut" should be a whole number, not "five"',
    )


def test_an_override_moving_a_stream_checks_the_new_unit(tables):
    row = override(tables, "Budget cut", "Demand", OCSA, None, "Unit", "Nowhere")
    address, message = only_problem(tables)
    assert address == f"Scenarios!N{row}"
    assert message.startswith('unit "Nowhere" is not in the Units table')


def test_a_repeated_override_is_reported(tables):
    row = override(tables, "Budget cut", "Units", MIT, None, "Max posts", 60)
    address, message = only_problem(tables)
    assert address == f"Scenarios!I{row}"
    assert "is listed more than once (first at Scenarios!I4)" in message


# --- The model's own checks, pointed at cells ----------------------------------------------


def test_a_model_problem_caused_by_an_override_points_at_its_value(tables):
    row = override(tables, "Budget cut", "Units", MIT, None, "Min posts", 90)
    address, message = only_problem(tables)
    assert address == f"Scenarios!N{row}"
    assert (
        message == f'in scenario "Budget cut": Min posts (90) is above Max posts (70) for "{MIT}"'
    )


def test_fractional_posts_brought_in_by_an_override_point_at_its_value(tables):
    row = override(tables, "Budget cut", "Establishment", MIT, DC, "Posts", 2.5)
    address, message = only_problem(tables)
    assert address == f"Scenarios!N{row}"
    assert message.startswith('in scenario "Budget cut": Posts (2.5) is not a whole number')


# --- All at once ------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once_in_reading_order(tables):
    put(tables, "Units", 0, "Min posts", "forty")
    put(tables, "Establishment", 0, "Role", "Detective Constabel")
    put(tables, "Settings", 1, "Value", 0)
    del tables["Budget"]
    with pytest.raises(WorkbookInputError) as raised:
        check_workbook(tables)
    addresses = [p.address for p in raised.value.problems]
    assert addresses == ["Settings!B5", "Units!C4", "Establishment!B4", "Budget"]
    text = str(raised.value)
    assert text.startswith("4 problems in the workbook:\n- Settings!B5: Horizon (years) is 0")


def test_a_table_placed_elsewhere_reports_its_own_cells():
    tables = {n: raw_table(n, r) for n, r in VALID_ROWS.items()}
    moved = tables["Units"]
    tables["Units"] = RawTable("Units", "Units", 10, 3, moved.headers, moved.rows)
    put(tables, "Units", 2, "Max posts", -1)
    address, message = only_problem(tables)
    assert address == "Units!F13"
    assert message == f'Max posts for "{BORDER}" is -1; it cannot be negative'


def test_a_missing_column_does_not_hide_other_problems(tables):
    raw = tables["Units"]
    del raw.headers[1]
    for row in raw.rows:
        del row[1]
    put(tables, "Units", 0, "Min posts", -1)
    put(tables, "Establishment", 0, "Unit", "Nowhere")
    found = problems(tables)
    assert set(found) == {"Units!B3", "Units!B4", "Establishment!A4"}
    assert found["Units!B3"].startswith('the Units table has no "Branch" column')


def test_spaces_around_a_header_are_ignored(tables):
    tables["Units"].headers[2] = " Min posts  "
    check_workbook(tables)


def test_an_override_needs_a_value(tables):
    put(tables, "Overrides", 0, "Value", None)
    assert only_problem(tables) == (
        "Scenarios!N4",
        f'Max posts for "{MIT}" in scenario "Budget cut" is blank; it should be a number',
    )


# --- Whatever is typed, the answer is a list of problems, never a crash ---------------------

CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", " ", "Yes", "no", "forty", "5%", "40", MIT, DC, OCSA, "Units", "Posts"]),
    st.just(Unreadable("shows the Excel error #N/A")),
)
CELLS = st.sampled_from(
    [
        (t, r, c)
        for t, rows in VALID_ROWS.items()
        for r in range(len(rows))
        for c in range(len(rows[r]))
    ]
)


@settings(max_examples=150, deadline=None)
@given(changes=st.lists(st.tuples(CELLS, CELL_VALUES), min_size=1, max_size=4))
def test_any_cell_values_give_problems_or_inputs_never_a_crash(changes):
    tables = {name: raw_table(name, rows) for name, rows in VALID_ROWS.items()}
    for (table, row, column), value in changes:
        tables[table].rows[row][column] = value
    try:
        check_workbook(tables)
    except WorkbookInputError as error:
        assert error.problems
        assert all("!" in p.address or p.address in VALID_ROWS for p in error.problems)


def test_a_blank_key_asks_for_the_name_it_needs(tables):
    tables["Establishment"].rows.append([None, DC, 3])
    assert only_problem(tables) == (
        "Establishment!A8",
        f'Unit (role "{DC}") is blank; it should be a unit name',
    )


def test_a_part_of_a_name_suggests_the_whole_name(tables):
    row = override(tables, "Budget cut", "Skills", OCSA, "Analyst", "Efficiency", 0.5)
    address, message = only_problem(tables)
    assert address == f"Scenarios!L{row}"
    assert message.endswith(f'Did you mean "{IA}"?')


def test_a_negative_budget_is_shown_as_money(tables):
    put(tables, "Budget", 0, "Budget", -5)
    assert only_problem(tables) == ("Budget!B4", "Budget for 2027 is -£5; it cannot be negative")
