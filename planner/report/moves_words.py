"""A plan's moves in HR's words: the largest moves as sentences, and totals by year.

The scenario tab lists these for an HR planner, who issues postings, runs
recruitment campaigns and decides which leavers not to replace: "12 Detective
Constables from Drugs Investigation to the National Child Abuse Investigation
Unit, 2027". Moves come from optimise.moves (PlanResult.moves).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from optimise.result import ATTRITION, RECRUITMENT

#: "Attrition" in the Moves and Comparison tables; on a scenario tab, in words.
LEFT_UNFILLED = "Left unfilled as people leave"
#: "Recruitment" in the Comparison table; on a scenario tab, a word that fits its column
#: (a header word wider than its column is broken in the middle when it wraps).
RECRUITED = "Recruited"
YEARLY_COLUMNS = ["Year", "Transfers", RECRUITED, LEFT_UNFILLED, "Cross-branch transfers"]

#: A unit whose name ends in one of these words is "the ... Unit" in a sentence
#: ("to the National Child Abuse Investigation Unit"); others read without
#: ("from Drugs Investigation", "to Major Investigation Teams").
_NEEDS_THE = (
    "unit",
    "bureau",
    "force",
    "team",
    "squad",
    "centre",
    "center",
    "hub",
    "office",
    "department",
    "service",
    "section",
    "branch",
    "division",
    "cell",
    "desk",
    "group",
    "agency",
)
#: Last words that are the same in the plural.
_SAME_IN_PLURAL = ("staff", "personnel", "police")


def largest_moves(moves: pd.DataFrame, most: int = 10) -> list[str]:
    """The `most` largest moves as sentences, largest first (ties: earlier year, table order).

    Amounts are whole numbers when every move is whole (a whole-post plan),
    else FTE with one decimal.
    """
    if moves is None or moves.empty:
        return []
    whole = _all_whole(moves["Posts"])
    ranked = moves.assign(_row=range(len(moves))).sort_values(
        ["Posts", "Year", "_row"], ascending=[False, True, True], kind="stable"
    )
    return [
        move_sentence(row.Year, row.Role, row.From, row.To, row.Posts, whole)
        for row in ranked.head(most).itertuples(index=False)
    ]


def move_sentence(year: int, role: str, source: str, target: str, posts: float, whole: bool) -> str:
    """One move in words, e.g. "3 Researchers recruited to the Internet Investigations Unit, 2028"."""
    amount, one = _amount(posts, whole)
    people = role if one else plural(role)
    if source == RECRUITMENT:
        return f"{amount} {people} recruited to {with_article(target)}, {year}"
    if target == ATTRITION:
        what = "post" if one else "posts"
        when = "when its holder leaves" if one else "as people leave"
        return f"{amount} {role} {what} in {with_article(source)} left unfilled {when}, {year}"
    return f"{amount} {people} from {with_article(source)} to {with_article(target)}, {year}"


def yearly_totals(
    moves: pd.DataFrame,
    branch_of: Mapping[str, str] | None = None,
    years: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Year, Transfers, Recruited (Recruitment), Left unfilled as people leave (Attrition), Cross-branch
    transfers: what HR plans around.

    `branch_of` (unit -> branch) is needed for the cross-branch column, which
    is blank without it; `years` lists every plan year, so a year without
    moves shows zeros rather than no row.
    """
    if moves is None or moves.empty:
        moves = pd.DataFrame({"Year": [], "Role": [], "From": [], "To": [], "Posts": []})
    year_of = moves["Year"].astype(int).to_numpy()  # read once, not once a year
    posts = moves["Posts"].astype(float).to_numpy()
    kinds = move_kinds(moves, branch_of)
    rows = []
    for year in sorted(set(year_of.tolist()) | {int(y) for y in years or ()}):
        at = year_of == year
        sums = [float(np.nansum(posts[at & kinds[k]])) for k in _KINDS]
        if branch_of is None:
            sums[-1] = math.nan  # no branches, no cross-branch column
        rows.append([year, *(round(v, 6) for v in sums)])  # posts at 6 decimals: no float noise
    frame = pd.DataFrame(rows, columns=YEARLY_COLUMNS)
    return frame.astype({"Year": int, **{c: float for c in YEARLY_COLUMNS[1:]}})


#: The kinds of move the yearly totals add up, in YEARLY_COLUMNS' order.
_KINDS = ("transfer", "recruited", "left", "across")


def move_kinds(
    moves: pd.DataFrame, branch_of: Mapping[str, str] | None = None
) -> dict[str, np.ndarray]:
    """Which Moves rows are transfers, recruits, posts left unfilled, and transfers across
    branches (none without `branch_of`), by _KINDS' names: one mask each, in row order."""
    recruited = (moves["From"] == RECRUITMENT).to_numpy(dtype=bool)
    left = (moves["To"] == ATTRITION).to_numpy(dtype=bool)
    transfer = ~recruited & ~left
    across = np.zeros(len(moves), dtype=bool)
    if branch_of is not None:
        keys = {u: str(b or "").strip().casefold() for u, b in branch_of.items()}
        pairs = zip(moves["From"], moves["To"], strict=True)
        across = transfer & np.array([keys.get(a) != keys.get(b) for a, b in pairs], dtype=bool)
    return {"transfer": transfer, "recruited": recruited, "left": left, "across": across}


# --- Words ---------------------------------------------------------------------------


def plural(role: str) -> str:
    """A role's name in the plural: the last word takes the ending."""
    head, _, last = role.rstrip().rpartition(" ")
    lower = last.lower()
    if not last or lower in _SAME_IN_PLURAL:
        word = last
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "es"
    elif lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u"):
        word = last[:-1] + "ies"
    elif lower.endswith("man"):
        word = last[:-3] + last[-3:].replace("a", "e")
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def with_article(unit: str) -> str:
    """'the National Child Abuse Investigation Unit', but 'Drugs Investigation'.

    Only a name ending in a singular word for a body of people takes "the";
    plurals read well without ("to Major Investigation Teams").
    """
    name = str(unit).strip()
    words = name.split()
    if not words or words[0].lower() == "the":
        return name
    return f"the {name}" if words[-1].strip("().,").lower() in _NEEDS_THE else name


def _amount(posts: float, whole: bool) -> tuple[str, bool]:
    """The amount as shown, and whether it reads as one (singular)."""
    if whole:
        return f"{posts:,.0f}", round(posts) == 1
    if posts < 0.05:
        return "under 0.1", False
    return f"{posts:,.1f}", False


def _all_whole(posts: pd.Series) -> bool:
    values = posts.astype(float)
    return bool((values == values.round()).all())
