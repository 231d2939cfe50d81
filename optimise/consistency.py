"""Checks across the new inputs: the harm curve, supervision, growth ranges and role mix.

Each finds numbers that are each fine on their own but make no sense
together (a multiplier that falls as coverage falls, a role that supervises
itself), and reports them as InputProblems with table, key and column, so
the workbook layer can point at the cell. A HarmCurve row's key is its
Coverage below value.
"""

from __future__ import annotations

import itertools
import math
import numbers

import numpy as np
import pandas as pd

from optimise.inputs import InputProblem, PlanInputs

CURVE = "HarmCurve"


def check_consistency(inputs: PlanInputs) -> list[InputProblem]:
    """Every inconsistency among the curve, supervision and growth columns."""
    return (
        check_harm_curve(inputs.harm_curve)
        + check_supervision(inputs.roles)
        + check_growth_range(inputs.demand)
        + check_role_mix(inputs)
    )


def check_harm_curve(curve: pd.DataFrame) -> list[InputProblem]:
    """Levels strictly between 0 and 1, each once; multipliers at least 1, never
    falling as coverage falls (docs/rules.md: the curve stays a linear program)."""
    found = []
    seen: set[float] = set()
    rows = []
    for level, multiplier in zip(curve["Coverage below"], curve["Harm multiplier"], strict=True):
        key = (level,)
        if not _is_number(level):
            found.append(InputProblem(CURVE, key, "Coverage below", "Coverage below is blank"))
            continue
        if not 0 < level < 1:
            found.append(
                InputProblem(
                    CURVE,
                    key,
                    "Coverage below",
                    f"Coverage below ({_pct(level)}) should be above 0% and below 100%",
                )
            )
        elif level in seen:
            found.append(
                InputProblem(
                    CURVE, key, "Coverage below", f"the level {_pct(level)} appears more than once"
                )
            )
        seen.add(level)
        if not _is_number(multiplier):
            found.append(InputProblem(CURVE, key, "Harm multiplier", "Harm multiplier is blank"))
        elif multiplier < 1:
            found.append(
                InputProblem(
                    CURVE,
                    key,
                    "Harm multiplier",
                    f"Harm multiplier ({multiplier:g}) should be at least 1: "
                    "work left below a level weighs at least its harm weight",
                )
            )
        else:
            rows.append((level, multiplier))
    found += _falling_multipliers(rows)
    return found


def _falling_multipliers(rows: list[tuple[float, float]]) -> list[InputProblem]:
    """A lower level whose multiplier is below a higher level's."""
    found = []
    ordered = sorted(set(rows), key=lambda r: -r[0])
    for (high, high_m), (low, low_m) in itertools.pairwise(ordered):
        if low_m < high_m and low != high:
            found.append(
                InputProblem(
                    CURVE,
                    (low,),
                    "Harm multiplier",
                    f"Harm multiplier ({low_m:g}) below {_pct(low)} coverage is smaller than "
                    f"below {_pct(high)} ({high_m:g}): it should not fall as coverage falls",
                )
            )
    return found


def check_supervision(roles: pd.DataFrame) -> list[InputProblem]:
    """A role supervising itself, a circle of supervisors, a span with no supervisor or <= 0.

    A name that is not a role is reported by the reference checks.
    """
    found = []
    boss_of = {
        role: boss
        for role, boss in zip(roles["Role"], roles["Supervised by"], strict=True)
        if isinstance(boss, str) and boss.strip()
    }
    for role, span in zip(roles["Role"], roles["Span of control"], strict=True):
        boss = boss_of.get(role)
        if boss == role:
            found.append(
                InputProblem("Roles", (role,), "Supervised by", f"{role} cannot supervise itself")
            )
        if _is_number(span):
            if span <= 0:
                found.append(
                    InputProblem(
                        "Roles",
                        (role,),
                        "Span of control",
                        f"Span of control ({span:g}) should be above 0",
                    )
                )
            elif boss is None:
                found.append(
                    InputProblem(
                        "Roles",
                        (role,),
                        "Span of control",
                        f"Span of control is given for {role} but Supervised by is blank",
                    )
                )
    leads = set(boss_of.values())
    for role, size in zip(roles["Role"], roles["Team size"], strict=True):
        # (a Team size of 0 or less is the column's own range check, optimise.checks)
        if _is_number(size) and size > 0 and role not in leads:
            found.append(
                InputProblem(
                    "Roles",
                    (role,),
                    "Team size",
                    f"Team size is given for {role} but no role has Supervised by = {role}: "
                    f"clear it, or put {role} in Supervised by of the roles it leads",
                )
            )
    found += _circles(boss_of)
    return found


def _circles(boss_of: dict[str, str]) -> list[InputProblem]:
    """Each circle of supervision once, at its first role in table order."""
    found, reported = [], set()
    for start in boss_of:
        chain = [start]
        while chain[-1] in boss_of and boss_of[chain[-1]] not in chain:
            chain.append(boss_of[chain[-1]])
        nxt = boss_of.get(chain[-1])
        if nxt is None or nxt == chain[-1]:
            continue
        circle = chain[chain.index(nxt) :]
        if len(circle) < 2 or frozenset(circle) in reported:
            continue
        reported.add(frozenset(circle))
        first = min(circle, key=list(boss_of).index)
        at = circle.index(first)
        circle = circle[at:] + circle[:at]
        words = ", ".join(
            f"{a} by {b}" for a, b in zip(circle, circle[1:] + circle[:1], strict=True)
        )
        found.append(
            InputProblem(
                "Roles",
                (first,),
                "Supervised by",
                f"supervision goes round in a circle ({words}): one of them must have no supervisor",
            )
        )
    return found


def check_growth_range(demand: pd.DataFrame) -> list[InputProblem]:
    """Growth low % at most Annual growth %, Growth high % at least it."""
    found = []
    for stream, growth, low, high in zip(
        demand["Stream"],
        demand["Annual growth %"],
        demand["Growth low %"],
        demand["Growth high %"],
        strict=True,
    ):
        if not _is_number(growth):
            continue
        if _is_number(low) and low > growth:
            found.append(
                InputProblem(
                    "Demand",
                    (stream,),
                    "Growth low %",
                    f"Growth low % ({_pct(low)}) is above Annual growth % ({_pct(growth)})",
                )
            )
        if _is_number(high) and high < growth:
            found.append(
                InputProblem(
                    "Demand",
                    (stream,),
                    "Growth high %",
                    f"Growth high % ({_pct(high)}) is below Annual growth % ({_pct(growth)})",
                )
            )
    return found


def check_role_mix(inputs: PlanInputs) -> list[InputProblem]:
    """Establishment.Min posts (rule 14) that no plan could keep.

    A unit's Min posts over its roles may not be above its Max posts; and a
    role may be given more Min posts than it has today only where it has work
    in the unit (rule 11: a Skills row for one of its streams, or it supervises
    a role), or rule 11 would hold it at today's posts.
    """
    found = []
    rows = inputs.establishment
    least = pd.to_numeric(rows["Min posts"], errors="coerce")
    given = rows[least.notna()]
    if given.empty:
        return found
    units = inputs.units.set_index("Unit")
    totals = least[least.notna()].groupby(given["Unit"]).sum()
    for unit, total in totals.items():
        most = units["Max posts"].get(unit, np.nan) if unit in units.index else np.nan
        if _is_number(most) and total > most:
            found.append(
                InputProblem(
                    "Units",
                    (unit,),
                    "Max posts",
                    f"the Min posts of the roles in {unit} (Establishment) add up to {total:g}, "
                    f"above its Max posts ({most:g}): lower some of them or raise Max posts",
                )
            )
    unit_of = inputs.demand.set_index("Stream")["Unit"]
    working = {
        (unit_of.get(d), r)
        for d, r in zip(inputs.skills["Stream"], inputs.skills["Role"], strict=True)
    }
    bosses = {b for b in inputs.roles["Supervised by"] if isinstance(b, str)}
    for unit, role, posts, low in zip(
        given["Unit"], given["Role"], given["Posts"], least[least.notna()], strict=True
    ):
        today = posts if _is_number(posts) else 0.0
        if low > today and (unit, role) not in working and role not in bosses:
            found.append(
                InputProblem(
                    "Establishment",
                    (unit, role),
                    "Min posts",
                    f"Min posts ({low:g}) is above today's {today:g} posts, but {role} has no "
                    f"work in {unit} (no Skills row for its streams), so no posts are added there: "
                    f"lower Min posts to {today:g} at most, or add a Skills row for {role} on one "
                    f"of {unit}'s streams",
                )
            )
    return found


def _is_number(value: object) -> bool:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and not math.isnan(float(value))
    )


def _pct(share: float) -> str:
    return f"{share * 100:g}%"
