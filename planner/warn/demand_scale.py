"""A stream that alone needs more than twice the hours every post in the division works.

Annual cases x Hours per case is far beyond anything the division can serve
when a digit too many was typed (90,000 cases for 9,000, or hours per case in
minutes). The plan would pour posts into it and still leave most of it unmet.
"""

from __future__ import annotations

from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of

#: A stream needing more than this multiple of the division's hours is odd.
FAR_BEYOND = 2.0


def streams_beyond_the_division(
    tables: dict[str, RawTable], checked: CheckedInputs
) -> list[CellProblem]:
    inputs = checked.inputs
    hours = inputs.roles.set_index("Role")["Productive hours"]
    posts = inputs.establishment.groupby("Role")["Posts"].sum()
    capacity = float((posts * hours.reindex(posts.index).fillna(0)).sum())
    if capacity <= 0:
        return []
    out = []
    for _, row in inputs.demand.iterrows():
        needed = float(row["Annual cases"] * row["Hours per case"])
        if needed <= FAR_BEYOND * capacity:
            continue
        stream = row["Stream"]
        out.append(
            CellProblem(
                cell_of(tables["Demand"], {"Stream": stream}, "Annual cases"),
                f'"{stream}" alone needs {needed:,.0f} hours a year (Annual cases x Hours per '
                f"case), more than twice what every post in the division works today "
                f"({capacity:,.0f} hours). Check both for a digit too many, or hours per case typed in minutes. "
                "As it is, the plan will move posts toward it and still leave most of it unmet.",
            )
        )
    return out
