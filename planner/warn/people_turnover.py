"""Warnings about the people inputs (docs/rules.md rules 12 to 16), at their cells.

optimise.people finds them: a Turnover % of 0 (no post of the role may ever be
left unfilled, where blank was likely meant), and a scenario whose first-year
budget is further below today's pay bill than the people who leave in a year
free. Neither stops a run; the second usually means the scenario will be
reported infeasible, with the way out in the diagnosis.
"""

from __future__ import annotations

from optimise.inputs import InputError, InputProblem
from optimise.people import people_warnings
from optimise.scenario import apply_scenario
from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of


def people_input_warnings(tables: dict[str, RawTable], checked: CheckedInputs) -> list[CellProblem]:
    """optimise.people's warnings for the inputs, then each scenario's own, at their cells."""
    base = people_warnings(checked.inputs)
    found = [_at_cell(tables, p) for p in base]
    seen = set(base)
    for scenario in checked.scenarios:
        try:
            inputs = apply_scenario(checked.inputs, scenario)
        except InputError:
            continue  # a bad override is a problem, reported by the checks
        for problem in people_warnings(inputs, scenario):
            if problem in seen:
                continue
            seen.add(problem)
            found.append(_at_cell(tables, problem, f'in scenario "{scenario.name}": '))
    return [p for p in found if p is not None]


def _at_cell(
    tables: dict[str, RawTable], problem: InputProblem, prefix: str = ""
) -> CellProblem | None:
    raw = next(
        (t for name, t in tables.items() if name.casefold() == problem.table.casefold()), None
    )
    if raw is None or problem.column not in raw.headers:
        return None
    keys = {"Roles": ("Role",), "Scenarios": ("Scenario",)}.get(problem.table, ())
    key = dict(zip(keys, problem.key, strict=False))
    return CellProblem(cell_of(raw, key, problem.column), prefix + problem.message)
