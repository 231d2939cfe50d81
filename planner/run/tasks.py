"""The tasks worker processes run for `planner optimise` (planner.run.engine).

Kept apart from planner.run.planning so that a worker process, on this computer or on
a cluster, imports the model and nothing of the workbook's reading or writing
before its first plan.
"""

from __future__ import annotations

from optimise import InputError, PlanInputs, PlanResult, Scenario, plan
from optimise.result import INVALID_INPUT


def plan_scenario(job: tuple[PlanInputs, Scenario, str | None]) -> PlanResult:
    """One scenario's plan from (inputs, scenario, solver): one picklable item per task.

    The inputs are a checked workbook's (planner.check ran the model's own
    checks on every scenario, planner.check.model_problems), so `plan` does not
    run them again.
    """
    inputs, scenario, solver = job
    try:
        return plan(inputs, scenario, solver=solver, checked=True)
    except InputError as error:  # checked already; kept so one scenario cannot stop the rest
        return PlanResult(scenario.name, INVALID_INPUT, message="; ".join(map(str, error.problems)))
