"""Suggesting the name a user meant: one rule for the workbook and the command line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


def fold(value: Any) -> Any:
    """A key as people compare it: capitals and 2028 vs 2028.0 do not matter."""
    if isinstance(value, str):
        return value.strip().casefold()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """A hint at the name meant: same but for capitals, part of one name, or close.

    Returns '. Did you mean "X"?' (to follow a sentence) or "" when nothing is close.
    """
    close = closest(value, known)
    if close is None:
        return ""
    if close.casefold() == value.casefold():
        return f'. Did you mean "{close}"? Capitals matter here'
    return f'. Did you mean "{close}"?'


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known name most like `value`, or None when none is close enough."""
    known = sorted(k for k in known if isinstance(k, str))
    folded = value.casefold()
    for k in known:
        if k.casefold() == folded:
            return k
    within = [k for k in known if folded in k.casefold() or k.casefold() in folded]
    close = within if len(within) == 1 else difflib.get_close_matches(value, known, 1, 0.6)
    return close[0] if close else None


def listed(names: Iterable[str], limit: int = 12) -> str:
    """Names as a list in a sentence: "A", "B" and "C" (the first `limit`, then how many more)."""
    names = [f'"{n}"' for n in names]
    more = len(names) - limit
    if more > 0:
        names = [*names[:limit], f"{more} more"]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
