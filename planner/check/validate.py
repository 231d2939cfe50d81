"""Checking every input before anything is solved: each problem at its cell, all at once.

Finance staff edit the workbook and none of them reads Python, so a mistake must
come back as the cell it is in and what is wrong in their words
(`Units!C7: Min posts (40) is above Max posts (30) for "Major Investigation Teams"`),
and every mistake at once, so one round of fixes is enough.

What a cell may hold comes from planner.contract (kind, bounds, required,
refers_to): the contract lives there and these checks read it, so a new column
is checked by adding it to the layout. Consistency that only the model can see
(optimise.checks) runs on the typed tables once every cell is sound, for the
inputs and for each scenario's inputs, and is mapped back to cells.

This module runs the checks in order; what they share is in planner.check.input_check;
each kind of check has its own module: planner.check.cell_parse (one cell),
planner.check.headers_check (tables and headers), planner.check.settings_check,
planner.check.references (names other tables use), planner.check.overrides_check,
planner.check.typed_inputs (the typed tables) and planner.check.model_problems (the
model's checks, put back at their cells).
"""

from __future__ import annotations

import re
from dataclasses import replace

from planner import contract as layout
from planner.check.headers_check import lookup_table, missing_table
from planner.check.input_check import CellProblem, CheckedInputs, InputCheck, WorkbookInputError
from planner.check.model_problems import add_model_problems
from planner.check.overrides_check import OverrideCheck
from planner.check.references import References
from planner.check.settings_check import check_settings
from planner.check.typed_inputs import plan_inputs, scenarios
from planner.read.cells import column_number
from planner.read.tables import RawTable, quote_sheet

__all__ = ["CellProblem", "CheckedInputs", "InputCheck", "WorkbookInputError", "check_workbook"]


def check_workbook(tables: dict[str, RawTable]) -> CheckedInputs:
    """Every input table checked and typed; WorkbookInputError lists every problem."""
    check = InputCheck(tables)
    cell_checks(check)
    if check.problems:
        raise WorkbookInputError(_in_reading_order(check.problems))
    checked = CheckedInputs(plan_inputs(check), scenarios(check))
    add_model_problems(check, checked)
    if check.problems:
        raise WorkbookInputError(_in_reading_order(check.problems))
    return checked


def cell_checks(check: InputCheck) -> None:
    """Everything a finance officer could get wrong, cell by cell, table by table."""
    for table in layout.INPUT_TABLES:
        raw = lookup_table(check.tables, table.name)
        if raw is not None:  # a header's invisible spaces do not matter
            headers = ["" if h is None else str(h).strip() for h in raw.headers]
            raw = replace(raw, headers=headers)
        if raw is None:
            if not table.optional:  # an optional table left out has no rows
                check.add(quote_sheet(table.sheet), missing_table(table, check.tables))
            continue
        check.found[table.name] = raw
        if check.headers(raw, table):
            check.complete.add(table.name)
        check.rows[table.name] = check.parse(raw, table)
    check.settings = check_settings(check)
    for name in check.rows:
        check.duplicates(layout.TABLES[name])
    check.names = References(check)  # unlisted names, and names that look renamed
    check.names.report()
    check.not_empty()
    check.unit_limits()
    check.whole_posts()
    if "Overrides" in check.complete:
        for row in check.rows["Overrides"]:
            OverrideCheck(check, row).run()


# --- Problems in order ---------------------------------------------------------------------


def _in_reading_order(problems: list[CellProblem]) -> list[CellProblem]:
    """Sheet by sheet in workbook order, then top to bottom, left to right."""
    sheets = {quote_sheet(s): i for i, s in enumerate(layout.INPUT_SHEETS)}

    def key(problem: CellProblem) -> tuple:
        sheet, _, cell = problem.address.rpartition("!")
        if not sheet:
            sheet, cell = cell, ""
        match = re.match(r"([A-Z]+)(\d+)$", cell)
        row, column = (int(match[2]), column_number(match[1])) if match else (0, 0)
        return (sheets.get(sheet, len(sheets)), row, column)

    return sorted(problems, key=key)
