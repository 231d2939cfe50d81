"""Realistic synthetic divisions at any size, for benchmarks and scale tests.

A force has branches of units; each unit works two to four streams with a mix
of officer and staff roles; Public Protection is short of posts for its
harm-weighted demand, as HMICS found, so the optimiser has real moves to make.
A national instance is many such forces side by side (units named per force).
Seeded: the same arguments give the same instance.

With `rules=True` (the default) the instance also has docs/rules.md's newer rules:
a harm curve, Officer role 1 supervising every other officer role (span 10),
and a service floor on one stream of two units in five. Today's posts meet
them all (supervisors are added to the establishment where a unit needs them,
and each floor is at most half of what the unit's able roles could serve in
the final year), so every size stays feasible. `rules=False` gives the
instance as it was before these rules (no added supervisors either), to
measure what they cost.

With `people=True` (and `rules=True`) it also has the v3 people columns
(docs/rules.md rules 12 to 15), with values like the default workbook's
(planner/data): Months to productive (3 to 9) on three units in five and an
Intake per year on one in four; a Turnover % (8 to 15%) and a Vacancy % (3 to
8%) on every role; a Team size of 12 on the supervising role; and
Establishment Min posts on half the rows (a supervisor's 1, else half its
posts). Today's posts still meet every limit: supervisors are added where a
unit's officers need more for the team size, each Min posts is at most today's
posts, an intake only limits growth, and the budget is today's pay bill with
posts standing empty (rule 8). The people columns are drawn from their own
random stream, so the rest of the instance is as without them.

It lives in optimise/ (it needs nothing but the model's inputs) so that tests
and studies can make instances without importing the benchmarks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimise import PlanInputs, Settings

BRANCHES = (
    "Public Protection",
    "Major Crime",
    "Organised Crime and Counter Terrorism",
    "Intelligence Support",
    "Specialist Crime Support",
)
#: The harm curve of a `rules=True` instance: Coverage below -> Harm multiplier.
HARM_CURVE = {0.8: 1.5, 0.5: 3.0}
#: Officer role 1 supervises the other officer roles, at most this many posts each.
SPAN = 10.0
SUPERVISOR = "Officer role 1"
#: With `people=True`: one Officer role 1 post leads at most this many posts of the
#: roles it supervises, in all (the default workbook's Detective Sergeant leads 8).
TEAM_SIZE = 12.0

#: Harm weight scale by branch (child at risk = 100), and how staffed it is today.
BRANCH_HARM = {
    BRANCHES[0]: 100.0,
    BRANCHES[1]: 60.0,
    BRANCHES[2]: 25.0,
    BRANCHES[3]: 30.0,
    BRANCHES[4]: 20.0,
}
BRANCH_STAFFING = {
    BRANCHES[0]: 0.7,
    BRANCHES[1]: 0.95,
    BRANCHES[2]: 1.25,
    BRANCHES[3]: 1.0,
    BRANCHES[4]: 1.1,
}


def division(
    units: int = 30,
    roles: int = 12,
    years: int = 3,
    forces: int = 1,
    *,
    whole_posts: bool = False,
    seed: int = 1,
    rules: bool = True,
    people: bool = False,
) -> PlanInputs:
    """`forces` forces of `units` units each, sharing `roles` roles.

    `people` adds the v3 people columns (with `rules` only: the team size is the
    supervising role's).
    """
    people = people and rules
    rng = np.random.default_rng(seed)
    role_table = _roles(roles, rng)
    unit_rows, posts, demand, skills = [], [], [], []
    for f in range(forces):
        prefix = f"F{f + 1:02d} " if forces > 1 else ""
        for u in range(units):
            branch = BRANCHES[u % len(BRANCHES)]
            name = f"{prefix}{branch.split()[0]} unit {u + 1}"
            _unit(name, branch, role_table, rng, unit_rows, posts, demand, skills)
    if rules:
        _add_supervisors(role_table, posts, unit_rows, TEAM_SIZE if people else None)
    demand_table = pd.DataFrame(demand)
    skill_table = pd.DataFrame(skills, columns=["Stream", "Role", "Efficiency"])
    curve = pd.DataFrame(columns=["Coverage below", "Harm multiplier"], dtype=float)
    if rules:
        role_table = _spans(role_table)
        demand_table = _floors(demand_table, skill_table, role_table, posts, years, seed)
        curve = pd.DataFrame(
            {"Coverage below": list(HARM_CURVE), "Harm multiplier": list(HARM_CURVE.values())}
        )
    establishment = pd.DataFrame(posts, columns=["Unit", "Role", "Posts"])
    if people:
        role_table, unit_rows, establishment = _people(role_table, unit_rows, establishment, seed)
    cost = role_table.set_index("Role")["Annual cost"]
    if people:  # an empty post draws no pay (rule 8): today's pay bill is of posts filled
        cost = cost * (1.0 - role_table.set_index("Role")["Vacancy %"])
    pay_bill = float((establishment["Posts"] * establishment["Role"].map(cost)).sum())
    settings = Settings(plan_start_year=2027, horizon=years, whole_posts=whole_posts)
    return PlanInputs(
        settings,
        pd.DataFrame(unit_rows),
        role_table,
        establishment,
        demand_table,
        skill_table,
        pd.DataFrame({"Year": [2027.0], "Budget": [pay_bill]}),
        curve,
    )


def _supervised(role_table: pd.DataFrame) -> set[str]:
    officers = role_table.loc[role_table["Type"] == "Officer", "Role"]
    return set(officers) - {SUPERVISOR}


def _add_supervisors(
    role_table: pd.DataFrame, posts: list, unit_rows: list, team: float | None = None
) -> None:
    """Enough Officer role 1 posts in each unit for its other officers at SPAN each
    (and, with a `team` size, for all of them together at `team` a post)."""
    supervised = _supervised(role_table)
    most: dict[str, float] = {}
    led: dict[str, float] = {}
    for unit, role, p in posts:
        if role in supervised:
            most[unit] = max(most.get(unit, 0.0), p)
            led[unit] = led.get(unit, 0.0) + p
    held = {(unit, role): n for n, (unit, role, _) in enumerate(posts)}
    for unit, largest in most.items():
        needed = float(np.ceil(largest / SPAN))
        if team is not None:
            needed = max(needed, float(np.ceil(led[unit] / team)))
        n = held.get((unit, SUPERVISOR))
        if n is None:
            posts.append((unit, SUPERVISOR, needed))
        elif posts[n][2] < needed:
            posts[n] = (unit, SUPERVISOR, needed)
    sizes: dict[str, float] = {}
    for unit, _, p in posts:
        sizes[unit] = sizes.get(unit, 0.0) + p
    for row in unit_rows:  # unit limits stay around the (now larger) establishment
        if not np.isnan(row["Min posts"]):
            row["Min posts"] = float(np.floor(sizes[row["Unit"]] * 0.5))
        if not np.isnan(row["Max posts"]):
            row["Max posts"] = float(np.ceil(sizes[row["Unit"]] * 1.6))


def _people(
    roles: pd.DataFrame, unit_rows: list, establishment: pd.DataFrame, seed: int
) -> tuple[pd.DataFrame, list, pd.DataFrame]:
    """The v3 people columns (see the module's docstring), from their own random stream."""
    rng = np.random.default_rng(seed + 2_000)
    roles = roles.copy()
    roles["Turnover %"] = np.round(rng.uniform(0.08, 0.15, len(roles)), 2)
    roles["Vacancy %"] = np.round(rng.uniform(0.03, 0.08, len(roles)), 2)
    roles["Team size"] = np.where(roles["Role"] == SUPERVISOR, TEAM_SIZE, np.nan)
    sizes = establishment.groupby("Unit")["Posts"].sum()
    rows = []
    for row in unit_rows:
        months = float(rng.integers(3, 10)) if rng.random() < 0.6 else np.nan
        intake = rng.random() < 0.25
        size = float(sizes.get(row["Unit"], 0.0))
        places = float(max(2.0, np.ceil(0.15 * size))) if intake else np.nan
        rows.append({**row, "Months to productive": months, "Intake per year": places})
    establishment = establishment.copy()
    chosen = rng.random(len(establishment)) < 0.5
    half = np.floor(establishment["Posts"].to_numpy() * 0.5)
    least = np.where(establishment["Role"] == SUPERVISOR, 1.0, half)
    least = np.minimum(least, establishment["Posts"].to_numpy())
    establishment["Min posts"] = np.where(chosen & (least >= 1), least, np.nan)
    return roles, rows, establishment


def _spans(role_table: pd.DataFrame) -> pd.DataFrame:
    table = role_table.copy()
    supervised = table["Role"].isin(_supervised(role_table))
    table["Supervised by"] = np.where(supervised, SUPERVISOR, None)
    table["Span of control"] = np.where(supervised, SPAN, np.nan)
    return table


def _floors(demand, skills, roles, posts, years, seed) -> pd.DataFrame:
    """A floor on one stream of two units in five, at most half of what today's posts allow.

    Half of the final year's demand hours that the unit's able roles could
    serve if they worked that stream alone, rounded down to 5%, and only
    floors of 10% or more: today's posts then meet every floor in every year.
    """
    rng = np.random.default_rng(seed + 1_000)
    hours = roles.set_index("Role")["Productive hours"]
    held: dict[tuple[str, str], float] = {(u, r): p for u, r, p in posts}
    able = skills.groupby("Stream")
    floors = np.full(len(demand), np.nan)
    for unit, rows in demand.groupby("Unit", sort=False):
        if rng.random() >= 0.4:
            continue
        n = int(rng.choice(rows.index))
        stream = demand.at[n, "Stream"]
        if stream not in able.groups:
            continue
        group = able.get_group(stream)
        served = sum(
            held.get((unit, r), 0.0) * hours[r] * e
            for r, e in zip(group["Role"], group["Efficiency"], strict=True)
        )
        final = (
            demand.at[n, "Annual cases"]
            * demand.at[n, "Hours per case"]
            * (1 + max(demand.at[n, "Annual growth %"], 0.0)) ** years
        )
        share = np.floor(min(1.0, served / final) * 0.5 * 20) / 20 if final > 0 else 0.0
        if share >= 0.1:
            floors[n] = share
    out = demand.copy()
    out["Min coverage %"] = floors
    return out


def _roles(n: int, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for j in range(n):
        officer = j % 3 != 2
        rows.append(
            {
                "Role": f"{'Officer' if officer else 'Staff'} role {j + 1}",
                "Type": "Officer" if officer else "Staff",
                "Annual cost": float(
                    round(
                        rng.uniform(45_000, 75_000) if officer else rng.uniform(32_000, 55_000), -2
                    )
                ),
                "Productive hours": float(round(rng.uniform(1_250, 1_450))),
                "Max growth per year": float(rng.integers(5, 40)) if rng.random() < 0.7 else np.nan,
                "Max attrition %": 0.08 if rng.random() < 0.7 else np.nan,
            }
        )
    return pd.DataFrame(rows)


def _unit(name, branch, roles, rng, unit_rows, posts, demand, skills) -> None:
    """One unit: its posts, its streams (demand sized to its branch's staffing), its skills."""
    unit_roles = rng.choice(
        roles["Role"].to_numpy(), size=min(len(roles), int(rng.integers(3, 7))), replace=False
    )
    unit_posts = {r: float(rng.integers(2, 25)) for r in unit_roles}
    total = sum(unit_posts.values())
    unit_rows.append(
        {
            "Unit": name,
            "Branch": branch,
            "Min posts": float(np.floor(total * 0.5)) if rng.random() < 0.5 else np.nan,
            "Max posts": float(np.ceil(total * 1.6)) if rng.random() < 0.5 else np.nan,
            "Max change %": 0.15 if rng.random() < 0.8 else np.nan,
            "Ring-fenced": bool(rng.random() < 0.05),
        }
    )
    posts += [(name, r, p) for r, p in unit_posts.items()]
    hours = roles.set_index("Role")["Productive hours"]
    capacity = sum(p * hours[r] for r, p in unit_posts.items()) / BRANCH_STAFFING[branch]
    n_streams = int(rng.integers(2, 5))
    shares = rng.dirichlet(np.ones(n_streams))
    for k in range(n_streams):
        stream = f"{name} stream {k + 1}"
        per_case = float(round(rng.uniform(4, 60), 1))
        demand.append(
            {
                "Stream": stream,
                "Unit": name,
                "Annual cases": float(round(capacity * shares[k] / per_case)),
                "Hours per case": per_case,
                "Harm weight": float(round(BRANCH_HARM[branch] * rng.uniform(0.5, 1.5))),
                "Annual growth %": float(round(rng.uniform(-0.02, 0.08), 3)),
            }
        )
        for r in unit_roles:
            if rng.random() < 0.75:
                skills.append((stream, r, float(round(rng.uniform(0.6, 1.0), 2))))
