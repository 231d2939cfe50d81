"""Putting the model's limits into a planner's words.

Two questions: which limits hold the plan back (from the stage-1 duals: how
much unmet harm would fall if the limit moved by one post or £1m), and, when
no plan meets every limit, what to move and by how much (from an elastic
model whose limits may break at a price).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from optimise import compat
from optimise.data import ModelData
from optimise.model import (
    BUDGET,
    CHANGE_CAP,
    INTAKE,
    MAX_POSTS,
    MIN_POSTS,
    MONEY_SCALE,
    RING_FENCE,
    ROLE_ATTRITION,
    ROLE_GROWTH,
    ROLE_MIX,
    SERVICE_FLOOR,
    SUPERVISION,
    TEAM_SIZE,
    TURNOVER,
    UNIT_CHANGE,
    WORK_TO_DO,
    Limit,
    Model,
)
from optimise.result import BindingLimit, Fix
from optimise.words import money, number, percent, posts_words

#: Duals smaller than this (harm per post or per £1m) are noise, not a binding limit.
SIGNIFICANT = 1e-7

# How a row's dual turns into "harm removed per unit the limit is relaxed".
_RELAX_SIGN = {
    BUDGET: -1,
    MAX_POSTS: -1,
    UNIT_CHANGE: -1,
    ROLE_GROWTH: -1,
    MIN_POSTS: 1,
    ROLE_ATTRITION: 1,
    SUPERVISION: -1,
    WORK_TO_DO: -1,
    # Raising a floor by one point lowers the row's bound (unmet hours) by 1%
    # of demand: `_per_unit` scales the dual to one percentage point.
    SERVICE_FLOOR: -1,
    INTAKE: -1,
    TURNOVER: -1,
    ROLE_MIX: 1,
    TEAM_SIZE: -1,
    CHANGE_CAP: -1,
}


@dataclass(frozen=True)
class Priced:
    """One limit as the stage-1 duals price it: its group key, gain per unit, and its rows.

    `rows` are the names of the model's rows the limit is (every year's; for a
    ring-fence, the rows of the role whose post is worth most to free).
    """

    key: tuple
    gain: float
    rows: tuple[str, ...]


def binding_limits(model: Model, most: int = 10) -> list[BindingLimit]:
    """Limits with a non-zero stage-1 dual, the costliest `most` first, then any binding floor.

    Limits that are the same every year (Max posts of a unit, a role's growth)
    are summed over the years: moving the limit moves it in every year.
    """
    found = [_binding_words(model.data, p.key, p.gain) for p in priced_limits(model)]
    return first_and_floors(found, most)


def first_and_floors(found: list[BindingLimit], most: int) -> list[BindingLimit]:
    """The `most` dearest limits (`found` is dearest first), then every binding floor after them.

    A binding service floor is always listed, with its price: it is the
    trade-off an executive chose, and must see, however cheap it is.
    """
    floors = [b for b in found[most:] if b.family == SERVICE_FLOOR]
    return found[:most] + floors


def priced_limits(model: Model) -> list[Priced]:
    """Every limit whose stage-1 dual is significant, dearest first (then by its words)."""
    duals = {
        name: c.pi for name, c in compat.constraints(model.prob).items() if name in model.limits
    }
    grouped: dict[tuple, float] = defaultdict(float)
    rows: dict[tuple, list[str]] = defaultdict(list)
    fences: dict[tuple[int, int], float] = defaultdict(float)  # (unit, role), over the years
    fence_rows: dict[tuple[int, int], list[str]] = defaultdict(list)
    for name, pi in duals.items():
        if pi is None:
            continue
        limit = model.limits[name]
        if limit.family == RING_FENCE:
            fences[limit.unit, limit.role] += abs(pi)
            fence_rows[limit.unit, limit.role].append(name)
        else:
            key = _group(limit)
            grouped[key] += _RELAX_SIGN[limit.family] * pi * _per_unit(model, limit)
            rows[key].append(name)
    # A ring-fence is a row per role and year, but one post freed is one post
    # of one role, every year: the best role's gain, not the sum over roles.
    for (unit, role), gain in fences.items():
        key = (RING_FENCE, None, unit)
        if gain > grouped[key] or key not in rows:
            grouped[key], rows[key] = gain, fence_rows[unit, role]
    found = [Priced(key, gain, tuple(rows[key])) for key, gain in grouped.items()]
    found = [p for p in found if p.gain > SIGNIFICANT]
    words = {p.key: _binding_words(model.data, p.key, p.gain).words for p in found}
    found.sort(key=lambda p: (-p.gain, words[p.key]))
    return found


def limit_words(model: Model, priced: Priced, gain: float) -> BindingLimit:
    """A priced limit in a planner's words, with this gain per unit."""
    return _binding_words(model.data, priced.key, gain)


def final_year_budget_dual(model: Model) -> float | None:
    """Harm reduction per £1m of final-year budget: minus the row's dual (rows are in £m)."""
    name = f"budget_{model.data.horizon - 1}"
    row = compat.constraints(model.prob).get(name)
    if row is None or row.pi is None:
        return None
    return -float(row.pi)


def _per_unit(model: Model, limit: Limit) -> float:
    """How far a row's bound moves when its limit moves by one of its units.

    A floor's row is s_dt <= (1 - q_d) D_dt: one percentage point more of q_d
    lowers its bound by 1% of D_dt, so stage 1's harm rises by minus the dual
    times that. Summed over the years, that is the floor's price (docs/model.md).
    """
    if limit.family == SERVICE_FLOOR:
        return 0.01 * _demand_hours(model, limit)
    return 1.0


def _demand_hours(model: Model, limit: Limit) -> float:
    """The demand hours a floor's row is of: its own future's in a robust plan."""
    data = model.data if limit.future is None else model.futures[limit.future].data
    return float(data.demand_hours[limit.stream, limit.t])


def _group(limit: Limit) -> tuple:
    if limit.family == BUDGET:
        return (BUDGET, limit.t, None)
    if limit.family == RING_FENCE:
        return (RING_FENCE, None, limit.unit)
    if limit.family == SERVICE_FLOOR:
        return (SERVICE_FLOOR, None, limit.stream)
    if limit.family in (SUPERVISION, WORK_TO_DO, TURNOVER, ROLE_MIX, TEAM_SIZE):
        return (limit.family, None, (limit.unit, limit.role))
    if limit.family == CHANGE_CAP:
        return (CHANGE_CAP, None, None)
    return (limit.family, None, limit.unit if limit.unit is not None else limit.role)


def _binding_words(d: ModelData, key: tuple, gain: float) -> BindingLimit:
    family, t, where = key
    if family == BUDGET:
        words = f"the {d.years[t]} budget ({money(d.budget[t])})"
        return BindingLimit(family, words, d.years[t], gain, "£1m")
    if family == SERVICE_FLOOR:
        words = f"Min coverage % of {d.streams[where]} ({percent(d.min_coverage[where])})"
        return BindingLimit(family, words, None, gain, "percentage point")
    if family == SUPERVISION:
        unit, role = d.units[where[0]], d.roles[where[1]]
        boss = d.roles[d.supervisor[where[1]]]
        span = number(d.span[where[1]])
        words = f"Span of control of {role} in {unit} ({span} per {boss})"
        return BindingLimit(family, words, None, gain, "post")
    if family == WORK_TO_DO:
        unit, role = d.units[where[0]], d.roles[where[1]]
        words = f"{role} having no work in {unit} (no posts added there)"
        return BindingLimit(family, words, None, gain, "post")
    if family in (INTAKE, TURNOVER, ROLE_MIX, TEAM_SIZE, CHANGE_CAP):
        return BindingLimit(family, _people_words(d, family, where), None, gain, "post")
    if family in (MIN_POSTS, MAX_POSTS, UNIT_CHANGE, RING_FENCE):
        unit = d.units[where]
        words = {
            MIN_POSTS: f"Min posts of {unit} ({number(d.min_posts[where])})",
            MAX_POSTS: f"Max posts of {unit} ({number(d.max_posts[where])})",
            UNIT_CHANGE: f"Max change % of {unit} ({percent(d.max_change[where])} a year)",
            RING_FENCE: f"{unit} being {'protected' if d.protected[where] else 'ring-fenced'}",
        }[family]
        return BindingLimit(family, words, None, gain, "post")
    role = d.roles[where]
    words = {
        ROLE_GROWTH: f"{role} growth of {number(d.max_growth[where])} a year",
        ROLE_ATTRITION: f"{role} attrition of at most {percent(d.max_attrition[where])} a year",
    }[family]
    return BindingLimit(family, words, None, gain, "post")


def _people_words(d: ModelData, family: str, where) -> str:
    """A binding rule 12 to 16 limit, as the planner set it."""
    if family == INTAKE:
        return f"Intake per year of {d.units[where]} ({number(d.intake[where])})"
    if family == CHANGE_CAP:
        return f"Max post changes per year ({number(d.change_cap)})"
    unit, role = d.units[where[0]], d.roles[where[1]]
    if family == TURNOVER:
        return (
            f"Turnover % of {role} in {unit} ({percent(d.turnover[where[1]])} a year: "
            "posts are left unfilled only as people leave)"
        )
    if family == ROLE_MIX:
        return f"Min posts of {role} in {unit} ({number(d.min_role_posts[where])})"
    return f"Team size of {role} in {unit} ({number(d.team_size[where[1]])})"


# --- Infeasible scenarios ----------------------------------------------------


def fixes(model: Model) -> list[Fix]:
    """Each broken limit of a solved elastic model, with what it would take to hold."""
    d = model.data
    whole = model.integer
    needed: dict[tuple, float] = defaultdict(float)
    moved: dict[tuple[int, int], float] = defaultdict(float)  # ring-fenced (unit, year)
    for name, slack in model.slack.items():
        amount = sum(v.value() or 0.0 for v, _ in slack)
        if amount <= 1e-6:
            continue
        limit = model.limits[name]
        key = _group(limit)
        if limit.family == BUDGET:
            needed[key] = amount * MONEY_SCALE
        elif limit.family == SERVICE_FLOOR:  # as a share of the year's demand
            share = amount / max(_demand_hours(model, limit), 1e-9)
            needed[key] = max(needed[key], share)
        elif limit.family == SUPERVISION:  # as the span each unit would need
            key = (SUPERVISION, None, limit.role)
            needed[key] = max(needed[key], _span_needed(model, limit, amount))
        elif limit.family == TEAM_SIZE:  # as the team size each unit would need
            key = (TEAM_SIZE, None, limit.role)
            needed[key] = max(needed[key], _team_needed(model, limit, amount))
        elif limit.family == RING_FENCE:
            moved[limit.unit, limit.t] += amount  # posts over the unit's roles, that year
        else:
            needed[key] = max(needed[key], amount)
    for (unit, _), amount in moved.items():  # the posts that must change in the worst year
        key = (RING_FENCE, None, unit)
        needed[key] = max(needed[key], amount)
    return [_fix_words(d, key, amount, whole) for key, amount in sorted(needed.items(), key=str)]


def _span_needed(model: Model, limit: Limit, posts_over: float) -> float:
    """The span that would allow the elastic plan's posts in this unit and year."""
    boss = model.data.supervisor[limit.role]
    leaders = model.x[limit.unit, boss, limit.t].value() or 0.0
    if leaders <= 1e-6:
        return math.inf
    return float(model.data.span[limit.role] + posts_over / leaders)


def _team_needed(model: Model, limit: Limit, posts_over: float) -> float:
    """The team size that would allow the elastic plan's posts in this unit and year."""
    leaders = model.x[limit.unit, limit.role, limit.t].value() or 0.0
    if leaders <= 1e-6:
        return math.inf
    return float(model.data.team_size[limit.role] + posts_over / leaders)


def _fix_words(d: ModelData, key: tuple, amount: float, whole: bool) -> Fix:
    family, t, where = key
    if family in (SERVICE_FLOOR, SUPERVISION, TEAM_SIZE):
        return _rule_fix_words(d, key, amount)
    n = _round_posts(amount, whole)
    if family in (INTAKE, TURNOVER, ROLE_MIX, CHANGE_CAP):
        return _people_fix_words(d, key, n)
    if family == BUDGET:
        pounds = math.ceil(amount / 1000.0 - 1e-3) * 1000.0  # up to £1k, past £1 of noise
        return Fix(family, f"raise the {d.years[t]} budget by {money(pounds)}", pounds, "£")
    if family == MIN_POSTS:
        return Fix(family, f"lower Min posts of {d.units[where]} by {number(n)}", n, "posts")
    if family == MAX_POSTS:
        return Fix(family, f"raise Max posts of {d.units[where]} by {number(n)}", n, "posts")
    if family == UNIT_CHANGE:
        base = d.baseline[where].sum()
        unit = d.units[where]
        if base <= 0:
            return Fix(family, f"let {unit} change by {posts_words(n)} a year", n, "posts")
        share = d.max_change[where] + n / base
        words = (
            f"raise Max change % of {unit} from {percent(d.max_change[where])} to {percent(share)}"
        )
        return Fix(family, words, n, "posts")
    if family == RING_FENCE:
        unit = d.units[where]
        how = "stop protecting" if d.protected[where] else "lift the ring-fence on"
        return Fix(family, f"{how} {unit} ({posts_words(n)} would have to change)", n, "posts")
    if family == WORK_TO_DO:
        unit, role = d.units[where[0]], d.roles[where[1]]
        words = (
            f"give {role} work in {unit} (a Skills row for one of its streams), "
            f"so that {posts_words(n)} can be added there"
        )
        return Fix(family, words, n, "posts")
    role = d.roles[where]
    if family == ROLE_GROWTH:
        now = d.max_growth[where]
        words = f"raise Max growth per year of {role} from {number(now)} to {number(now + n)}"
        return Fix(family, words, n, "posts")
    total = max(float(d.baseline[:, where].sum()), 1.0)
    share = d.max_attrition[where] + n / total
    words = f"raise Max attrition % of {role} from {percent(d.max_attrition[where])} to {percent(share)}"
    return Fix(family, words, n, "posts")


def _people_fix_words(d: ModelData, key: tuple, n: float) -> Fix:
    """What to move of a rule 12, 13, 14 or 16 limit: n posts (a year, or so far)."""
    family, _, where = key
    if family == INTAKE:
        now = d.intake[where]
        words = f"raise Intake per year of {d.units[where]} from {number(now)} to {number(now + n)}"
        return Fix(family, words, n, "posts")
    if family == CHANGE_CAP:
        now = d.change_cap
        words = f"raise Max post changes per year from {number(now)} to {number(now + n)}"
        return Fix(family, words, n, "posts")
    unit, role = d.units[where[0]], d.roles[where[1]]
    if family == TURNOVER:
        what = f"{role} post" if n == 1 else f"{role} posts"
        words = f"let {number(n)} more {what} in {unit} go unfilled than turnover allows"
        return Fix(family, words, n, "posts")
    now = d.min_role_posts[where]
    lower = max(now - n, 0.0)
    words = f"lower Min posts of {role} in {unit} from {number(now)} to {number(lower)}"
    return Fix(family, words, n, "posts")


def _rule_fix_words(d: ModelData, key: tuple, amount: float) -> Fix:
    """A floor to lower (amount: share of demand) or a span or team size to widen (amount:
    the span or team size needed)."""
    family, _, where = key
    if family == TEAM_SIZE:
        role = d.roles[where]
        now = d.team_size[where]
        if math.isinf(amount):
            words = f"let {role} posts' teams work without one (Team size of {role})"
            return Fix(family, words, amount, "team size")
        wider = math.ceil(amount * 10 - 1e-3) / 10
        words = f"raise Team size of {role} from {number(now)} to {number(wider)}"
        return Fix(family, words, wider - now, "team size")
    if family == SERVICE_FLOOR:
        now = d.min_coverage[where]
        lower = max(math.floor((now - amount) * 100 + 1e-4) / 100, 0.0)  # past solver noise
        words = (
            f"lower Min coverage % of {d.streams[where]} from {percent(now)} to {percent(lower)}"
        )
        return Fix(family, words, round(now - lower, 6), "share")
    role, boss = d.roles[where], d.roles[d.supervisor[where]]
    now = d.span[where]
    if math.isinf(amount):
        words = f"let {role} posts work without a {boss} (Span of control of {role})"
        return Fix(family, words, amount, "span")
    wider = math.ceil(amount * 10 - 1e-3) / 10
    words = f"raise Span of control of {role} from {number(now)} to {number(wider)}"
    return Fix(family, words, wider - now, "span")


def _round_posts(amount: float, whole: bool) -> float:
    """Posts a limit must move, rounded up (to a whole post, or a tenth), past solver noise."""
    return float(math.ceil(amount - 1e-4)) if whole else math.ceil(amount * 10 - 1e-3) / 10
