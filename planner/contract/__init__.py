"""The workbook contract (docs/workbook.md) as data.

One description of every table, its sheet, its columns and what each column
holds. The builder styles and validates cells from it, the reader checks
headers against it, the validator checks values against it, and the writers lay
out the output tables from it. Change the contract here, and only here.

By job: `kind` (what a cell may hold), `columns` (Column and Table), `settings`
(the Settings table and rows), `inputs` and `outputs` (the tables); this module
puts them together (every table by name, the sheets in workbook order).
"""

from __future__ import annotations

from planner.contract.columns import Column, Table
from planner.contract.input_tables import (
    BUDGET,
    DEMAND,
    ESTABLISHMENT,
    HARM_CURVE,
    INPUT_TABLES,
    OVERRIDES,
    ROLE_TYPES,
    ROLES,
    SCENARIOS,
    SKILLS,
    UNITS,
)
from planner.contract.kind import (
    ANY,
    CHOICE,
    LIST,
    MONEY,
    NAME,
    NUMBER,
    PERCENT,
    TEXT,
    WHOLE,
    YEAR,
    YES_NO,
    YESNO,
)
from planner.contract.output_tables import (
    COMPARISON,
    COVERAGE,
    DISRUPTION,
    FRONTIER,
    MOVES,
    OUTPUT_TABLES,
    PLANS,
    RISK,
    RUNLOG,
    SENSITIVITY,
    STUDY_TABLES,
)
from planner.contract.settings_rows import LATER_SETTINGS, PLAN_FOR, SETTING_ROWS, SETTINGS, SOLVERS

TABLES: dict[str, Table] = {t.name: t for t in INPUT_TABLES + OUTPUT_TABLES}

#: Sheets that hold the inputs, in workbook order. Workbooks made before
#: Overrides had its own sheet keep it beside Scenarios: tables are found by name.
INPUT_SHEETS = (
    "Settings",
    "Units",
    "Roles",
    "Establishment",
    "Demand",
    "Skills",
    "Budget",
    "Scenarios",
    "Overrides",
)
OUTPUT_SHEETS = tuple(dict.fromkeys(t.sheet for t in OUTPUT_TABLES))
STUDY_SHEETS = tuple(t.sheet for t in STUDY_TABLES)
#: The output sheets in workbook order: each study's sheet follows Comparison.
OUTPUT_SHEET_ORDER = (OUTPUT_SHEETS[0], *STUDY_SHEETS, *OUTPUT_SHEETS[1:])
START_SHEET = "Start"
SOURCES_SHEET = "Sources"
CONF_SHEET = "xlwings.conf"

__all__ = [
    "ANY",
    "BUDGET",
    "CHOICE",
    "COMPARISON",
    "CONF_SHEET",
    "COVERAGE",
    "DEMAND",
    "DISRUPTION",
    "ESTABLISHMENT",
    "FRONTIER",
    "HARM_CURVE",
    "INPUT_SHEETS",
    "INPUT_TABLES",
    "LATER_SETTINGS",
    "LIST",
    "MONEY",
    "MOVES",
    "NAME",
    "NUMBER",
    "OUTPUT_SHEETS",
    "OUTPUT_SHEET_ORDER",
    "OUTPUT_TABLES",
    "OVERRIDES",
    "PERCENT",
    "PLANS",
    "PLAN_FOR",
    "RISK",
    "ROLES",
    "ROLE_TYPES",
    "RUNLOG",
    "SCENARIOS",
    "SENSITIVITY",
    "SETTINGS",
    "SETTING_ROWS",
    "SKILLS",
    "SOLVERS",
    "SOURCES_SHEET",
    "START_SHEET",
    "STUDY_SHEETS",
    "STUDY_TABLES",
    "TABLES",
    "TEXT",
    "UNITS",
    "WHOLE",
    "YEAR",
    "YESNO",
    "YES_NO",
    "Column",
    "Table",
]
