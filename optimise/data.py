"""The numbers the model is built from, derived once from the domain tables.

This is where the scenario's budget change, demand growth adjustment and
protected units take effect (docs/rules.md: "a scenario changes inputs before the
model is built"), and where blanks become "no limit". Everything downstream
works on positions (unit i, role j, year t) in these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimise.inputs import PUBLIC_PROTECTION, PlanInputs, Scenario, Settings


@dataclass
class ModelData:
    settings: Settings
    scenario: Scenario
    years: list[int]  # calendar year of t = 1..H
    units: list[str]
    branches: list[str]
    roles: list[str]
    min_posts: np.ndarray  # per unit, NaN = none
    max_posts: np.ndarray
    max_change: np.ndarray  # per unit, share of baseline posts; NaN = none
    fenced: np.ndarray  # per unit: ring-fenced or protected in this scenario
    protected: np.ndarray  # per unit: protected by the scenario (for wording)
    cost: np.ndarray  # per role, £ a year
    hours: np.ndarray  # per role, productive hours a year
    max_growth: np.ndarray  # per role, posts a year; NaN = none
    max_attrition: np.ndarray  # per role, share a year; NaN = none
    baseline: np.ndarray  # [unit, role] posts today
    streams: list[str]
    stream_unit: np.ndarray  # unit position of each stream
    hours_per_case: np.ndarray
    harm_weight: np.ndarray
    demand_hours: np.ndarray  # [stream, t]
    skills: pd.DataFrame  # stream (pos), role (pos), efficiency: the pairs that can work
    budget: np.ndarray  # per t, £, the scenario's change applied

    @property
    def horizon(self) -> int:
        return len(self.years)

    @property
    def harm_per_hour(self) -> np.ndarray:
        """Harm of one unmet hour of each stream: w_d / e_d."""
        return self.harm_weight / self.hours_per_case

    @property
    def public_protection(self) -> np.ndarray:
        # "Public protection " is the same branch to a reader; it must be to the share too.
        wanted = PUBLIC_PROTECTION.casefold()
        return np.array([b.strip().casefold() == wanted for b in self.branches])


def prepare(inputs: PlanInputs, scenario: Scenario) -> ModelData:
    """Domain tables and one scenario -> the model's numbers."""
    settings = inputs.settings
    units, roles, demand = inputs.units, inputs.roles, inputs.demand
    unit_pos = {u: i for i, u in enumerate(units["Unit"])}
    role_pos = {r: j for j, r in enumerate(roles["Role"])}
    stream_pos = {d: k for k, d in enumerate(demand["Stream"])}
    protected = units["Unit"].isin(scenario.protected_units).to_numpy()
    fenced = units["Ring-fenced"].fillna(False).astype(bool).to_numpy() | protected
    growth = demand["Annual growth %"].to_numpy(float) + scenario.demand_growth_adjustment
    t = np.arange(1, settings.horizon + 1)
    demand_hours = (
        demand["Annual cases"].to_numpy(float)[:, None]
        * (1 + growth[:, None]) ** t[None, :]
        * demand["Hours per case"].to_numpy(float)[:, None]
    )
    skills = pd.DataFrame(
        {
            "stream": inputs.skills["Stream"].map(stream_pos),
            "role": inputs.skills["Role"].map(role_pos),
            "efficiency": inputs.skills["Efficiency"].astype(float),
        }
    ).sort_values(["stream", "role"], ignore_index=True)
    return ModelData(
        settings=settings,
        scenario=scenario,
        years=settings.years,
        units=list(units["Unit"]),
        branches=list(units["Branch"].fillna("")),
        roles=list(roles["Role"]),
        min_posts=_numbers(units["Min posts"]),
        max_posts=_numbers(units["Max posts"]),
        max_change=_numbers(units["Max change %"]),
        fenced=fenced,
        protected=protected,
        cost=_numbers(roles["Annual cost"]),
        hours=_numbers(roles["Productive hours"]),
        max_growth=_numbers(roles["Max growth per year"]),
        max_attrition=_numbers(roles["Max attrition %"]),
        baseline=inputs.baseline_posts().to_numpy().reshape(len(units), len(roles)),
        streams=list(demand["Stream"]),
        stream_unit=demand["Unit"].map(unit_pos).to_numpy(int),
        hours_per_case=_numbers(demand["Hours per case"]),
        harm_weight=_numbers(demand["Harm weight"]),
        demand_hours=demand_hours,
        skills=skills,
        budget=budget_by_year(inputs) * (1 + scenario.budget_change),
    )


def budget_by_year(inputs: PlanInputs) -> np.ndarray:
    """B_t for each plan year, before the scenario's change (docs/rules.md's fill rule).

    A year without a row takes the latest earlier row's budget, or the earliest
    row's if none is earlier; with no rows at all, today's pay bill.
    """
    years = inputs.settings.years
    rows = inputs.budget.dropna(subset=["Year", "Budget"])
    if rows.empty:
        return np.full(len(years), inputs.baseline_cost())
    given = rows.groupby(rows["Year"].astype(int))["Budget"].last().sort_index()
    out = []
    for year in years:
        earlier = given[given.index <= year]
        out.append(float(earlier.iloc[-1] if len(earlier) else given.iloc[0]))
    return np.array(out)


def _numbers(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").to_numpy(float)
