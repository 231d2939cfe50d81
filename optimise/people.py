"""Warnings (not errors) about v3's people inputs (docs/rules.md rules 12 to 16).

Inputs the model can plan with but that are probably not what the planner
meant. Each is an InputProblem located at its cell, for the workbook layer to
show beside the results; none stops a run.
"""

from __future__ import annotations

import numpy as np

from optimise.data import budget_by_year
from optimise.inputs import InputProblem, PlanInputs, Scenario, with_optional_columns
from optimise.words import money, percent


def people_warnings(inputs: PlanInputs, scenario: Scenario | None = None) -> list[InputProblem]:
    """A Turnover % of 0 (blank was likely meant), and a first year that must shed more
    pay than turnover lets go."""
    inputs = with_optional_columns(inputs)
    found = []
    roles = inputs.roles
    for role, share in zip(roles["Role"], roles["Turnover %"], strict=True):
        if share == 0:
            found.append(
                InputProblem(
                    "Roles",
                    (role,),
                    "Turnover %",
                    f"Turnover % of {role} is 0%: no post of it may be left unfilled in any "
                    "unit, so every cut must move to another unit. Leave it blank if turnover "
                    "should not limit the plan.",
                )
            )
    if scenario is not None:
        found += _first_year_shedding(inputs, scenario)
    return found


def _first_year_shedding(inputs: PlanInputs, scenario: Scenario) -> list[InputProblem]:
    """The first year's budget is further below today's pay bill than its leavers free."""
    posts = inputs.baseline_posts().groupby(level="Role").sum()
    roles = inputs.roles.set_index("Role")
    held = posts.reindex(roles.index, fill_value=0.0)
    if (held[roles["Turnover %"].isna()] > 0).any():
        return []  # a role with no turnover can shed any number of posts
    pay = roles["Annual cost"] * (1 - roles["Vacancy %"].fillna(0.0))
    bill = float((held * pay).sum())
    budget = float(budget_by_year(inputs)[0]) * (1 + scenario.budget_change)
    freed = float((held * pay * roles["Turnover %"]).sum())
    if bill - budget <= freed + 1e-6 * max(bill, 1.0) or not np.isfinite(budget):
        return []
    year = inputs.settings.years[0]
    share = freed / bill if bill > 0 else 0.0
    return [
        InputProblem(
            "Scenarios",
            (scenario.name,),
            "Budget change %",
            f"the {year} budget ({money(budget)}) is {money(bill - budget)} below today's pay "
            f"bill ({money(bill)}), but the people who leave in a year free at most "
            f"{money(freed)} ({percent(share)} of it; Roles.Turnover %): no plan can meet it "
            "unless posts left unfilled may exceed turnover.",
        )
    ]
