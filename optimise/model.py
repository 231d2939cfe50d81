"""The linear program of docs/rules.md, built one family of constraints at a time.

`build_model` reads like docs/rules.md's list: posts and their changes, work and
unmet demand, then hours, demand, unit limits, role limits and the budget.
Every policy limit goes through `add_limit`, which records what the row means
(so duals and infeasibilities can be put into words) and, in an elastic model,
gives it a penalised slack (so an infeasible scenario can say what to move).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pulp

from optimise.compat import linear
from optimise.data import ModelData

#: Budget rows and the cost objective are in £m, so their coefficients sit
#: near the others' (posts, hours) and the budget's dual is per £1m directly.
MONEY_SCALE = 1e6

# Limit families, in the users' words.
BUDGET = "Budget"
MIN_POSTS = "Min posts"
MAX_POSTS = "Max posts"
UNIT_CHANGE = "Max change %"
RING_FENCE = "Ring-fence"
ROLE_GROWTH = "Max growth per year"
ROLE_ATTRITION = "Max attrition %"
SERVICE_FLOOR = "Min coverage %"
SUPERVISION = "Span of control"
WORK_TO_DO = "Work to do"
# v3, people not posts (rules 12 to 16)
INTAKE = "Intake per year"
TURNOVER = "Turnover %"
ROLE_MIX = "Min posts of a role"
TEAM_SIZE = "Team size"
CHANGE_CAP = "Max post changes per year"
FAMILIES = (
    BUDGET,
    MIN_POSTS,
    MAX_POSTS,
    UNIT_CHANGE,
    RING_FENCE,
    ROLE_GROWTH,
    ROLE_ATTRITION,
    SERVICE_FLOOR,
    SUPERVISION,
    WORK_TO_DO,
    INTAKE,
    TURNOVER,
    ROLE_MIX,
    TEAM_SIZE,
    CHANGE_CAP,
)


@dataclass(frozen=True)
class Limit:
    """What one policy-limit row means: its family, where, and when (t is 0-based)."""

    family: str
    t: int
    unit: int | None = None
    role: int | None = None
    stream: int | None = None
    #: A robust plan's demand future the row belongs to (None: the expected demand).
    future: int | None = None


@dataclass
class Model:
    data: ModelData
    prob: pulp.LpProblem
    integer: bool
    elastic: bool
    x: np.ndarray  # [unit, role, t] posts (numbers in the model of today's posts)
    inc: np.ndarray  # [unit, role, t] posts added since the year before
    dec: np.ndarray  # [unit, role, t] posts removed since the year before
    y: dict[tuple[int, int, int], pulp.LpVariable]  # (stream, role, t) hours worked
    bands: np.ndarray  # [stream, t, band of the harm curve] unmet hours
    today: bool = False  # posts held at today's (Baseline unmet harm)
    limits: dict[str, Limit] = field(default_factory=dict)
    slack: dict[str, list[tuple[pulp.LpVariable, int]]] = field(default_factory=dict)
    penalty: list[tuple[pulp.LpVariable, float]] = field(default_factory=list)
    #: Plan for = Uncertain demand: one model of the work per demand future,
    #: sharing this model's posts, problem and limits (optimise.robust).
    futures: list[Model] = field(default_factory=list)
    future: int | None = None  # which future this is, in a future's own model
    #: Rule 13: (unit, role, t) -> posts of the role moved out of the unit to
    #: other units that year; only for roles with a Turnover %.
    out: dict[tuple[int, int, int], pulp.LpVariable] = field(default_factory=dict)
    #: Posts held at a plan's (`build_model(posts=)`): those filled each year by
    #: people arriving [unit, role, t] (rule 1's lambda): the plan's own arrivals when
    #: given (`arriving=`; with rule 13 they exceed the increases), else its increases.
    arriving: np.ndarray | None = None

    @property
    def tag(self) -> str:
        """What a future's own variables and rows add to their names ("" for expected demand)."""
        return "" if self.future is None else f"_f{self.future}"

    def work(self) -> list[Model]:
        """The models holding hours and unmet hours: one per future, or this one."""
        return self.futures or [self]

    def harm(self) -> pulp.LpAffineExpression:
        """Stage 1: harm-weighted cases left unworked over the horizon, by the harm curve.

        For a robust plan, the mean over the demand futures.
        """
        if self.futures:
            share = 1.0 / len(self.futures)
            return linear([(v, c * share) for f in self.futures for v, c in f.harm().items()])
        w, multiplier = self.data.harm_per_hour, self.data.band_multiplier
        return linear([(v, w[k] * multiplier[b]) for (k, _, b), v in np.ndenumerate(self.bands)])

    def changes(self) -> pulp.LpAffineExpression:
        """Stage 2: posts moved in and out, summed over units, roles and years."""
        return linear([(v, 1.0) for v in self.inc.ravel()] + [(v, 1.0) for v in self.dec.ravel()])

    def cost(self) -> pulp.LpAffineExpression:
        """Stage 3: the pay bill summed over the years, in £m (filled posts only, rule 8)."""
        c = self.data.pay / MONEY_SCALE
        return linear([(v, c[j]) for (_, j, _), v in np.ndenumerate(self.x)])

    def violation(self) -> pulp.LpAffineExpression:
        """Elastic models: the penalised size of every limit's slack."""
        return linear(self.penalty)


def build_model(
    data: ModelData,
    *,
    integer: bool,
    elastic: bool = False,
    today: bool = False,
    posts: np.ndarray | None = None,
    arriving: np.ndarray | None = None,
) -> Model:
    """The model of docs/rules.md for one scenario.

    `today=True` holds every post at its baseline and leaves out the limits
    (constraints 3 to 16): the best use of today's posts, for Baseline unmet harm.
    `posts` [unit, role, t] holds them at a plan's instead, the limits left
    out too: the best use of that plan's posts (optimise.risk re-plans its hours).
    With `data.demand_futures` (Plan for = Uncertain demand), the hours, unmet
    hours, demand rows and service floors are repeated for every future.
    """
    prob = pulp.LpProblem("planner", pulp.LpMinimize)
    today = today or posts is not None
    m = define_variables(data, prob, integer=integer and not today, elastic=elastic, today=today)
    if posts is not None:
        m.x, m.arriving = held_posts(data, posts, arriving)
        m.futures = [replace(f, x=m.x, arriving=m.arriving) for f in m.futures]
    for work in m.work():
        define_hours(work)
        define_demand(work)
    if not today:
        define_post_changes(m)
        define_unit_limits(m)
        define_role_limits(m)
        define_budget(m)
        for work in m.work():
            define_service_floors(work)
        define_supervision(m)
        define_work_to_do(m)
        define_intake(m)
        define_turnover(m)
        define_role_mix(m)
        define_team_size(m)
        define_change_cap(m)
    return m


def held_posts(
    data: ModelData, posts: np.ndarray, arriving: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Posts held at a plan's [unit, role, t], and those filled each year by people
    arriving: `arriving` when given (with rule 13 they exceed the increases), else the
    increases over the year before (the baseline before the first year)."""
    x = np.asarray(posts, dtype=float)
    if arriving is not None:
        return x, np.asarray(arriving, dtype=float)
    before = np.concatenate([data.baseline[:, :, None], x[:, :, :-1]], axis=2)
    return x, np.clip(x - before, 0.0, None)


def held_hours_rows(m: Model, data: ModelData, posts: np.ndarray | None = None) -> dict[str, float]:
    """Rule 1's rows' right-hand sides for a model of held posts `m` (built with
    `today=True` or `posts=`, one demand), re-bounded to `data` with today's posts or,
    with `posts`, those posts: by row name, as a build from them would make them.

    For re-bounding one such model to other posts (optimise.cases) rather than
    building it again: the same rows and arithmetic as the build, so the same numbers.
    """
    if posts is None:
        x, arriving = _today_posts(data), None
    else:
        x, arriving = held_posts(data, posts)
    most = held_hours(data, x, arriving)
    return {hours_row(i, j, t, m.tag): float(most[i, j, t]) for i, j, t in _work_by_post(m)}


def _work_by_post(m: Model) -> dict[tuple[int, int, int], list]:
    """(unit, role, year) -> the hours worked there, (variable, 1) pairs: rule 1's rows."""
    by_post: dict[tuple[int, int, int], list] = {}
    for (k, j, t), var in m.y.items():
        by_post.setdefault((int(m.data.stream_unit[k]), j, t), []).append((var, 1.0))
    return by_post


def _today_posts(data: ModelData) -> np.ndarray:
    """Today's posts [unit, role, t], held in every year: numbers, not variables."""
    return np.repeat(data.baseline[:, :, None].astype(float), data.horizon, axis=2)


def held_hours(data: ModelData, x: np.ndarray, arriving: np.ndarray | None) -> np.ndarray:
    """Rule 1 with posts held [unit, role, t]: the hours each unit-role's posts work a
    year, h_r (1 - v_r) (x - lambda_u arriving); `arriving` None: nobody arrives."""
    ramp = data.ramp[:, None, None]
    working = x
    if arriving is not None:
        working = np.where(ramp > 0, x - ramp * arriving, x)
    return data.worked_hours[None, :, None] * working


def define_variables(
    data: ModelData, prob: pulp.LpProblem, *, integer: bool, elastic: bool, today: bool
) -> Model:
    nu, nr, nt = len(data.units), len(data.roles), data.horizon
    cat = pulp.LpInteger if integer else pulp.LpContinuous
    if today:  # posts held at today's: numbers, not variables, and no changes
        x = _today_posts(data)
        inc = dec = np.empty((nu, nr, 0), dtype=object)
    else:
        x = _grid((nu, nr, nt), lambda i, j, t: prob.add_variable(f"x_{i}_{j}_{t}", 0, None, cat))
        # With whole posts every change is whole too; saying so lets the MIP
        # prune on stage 2's objective (posts moved) being a whole number.
        inc = _grid(
            (nu, nr, nt), lambda i, j, t: prob.add_variable(f"inc_{i}_{j}_{t}", 0, None, cat)
        )
        dec = _grid(
            (nu, nr, nt), lambda i, j, t: prob.add_variable(f"dec_{i}_{j}_{t}", 0, None, cat)
        )
    out = {} if today else out_variables(data, prob, cat)
    if data.demand_futures is None:
        y, bands = work_variables(data, prob, "")
        return Model(data, prob, integer, elastic, x, inc, dec, y, bands, today=today, out=out)
    m = Model(
        data, prob, integer, elastic, x, inc, dec, {}, np.empty((0, 0, 0)), today=today, out=out
    )
    for f, demand in enumerate(data.demand_futures):
        future = replace(data, demand_hours=demand, demand_futures=None)
        y, bands = work_variables(future, prob, f"_f{f}")
        # The same posts, problem and limit records; this future's own work.
        m.futures.append(replace(m, data=future, y=y, bands=bands, futures=[], future=f))
    return m


def out_variables(data: ModelData, prob: pulp.LpProblem, cat: str) -> dict:
    """Rule 13's out_urt: posts moved out of a unit to other units, for roles with a turnover."""
    nu, nt = len(data.units), data.horizon
    return {
        (i, int(j), t): prob.add_variable(f"out_{i}_{j}_{t}", 0, None, cat)
        for j in np.flatnonzero(np.isfinite(data.turnover))
        for i in range(nu)
        for t in range(nt)
    }


def work_variables(data: ModelData, prob: pulp.LpProblem, tag: str) -> tuple[dict, np.ndarray]:
    """Hours worked y and unmet hours by band s, for one demand (tag: its future, or "")."""
    nt = data.horizon
    y = {
        (k, j, t): prob.add_variable(f"y_{k}_{j}_{t}{tag}", lowBound=0)
        for k, j in zip(data.skills["stream"], data.skills["role"], strict=True)
        for t in range(nt)
    }
    bands = _grid(
        (len(data.streams), nt, len(data.band_width)),
        lambda k, t, b: prob.add_variable(f"s_{k}_{t}_{b}{tag}", 0, _band_top(data, k, t, b)),
    )
    return y, bands


def _band_top(data: ModelData, k: int, t: int, b: int) -> float | None:
    """A band holds at most its width of the demand; a lone band needs no bound."""
    if len(data.band_width) == 1:
        return None
    return float(data.band_width[b] * data.demand_hours[k, t])


def define_hours(m: Model) -> None:
    """1. The hours a unit's role spends on its streams fit its posts' hours.

    v3: only filled posts work (h_r (1 - v_r)), and a post filled this year by
    someone arriving works (1 - lambda_u) of it: sum y <= h_r (1 - v_r) (x - lambda_u inc).
    """
    hours, ramp = m.data.worked_hours, m.data.ramp
    most = held_hours(m.data, m.x, m.arriving) if m.today else None
    for (i, j, t), pairs in _work_by_post(m).items():
        if most is not None:
            m.prob.addConstraint(linear(pairs) <= most[i, j, t], hours_row(i, j, t, m.tag))
        else:
            pairs = [*pairs, (m.x[i, j, t], -hours[j])]
            if ramp[i] > 0:
                pairs.append((m.inc[i, j, t], hours[j] * ramp[i]))
            m.prob.addConstraint(linear(pairs) <= 0, hours_row(i, j, t, m.tag))


def hours_row(i: int, j: int, t: int, tag: str = "") -> str:
    """The name of rule 1's row for unit i, role j, year t (tag: a future's)."""
    return f"hours_{i}_{j}_{t}{tag}"


def define_demand(m: Model) -> None:
    """2. Work done plus unmet hours is the stream's demand: never more work than demand."""
    work: dict[tuple[int, int], list] = {}
    skills = m.data.skills
    efficiency = {
        (k, j): e for k, j, e in skills[["stream", "role", "efficiency"]].itertuples(index=False)
    }
    for (k, j, t), var in m.y.items():
        work.setdefault((k, t), []).append((var, efficiency[k, j]))
    for k, t in np.ndindex(*m.bands.shape[:2]):
        pairs = [*work.get((k, t), []), *((s, 1.0) for s in m.bands[k, t])]
        m.prob.addConstraint(linear(pairs) == m.data.demand_hours[k, t], f"demand_{k}_{t}{m.tag}")


def define_post_changes(m: Model) -> None:
    """x_t - x_(t-1) = inc_t - dec_t, with x_0 the baseline."""
    nu, nr, nt = m.x.shape
    for i in range(nu):
        for j in range(nr):
            for t in range(nt):
                pairs = [(m.x[i, j, t], 1.0), (m.inc[i, j, t], -1.0), (m.dec[i, j, t], 1.0)]
                if t > 0:
                    pairs.append((m.x[i, j, t - 1], -1.0))
                rhs = m.data.baseline[i, j] if t == 0 else 0.0
                m.prob.addConstraint(linear(pairs) == rhs, f"flow_{i}_{j}_{t}")


def define_unit_limits(m: Model) -> None:
    """3-5. Unit size, unit change and ring-fences (including protected units)."""
    d = m.data
    nu, nr, nt = m.x.shape
    for i in range(nu):
        base = float(d.baseline[i].sum())
        for t in range(nt):
            size = [(m.x[i, j, t], 1.0) for j in range(nr)]
            if not np.isnan(d.min_posts[i]):
                add_limit(
                    m, f"min_{i}_{t}", size, ">=", d.min_posts[i], Limit(MIN_POSTS, t, unit=i)
                )
            if not np.isnan(d.max_posts[i]):
                add_limit(
                    m, f"max_{i}_{t}", size, "<=", d.max_posts[i], Limit(MAX_POSTS, t, unit=i)
                )
            if not np.isnan(d.max_change[i]):
                moves = [(m.inc[i, j, t], 1.0) for j in range(nr)]
                moves += [(m.dec[i, j, t], 1.0) for j in range(nr)]
                limit = Limit(UNIT_CHANGE, t, unit=i)
                add_limit(m, f"change_{i}_{t}", moves, "<=", d.max_change[i] * base, limit)
            if d.fenced[i]:
                for j in range(nr):
                    limit = Limit(RING_FENCE, t, unit=i, role=j)
                    add_limit(
                        m,
                        f"fence_{i}_{j}_{t}",
                        [(m.x[i, j, t], 1.0)],
                        "==",
                        d.baseline[i, j],
                        limit,
                    )


def define_role_limits(m: Model) -> None:
    """6-7. Each role's total grows by at most G_r and falls by at most a_r a year."""
    d = m.data
    nu, nr, nt = m.x.shape
    for j in range(nr):
        before = float(d.baseline[:, j].sum())
        for t in range(nt):
            now = [(m.x[i, j, t], 1.0) for i in range(nu)]
            if not np.isnan(d.max_growth[j]):
                pairs = now + ([(m.x[i, j, t - 1], -1.0) for i in range(nu)] if t else [])
                rhs = d.max_growth[j] + (0.0 if t else before)
                add_limit(m, f"growth_{j}_{t}", pairs, "<=", rhs, Limit(ROLE_GROWTH, t, role=j))
            if not np.isnan(d.max_attrition[j]):
                keep = 1.0 - d.max_attrition[j]
                pairs = now + ([(m.x[i, j, t - 1], -keep) for i in range(nu)] if t else [])
                rhs = 0.0 if t else keep * before
                add_limit(
                    m, f"attrition_{j}_{t}", pairs, ">=", rhs, Limit(ROLE_ATTRITION, t, role=j)
                )


def define_budget(m: Model) -> None:
    """8. Each year's pay bill fits that year's budget (in £m); empty posts draw no pay."""
    c = m.data.pay / MONEY_SCALE
    nu, nr, nt = m.x.shape
    for t in range(nt):
        pairs = [(m.x[i, j, t], c[j]) for i in range(nu) for j in range(nr)]
        add_limit(m, f"budget_{t}", pairs, "<=", m.data.budget[t] / MONEY_SCALE, Limit(BUDGET, t))


def define_service_floors(m: Model) -> None:
    """9. A stream with a floor leaves at most (1 - q_d) of its demand hours unmet, every year."""
    d = m.data
    for k, t in np.ndindex(*m.bands.shape[:2]):
        if np.isnan(d.min_coverage[k]):
            continue
        unmet = [(s, 1.0) for s in m.bands[k, t]]
        most = (1.0 - d.min_coverage[k]) * d.demand_hours[k, t]
        limit = Limit(SERVICE_FLOOR, t, stream=k, future=m.future)
        add_limit(m, f"floor_{k}_{t}{m.tag}", unmet, "<=", most, limit)


def define_supervision(m: Model) -> None:
    """10. At most k_r posts of a role per post of its supervisor, in each unit.

    Ring-fenced and protected units are left out: their posts are fixed, so
    the row could only make a scenario infeasible over today's establishment.
    """
    d = m.data
    nu, nr, nt = m.x.shape
    for j in range(nr):
        boss = d.supervisor[j]
        if boss < 0 or np.isnan(d.span[j]):
            continue
        for i in range(nu):
            if d.fenced[i] or (_held_at_none(d, i, j) and not m.elastic):
                continue
            for t in range(nt):
                pairs = [(m.x[i, j, t], 1.0), (m.x[i, boss, t], -d.span[j])]
                limit = Limit(SUPERVISION, t, unit=i, role=j)
                add_limit(m, f"span_{i}_{j}_{t}", pairs, "<=", 0.0, limit)


def _held_at_none(d: ModelData, i: int, j: int) -> bool:
    """Rule 11 keeps this role at no posts in this unit: its span row could never bind.

    Most unit-role pairs are such (a unit has a few of the roles), so leaving
    their rows out keeps the model small. An elastic model keeps them: there
    rule 11 may be broken, and posts added so need supervising too.
    """
    return not d.has_work[i, j] and d.baseline[i, j] == 0


def define_work_to_do(m: Model) -> None:
    """11. A role with no work in a unit (and supervising no role) does not grow there.

    Without it, posts that can do none of a unit's work are the cheapest way to
    hold its Min posts (3.5 Case Support Officers holding up Surveillance).
    """
    d = m.data
    for i, j in zip(*np.nonzero(~d.has_work), strict=True):
        if d.fenced[i]:
            continue
        for t in range(d.horizon):
            limit = Limit(WORK_TO_DO, t, unit=int(i), role=int(j))
            add_limit(m, f"work_{i}_{j}_{t}", [(m.x[i, j, t], 1.0)], "<=", d.baseline[i, j], limit)


def define_intake(m: Model) -> None:
    """12. The posts filled in a unit in a year by people arriving are at most its intake."""
    d = m.data
    _, nr, nt = m.x.shape
    for i in np.flatnonzero(np.isfinite(d.intake)):
        for t in range(nt):
            arrivals = [(m.inc[i, j, t], 1.0) for j in range(nr)]
            limit = Limit(INTAKE, t, unit=int(i))
            add_limit(m, f"intake_{i}_{t}", arrivals, "<=", d.intake[i], limit)


def define_turnover(m: Model) -> None:
    """13. Posts are left unfilled only as people leave.

    out_urt (posts moved to other units) is part of dec_urt; each year a role's
    posts moved out land in the role's arrivals elsewhere; and, cumulatively,
    the posts left unfilled in a unit since the plan began (dec - out) are at
    most the leavers expected there so far, tau_r times the posts held at the
    start of each year. Only the last is a limit the diagnosis may move.
    """
    d = m.data
    if not m.out:
        return
    nu, _, nt = m.x.shape
    for j in np.flatnonzero(np.isfinite(d.turnover)):
        tau = float(d.turnover[j])
        for t in range(nt):
            for i in range(nu):
                pairs = [(m.out[i, j, t], 1.0), (m.dec[i, j, t], -1.0)]
                m.prob.addConstraint(linear(pairs) <= 0, f"out_{i}_{j}_{t}")
            moved = [(m.out[i, j, t], 1.0) for i in range(nu)]
            moved += [(m.inc[i, j, t], -1.0) for i in range(nu)]
            m.prob.addConstraint(linear(moved) <= 0, f"landed_{j}_{t}")
        for i in range(nu):
            unfilled: list = []
            for t in range(nt):
                unfilled += [(m.dec[i, j, t], 1.0), (m.out[i, j, t], -1.0)]
                if t:
                    unfilled.append((m.x[i, j, t - 1], -tau))
                limit = Limit(TURNOVER, t, unit=i, role=int(j))
                rhs = tau * d.baseline[i, j]
                add_limit(m, f"turnover_{i}_{j}_{t}", list(unfilled), "<=", rhs, limit)


def define_role_mix(m: Model) -> None:
    """14. A unit keeps at least N_ur posts of a role (not in ring-fenced or protected units)."""
    d = m.data
    for i, j in zip(*np.nonzero(np.isfinite(d.min_role_posts)), strict=True):
        if d.fenced[i]:
            continue
        for t in range(d.horizon):
            limit = Limit(ROLE_MIX, t, unit=int(i), role=int(j))
            pairs = [(m.x[i, j, t], 1.0)]
            add_limit(m, f"rolemin_{i}_{j}_{t}", pairs, ">=", d.min_role_posts[i, j], limit)


def define_team_size(m: Model) -> None:
    """15. One post of role s leads at most K_s posts, over every role it supervises.

    Per unit, outside ring-fenced and protected units (their posts are fixed);
    a unit where every role s supervises is held at none (rule 11) needs no row.
    """
    d = m.data
    nu, nr, nt = m.x.shape
    for s in np.flatnonzero(np.isfinite(d.team_size)):
        team = [j for j in range(nr) if d.supervisor[j] == s]
        if not team:
            continue
        for i in range(nu):
            if d.fenced[i] or (all(_held_at_none(d, i, j) for j in team) and not m.elastic):
                continue
            for t in range(nt):
                pairs = [(m.x[i, j, t], 1.0) for j in team]
                pairs.append((m.x[i, s, t], -float(d.team_size[s])))
                limit = Limit(TEAM_SIZE, t, unit=i, role=int(s))
                add_limit(m, f"team_{i}_{s}_{t}", pairs, "<=", 0.0, limit)


def define_change_cap(m: Model) -> None:
    """16. At most M post changes a year, over the whole division (a transfer counts twice)."""
    d = m.data
    if not np.isfinite(d.change_cap):
        return
    for t in range(d.horizon):
        moves = [(v, 1.0) for v in m.inc[:, :, t].ravel()]
        moves += [(v, 1.0) for v in m.dec[:, :, t].ravel()]
        add_limit(m, f"changecap_{t}", moves, "<=", d.change_cap, Limit(CHANGE_CAP, t))


def add_limit(m: Model, name: str, pairs: list, sense: str, rhs: float, limit: Limit) -> None:
    """A policy limit; in an elastic model, with a penalised slack that can break it.

    The penalty makes one post and one post's worth of budget weigh the same,
    so the cheapest way out reads naturally ("raise the budget by £2.1m, or
    lower Min posts by 40").
    """
    if m.elastic:
        weight = _slack_weight(m.data, limit.family)
        directions = {"<=": (-1,), ">=": (1,), "==": (1, -1)}[sense]
        slack = []
        for n, sign in enumerate(directions):
            var = m.prob.add_variable(f"slack{n}_{name}", lowBound=0)
            pairs = [*pairs, (var, float(sign))]
            slack.append((var, sign))
            m.penalty.append((var, 1.0 / weight))
        m.slack[name] = slack
    m.prob.addConstraint(_row(linear(pairs), sense, rhs), name)
    m.limits[name] = limit


def _row(expr: pulp.LpAffineExpression, sense: str, rhs: float) -> pulp.LpConstraint:
    """expr <= rhs, expr >= rhs or expr == rhs: only the row asked for is made (every
    limit made all three and kept one)."""
    if sense == "<=":
        return expr <= rhs
    if sense == ">=":
        return expr >= rhs
    if sense == "==":
        return expr == rhs
    raise ValueError(f"no such sense: {sense}")


def _slack_weight(data: ModelData, family: str) -> float:
    """What one post is worth in a limit's own units: £m for a budget, hours for a floor."""
    if family == BUDGET:
        return float(np.mean(data.pay)) / MONEY_SCALE
    if family == SERVICE_FLOOR:
        return float(np.mean(data.hours))
    return 1.0


def _grid(shape: tuple[int, ...], make) -> np.ndarray:
    out = np.empty(shape, dtype=object)
    for index in np.ndindex(*shape):
        out[index] = make(*index)
    return out
