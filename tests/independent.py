"""A second, independent formulation of docs/rules.md's stage 1, for cross-checks.

Rules 1 to 16: v3's people rules (vacancies and months to productive in the
hours and the pay bill, intake, turnover with posts moved out, role mix, team
size and the change cap) are read from the same optional columns, blank = none.

Written from docs/rules.md alone as one sparse matrix for SciPy (`linprog`, or
`milp` for whole posts), sharing no code with `optimise` beyond reading the
same domain tables. If the two disagree on the optimal unmet harm, one of them
has misread the contract.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from optimise import PlanInputs, Scenario
from optimise.inputs import with_optional_columns


def stage_one_optimum(
    inputs: PlanInputs,
    scenario: Scenario | None = None,
    growth: np.ndarray | None = None,
    posts: np.ndarray | None = None,
    arriving: np.ndarray | None = None,
) -> float | None:
    """Minimum harm-weighted unmet cases over the horizon; None if infeasible.

    `growth` [future, stream]: a robust plan's futures (docs/sweeps.md), each
    stream's annual growth in each, adjustment included. Then one set of posts
    serves every future, each future has its own hours and unmet hours, the
    floors hold in each, and the optimum is the mean harm over the futures.

    `posts` [unit, role, t]: posts held as given (rules 3 to 11 are then the
    plan's business, not checked), only the hours planned; service floors
    are given a millionth of their demand for the posts' rounding.
    `arriving` [unit, role, t]: with `posts`, the people arriving each year
    (the plan's moves in), who work part of their first year (rule 1); none
    given, every held post works the whole year.
    """
    scenario = scenario or Scenario()
    inputs = with_optional_columns(inputs)
    demand = inputs.demand.reset_index(drop=True)
    if growth is None:
        growth = (demand["Annual growth %"].to_numpy(float) + scenario.demand_growth_adjustment)[
            None, :
        ]
    F = len(growth)
    s = inputs.settings
    units = list(inputs.units["Unit"])
    roles = list(inputs.roles["Role"])
    streams = list(inputs.demand["Stream"])
    H, U, R = s.horizon, len(units), len(roles)
    P = np.zeros((U, R))
    for row in inputs.establishment.itertuples(index=False):
        P[units.index(row.Unit), roles.index(row.Role)] += row.Posts
    pairs = [
        (streams.index(d), roles.index(r), e) for d, r, e in inputs.skills.itertuples(index=False)
    ]

    # The harm curve's bands: (width as a share of demand, multiplier), band 0 first.
    curve = sorted(
        ((c, m) for c, m in inputs.harm_curve.itertuples(index=False) if not np.isnan(c)),
        reverse=True,
    )
    levels = [1.0] + [c for c, _ in curve] + [0.0]
    bands = [
        (levels[k] - levels[k + 1], ([1.0] + [m for _, m in curve])[k])
        for k in range(len(curve) + 1)
    ]
    K = len(bands)

    # Column layout: x[u,r,t], inc[u,r,t], dec[u,r,t], out[u,r,t], then per
    # future f y[f,pair,t] and s[f,d,t,k].
    n_x = U * R * H
    n_f = len(pairs) * H + len(streams) * H * K  # columns of one future
    col_x = lambda u, r, t: (u * R + r) * H + t  # noqa: E731
    col_inc = lambda u, r, t: n_x + col_x(u, r, t)  # noqa: E731
    col_dec = lambda u, r, t: 2 * n_x + col_x(u, r, t)  # noqa: E731
    col_out = lambda u, r, t: 3 * n_x + col_x(u, r, t)  # noqa: E731
    n = 4 * n_x + F * n_f
    upper = np.full(n, np.inf)
    tau = inputs.roles["Turnover %"].to_numpy(float)
    for u in range(U):  # out exists only where rule 13 applies
        for r in range(R):
            for t in range(H):
                if np.isnan(tau[r]) or posts is not None:
                    upper[col_out(u, r, t)] = 0.0

    rows: list[tuple[dict[int, float], float, float]] = []  # (coefs, low, high)
    unit_of = [units.index(u) for u in demand["Unit"]]
    c = np.zeros(n)
    for f in range(F):
        col_y = lambda p, t, f=f: 4 * n_x + f * n_f + p * H + t  # noqa: E731
        col_s = lambda d, t, k, f=f: 4 * n_x + f * n_f + len(pairs) * H + (d * H + t) * K + k  # noqa: E731
        inc = None if posts is not None and arriving is None else col_inc
        rows += _future(inputs, growth[f], pairs, bands, unit_of, col_x, col_y, col_s, upper, inc)
        for d in range(len(streams)):
            w = demand["Harm weight"].iloc[d] / demand["Hours per case"].iloc[d]
            for t in range(H):
                for k, (_, multiplier) in enumerate(bands):
                    c[col_s(d, t, k)] = multiplier * w / F
    if posts is not None:  # the posts' rounding: a floor met to the millionth is met
        rows = [(a, lo, hi * (1 + 1e-6) if lo == -np.inf and hi > 0 else hi) for a, lo, hi in rows]
    lower = np.zeros(n)
    if posts is None:
        rows += _limits(inputs, scenario, P, H, col_x, col_inc, col_dec)
        rows += _supervision_and_work(inputs, scenario, P, H, col_x, unit_of, pairs)
        rows += _people(inputs, scenario, P, H, col_x, col_inc, col_dec, col_out)
    else:
        for (u, r, t), value in np.ndenumerate(posts):
            lower[col_x(u, r, t)] = upper[col_x(u, r, t)] = value
        if arriving is not None:  # those who arrive work part of their first year (rule 1)
            for (u, r, t), value in np.ndenumerate(arriving):
                lower[col_inc(u, r, t)] = upper[col_inc(u, r, t)] = value

    A = lil_matrix((len(rows), n))
    low, high = np.empty(len(rows)), np.empty(len(rows))
    for i, (coefs, lo, hi) in enumerate(rows):
        for j, v in coefs.items():
            A[i, j] = v
        low[i], high[i] = lo, hi
    integrality = np.zeros(n)
    if s.whole_posts and posts is None:
        integrality[: 4 * n_x] = 1  # posts, and (v3) the flows of whole posts
    constraints = LinearConstraint(A.tocsr(), low, high)
    res = milp(
        c,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={"mip_rel_gap": 0},
    )
    return float(res.fun) if res.status == 0 else None


def _future(inputs, growth, pairs, bands, unit_of, col_x, col_y, col_s, upper, col_inc=None):
    """Constraints 1, 2 and 9 for one future of demand (its growth per stream).

    Rule 1 as v3 has it: h_r (1 - v_r) (x - lambda_u inc), lambda_u = months / 12.
    """
    H, U, R = inputs.settings.horizon, len(inputs.units), len(inputs.roles)
    demand = inputs.demand.reset_index(drop=True)
    filled = 1 - np.nan_to_num(inputs.roles["Vacancy %"].to_numpy(float))
    ramp = np.nan_to_num(inputs.units["Months to productive"].to_numpy(float)) / 12
    K = len(bands)
    rows = []
    for t in range(H):
        for u in range(U):
            for r in range(R):
                coefs = {
                    col_y(p, t): 1.0
                    for p, (d, rr, _) in enumerate(pairs)
                    if rr == r and unit_of[d] == u
                }
                if coefs:
                    h = float(inputs.roles["Productive hours"].iloc[r]) * filled[r]
                    coefs[col_x(u, r, t)] = -h
                    if col_inc is not None and ramp[u]:
                        coefs[col_inc(u, r, t)] = h * ramp[u]
                    rows.append((coefs, -np.inf, 0.0))
        for d in range(len(demand)):
            g = growth[d]
            D = (
                demand["Annual cases"].iloc[d]
                * (1 + g) ** (t + 1)
                * demand["Hours per case"].iloc[d]
            )
            coefs = {col_y(p, t): e for p, (dd, _, e) in enumerate(pairs) if dd == d}
            unmet = {col_s(d, t, k): 1.0 for k in range(K)}
            rows.append((coefs | unmet, D, D))
            for k, (width, _) in enumerate(bands):
                upper[col_s(d, t, k)] = width * D
            q = demand["Min coverage %"].iloc[d]
            if not np.isnan(q):  # 9. service floor
                rows.append((unmet, -np.inf, (1 - q) * D))
    return rows


def _limits(inputs, scenario, P, H, col_x, col_inc, col_dec):
    """Constraints 3 to 8 and the post flow, straight from docs/rules.md."""
    U, R = P.shape
    out = []
    finite = lambda v: v is not None and not np.isnan(v)  # noqa: E731
    for u in range(U):
        for r in range(R):
            for t in range(H):
                coefs = {col_x(u, r, t): 1.0, col_inc(u, r, t): -1.0, col_dec(u, r, t): 1.0}
                if t:
                    coefs[col_x(u, r, t - 1)] = -1.0
                rhs = P[u, r] if t == 0 else 0.0
                out.append((coefs, rhs, rhs))
    budget = _budget(inputs, P) * (1 + scenario.budget_change)
    for t in range(H):
        for u, row in enumerate(inputs.units.itertuples(index=False)):
            size = {col_x(u, r, t): 1.0 for r in range(R)}
            lo = row[2] if finite(row[2]) else -np.inf
            hi = row[3] if finite(row[3]) else np.inf
            out.append((size, lo, hi))
            if finite(row[4]):
                moves = {col_inc(u, r, t): 1.0 for r in range(R)} | {
                    col_dec(u, r, t): 1.0 for r in range(R)
                }
                out.append((moves, -np.inf, row[4] * P[u].sum()))
            if row[5] or row[0] in scenario.protected_units:
                for r in range(R):
                    out.append(({col_x(u, r, t): 1.0}, P[u, r], P[u, r]))
        for r, role in enumerate(inputs.roles.itertuples(index=False)):
            now = {col_x(u, r, t): 1.0 for u in range(U)}
            before_const = P[:, r].sum() if t == 0 else 0.0
            if finite(role[4]):
                coefs = dict(now) | ({col_x(u, r, t - 1): -1.0 for u in range(U)} if t else {})
                out.append((coefs, -np.inf, role[4] + before_const))
            if finite(role[5]):
                keep = 1 - role[5]
                coefs = dict(now) | ({col_x(u, r, t - 1): -keep for u in range(U)} if t else {})
                out.append((coefs, keep * before_const, np.inf))
        cost = inputs.roles["Annual cost"].to_numpy() * _filled(inputs)
        out.append(
            ({col_x(u, r, t): cost[r] for u in range(U) for r in range(R)}, -np.inf, budget[t])
        )
    return out


def _supervision_and_work(inputs, scenario, P, H, col_x, unit_of, pairs):
    """Constraints 10 and 11, straight from docs/rules.md."""
    U, R = P.shape
    roles = list(inputs.roles["Role"])
    units = list(inputs.units["Unit"])
    fixed = [
        bool(f) or u in scenario.protected_units
        for u, f in zip(units, inputs.units["Ring-fenced"], strict=True)
    ]
    boss = [
        roles.index(b) if isinstance(b, str) and b in roles else None
        for b in inputs.roles["Supervised by"]
    ]
    span = inputs.roles["Span of control"].to_numpy(float)
    out = []
    for r in range(R):
        if boss[r] is None or boss[r] == r or np.isnan(span[r]):
            continue
        for u in range(U):
            if fixed[u]:
                continue
            for t in range(H):
                out.append(({col_x(u, r, t): 1.0, col_x(u, boss[r], t): -span[r]}, -np.inf, 0.0))
    supervisors = {b for b in boss if b is not None}
    for u in range(U):
        for r in range(R):
            works = any(rr == r and unit_of[d] == u for d, rr, _ in pairs)
            if works or r in supervisors:
                continue
            for t in range(H):
                out.append(({col_x(u, r, t): 1.0}, -np.inf, P[u, r]))
    return out


def _people(inputs, scenario, P, H, col_x, col_inc, col_dec, col_out):
    """Rules 12 to 16, straight from docs/rules.md (v3)."""
    U, R = P.shape
    units, roles = list(inputs.units["Unit"]), list(inputs.roles["Role"])
    fixed = [
        bool(f) or u in scenario.protected_units
        for u, f in zip(units, inputs.units["Ring-fenced"], strict=True)
    ]
    intake = inputs.units["Intake per year"].to_numpy(float)
    tau = inputs.roles["Turnover %"].to_numpy(float)
    team = inputs.roles["Team size"].to_numpy(float)
    boss = [
        roles.index(b) if isinstance(b, str) and b in roles else None
        for b in inputs.roles["Supervised by"]
    ]
    least = np.full((U, R), np.nan)
    for row in inputs.establishment.itertuples(index=False):
        if not np.isnan(row[3]):
            least[units.index(row[0]), roles.index(row[1])] = row[3]
    cap = scenario.max_post_changes_per_year
    out = []
    for t in range(H):
        for u in range(U):
            if not np.isnan(intake[u]):  # 12. intake
                out.append(({col_inc(u, r, t): 1.0 for r in range(R)}, -np.inf, intake[u]))
            for r in range(R):
                if not np.isnan(least[u, r]) and not fixed[u]:  # 14. role mix
                    out.append(({col_x(u, r, t): 1.0}, least[u, r], np.inf))
            for s in range(R):  # 15. team size
                led = [r for r in range(R) if boss[r] == s and r != s]
                if np.isnan(team[s]) or not led or fixed[u]:
                    continue
                coefs = {col_x(u, r, t): 1.0 for r in led} | {col_x(u, s, t): -team[s]}
                out.append((coefs, -np.inf, 0.0))
        for r in range(R):  # 13. turnover: out of dec, landing in inc, leavers so far
            if np.isnan(tau[r]):
                continue
            moved = {col_out(u, r, t): 1.0 for u in range(U)}
            out.append((moved | {col_inc(u, r, t): -1.0 for u in range(U)}, -np.inf, 0.0))
            for u in range(U):
                out.append(({col_out(u, r, t): 1.0, col_dec(u, r, t): -1.0}, -np.inf, 0.0))
                coefs = {}
                for s in range(t + 1):
                    coefs[col_dec(u, r, s)] = 1.0
                    coefs[col_out(u, r, s)] = -1.0
                    if s:
                        coefs[col_x(u, r, s - 1)] = -tau[r]
                out.append((coefs, -np.inf, tau[r] * P[u, r]))
        if cap is not None and not np.isnan(cap):  # 16. change cap
            coefs = {col_inc(u, r, t): 1.0 for u in range(U) for r in range(R)}
            coefs |= {col_dec(u, r, t): 1.0 for u in range(U) for r in range(R)}
            out.append((coefs, -np.inf, cap))
    return out


def _filled(inputs):
    """1 - v_r: the share of each role's posts that are filled (blank Vacancy % = all)."""
    return 1 - np.nan_to_num(inputs.roles["Vacancy %"].to_numpy(float))


def _budget(inputs, P):
    years = inputs.settings.years
    rows = sorted((int(y), b) for y, b in inputs.budget.itertuples(index=False))
    if not rows:
        pay = inputs.roles["Annual cost"].to_numpy() * _filled(inputs)
        return np.full(len(years), (P * pay[None, :]).sum())
    out = []
    for year in years:
        earlier = [b for y, b in rows if y <= year]
        out.append(earlier[-1] if earlier else rows[0][1])
    return np.array(out, dtype=float)
