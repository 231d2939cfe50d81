"""What one cell may hold, and its typed value or the reason, in words, it is unusable.

The rules come from planner.contract (a Column's kind, bounds, choices) or a
Settings row, so a new column is checked by adding it to the layout.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner import contract as layout
from planner.check.cell_words import as_text, either, looks_numeric, num, show, stripped
from planner.contract import (
    CHOICE,
    LIST,
    MONEY,
    NAME,
    PERCENT,
    SETTING_ROWS,
    TEXT,
    WHOLE,
    YEAR,
    YESNO,
    Column,
)
from planner.read.tables import Unreadable


@dataclass(frozen=True)
class Spec:
    """What one cell may hold: a layout Column, or the Value of one Settings row."""

    kind: str
    required: bool = True
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] = ()
    name: str = ""  # the column's name, to say "a unit name"
    high_open: bool = False  # the value must be strictly below `high` (Turnover %)

    @classmethod
    def of(cls, column: Column) -> Spec:
        return cls(
            column.kind,
            column.required,
            column.low,
            column.high,
            column.low_open,
            column.choices,
            column.name,
            column.high_open,
        )

    @classmethod
    def of_setting(cls, name: str) -> Spec:
        kind, default, low, high, choices, _note = SETTING_ROWS[name]
        return cls(kind, default != "", low, high, False, choices)


class Bad(Exception):
    """A cell's value is unusable. `say(subject)` words why, naming the cell as asked.

    The subject ('Min posts for "MIT"') is only worded when there is a problem:
    a national Establishment has 300,000 cells that are fine.
    """

    def __init__(self, say: Callable[[str], str]):
        super().__init__()
        self.say = say


#: What each kind of cell should hold, in words.
_WHAT = {
    NAME: "a name",
    TEXT: "some text",
    layout.NUMBER: "a number",
    WHOLE: "a whole number",
    PERCENT: "a percentage such as 5%",
    MONEY: "an amount in pounds",
    YESNO: "Yes or No",
    YEAR: "a year such as 2027",
    LIST: "names separated by ;",
}


NUMERIC = (layout.NUMBER, WHOLE, PERCENT, MONEY, YEAR)


def _what(spec: Spec) -> str:
    if spec.kind == CHOICE:
        return either(spec.choices)
    if spec.kind == NAME and spec.name:
        return f"a {spec.name.lower()} name"
    return _WHAT.get(spec.kind, "a value")


def parse_value(value: Any, spec: Spec) -> Any:
    """The typed value of one cell, or Bad saying what is wrong with it.

    Numbers come back as float (int for years and whole numbers), Yes/No as
    bool, choices in their listed spelling, lists as tuples; blank as None.
    """
    if isinstance(value, Unreadable):
        raise Bad(lambda s: f"this cell ({s}) {value.reason}")
    value = stripped(value)
    if value is None:
        if spec.required:
            raise Bad(lambda s: f"{s} is blank; it should be {_what(spec)}")
        return None
    if spec.kind in NUMERIC:
        return _parse_number(value, spec)
    if spec.kind in (YESNO, CHOICE):
        choices = spec.choices or layout.YES_NO
        for choice in choices:
            if isinstance(value, str) and value.casefold() == choice.casefold():
                return choice == "Yes" if spec.kind == YESNO else choice
        raise Bad(lambda s: f"{s} should be {either(choices)}, not {show(value)}")
    text = as_text(value)
    if text is None:
        raise Bad(lambda s: f"{s} should be {_what(spec)}, not {show(value)}")
    if spec.kind == LIST:
        return tuple(part.strip() for part in text.split(";") if part.strip())
    return text


def _parse_number(value: Any, spec: Spec) -> float | int:
    what = _what(spec)
    if isinstance(value, str):
        if looks_numeric(value):
            raise Bad(
                lambda s: (
                    f'{s} holds "{value}" as text, not as a number; type it again as a '
                    "number (Excel keeps numbers pasted, or typed into a cell formatted as Text, "
                    "as text)"
                )
            )
        raise Bad(lambda s: f"{s} should be {what}, not {show(value)}")
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise Bad(lambda s: f"{s} should be {what}, not {show(value)}; format the cell as a number")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Bad(lambda s: f"{s} should be {what}, not {show(value)}")
    number = float(value)
    if spec.kind in (WHOLE, YEAR):
        if not number.is_integer():
            raise Bad(lambda s: f"{s} should be {what}, not {num(number)}")
        number = int(number)
    _check_bounds(number, spec)
    return number


def _check_bounds(value: float, spec: Spec) -> None:
    low, high = spec.low, spec.high
    too_low = low is not None and (value < low or (spec.low_open and value == low))
    too_high = high is not None and (value > high or (spec.high_open and value == high))
    if not (too_low or too_high):
        return
    shown = show(value, spec.kind)
    if spec.kind == PERCENT and abs(value) >= 1:
        shown = f"{num(value)}, that is {shown}"
    raise Bad(lambda s: f"{s} is {shown}; {_rule(spec)}{_percent_hint(value, spec)}")


def _rule(spec: Spec) -> str:
    """The allowed range in words: "it cannot be negative", "it must be between 1 and 10"."""
    low = None if spec.low is None else show(spec.low, spec.kind)
    high = None if spec.high is None else show(spec.high, spec.kind)
    if spec.low_open and high is None:
        return f"it must be above {low}"
    if high is None:
        return "it cannot be negative" if spec.low == 0 else f"it must be at least {low}"
    below = f"below {high}" if spec.high_open else f"at most {high}"
    if low is None:
        return f"it must be {below}"
    if spec.low_open:
        return f"it must be above {low} and {below}"
    if spec.high_open:
        return f"it must be at least {low} and {below}"
    return f"it must be between {low} and {high}"


def _percent_hint(value: float, spec: Spec) -> str:
    """The classic slip: 5 typed for 5%, which is 500%."""
    if spec.kind != PERCENT or abs(value) < 1:
        return ""
    meant = value / 100
    inside = (
        spec.low is None or meant > spec.low or (meant == spec.low and not spec.low_open)
    ) and (spec.high is None or meant < spec.high or (meant == spec.high and not spec.high_open))
    if not inside:
        return ""
    return (
        f". Did you mean {show(meant, PERCENT)}? Percentages are fractions: "
        f"type {num(value)}% or {meant:.10g}"
    )
