"""Finding the cell a warning is about, by the row's key, in the tables as read."""

from __future__ import annotations

from typing import Any

from planner.check.cell_words import num
from planner.check.names import fold as _fold
from planner.read.tables import RawTable


def cell_of(raw: RawTable, key: dict[str, Any], column: str) -> str:
    """The cell in `column` of the first row whose key columns hold `key`.

    Keys compare as the validator compares them (spaces and capitals aside);
    without such a row, the column's header.
    """
    wanted = {k: _fold(v) for k, v in key.items()}
    at = {k: raw.headers.index(k) for k in key if k in raw.headers}
    if len(at) == len(key):
        for i, row in enumerate(raw.rows):
            if all(i_ < len(row) and _fold(row[i_]) == wanted[k] for k, i_ in at.items()):
                return raw.cell(i, column)
    return raw.cell(None, column)


def cells_of(raw: RawTable, key: dict[str, Any], column: str) -> list[str]:
    """Every cell in `column` of the rows whose key columns hold `key`."""
    wanted = {k: _fold(v) for k, v in key.items()}
    at = {k: raw.headers.index(k) for k in key if k in raw.headers}
    if len(at) != len(key):
        return []
    return [
        raw.cell(i, column)
        for i, row in enumerate(raw.rows)
        if all(i_ < len(row) and _fold(row[i_]) == wanted[k] for k, i_ in at.items())
    ]


def money(value: float) -> str:
    """Pounds as finance staff write them: £74,230,000; £74.60."""
    if float(value).is_integer():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


#: A number as the input problems write it (40, 2.5, 1,200,000): one rule for both.
number = num
