"""Plan for = Uncertain demand in whole posts: legal, but minutes a scenario.

A robust plan's stage 1 holds every future's hours at once (Robust samples
times the expected-demand model), and in whole posts it is a mixed-integer
program of that size: on the default workbook about two minutes a scenario,
stopped at the time limit with its best plan rather than proven. The same
question in FTE takes seconds. Whole posts is the template's default, so a
planner who turns on Uncertain demand is told before the wait, not after.
"""

from __future__ import annotations

from optimise.robust import for_uncertain_demand
from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of


def uncertain_demand_in_whole_posts(
    tables: dict[str, RawTable], checked: CheckedInputs
) -> list[CellProblem]:
    settings = checked.inputs.settings
    if not (settings.whole_posts and for_uncertain_demand(settings)):
        return []
    return [
        CellProblem(
            cell_of(tables["Settings"], {"Setting": "Whole posts"}, "Value"),
            "Whole posts is Yes and Plan for is Uncertain demand: each scenario is then one "
            f"whole-post plan for {settings.robust_samples} futures of demand at once, which can "
            "take minutes a scenario and may stop at the Time limit with the best plan found "
            "rather than a proven one. Set Whole posts to No for a plan for uncertain demand in "
            "seconds (in FTE).",
        )
    ]
