"""The plan as HR would issue it: transfers, recruitment and attrition (docs/rules.md, Moves).

A plan says how many posts of each role each unit has each year. HR acts on
moves instead: this many Detective Constables go from this unit to that one;
this many are recruited; this many leavers are not replaced. For each year and
role, the change of every unit is turned into such moves:

1. inside each branch, the units that lose posts give them to the units that
   gain them, largest loss to largest gain first;
2. what is left over is paired across branches the same way (after step 1
   each branch has only gains or only losses left, so no move of step 2 could
   have stayed inside a branch: this makes cross-branch transfers the fewest
   possible);
3. gains still unmatched come from Recruitment, losses still unmatched go to
   Attrition.

Ties are broken by the units' order in the Units table, so the same plan
always gives the same rows in the same order. The arithmetic is done in whole
multiples of the plan's reported precision (one post, or a millionth of a post
for FTE plans, which are rounded to 6 decimals), so it is exact: the moves add
up to each unit's change to the last digit, and solver noise never makes a row.

**v3 (a role with a Turnover %, docs/rules.md rule 13).** The role's moves
come from the plan's own gross flows, not the net change: each unit's moves
in are its inc and its moves out its dec, so a unit that takes transferees
while its own leavers go unreplaced shows both. For each year, a small
transportation problem (`_flow_moves`, a network linear program, so its
optimum is whole in the plan's steps) pairs the posts leaving units with the
posts filled, with the fewest transfers across branches, Attrition only
where that unit's unfilled posts so far stay within rule 13's cumulative
bound, and transfers totalling min(I, D). The years are taken in order, each
keeping the plan's own later choice possible. A unit "transferring to
itself" (churn the plan carries but no rule needs; only a whole-post stage 2
that stalled leaves it) is dropped, as today's phantom changes are.

Every transfer and recruit into a unit shows `Productive from`: January of
the plan year plus the unit's Months to productive, rounded up to a whole
month ("Jul 2027" for 6); Attrition rows leave it blank.
"""

from __future__ import annotations

import calendar
import math
import threading
from collections.abc import Sequence
from typing import NamedTuple

import highspy
import numpy as np
import pandas as pd

from optimise.result import ATTRITION, MOVES_COLUMNS, PRODUCTIVE_FROM, RECRUITMENT

#: Posts are counted in millionths of a post when plans may be fractional:
#: the 6 decimals FTE plans are rounded to (optimise.extract.DECIMALS).
FTE_STEPS_PER_POST = 10**6


class Flows(NamedTuple):
    """The plan's own gross flows (docs/rules.md v3), each [unit, role, t] in posts."""

    inc: np.ndarray
    dec: np.ndarray
    out: np.ndarray  # posts moved to other units (rule 13); 0 for roles without turnover
    turnover: np.ndarray  # per role, tau_r; NaN where rule 13 does not apply


class MoveTotals(NamedTuple):
    """Moves summed over the plan's years, in posts."""

    transfers: float
    recruitment: float
    attrition: float


def moves_table(
    baseline: np.ndarray,
    posts: np.ndarray,
    units: Sequence[str],
    branches: Sequence[str],
    roles: Sequence[str],
    years: Sequence[int],
    *,
    whole: bool,
    months: Sequence[float] | None = None,
    flows: Flows | None = None,
) -> pd.DataFrame:
    """Year, Role, From, To, Posts, Productive from: the moves that turn each year's plan
    into the next.

    `baseline` is posts[unit, role] today, `posts` the plan's x[unit, role, t];
    `whole` says the plan is in whole posts (else FTE, 6 decimals). `months`:
    each unit's Months to productive (blank or None: 0). `flows`: the plan's
    gross flows, used for the roles with a Turnover % (v3).
    """
    steps = 1 if whole else FTE_STEPS_PER_POST
    counted = [np.rint(np.asarray(p, float) * steps).astype(np.int64) for p in (baseline, posts)]
    change = year_on_year(*counted)  # [unit, role, t], in steps
    groups = _branch_groups(branches)
    gross = np.zeros(len(roles), dtype=bool) if flows is None else np.isfinite(flows.turnover)
    rows: list[tuple[int, int, str, str, int, int | None]] = []
    for j in range(len(roles)):
        if gross[j]:
            assert flows is not None
            found = _gross_moves(flows, counted[0], counted[1], j, steps, branches)
        else:
            found = [
                (t, *move)
                for t in range(len(years))
                if change[:, j, t].any()
                for move in role_moves(change[:, j, t].tolist(), groups)
            ]
        for t, giver, taker, amount in found:
            source = RECRUITMENT if giver is None else units[giver]
            target = ATTRITION if taker is None else units[taker]
            rows.append((t, j, source, target, amount, taker))
    rows.sort(key=lambda row: row[:2])  # year, then role; each role-year's own order kept
    frame = pd.DataFrame(
        [(int(years[t]), roles[j], a, b, n) for t, j, a, b, n, _ in rows], columns=MOVES_COLUMNS
    )
    frame["Year"] = frame["Year"].astype(int)
    frame["Posts"] = frame["Posts"].astype(np.int64) / steps
    frame[["Role", "From", "To"]] = frame[["Role", "From", "To"]].astype(object)
    frame[PRODUCTIVE_FROM] = pd.Series(
        [None if u is None else productive_from(years[t], _months(months, u)) for t, *_, u in rows],
        dtype=object,
    )
    return frame


def productive_from(year: int, months: float) -> str:
    """The month a person arriving in plan year `year` works fully: "Jul 2027" for 6 months."""
    whole = max(math.ceil(months - 1e-9), 0)
    return f"{calendar.month_abbr[whole % 12 + 1]} {year + whole // 12}"


def _months(months: Sequence[float] | None, unit: int) -> float:
    if months is None:
        return 0.0
    value = float(months[unit])
    return 0.0 if math.isnan(value) else value


def _gross_moves(
    flows: Flows,
    baseline: np.ndarray,
    posts: np.ndarray,
    j: int,
    steps: int,
    branches: Sequence[str],
) -> list[tuple[int, int | None, int | None, int]]:
    """(t, giver, taker, amount) for one role with a turnover, from its gross flows (steps).

    Each unit's inc and dec are the plan's, made to add up exactly to its
    change in steps. Attrition caps keep rule 13's cumulative bound, and keep
    the plan's own later attrition possible, so every year has a solution.
    """
    tau = float(flows.turnover[j])
    path = np.concatenate([baseline[:, j, None], posts[:, j, :]], axis=1)  # [unit, t+1]
    change = np.diff(path, axis=1)
    inc = np.rint(np.asarray(flows.inc[:, j, :], float) * steps).astype(np.int64)
    inc = np.maximum(inc, change)  # inc - dec is the change, exactly
    dec = inc - change
    out = np.rint(np.asarray(flows.out[:, j, :], float) * steps).astype(np.int64)
    unfilled = np.clip(dec - out, 0, dec)  # the plan's own attrition, per unit and year
    held = np.cumsum(path[:, :-1], axis=1)  # posts at the start of each year, summed
    bound = np.floor(tau * held + 1e-6).astype(np.int64)
    bound = np.maximum(bound, np.cumsum(unfilled, axis=1))  # the plan met it, to rounding
    used = np.zeros(len(path), dtype=np.int64)
    moves = []
    nt = change.shape[1]
    for t in range(nt):
        later = np.cumsum(unfilled[:, t + 1 :], axis=1)  # the plan's attrition after t, to s
        room = bound[:, t:] - used[:, None]
        room[:, 1:] -= later
        cap = np.minimum(dec[:, t], room.min(axis=1)).clip(min=0)
        if cap.sum() < dec[:, t].sum() - min(inc[:, t].sum(), dec[:, t].sum()):
            cap = dec[:, t]  # FTE rounding only: the plan's attrition met the bound
        found = _flow_moves(inc[:, t].tolist(), dec[:, t].tolist(), cap.tolist(), branches)
        for giver, taker, amount in found:
            if taker is None:
                used[giver] += amount
            moves.append((t, giver, taker, amount))
    return moves


def _flow_moves(
    inc: list[int], dec: list[int], cap: list[int], branches: Sequence[str]
) -> list[tuple[int | None, int | None, int]]:
    """One role-year's moves from gross flows: fewest cross-branch transfers (exact, in steps).

    A network linear program: posts leaving each unit (dec) go to other units'
    posts filled (inc) or to Attrition (at most `cap` from a unit, D - min(I, D)
    in all); posts filled not reached by a transfer are Recruitment. A transfer
    across branches costs 1, one inside a branch 0, a unit to itself far more
    (it is dropped: churn no rule needs).
    """
    givers = [u for u, n in enumerate(dec) if n > 0]
    takers = [u for u, n in enumerate(inc) if n > 0]
    if not givers and not takers:
        return []
    total_in, total_out = sum(inc), sum(dec)
    leaving = total_out - min(total_in, total_out)
    keys = [str(b or "").strip().casefold() for b in branches]
    pairs = [(a, b) for a in givers for b in takers]
    self_cost = 1.0 + len(pairs)
    costs = [0.0 if keys[a] == keys[b] else 1.0 for a, b in pairs]
    costs = [self_cost if a == b else c for (a, b), c in zip(pairs, costs, strict=True)]
    # columns: transfers (pairs), attrition (givers), recruitment (takers)
    n_cols = len(pairs) + len(givers) + len(takers)
    col_rows: list[list[int]] = []
    giver_row = {a: n for n, a in enumerate(givers)}
    taker_row = {b: len(givers) + n for n, b in enumerate(takers)}
    total_row = len(givers) + len(takers)
    for a, b in pairs:
        col_rows.append([giver_row[a], taker_row[b]])
    for a in givers:
        col_rows.append([giver_row[a], total_row])
    for b in takers:
        col_rows.append([taker_row[b]])
    rhs = [float(dec[a]) for a in givers] + [float(inc[b]) for b in takers] + [float(leaving)]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_cols, len(rhs)
    lp.col_cost_ = np.array(costs + [0.0] * (len(givers) + len(takers)))
    lp.col_lower_ = np.zeros(n_cols)
    upper = [highspy.kHighsInf] * len(pairs) + [float(cap[a]) for a in givers]
    lp.col_upper_ = np.array(upper + [highspy.kHighsInf] * len(takers))
    lp.row_lower_ = lp.row_upper_ = np.array(rhs)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum([len(r) for r in col_rows])]).astype(
        np.int32
    )
    lp.a_matrix_.index_ = np.array([r for rows in col_rows for r in rows], dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(lp.a_matrix_.index_))
    highs = _network_solver()
    highs.passModel(lp)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise ValueError("the plan's flows give no moves (rule 13's bound is not met)")
    value = [round(v) for v in highs.getSolution().col_value]
    transfers = [(a, b, n) for (a, b), n in zip(pairs, value, strict=False) if n > 0 and a != b]
    inside = [m for m in transfers if keys[m[0]] == keys[m[1]]]
    across = [m for m in transfers if keys[m[0]] != keys[m[1]]]
    left = value[len(pairs) : len(pairs) + len(givers)]
    recruited = value[len(pairs) + len(givers) :]
    return (
        inside
        + across
        + [(None, b, n) for b, n in zip(takers, recruited, strict=True) if n > 0]
        + [(a, None, n) for a, n in zip(givers, left, strict=True) if n > 0]
    )


_solvers = threading.local()


def _network_solver() -> highspy.Highs:
    """This thread's HiGHS for the role-years' network programs, emptied for the next.

    A plan has one per role and year with a turnover (27 a scenario on the
    default workbook: 9 roles, 3 years), each solved in a millisecond:
    starting a new HiGHS for each took longer than solving it. `clearModel` leaves no
    model, basis or solution behind, so each solve starts as from a new HiGHS.
    """
    highs = getattr(_solvers, "highs", None)
    if highs is None:
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("solver", "simplex")
        _solvers.highs = highs
    else:
        highs.clearModel()
    return highs


def year_on_year(baseline: np.ndarray, posts: np.ndarray) -> np.ndarray:
    """change[unit, role, t]: posts in year t less the year before (today before year 1)."""
    return np.diff(np.concatenate([baseline[:, :, None], posts], axis=2), axis=2)


def role_moves(
    delta: Sequence[int], groups: list[list[int]]
) -> list[tuple[int | None, int | None, int]]:
    """(giving unit, taking unit, amount) for one role and year; None is outside the force.

    `delta` is each unit's change in whole steps; `groups` the unit positions
    of each branch. Returns transfers inside branches, then across branches,
    then recruitment (giver None), then attrition (taker None).
    """
    left = [int(d) for d in delta]  # plain ints: exact, and fast one at a time
    everyone = range(len(left))
    moves = []
    for members in groups:
        moves += _pair(left, members)
    moves += _pair(left, everyone)
    moves += [(None, u, left[u]) for u in _ranked(left, everyone, 1)]
    moves += [(u, None, -left[u]) for u in _ranked(left, everyone, -1)]
    return moves


def _pair(left: list[int], members: Sequence[int]) -> list[tuple[int | None, int | None, int]]:
    """Match losses to gains among `members`, largest first; `left` keeps what is unmatched."""
    takers = _ranked(left, members, 1)
    givers = _ranked(left, members, -1)
    moves: list[tuple[int | None, int | None, int]] = []
    i = k = 0
    while i < len(givers) and k < len(takers):
        giver, taker = givers[i], takers[k]
        amount = min(-left[giver], left[taker])
        moves.append((giver, taker, amount))
        left[giver] += amount
        left[taker] -= amount
        i += left[giver] == 0
        k += left[taker] == 0
    return moves


def _ranked(left: list[int], members: Sequence[int], sign: int) -> list[int]:
    """Members that gain (sign 1) or lose (sign -1), largest first, then in unit order."""
    chosen = [u for u in members if sign * left[u] > 0]
    return sorted(chosen, key=lambda u: (-sign * left[u], u))


def _branch_groups(branches: Sequence[str]) -> list[list[int]]:
    """Unit positions of each branch, branches in order of first appearance.

    Branch names are compared as a reader would: "Public protection " is Public Protection.
    """
    keys = [str(b or "").strip().casefold() for b in branches]
    order = list(dict.fromkeys(keys))
    return [[u for u, k in enumerate(keys) if k == key] for key in order]


def move_totals(moves: pd.DataFrame) -> MoveTotals:
    """Transfers, Recruitment and Attrition, each summed over the years.

    Sums of posts at 6 decimals are exact at 6 decimals: rounding there drops
    the float noise of adding them up.
    """
    posts = moves["Posts"].astype(float)
    recruited = moves["From"] == RECRUITMENT
    left = moves["To"] == ATTRITION
    return MoveTotals(
        transfers=round(float(posts[~recruited & ~left].sum()), 6),
        recruitment=round(float(posts[recruited].sum()), 6),
        attrition=round(float(posts[left].sum()), 6),
    )
