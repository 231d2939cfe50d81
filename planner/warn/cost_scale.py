"""A role's Annual cost or Productive hours far out of line: typed in £k, or per day.

An Annual cost of 54 (meant £54,000) makes a post almost free, and the plan
fills every unit with it; Productive hours of 7.5 (a day, not a year) makes a
post serve almost nothing.
"""

from __future__ import annotations

from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of, money, number

#: An annual cost below this share of the other roles' median is odd.
FAR_BELOW = 0.05
#: Productive hours a year below this are odd (a full-time year is about 1,500).
FEW_HOURS = 100


def costs_out_of_line(tables: dict[str, RawTable], checked: CheckedInputs) -> list[CellProblem]:
    roles = checked.inputs.roles
    out = []
    for _, row in roles.iterrows():
        role, cost = row["Role"], float(row["Annual cost"])
        others = roles.loc[roles["Role"] != role, "Annual cost"]
        median = float(others.median()) if len(others) else 0.0
        if 0 < cost < FAR_BELOW * median:
            meant = (
                f" If you meant {money(cost * 1000)}, type {cost * 1000:.0f}."
                if (cost * 1000 >= FAR_BELOW * median)
                else ""
            )
            out.append(
                CellProblem(
                    cell_of(tables["Roles"], {"Role": role}, "Annual cost"),
                    f'Annual cost for "{role}" is {money(cost)} a post a year, far below the '
                    f"other roles' (median {money(median)}), so the plan will treat its posts "
                    f"as almost free.{meant} Costs are in pounds a year.",
                )
            )
        hours = float(row["Productive hours"])
        if 0 < hours < FEW_HOURS:
            out.append(
                CellProblem(
                    cell_of(tables["Roles"], {"Role": role}, "Productive hours"),
                    f'Productive hours for "{role}" is {number(hours)}: these are hours a post '
                    "works in a year (about 1,500 full-time), so each post will serve almost "
                    "nothing in the plan. If this is hours a day or a week, type the year's.",
                )
            )
    return out
