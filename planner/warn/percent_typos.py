"""A percentage of 100% or more where that is rarely meant: 1 typed for 1%.

Excel takes 1 in a percentage cell as 100%. For Max attrition % that lets
every post of a role go in one year, and the plan changes quietly. Where
100% is a normal value (Efficiency) nothing is said.
"""

from __future__ import annotations

import math

import pandas as pd

from planner import contract as layout
from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of

#: Percent columns where 100% is an ordinary value.
FULL_IS_NORMAL = frozenset({"Efficiency", "Min coverage %"})

#: What 100% or more means, by column, for the message.
MEANS = {
    "Max attrition %": "every post of the role may leave in one year",
    "Max change %": "the unit may lose or double its posts in one year",
    "Annual growth %": "the work doubles every year",
    "Budget change %": "the budget doubles",
    "Demand growth adjustment %": "all growth rates rise by 100 points",
}


def percentages_of_100_or_more(
    tables: dict[str, RawTable], checked: CheckedInputs
) -> list[CellProblem]:
    inputs = checked.inputs
    frames = {
        "Units": inputs.units,
        "Roles": inputs.roles,
        "Demand": inputs.demand,
        "Scenarios": _scenarios(checked),
    }
    out = []
    for name, frame in frames.items():
        table = layout.TABLES[name]
        key = table.keys[0]
        for column in table.columns:
            if column.kind != layout.PERCENT or column.name in FULL_IS_NORMAL:
                continue
            if column.name not in frame.columns:
                continue
            for _, row in frame.iterrows():
                value = row[column.name]
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    continue
                if abs(value) >= 1:
                    where = cell_of(tables[name], {key: row[key]}, column.name)
                    out.append(CellProblem(where, _message(column.name, row[key], value)))
    return out


def _message(column: str, name: str, value: float) -> str:
    shown = f"{value * 100:,.10g}%"
    means = MEANS.get(column, "a change of that size in one year")
    return (
        f'{column} for "{name}" is {shown} (typed as {value:,.10g}): {means}. If you meant '
        f"{value:,.10g}%, type {value:,.10g}% or {value / 100:.10g}; if {shown} is right, "
        "leave it."
    )


def _scenarios(checked: CheckedInputs) -> pd.DataFrame:
    """The Scenarios table's percentages as a frame, like the other tables'."""
    return pd.DataFrame(
        {
            "Scenario": [s.name for s in checked.scenarios],
            "Budget change %": [s.budget_change for s in checked.scenarios],
            "Demand growth adjustment %": [s.demand_growth_adjustment for s in checked.scenarios],
        }
    )
