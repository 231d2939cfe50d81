"""Small domain-table instances for model tests, written the way a planner would.

`instance()` takes units, roles, posts and streams as short literals and fills
every other column with "no limit", so each test states only what matters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimise import PlanInputs, Settings

NONE = np.nan
#: A model test run in both modes: whole posts and fractional posts (FTE).
BOTH_MODES = pytest.mark.parametrize("whole", [True, False], ids=["whole posts", "fractional"])


def instance(
    units: dict[str, dict],
    roles: dict[str, dict],
    posts: dict[tuple[str, str], float],
    streams: dict[str, dict],
    skills: dict[tuple[str, str], float] | None = None,
    budget: dict[int, float] | None = None,
    harm_curve: dict[float, float] | None = None,
    **settings,
) -> PlanInputs:
    """Domain tables from literals.

    units: name -> {branch, min, max, change, fenced}; roles: name -> {cost,
    hours, growth, attrition, type, boss, span}; streams: name -> {unit, cases,
    hours, weight, growth, low, high, floor, serves}; skills: (stream, role) -> efficiency
    (default: every role at 100% on every stream); harm_curve: Coverage below
    -> Harm multiplier.
    """
    unit_table = pd.DataFrame(
        [
            {
                "Unit": name,
                "Branch": u.get("branch", "Major Crime"),
                "Min posts": u.get("min", NONE),
                "Max posts": u.get("max", NONE),
                "Max change %": u.get("change", NONE),
                "Ring-fenced": u.get("fenced", False),
            }
            for name, u in units.items()
        ]
    )
    role_table = pd.DataFrame(
        [
            {
                "Role": name,
                "Type": r.get("type", "Officer"),
                "Annual cost": float(r.get("cost", 50_000)),
                "Productive hours": float(r.get("hours", 1_000)),
                "Max growth per year": r.get("growth", NONE),
                "Max attrition %": r.get("attrition", NONE),
                "Supervised by": r.get("boss"),
                "Span of control": float(r.get("span", NONE)),
            }
            for name, r in roles.items()
        ]
    )
    establishment = pd.DataFrame(
        [{"Unit": u, "Role": r, "Posts": float(p)} for (u, r), p in posts.items()],
        columns=["Unit", "Role", "Posts"],
    )
    demand = pd.DataFrame(
        [
            {
                "Stream": name,
                "Unit": d["unit"],
                "Annual cases": float(d["cases"]),
                "Hours per case": float(d.get("hours", 10)),
                "Harm weight": float(d.get("weight", 1)),
                "Annual growth %": float(d.get("growth", 0.0)),
                "Growth low %": float(d.get("low", NONE)),
                "Growth high %": float(d.get("high", NONE)),
                "Min coverage %": float(d.get("floor", NONE)),
                "Serves": d.get("serves"),
            }
            for name, d in streams.items()
        ]
    )
    if skills is None:
        skills = {(d, r): 1.0 for d in streams for r in roles}
    skill_table = pd.DataFrame(
        [{"Stream": d, "Role": r, "Efficiency": e} for (d, r), e in skills.items()],
        columns=["Stream", "Role", "Efficiency"],
    )
    budget_table = pd.DataFrame(
        [{"Year": float(y), "Budget": float(b)} for y, b in (budget or {}).items()],
        columns=["Year", "Budget"],
    )
    return PlanInputs(
        Settings(**settings),
        unit_table,
        role_table,
        establishment,
        demand,
        skill_table,
        budget_table,
        pd.DataFrame(
            [{"Coverage below": c, "Harm multiplier": m} for c, m in (harm_curve or {}).items()],
            columns=["Coverage below", "Harm multiplier"],
            dtype=float,
        ),
    )


def posts_in(result, unit: str, year: int, role: str | None = None) -> float:
    """Planned posts of a unit (optionally one role) in a calendar year."""
    plan = result.plan
    rows = plan[(plan["Unit"] == unit) & (plan["Year"] == year)]
    if role is not None:
        rows = rows[rows["Role"] == role]
    return float(rows["Posts"].sum())


def posts(value: float):
    """Posts, to within what docs/rules.md's stage tolerance lets later stages move.

    Stage 2 may exceed its optimum by 1e-6 x the optimum; stage 3 may spend
    that on saving cost, so a fractional plan of 5 posts can read 4.999994.
    """
    return pytest.approx(value, abs=1e-5)


def budget_case(whole: bool) -> PlanInputs:
    """One unit, one role, one year, held back by its budget (tests/model/test_model_by_hand.py).

    NCAIU needs 10,000 hours a year (1,000 cases x 10 h, harm 100 each); a DC
    gives 1,000 h and costs £50k; the £400k budget buys 8 posts, so 2,000 hours,
    200 cases, go unworked: 20,000 a year. Today's 5 posts leave 50,000.
    """
    return instance(
        units={"NCAIU": {"branch": "Public Protection"}},
        roles={"DC": {"cost": 50_000, "hours": 1_000}},
        posts={("NCAIU", "DC"): 5},
        streams={"OCSA": {"unit": "NCAIU", "cases": 1_000, "hours": 10, "weight": 100}},
        budget={2027: 400_000},
        horizon=1,
        whole_posts=whole,
    )


def with_people(
    inputs: PlanInputs,
    *,
    months: dict[str, float] | None = None,
    intake: dict[str, float] | None = None,
    turnover: dict[str, float] | None = None,
    vacancy: dict[str, float] | None = None,
    team: dict[str, float] | None = None,
    min_posts: dict[tuple[str, str], float] | None = None,
) -> PlanInputs:
    """The inputs with docs/rules.md's v3 columns (people, not posts), blank where not given.

    months, intake: unit -> Months to productive, Intake per year; turnover,
    vacancy, team: role -> Turnover %, Vacancy %, Team size; min_posts:
    (unit, role) -> Establishment Min posts (a pair with no posts gets a row of 0).
    """
    units, roles = inputs.units.copy(), inputs.roles.copy()
    units["Months to productive"] = units["Unit"].map(months or {}).astype(float)
    units["Intake per year"] = units["Unit"].map(intake or {}).astype(float)
    roles["Turnover %"] = roles["Role"].map(turnover or {}).astype(float)
    roles["Vacancy %"] = roles["Role"].map(vacancy or {}).astype(float)
    roles["Team size"] = roles["Role"].map(team or {}).astype(float)
    establishment = inputs.establishment.copy()
    establishment["Min posts"] = NONE
    for (unit, role), least in (min_posts or {}).items():
        row = (establishment["Unit"] == unit) & (establishment["Role"] == role)
        if not row.any():
            extra = pd.DataFrame([{"Unit": unit, "Role": role, "Posts": 0.0, "Min posts": NONE}])
            establishment = pd.concat([establishment, extra], ignore_index=True)
            row = (establishment["Unit"] == unit) & (establishment["Role"] == role)
        establishment.loc[row, "Min posts"] = float(least)
    return inputs.with_tables(units=units, roles=roles, establishment=establishment)
