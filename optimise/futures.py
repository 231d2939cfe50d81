"""Futures of demand: growth rates drawn between each stream's Growth low % and high %.

docs/sweeps.md: a sample draws, for every stream independently, one annual
growth rate from the triangular distribution (low, mode = Annual growth %,
high), adds the scenario's demand growth adjustment, and holds it for every
plan year. Risk (optimise.risk) re-plans the hours of a plan in each future;
a robust plan (Plan for = Uncertain demand) plans its posts for many at once.
Both draw here, from the same seed, so they see the same futures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimise.inputs import PlanInputs, Scenario, with_optional_columns
from optimise.scenario import apply_scenario


def draw_growth(inputs: PlanInputs, scenario: Scenario, samples: int, seed: int) -> pd.DataFrame:
    """One row per sample, one column per stream: that future's annual growth rate.

    Every stream takes one uniform draw per sample, whether it is uncertain
    or not, so giving one stream a range leaves the other streams' futures as
    they were. A stream with blank Growth low % and high % (or both equal to
    its Annual growth %) has no uncertainty: every sample is its own rate.
    """
    demand = apply_scenario(with_optional_columns(inputs), scenario).demand
    mode = demand["Annual growth %"].to_numpy(float)
    low = _or(demand["Growth low %"], mode)
    high = _or(demand["Growth high %"], mode)
    uniform = np.random.default_rng(seed).random((samples, len(demand)))
    rates = triangular(uniform, low, mode, high) + scenario.demand_growth_adjustment
    frame = pd.DataFrame(rates, columns=list(demand["Stream"]))
    frame.index.name = "Sample"
    return frame


def triangular(uniform: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray):
    """The triangular distribution's quantiles at `uniform` (its inverse CDF).

    Drawn this way, not by numpy's `triangular`, because that refuses a
    range of zero width (a stream with no uncertainty) and draws a varying
    number of numbers per stream.
    """
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    peak = np.where(width > 0, (mode - low) / safe, 0.0)  # where the mode sits, 0..1
    rising = low + np.sqrt(uniform * width * (mode - low))
    falling = high - np.sqrt((1.0 - uniform) * width * (high - mode))
    return np.where(uniform < peak, rising, falling)


def demand_hours(demand: pd.DataFrame, growth: np.ndarray, horizon: int) -> np.ndarray:
    """Demand hours [..., stream, t] of streams growing at `growth` [..., stream] a year.

    Year t = 1..H of the plan holds Annual cases x (1 + g)^t x Hours per case,
    as docs/rules.md defines the demand of one growth rate.
    """
    t = np.arange(1, horizon + 1)
    cases = demand["Annual cases"].to_numpy(float)
    per_case = demand["Hours per case"].to_numpy(float)
    growth = np.asarray(growth, float)
    # In the order docs/rules.md writes it (and Planner did before futures):
    # the same demand to the last bit, so an expected-demand plan is unchanged.
    return cases[:, None] * (1.0 + growth[..., None]) ** t * per_case[:, None]


def future_hours(inputs: PlanInputs, growth: pd.DataFrame) -> np.ndarray:
    """Demand hours [sample, stream, t] of each drawn future (rows of `draw_growth`)."""
    demand = with_optional_columns(inputs).demand
    rates = growth[list(demand["Stream"])].to_numpy(float)
    return demand_hours(demand, rates, inputs.settings.horizon)


def demand_of(
    inputs: PlanInputs, growth_row: pd.Series, scenario: Scenario | None = None
) -> PlanInputs:
    """The inputs with one future's growth as each stream's Annual growth %, and no range.

    `growth_row` already holds the scenario's adjustment (as `draw_growth`
    gives it); planning the result with `scenario`, whose adjustment is
    added again when the model is prepared, needs it taken off here.
    Give it the inputs as the scenario sees them (`apply_scenario`) and
    prepare the model from the result: applying the scenario's overrides
    again (as `plan` does) would put an overridden Annual growth % back.
    """
    adjustment = scenario.demand_growth_adjustment if scenario is not None else 0.0
    demand = with_optional_columns(inputs).demand.copy()
    demand["Annual growth %"] = demand["Stream"].map(growth_row).astype(float) - adjustment
    demand["Growth low %"] = np.nan
    demand["Growth high %"] = np.nan
    return inputs.with_tables(demand=demand)


def _or(column: pd.Series, fallback: np.ndarray) -> np.ndarray:
    values = pd.to_numeric(column, errors="coerce").to_numpy(float)
    return np.where(np.isnan(values), fallback, values)
