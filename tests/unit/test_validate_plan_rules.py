"""The inputs of service floors, the harm curve and supervision, checked at their cells.

Roles' Supervised by and Span of control, Demand's Growth low %, Growth high %,
Min coverage % and Serves, and the HarmCurve table came after the first
version: a workbook without them reads them as blank (docs/workbook.md), and a
mistake in them is reported at its cell like any other.
"""

from __future__ import annotations

import math

import pytest

from planner import contract as layout
from planner.check.validate import WorkbookInputError, check_workbook
from planner.read.tables import RawTable
from planner.warn.input_warnings import input_warnings
from tests.conftest import DC, HOMICIDE, IA, OCSA, VALID_ROWS, raw_table

OLD_ROLES = layout.ROLES.headers[:6]
OLD_DEMAND = layout.DEMAND.headers[:6]


def problems(tables: dict[str, RawTable]) -> dict[str, str]:
    with pytest.raises(WorkbookInputError) as raised:
        check_workbook(tables)
    return {p.address: p.message for p in raised.value.problems}


def curve(rows: list[list]) -> RawTable:
    """A HarmCurve table beside Settings: its header on E3, so its first row is E4:F4."""
    return RawTable("HarmCurve", "Settings", 3, 5, list(layout.HARM_CURVE.headers), rows)


@pytest.fixture
def full(tables: dict[str, RawTable]) -> dict[str, RawTable]:
    """The valid tables with every new column and a harm curve, as `planner build` makes them.

    Roles: DC is supervised by nobody here; Demand rows get a floor and a Serves.
    """
    pad = {"Roles": len(layout.ROLES.headers), "Demand": len(layout.DEMAND.headers)}
    for name, width in pad.items():
        for row in tables[name].rows:
            row.extend([None] * (width - len(row)))
    roles, demand = tables["Roles"], tables["Demand"]
    roles.rows[1][6:8] = [DC, 5]  # an analyst supervised by a detective constable, 5 each
    demand.rows[0][6:10] = [-0.02, 0.03, 0.9, None]
    demand.rows[1][6:10] = [None, None, 0.5, "Public Protection"]
    tables["HarmCurve"] = curve([[0.8, 1.5], [0.5, 4]])
    return tables


def cell(tables: dict[str, RawTable], table: str, row: int, column: str, value: object) -> str:
    """Put `value` in a cell; return that cell's address."""
    raw = tables[table]
    raw.rows[row][raw.headers.index(column)] = value
    return raw.cell(row, column)


# --- Read, with and without the new inputs ---------------------------------------------


def test_the_new_columns_and_the_curve_reach_the_model(full):
    inputs = check_workbook(full).inputs
    assert inputs.roles["Supervised by"].isna().tolist() == [True, False]
    assert inputs.roles.loc[1, "Supervised by"] == DC
    assert math.isnan(inputs.roles.loc[0, "Span of control"])
    assert inputs.roles.loc[1, "Span of control"] == 5
    assert inputs.demand["Min coverage %"].tolist() == [0.9, 0.5]
    assert inputs.demand["Growth low %"].iloc[0] == -0.02
    assert inputs.demand["Serves"].isna().tolist() == [True, False]
    assert inputs.demand.loc[1, "Serves"] == "Public Protection"
    assert inputs.harm_curve.to_dict("list") == {
        "Coverage below": [0.8, 0.5],
        "Harm multiplier": [1.5, 4.0],
    }


def test_a_workbook_from_before_the_new_inputs_reads_them_as_blank():
    old = {name: raw_table(name, rows) for name, rows in VALID_ROWS.items()}
    old["Roles"] = raw_table("Roles", VALID_ROWS["Roles"], OLD_ROLES)
    old["Demand"] = raw_table("Demand", VALID_ROWS["Demand"], OLD_DEMAND)
    assert "HarmCurve" not in old
    inputs = check_workbook(old).inputs
    assert list(inputs.roles.columns) == layout.ROLES.headers
    assert list(inputs.demand.columns) == layout.DEMAND.headers
    assert inputs.roles["Supervised by"].isna().all()
    assert inputs.demand[["Growth low %", "Growth high %", "Min coverage %"]].isna().all().all()
    assert inputs.demand["Serves"].isna().all()
    assert inputs.harm_curve.empty
    assert list(inputs.harm_curve.columns) == layout.HARM_CURVE.headers


def test_some_new_columns_without_the_others_are_fine(tables):
    headers = [*OLD_DEMAND, "Min coverage %"]
    rows = [[*row, 0.5] for row in VALID_ROWS["Demand"]]
    tables["Demand"] = raw_table("Demand", rows, headers)
    inputs = check_workbook(tables).inputs
    assert inputs.demand["Min coverage %"].tolist() == [0.5, 0.5]
    assert inputs.demand["Growth low %"].isna().all()


def test_an_empty_harm_curve_is_no_curve(full):
    full["HarmCurve"] = curve([])
    assert check_workbook(full).inputs.harm_curve.empty


def test_a_new_column_out_of_place_is_reported_at_its_header(tables):
    headers = [*OLD_DEMAND[:5], "Min coverage %", OLD_DEMAND[5]]
    rows = [[*row[:5], 0.5, row[5]] for row in VALID_ROWS["Demand"]]
    tables["Demand"] = raw_table("Demand", rows, headers)
    found = problems(tables)
    assert found == {
        "Demand!F3": 'the columns of Demand are out of order: "Annual growth %" should be '
        'here, not "Min coverage %". The order must be: Stream, Unit, Annual cases, Hours per '
        "case, Harm weight, Annual growth %, and if used, Growth low %, Growth high %, "
        "Min coverage %, Serves"
    }


# --- The harm curve, cell by cell ------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("Harm multiplier", "high", 'Harm multiplier for 80% should be a number, not "high"'),
        ("Harm multiplier", 0.5, "Harm multiplier for 80% is 0.5; it must be at least 1"),
        ("Coverage below", 0, "Coverage below is 0%; it must be above 0% and at most 100%"),
        ("Coverage below", None, "Coverage below is blank; it should be a percentage such as 5%"),
    ],
)
def test_a_bad_harm_curve_value_is_reported_at_its_cell(full, column, value, words):
    where = cell(full, "HarmCurve", 0, column, value)
    assert where == ("Settings!F4" if column == "Harm multiplier" else "Settings!E4")
    assert problems(full) == {where: words}


def test_a_coverage_level_typed_as_a_whole_number_gets_the_percent_hint(full):
    where = cell(full, "HarmCurve", 1, "Coverage below", 50)
    assert where == "Settings!E5"
    assert "Did you mean 50%?" in problems(full)[where]


def test_a_repeated_coverage_level_is_reported_at_the_repeat(full):
    where = cell(full, "HarmCurve", 1, "Coverage below", 0.8)
    message = problems(full)[where]
    assert where == "Settings!E5"
    assert "listed more than once in HarmCurve (first at Settings!E4)" in message


def test_a_multiplier_that_falls_as_coverage_falls_is_reported_at_its_cell(full):
    where = cell(full, "HarmCurve", 1, "Harm multiplier", 1.2)  # below 50%: 1.2 < 1.5
    found = problems(full)
    assert list(found) == [where] and where == "Settings!F5"
    assert "1.2" in found[where] and "1.5" in found[where]


def test_a_coverage_level_of_100_percent_is_refused(full):
    where = cell(full, "HarmCurve", 0, "Coverage below", 1)
    assert list(problems(full)) == [where]


# --- Supervision ----------------------------------------------------------------------


def test_an_unknown_supervising_role_is_reported_at_its_cell(full):
    where = cell(full, "Roles", 1, "Supervised by", "Detective Constabel")
    assert problems(full) == {
        where: f'Supervised by for "{IA}" names "Detective Constabel", which is not in the '
        f'Roles table. Did you mean "{DC}"?'
    }
    assert where == "Roles!G5"


def test_a_role_supervised_by_itself_is_reported_at_its_cell(full):
    where = cell(full, "Roles", 1, "Supervised by", IA)
    found = problems(full)
    assert list(found) == [where]
    assert IA in found[where]


def test_supervision_in_a_circle_is_reported(full):
    cell(full, "Roles", 0, "Supervised by", IA)
    cell(full, "Roles", 0, "Span of control", 4)
    found = problems(full)
    assert set(found) <= {"Roles!G4", "Roles!G5"} and found


@pytest.mark.parametrize("span", [0, -3])
def test_a_span_of_control_must_be_above_zero(full, span):
    where = cell(full, "Roles", 1, "Span of control", span)
    assert problems(full) == {where: f'Span of control for "{IA}" is {span}; it must be above 0'}


def test_a_span_without_a_supervisor_is_reported_at_the_span(full):
    where = cell(full, "Roles", 0, "Span of control", 6)
    assert list(problems(full)) == [where]


# --- Demand: floors, growth bands, Serves ---------------------------------------------


def test_a_floor_above_100_percent_is_reported_at_its_cell(full):
    where = cell(full, "Demand", 0, "Min coverage %", 1.2)
    message = problems(full)[where]
    assert where == "Demand!I4"
    assert message.startswith(f'Min coverage % for "{HOMICIDE}" is 1.2, that is 120%')


def test_text_in_a_growth_band_is_reported_at_its_cell(full):
    where = cell(full, "Demand", 1, "Growth high %", "lots")
    assert problems(full) == {
        where: f'Growth high % for "{OCSA}" should be a percentage such as 5%, not "lots"'
    }


def test_a_low_growth_above_the_annual_growth_is_reported(full):
    where = cell(full, "Demand", 0, "Growth low %", 0.05)  # Annual growth % is 0%
    assert list(problems(full)) == [where]


def test_a_floor_set_by_an_override_is_checked_as_the_cell_it_replaces(full):
    full["Overrides"].rows.append(["Budget cut", "Demand", OCSA, None, "Min coverage %", 3])
    found = problems(full)
    assert list(found) == ["Scenarios!N5"]
    assert "Did you mean 3%?" in found["Scenarios!N5"]


def test_a_serves_naming_no_branch_is_a_warning_at_its_cell(full):
    where = cell(full, "Demand", 1, "Serves", "Public protection")
    checked = check_workbook(full)
    warnings = {w.address: w.message for w in input_warnings(full, checked)}
    assert where == "Demand!J5"
    assert 'Did you mean "Public Protection"?' in warnings[where]


def test_a_serves_naming_a_branch_is_no_warning(full):
    checked = check_workbook(full)
    assert all(w.address != "Demand!J5" for w in input_warnings(full, checked))


def test_rows_shorter_than_their_headers_give_no_serves_warning(tables):
    """A reader may give a row without its last, blank cells: they read as blank."""
    assert len(tables["Demand"].rows[0]) < len(tables["Demand"].headers)
    warnings = input_warnings(tables, check_workbook(tables))
    assert not [w for w in warnings if "Serves" in w.message]
