"""A renamed unit, role, stream or scenario is named as a rename, at its key table's cell.

Renaming "Internet Investigations Unit" in Units used to give 7 problems, none
at the renamed cell, each suggesting another unit: following it would have
merged posts into that unit. Now the Units cell says it looks renamed and lists
every cell still using the old name, and no "Did you mean" points elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.adapters.file.file_reader import FileWorkbook
from planner.check.references import cell_list
from tests.conftest import BORDER, HOMICIDE, IA, MIT
from tests.unit.test_validate import problems, put

WORKBOOK = Path(__file__).resolve().parents[2] / "workbook" / "Planner.xlsm"
IIU = "Internet Investigations Unit"


def test_the_issues_renamed_unit_is_named_at_its_units_cell():
    tables = FileWorkbook(WORKBOOK).read_tables()
    units = tables["Units"]
    row = [r[0] for r in units.rows].index(IIU)
    units.rows[row][0] = "Online Child Abuse Activity Unit"
    found = problems(tables)
    still_used = [
        tables[t].cell(i, c)
        for t, c in (("Establishment", "Unit"), ("Demand", "Unit"))
        for i, r in enumerate(tables[t].rows)
        if r[tables[t].headers.index(c)] == IIU
    ] + [
        tables["Overrides"].cell(i, "Key 1")
        for i, r in enumerate(tables["Overrides"].rows)
        if r[tables["Overrides"].headers.index("Key 1")] == IIU
    ]
    assert len(still_used) == 8
    assert found[units.cell(row, "Unit")] == (
        f'"Online Child Abuse Activity Unit" looks like the unit "{IIU}" renamed: no other '
        f"table uses this name, and the old one is still used in 8 cells "
        f"({cell_list(still_used)}). Type the new name in those cells too, or put the old "
        "name back here. (Choosing another unit there instead would merge the two.)"
    )
    for address in still_used:
        assert 'it looks renamed to "Online Child Abuse Activity Unit"' in found[address]
    assert not any("Did you mean" in m for m in found.values())
    assert set(found) == {units.cell(row, "Unit"), *still_used}


def test_a_renamed_role_is_named_at_its_roles_cell(tables):
    put(tables, "Roles", 1, "Role", "Analyst")
    found = problems(tables)
    assert found["Roles!A5"].startswith(f'"Analyst" looks like the role "{IA}" renamed')
    assert "2 cells (Establishment!B5, Skills!B5)" in found["Roles!A5"]
    assert 'it looks renamed to "Analyst" (Roles!A5)' in found["Establishment!B5"]
    assert 'it looks renamed to "Analyst" (Roles!A5)' in found["Skills!B5"]


def test_a_renamed_stream_is_named_at_its_demand_cell(tables):
    put(tables, "Demand", 0, "Stream", "Murder investigations")
    found = problems(tables)
    assert found["Demand!A4"].startswith(
        f'"Murder investigations" looks like the stream "{HOMICIDE}" renamed'
    )
    assert "(Skills!A4, A5)" in found["Demand!A4"]


def test_a_renamed_scenario_is_named_at_its_scenarios_cell(tables):
    put(tables, "Scenarios", 1, "Scenario", "Budget cut 10%")
    found = problems(tables)
    assert found["Scenarios!A5"].startswith('"Budget cut 10%" looks like the scenario "Budget cut"')
    assert "1 cell (Scenarios!I4)" in found["Scenarios!A5"]
    assert 'renamed to "Budget cut 10%"' in found["Scenarios!I4"]


def test_a_typo_in_one_cell_still_gets_did_you_mean(tables):
    put(tables, "Units", 2, "Unit", "Border Policing Command")  # a new name nothing uses...
    put(tables, "Establishment", 3, "Unit", "Border Policing Command")  # ...used, so not orphan
    put(tables, "Scenarios", 1, "Protected units", "Border Policing Command")
    put(tables, "Establishment", 1, "Unit", "Major Investigation Team")
    found = problems(tables)
    assert found == {
        "Establishment!A5": 'unit "Major Investigation Team" (role "Intelligence Analyst") is '
        f'not in the Units table. Did you mean "{MIT}"?'
    }


def test_a_name_in_other_capitals_is_suggested_wherever_it_is_used(tables):
    put(tables, "Establishment", 0, "Unit", MIT.upper())
    put(tables, "Establishment", 1, "Unit", MIT.upper())
    found = problems(tables)
    assert set(found) == {"Establishment!A4", "Establishment!A5"}
    assert all(m.endswith(f'Did you mean "{MIT}"? Capitals matter here') for m in found.values())


def test_a_suggestion_that_would_merge_two_rows_is_not_offered(tables):
    put(tables, "Establishment", 1, "Role", "Detective Constabel")  # MIT already has a DC row
    found = problems(tables)
    message = found["Establishment!B5"]
    assert "Did you mean" not in message
    assert 'a row for "Detective Constable" is already at Establishment!B4' in message


def test_a_removed_unit_is_not_called_a_rename(tables):
    tables["Units"].rows.pop(2)  # Border Policing gone, nothing new
    found = problems(tables)
    assert found["Establishment!A7"] == (
        f'unit "{BORDER}" (role "Detective Constable") is not in the Units table. It is used '
        "in 2 cells (Establishment!A7, Scenarios!E5), so it looks removed from the Units table "
        "rather than mistyped: add it back there, or change those cells to the unit they "
        "belong to now"
    )
    assert not any("renamed" in m for m in found.values())


def test_a_removed_unit_used_in_many_cells_gets_no_did_you_mean():
    """The issue's unit deleted outright: "Did you mean" another unit would merge them."""
    tables = FileWorkbook(WORKBOOK).read_tables()
    units = tables["Units"]
    units.rows.pop([r[0] for r in units.rows].index(IIU))
    found = problems(tables)
    assert len(found) == 8
    assert not any("Did you mean" in m for m in found.values())
    assert all("It is used in 8 cells" in m for m in found.values())


@pytest.mark.parametrize(
    ("cells", "shown"),
    [
        (["Units!A1"], "Units!A1"),
        (["E!A1", "E!A2", "D!B7"], "E!A1, A2, D!B7"),
        ([f"E!A{i}" for i in range(1, 13)], "E!A1, A2, A3, A4, A5, A6, A7, A8, A9, A10 and 2 more"),
    ],
)
def test_cells_are_listed_as_a_person_reads_them(cells, shown):
    assert cell_list(cells) == shown
