"""Plan for = Uncertain demand: one set of posts for many sampled futures of demand.

docs/sweeps.md: stage 1 draws `Robust samples` futures (optimise.futures,
from `Random seed`, the same futures a risk study sees) and minimises the mean
unmet harm over them, with one set of posts for all and the hours worked and
unmet hours planned in each; service floors hold in every future. Stages 2
and 3 keep that mean at its optimum. The model itself is optimise.model's,
given the futures' demand (`ModelData.demand_futures`): this module only
decides when, draws the futures, and says so in the planner's words.
"""

from __future__ import annotations

from dataclasses import replace

from optimise.data import ModelData
from optimise.futures import draw_growth, future_hours
from optimise.inputs import PlanInputs, Scenario, Settings

EXPECTED_DEMAND = "Expected demand"
UNCERTAIN_DEMAND = "Uncertain demand"
PLAN_FOR = (EXPECTED_DEMAND, UNCERTAIN_DEMAND)


def for_uncertain_demand(settings: Settings) -> bool:
    """Settings' Plan for, read as forgivingly as a person types it."""
    return settings.plan_for.strip().casefold() == UNCERTAIN_DEMAND.casefold()


def with_futures(data: ModelData, inputs: PlanInputs, scenario: Scenario) -> ModelData:
    """The model's numbers with the scenario's sampled futures of demand.

    `demand_hours` becomes the futures' mean: coverage figures of a robust
    plan are of the average future (mean served hours over mean demand).
    """
    settings = inputs.settings
    growth = draw_growth(inputs, scenario, settings.robust_samples, settings.random_seed)
    futures = future_hours(inputs, growth)
    if (futures == futures[:1]).all():
        # Nothing is uncertain: every future is the expected demand, and one
        # of them is the same problem as all of them. So the plan is the
        # expected-demand plan (the same linear program, row for row).
        futures = futures[:1]
    return replace(data, demand_futures=futures, demand_hours=futures.mean(axis=0))
