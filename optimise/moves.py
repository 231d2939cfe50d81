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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from optimise.result import ATTRITION, MOVES_COLUMNS, RECRUITMENT

#: Posts are counted in millionths of a post when plans may be fractional:
#: the 6 decimals FTE plans are rounded to (optimise.extract.DECIMALS).
FTE_STEPS_PER_POST = 10**6


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
) -> pd.DataFrame:
    """Year, Role, From, To, Posts: the moves that turn each year's plan into the next.

    `baseline` is posts[unit, role] today, `posts` the plan's x[unit, role, t];
    `whole` says the plan is in whole posts (else FTE, 6 decimals).
    """
    steps = 1 if whole else FTE_STEPS_PER_POST
    counted = [np.rint(np.asarray(p, float) * steps).astype(np.int64) for p in (baseline, posts)]
    change = year_on_year(*counted)  # [unit, role, t], in steps
    groups = _branch_groups(branches)
    rows: list[tuple[int, str, str, str, int]] = []
    for t, year in enumerate(years):
        for j, role in enumerate(roles):
            delta = change[:, j, t]
            if not delta.any():
                continue
            for giver, taker, amount in role_moves(delta.tolist(), groups):
                source = RECRUITMENT if giver is None else units[giver]
                target = ATTRITION if taker is None else units[taker]
                rows.append((int(year), role, source, target, amount))
    frame = pd.DataFrame(rows, columns=MOVES_COLUMNS)
    frame["Year"] = frame["Year"].astype(int)
    frame["Posts"] = frame["Posts"].astype(np.int64) / steps
    frame[["Role", "From", "To"]] = frame[["Role", "From", "To"]].astype(object)
    return frame


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
