"""Inputs that are legal but odd: warnings, each at its cell, that never stop a run.

A problem (planner.check.validate) stops the run and nothing is written. A warning
is for input the model can use but that is probably not what the user meant
(a budget far below today's pay bill, a unit with posts and no work, a row
typed just below a table): the run goes ahead, and the warning is shown
beside the results, at its cell, with what the plan will do about it.

Each check is a function of the raw tables and the checked inputs that
returns CellProblems; add a new one to `CHECKS`. Checks live in modules of
their own (one job each) and are listed here, so every route (command line,
buttons, server) shows the same warnings.
"""

from __future__ import annotations

from collections.abc import Callable

from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.budget_scale import budgets_far_from_pay_bill
from planner.warn.certain_futures import uncertain_demand_without_ranges
from planner.warn.cost_scale import costs_out_of_line
from planner.warn.demand_scale import streams_beyond_the_division
from planner.warn.idle_roles import roles_nobody_uses
from planner.warn.idle_units import units_without_work
from planner.warn.outside_tables import typed_outside_tables
from planner.warn.people_turnover import people_input_warnings
from planner.warn.percent_typos import percentages_of_100_or_more
from planner.warn.robust_whole_posts import uncertain_demand_in_whole_posts
from planner.warn.serves_check import serves_unknown_branch
from planner.warn.unworked_streams import streams_nobody_works

WarningCheck = Callable[[dict[str, RawTable], CheckedInputs], list[CellProblem]]

#: Every warning check, in the order their warnings are listed.
CHECKS: list[WarningCheck] = [
    # Data typed just outside a table (issue 14).
    typed_outside_tables,
    # Inputs the model cannot use (issue 15).
    units_without_work,
    streams_nobody_works,
    roles_nobody_uses,
    # Plausible typos (issue 15).
    budgets_far_from_pay_bill,
    percentages_of_100_or_more,
    costs_out_of_line,
    streams_beyond_the_division,
    # A Serves branch no unit belongs to (issue 10).
    serves_unknown_branch,
    # Plan for = Uncertain demand with no demand range (issue 13).
    uncertain_demand_without_ranges,
    # Plan for = Uncertain demand in whole posts: minutes a scenario (issue 11).
    uncertain_demand_in_whole_posts,
    # Turnover % of 0, and a first year that must shed more than turnover frees (issue 22).
    people_input_warnings,
]


def input_warnings(tables: dict[str, RawTable], checked: CheckedInputs) -> list[CellProblem]:
    """Every warning about inputs that passed validation, each once, in check order."""
    seen: set[CellProblem] = set()
    out: list[CellProblem] = []
    for check in CHECKS:
        for warning in check(tables, checked):
            if warning not in seen:
                seen.add(warning)
                out.append(warning)
    return out
