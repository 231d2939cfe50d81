"""Shared fixtures: a small, valid set of input tables as a workbook reader gives them."""

from __future__ import annotations

import copy

import pytest

from planner import contract as layout
from planner.read.tables import RawTable

MIT = "Major Investigation Teams"
NCAIU = "National Child Abuse Investigation Unit"
BORDER = "Border Policing"
DC = "Detective Constable"
IA = "Intelligence Analyst"
HOMICIDE = "Homicide investigations"
OCSA = "OCSA investigations"

#: Every input table's body rows, valid together. Tables sit with their header on
#: sheet row 3, from column A (Overrides from column I of the Scenarios sheet, as in
#: workbooks made before Overrides had a sheet of its own; HarmCurve from column E of
#: the Settings sheet), so Units body row 0 is Units!A4 and its Min posts cell Units!C4.
VALID_ROWS: dict[str, list[list]] = {
    "Settings": [
        ["Plan start year", 2027, "The first year of the plan."],
        ["Horizon (years)", 3, None],
        ["Whole posts", "Yes", None],
        ["Solver", "HiGHS", None],
        ["Time limit (s)", 60, None],
        ["MIP gap", 0, None],
    ],
    "Units": [
        [MIT, "Major Crime", 30, 80, 0.1, "No"],
        [NCAIU, "Public Protection", None, None, 0.15, "No"],
        [BORDER, "Organised Crime", None, None, None, "Yes"],
    ],
    "Roles": [
        [DC, "Officer", 54000, 1456, 20, 0.07],
        [IA, "Staff", 42000, 1500, None, None],
    ],
    "Establishment": [[MIT, DC, 40], [MIT, IA, 5], [NCAIU, DC, 30], [BORDER, DC, 10]],
    "Demand": [
        [HOMICIDE, MIT, 60, 900, 100, 0.0],
        [OCSA, NCAIU, 1640, 100, 100, 0.02],
    ],
    "Skills": [[HOMICIDE, DC, 1], [HOMICIDE, IA, 0.5], [OCSA, DC, 1]],
    "Budget": [[2027, 5_000_000], [2028, 5_100_000]],
    "Scenarios": [
        ["Baseline", "Today's limits", 0, 0, None, "Yes"],
        ["Budget cut", "5% less money", -0.05, 0, BORDER, "No"],
    ],
    "Overrides": [["Budget cut", "Units", MIT, None, "Max posts", 70]],
}


def raw_table(name: str, rows: list[list], headers: list[str] | None = None) -> RawTable:
    """A table as a reader gives it, placed as VALID_ROWS describes."""
    table = layout.TABLES[name]
    sheet, left = ("Scenarios", 9) if name == "Overrides" else (table.sheet, 1)
    left = 5 if name == "HarmCurve" else left
    return RawTable(name, sheet, 3, left, list(headers or table.headers), copy.deepcopy(rows))


@pytest.fixture
def tables() -> dict[str, RawTable]:
    """A fresh, valid set of every input table, for a test to break one cell of."""
    return {name: raw_table(name, rows) for name, rows in VALID_ROWS.items()}
