"""Each study's command (`planner frontier`, ...): its name, help line and description.

Apart from the studies themselves (planner.studies.registry) so that the command line
can offer every study command without importing the studies: their modules, and the
model's study code under them, load only when a study command runs, not for
`planner optimise` (planner.cli.study_commands).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StudyCommand:
    """A study's command: `name` as typed, the help line `planner --help` lists, and the
    description `planner NAME --help` shows."""

    name: str
    help: str
    description: str


FRONTIER_COMMAND = StudyCommand(
    name="frontier",
    help="plan each scenario at a row of budgets: the budget frontier",
    description="Plan each scenario with Run = Yes (or those named) at Settings' "
    "Frontier points budgets, from Frontier from % to Frontier to % around its own, and write "
    "the Frontier sheet (a row per budget, a chart of unmet harm against final-year budget) "
    "and the Run log. Nothing else in the workbook changes. Exit 0 when every budget was "
    "planned (or shown to have no plan), 1 when any stopped at the time limit, 2 on an "
    "input problem.",
)

RISK_COMMAND = StudyCommand(
    name="risk",
    help="test each scenario's plan against many futures of demand",
    description="Plan each scenario with Run = Yes (or those named), then hold its "
    "posts as planned and re-plan the hours in Settings' Samples futures of demand (each "
    "stream's growth drawn between Demand's Growth low % and Growth high %, from Random "
    "seed), and write the Risk sheet (a row per scenario: unmet harm P10, P50, P90 and "
    "mean, the chance a floor is missed, with a chart) and the Run log. Nothing else in "
    "the workbook changes. Exit 0 when every scenario had a plan to test, 1 when any had "
    "none (infeasible, or stopped at the time limit), 2 on an input problem.",
)

SENSITIVITY_COMMAND = StudyCommand(
    name="sensitivity",
    help="move each estimate a plan rests on, one at a time: how sure the plans are",
    description="For each scenario with Run = Yes (or those named), plan it in FTE, "
    "then move each stream's Harm weight and Hours per case and each role's Productive hours "
    "and Annual cost by Settings' Sensitivity % less and more, one at a time, and write the "
    "Sensitivity sheet (a row per estimate and direction: the unmet harm, the fewest posts "
    "that must move from the plan, the unit that changes most, what re-planning saves; with "
    "a chart of the estimates that move most posts) and the Run log. Nothing else in the "
    "workbook changes. Exit 0 when every point was worked out, 1 when any stopped at the "
    "time limit or a scenario had no plan, 2 on an input problem.",
)

DISRUPTION_COMMAND = StudyCommand(
    name="disruption",
    help="plan each scenario under caps on post changes a year: the change frontier",
    description="For each scenario with Run = Yes (or those named), find the fewest "
    "post changes a year any plan needs and the fewest that still reach the scenario's own "
    "unmet harm (in FTE), plan it at Settings' Change points caps evenly between, and write "
    "the Disruption sheet (a row per cap: unmet harm, share of the benefit, post changes; "
    "with a chart) and the Run log. Nothing else in the workbook changes. Exit 0 when every "
    "cap was planned, 1 when any stopped at the time limit or a scenario had no plan, 2 on "
    "an input problem.",
)

#: In the order of planner.studies.registry.STUDIES (tested).
COMMANDS: tuple[StudyCommand, ...] = (
    FRONTIER_COMMAND,
    RISK_COMMAND,
    SENSITIVITY_COMMAND,
    DISRUPTION_COMMAND,
)
