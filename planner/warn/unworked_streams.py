"""A stream no role can work: no Skills rows, so none of its hours is ever served."""

from __future__ import annotations

from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of


def streams_nobody_works(tables: dict[str, RawTable], checked: CheckedInputs) -> list[CellProblem]:
    skills = checked.inputs.skills
    worked = set(skills.loc[skills["Efficiency"] > 0, "Stream"])
    out = []
    for _, row in checked.inputs.demand.iterrows():
        stream = row["Stream"]
        if stream in worked:
            continue
        hours = row["Annual cases"] * row["Hours per case"]
        if hours <= 0:
            continue
        out.append(
            CellProblem(
                cell_of(tables["Demand"], {"Stream": stream}, "Stream"),
                f'no role can work "{stream}": it has no rows in the Skills table (or only '
                f"rows of efficiency 0), so none of its {hours:,.0f} hours a year is served in "
                "any plan and all its harm counts as unmet, whatever the plan does. Add Skills "
                "rows (Stream, Role, Efficiency) for the roles that work it.",
            )
        )
    return out
