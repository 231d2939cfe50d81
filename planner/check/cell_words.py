"""Cell values shown in messages as the user typed or sees them: "MIT", 40, 5%, £1,200.

A finance officer reads every input message; a value quoted back in Excel's
own terms (not Python's 0.05 or True) is one they can find in the sheet.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from planner import contract as layout
from planner.contract import MONEY, PERCENT, YEAR


def stripped(value: Any) -> Any:
    """Text without the spaces no one can see; a cell of spaces is blank."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def blank(value: Any) -> bool:
    return stripped(value) is None


def as_text(value: Any) -> str | None:
    """A name or text; a number typed as a name (unit 101) reads as its digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return num(value).replace(",", "")


_NUMBER_TEXT = re.compile(r"^[-+]?£?\s*[-+]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?\s*%?$", re.I)


def looks_numeric(text: str) -> bool:
    return bool(_NUMBER_TEXT.match(text.strip()))


def num(value: float) -> str:
    """A number as a person writes it: 40, 2.5, 1,200,000."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.10g}"


def show(value: Any, kind: str = layout.NUMBER) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime | datetime.date):
        return f"a date ({value:%d/%m/%Y})"
    if isinstance(value, datetime.time | datetime.timedelta):
        return f"a time ({value})"
    if not isinstance(value, int | float):
        return f'"{value}"'
    if kind == PERCENT:
        return f"{value * 100:,.10g}%"
    if kind == YEAR and float(value).is_integer():
        return str(int(value))
    if kind == MONEY:
        return f"-£{num(-value)}" if value < 0 else f"£{num(value)}"
    return num(value)


def either(choices: Iterable[str]) -> str:
    choices = list(choices)
    if len(choices) <= 2:
        return " or ".join(choices)
    return "one of " + ", ".join(choices[:-1]) + " or " + choices[-1]


def quoted(value: Any, kind: str = YEAR) -> str:
    return f'"{value}"' if isinstance(value, str) else show(value, kind)


#: A row of each table is "a unit", "a unit and role pair"...
NOUNS = {
    "Settings": "setting",
    "Units": "unit",
    "Roles": "role",
    "Establishment": "unit and role pair",
    "Demand": "stream",
    "Skills": "stream and role pair",
    "Budget": "year",
    "Scenarios": "scenario",
    "Overrides": "change",
    "HarmCurve": "coverage level",
}


#: What a table needs at least one row of, and what to say when it has none.
NOT_EMPTY = {
    "Units": "list the units to plan",
    "Roles": "list the roles (post types)",
    "Demand": "list the work (demand streams)",
    "Scenarios": "add a scenario, such as Baseline with Run = Yes",
}
