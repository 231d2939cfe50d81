"""Realistic synthetic divisions at any size, for benchmarks and scale tests.

A force has branches of units; each unit works two to four streams with a mix
of officer and staff roles; Public Protection is short of posts for its
harm-weighted demand, as HMICS found, so the optimiser has real moves to make.
A national instance is many such forces side by side (units named per force).
Seeded: the same arguments give the same instance.
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
) -> PlanInputs:
    """`forces` forces of `units` units each, sharing `roles` roles."""
    rng = np.random.default_rng(seed)
    role_table = _roles(roles, rng)
    unit_rows, posts, demand, skills = [], [], [], []
    for f in range(forces):
        prefix = f"F{f + 1:02d} " if forces > 1 else ""
        for u in range(units):
            branch = BRANCHES[u % len(BRANCHES)]
            name = f"{prefix}{branch.split()[0]} unit {u + 1}"
            _unit(name, branch, role_table, rng, unit_rows, posts, demand, skills)
    establishment = pd.DataFrame(posts, columns=["Unit", "Role", "Posts"])
    cost = role_table.set_index("Role")["Annual cost"]
    pay_bill = float((establishment["Posts"] * establishment["Role"].map(cost)).sum())
    settings = Settings(plan_start_year=2027, horizon=years, whole_posts=whole_posts)
    return PlanInputs(
        settings,
        pd.DataFrame(unit_rows),
        role_table,
        establishment,
        pd.DataFrame(demand),
        pd.DataFrame(skills, columns=["Stream", "Role", "Efficiency"]),
        pd.DataFrame({"Year": [2027.0], "Budget": [pay_bill]}),
    )


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
