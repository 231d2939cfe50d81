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

from optimise.futures import demand_hours
from optimise.inputs import (
    PUBLIC_PROTECTION,
    PlanInputs,
    Scenario,
    Settings,
    with_optional_columns,
)

NO_ROLE = -1  # a role with no supervisor


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
    min_coverage: np.ndarray  # per stream, share of demand hours to serve; NaN = no floor
    band_width: np.ndarray  # per band of the harm curve, share of demand (one band: [1.0])
    band_multiplier: np.ndarray  # per band, its harm multiplier (band 0: 1)
    supervisor: np.ndarray  # per role, the position of its supervising role; NO_ROLE = none
    span: np.ndarray  # per role, most posts per supervisor post; NaN = no limit
    has_work: np.ndarray  # [unit, role]: a Skills row for one of the unit's streams, or supervises
    serves_public_protection: np.ndarray  # per stream: Public Protection work done outside it
    #: Plan for = Uncertain demand: demand hours [future, stream, t] of each
    #: sampled future (optimise.robust); then `demand_hours` is their mean.
    demand_futures: np.ndarray | None = None
    # v3, people not posts (docs/rules.md rules 12 to 16); NaN = the rule does not apply.
    months_to_productive: np.ndarray | None = None  # per unit, l_u in months
    intake: np.ndarray | None = None  # per unit, T_u posts a year
    turnover: np.ndarray | None = None  # per role, tau_r share a year
    vacancy: np.ndarray | None = None  # per role, v_r share empty
    team_size: np.ndarray | None = None  # per role s, K_s posts led per post of s
    min_role_posts: np.ndarray | None = None  # [unit, role], N_ur
    change_cap: float = float("nan")  # the scenario's M, post changes a year

    def __post_init__(self) -> None:
        nu, nr = len(self.units), len(self.roles)
        for name, shape in (
            ("months_to_productive", nu),
            ("intake", nu),
            ("turnover", nr),
            ("vacancy", nr),
            ("team_size", nr),
            ("min_role_posts", (nu, nr)),
        ):
            if getattr(self, name) is None:
                setattr(self, name, np.full(shape, np.nan))

    @property
    def ramp(self) -> np.ndarray:
        """lambda_u: the share of a year before a person arriving in the unit works (0: none)."""
        return np.nan_to_num(self.months_to_productive, nan=0.0) / 12.0

    @property
    def filled(self) -> np.ndarray:
        """1 - v_r: the share of each role's posts that are filled (work and draw pay)."""
        return 1.0 - np.nan_to_num(self.vacancy, nan=0.0)

    @property
    def pay(self) -> np.ndarray:
        """Per role, £ a year one post draws: c_r (1 - v_r) (rule 8)."""
        return self.cost * self.filled

    @property
    def worked_hours(self) -> np.ndarray:
        """Per role, hours one post works a year: h_r (1 - v_r) (rule 1)."""
        return self.hours * self.filled

    @property
    def with_turnover(self) -> bool:
        """Rule 13 applies to some role: inc and dec are gross flows, with out."""
        return bool(np.isfinite(self.turnover).any())

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
    inputs = with_optional_columns(inputs)
    settings = inputs.settings
    units, roles, demand = inputs.units, inputs.roles, inputs.demand
    unit_pos = {u: i for i, u in enumerate(units["Unit"])}
    role_pos = {r: j for j, r in enumerate(roles["Role"])}
    stream_pos = {d: k for k, d in enumerate(demand["Stream"])}
    protected = units["Unit"].isin(scenario.protected_units).to_numpy()
    fenced = units["Ring-fenced"].fillna(False).astype(bool).to_numpy() | protected
    growth = demand["Annual growth %"].to_numpy(float) + scenario.demand_growth_adjustment
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
        demand_hours=demand_hours(demand, growth, settings.horizon),
        skills=skills,
        budget=budget_by_year(inputs) * (1 + scenario.budget_change),
        min_coverage=_numbers(demand["Min coverage %"]),
        **harm_bands(inputs.harm_curve),
        **supervision(roles, role_pos),
        has_work=has_work(inputs, unit_pos, role_pos),
        serves_public_protection=serves_public_protection(inputs),
        months_to_productive=_numbers(units["Months to productive"]),
        intake=_numbers(units["Intake per year"]),
        turnover=_numbers(roles["Turnover %"]),
        vacancy=_numbers(roles["Vacancy %"]),
        team_size=_numbers(roles["Team size"]),
        min_role_posts=min_role_posts(inputs, unit_pos, role_pos),
        change_cap=scenario.change_cap,
    )


def min_role_posts(
    inputs: PlanInputs, unit_pos: dict[str, int], role_pos: dict[str, int]
) -> np.ndarray:
    """Rule 14's N_ur from Establishment.Min posts: [unit, role], NaN where none is given."""
    out = np.full((len(unit_pos), len(role_pos)), np.nan)
    rows = inputs.establishment
    given = pd.to_numeric(rows["Min posts"], errors="coerce").to_numpy(float)
    for unit, role, least in zip(rows["Unit"], rows["Role"], given, strict=True):
        if np.isfinite(least) and unit in unit_pos and role in role_pos:
            out[unit_pos[unit], role_pos[role]] = least
    return out


def harm_bands(curve: pd.DataFrame) -> dict[str, np.ndarray]:
    """docs/rules.md's bands of unmet share, cheapest first, and their multipliers.

    With levels c_1 > c_2 > ... > c_K, band 0 is the unmet share [0, 1 - c_1)
    at multiplier 1, band k is [1 - c_k, 1 - c_(k+1)) at M_k, and band K runs
    to 1. No rows: one band of width 1 at multiplier 1.
    """
    rows = curve.dropna(subset=["Coverage below", "Harm multiplier"])
    rows = rows.sort_values("Coverage below", ascending=False)
    levels = rows["Coverage below"].to_numpy(float)
    if len(levels) == 0:
        return {"band_width": np.ones(1), "band_multiplier": np.ones(1)}
    edges = np.concatenate([[1.0], levels, [0.0]])  # coverage at each band's top and foot
    return {
        "band_width": edges[:-1] - edges[1:],
        "band_multiplier": np.concatenate([[1.0], rows["Harm multiplier"].to_numpy(float)]),
    }


def supervision(roles: pd.DataFrame, role_pos: dict[str, int]) -> dict[str, np.ndarray]:
    """Each role's supervising role (by position) and span of control.

    A name that is not a role, or the role itself, is an input error caught
    by the checks; here it simply means no supervisor.
    """
    boss = [
        role_pos.get(name, NO_ROLE) if isinstance(name, str) else NO_ROLE
        for name in roles["Supervised by"]
    ]
    boss = [NO_ROLE if b == j else b for j, b in enumerate(boss)]
    return {"supervisor": np.array(boss, dtype=int), "span": _numbers(roles["Span of control"])}


def has_work(inputs: PlanInputs, unit_pos: dict[str, int], role_pos: dict[str, int]) -> np.ndarray:
    """Rule 11: [unit, role] True where the role can work one of the unit's streams.

    A role that supervises another role (is named in its Supervised by) has
    work wherever it is: leading the posts it supervises. docs/rules.md says
    "supervises no role" of the role, not of the unit, so this is role-wide.
    """
    out = np.zeros((len(unit_pos), len(role_pos)), dtype=bool)
    unit_of = inputs.demand.set_index("Stream")["Unit"]
    for stream, role in zip(inputs.skills["Stream"], inputs.skills["Role"], strict=True):
        unit = unit_of.get(stream)
        if unit in unit_pos and role in role_pos:
            out[unit_pos[unit], role_pos[role]] = True
    for name in inputs.roles["Supervised by"]:
        if isinstance(name, str) and name in role_pos:
            out[:, role_pos[name]] = True
    return out


def serves_public_protection(inputs: PlanInputs) -> np.ndarray:
    """Streams whose Serves is Public Protection, worked by units outside that branch."""
    wanted = PUBLIC_PROTECTION.casefold()
    branch = inputs.units.set_index("Unit")["Branch"].fillna("").astype(str)
    unit_branch = inputs.demand["Unit"].map(branch).fillna("").astype(str)
    serves = inputs.demand["Serves"].where(inputs.demand["Serves"].notna(), "").astype(str)
    outside = unit_branch.str.strip().str.casefold() != wanted
    return ((serves.str.strip().str.casefold() == wanted) & outside).to_numpy()


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
