"""The model's own consistency checks, run on the typed inputs and put back at their cells.

optimise.checks knows tables and keys, not cells; a finance officer needs
the cell. For a scenario's problem the cell is the override (or Scenarios
cell) that caused it, since that is what they would change.
"""

from __future__ import annotations

from optimise.checks import check_inputs, scenario_problems
from optimise.inputs import InputError, InputProblem, Scenario
from planner import contract as layout
from planner.check.cell_words import blank, show
from planner.check.input_check import CheckedInputs, InputCheck
from planner.check.names import fold as _fold
from planner.contract import YEAR
from planner.read.tables import quote_sheet


def add_model_problems(check: InputCheck, checked: CheckedInputs) -> None:
    """The model's consistency checks, on the inputs and on each scenario's inputs."""
    base = check_inputs(checked.inputs)
    for problem in base:
        check.add(locate(check, problem), with_key(problem))
    seen = set(base)
    for scenario in checked.scenarios:
        try:
            found = scenario_problems(checked.inputs, scenario, base)
        except InputError as error:
            found = error.problems
        for problem in found:
            if problem not in seen:
                where = locate(check, problem, scenario)
                check.add(where, f'in scenario "{scenario.name}": {with_key(problem)}')


def locate(check: InputCheck, problem: InputProblem, scenario: Scenario | None = None) -> str:
    """The cell an InputProblem is about; for a scenario, the override that caused it."""
    if scenario is not None:
        overriding = cause(check, problem, scenario)
        if overriding is not None:
            return overriding
    name = table_name(problem.table)
    table = layout.TABLES.get(name) if name else None
    if table is None or name not in check.rows:
        return quote_sheet(table.sheet) if table else problem.table
    wanted = tuple(_fold(k) for k in problem.key)
    column = problem.column if problem.column in check.found[name].headers else None
    for row in check.rows[name]:
        if wanted and tuple(_fold(row.values.get(k)) for k in table.keys) == wanted:
            return row.address(column)
    return check.found[name].cell(None, column)


def cause(check: InputCheck, problem: InputProblem, scenario: Scenario) -> str | None:
    """The Overrides Value cell, or Scenarios cell, behind a scenario's problem."""
    wanted = tuple(_fold(k) for k in problem.key)
    best = None
    for row in check.rows["Overrides"]:
        v = row.values
        if v["Scenario"] != scenario.name or v["Table"] != table_name(problem.table):
            continue
        key = (_fold(v["Key 1"]), _fold(v.get("Key 2")))[: len(wanted)]
        if key == wanted and v["Column"] == problem.column:
            return row.address("Value")
        if key == wanted and best is None:
            best = row.address("Value")
    if best is not None or table_name(problem.table) == "Overrides":
        return best
    column = SCENARIO_CAUSES.get(table_name(problem.table) or "", problem.column)
    for row in check.rows["Scenarios"]:
        if row.values["Scenario"] == scenario.name:
            return row.address(column if column in row.raw.headers else None)
    return None


#: Which Scenarios column changes each table, to point at when no override did.
SCENARIO_CAUSES = {
    "Budget": "Budget change %",
    "Demand": "Demand growth adjustment %",
    "Units": "Protected units",
}


def with_key(problem: InputProblem) -> str:
    """The model's message, naming its row if it does not already."""
    table = layout.TABLES.get(table_name(problem.table) or "")
    kinds = [table.column(k).kind for k in table.keys] if table else []
    shown = [
        k if isinstance(k, str) else show(k, kind)  # a coverage level as 50%, not 0.5
        for k, kind in zip(problem.key, kinds or [YEAR] * len(problem.key), strict=False)
        if k is not None and not blank(k)
    ]
    if all(s in problem.message for s in shown):
        return problem.message
    return f"{problem.message} ({problem.table} {' / '.join(shown)})"


def table_name(name: str) -> str | None:
    for table in layout.INPUT_TABLES:
        if table.name.casefold() == str(name).casefold():
            return table.name
    return None
