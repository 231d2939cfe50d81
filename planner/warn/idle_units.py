"""A unit with posts but no work in Demand: the plan sees nothing lost by cutting it."""

from __future__ import annotations

from planner.check.references import cell_list
from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of, cells_of, number


def units_without_work(tables: dict[str, RawTable], checked: CheckedInputs) -> list[CellProblem]:
    inputs = checked.inputs
    posts = inputs.establishment.groupby("Unit")["Posts"].sum()
    worked = set(inputs.demand["Unit"])
    out = []
    for unit in inputs.units["Unit"]:
        today = float(posts.get(unit, 0.0))
        if unit in worked or today <= 0:
            continue
        where = cells_of(tables["Establishment"], {"Unit": unit}, "Posts")
        out.append(
            CellProblem(
                cell_of(tables["Units"], {"Unit": unit}, "Unit"),
                f'"{unit}" has {number(today)} posts today ({cell_list(where)}) but no work in '
                "the Demand table, so the plan sees no harm in cutting it: it will move its "
                "posts to other units as fast as its limits allow (Max change %, Min posts, "
                "Ring-fenced) and may name it among the limits that hold the plan back. Add "
                "its streams to Demand, or set Min posts or Ring-fenced to keep its posts.",
            )
        )
    return out
