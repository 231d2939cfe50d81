"""A role that works no stream: its posts cost money and serve nothing in the plan."""

from __future__ import annotations

from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of, number


def roles_nobody_uses(tables: dict[str, RawTable], checked: CheckedInputs) -> list[CellProblem]:
    inputs = checked.inputs
    skills = inputs.skills
    working = set(skills.loc[skills["Efficiency"] > 0, "Role"])
    posts = inputs.establishment.groupby("Role")["Posts"].sum()
    out = []
    for role in inputs.roles["Role"]:
        if role in working:
            continue
        today = float(posts.get(role, 0.0))
        held = (
            f"its {number(today)} posts today do no work in the plan, which will cut them "
            "where the limits allow (Min posts, Max change %, attrition) and never add any"
            if today > 0
            else "it has no posts today and the plan will never add any"
        )
        out.append(
            CellProblem(
                cell_of(tables["Roles"], {"Role": role}, "Role"),
                f'"{role}" works no stream: it has no rows in the Skills table (or only rows '
                f"of efficiency 0), so {held}. Add Skills rows for the streams it works, or "
                "leave it out if it is not part of the plan.",
            )
        )
    return out
