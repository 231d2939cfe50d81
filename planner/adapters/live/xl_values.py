"""Values as xlwings writes them: plain Python, blanks as None, and text that stays text.

Excel converts what looks like a formula, number or date; a scenario called
"=1+1" or "2027-01" must stay as typed, so text that Excel would convert
gets Excel's own text mark.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "'")


_NUMBERISH = re.compile(r"^[\s£$€(]*[-+]?[\d.,\s]+(e[-+]?\d+)?[%)]?\s*$", re.IGNORECASE)


_DATEISH = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?([ T].*)?$")


_TIMEISH = re.compile(r"^\s*\d{1,2}:\d{2}")


def text_cell(value: Any) -> Any:
    """Text exactly as given: Excel must not read it as a formula, number or date.

    A leading apostrophe is Excel's own "this is text" mark; it is not part of
    the cell's value. It is added only where Excel would otherwise convert.
    """
    if not isinstance(value, str) or value == "":
        return value if value != "" else None
    if (
        value.startswith(FORMULA_START)
        or value.strip().upper() in ("TRUE", "FALSE")
        or _NUMBERISH.match(value)
        or _DATEISH.match(value)
        or _TIMEISH.match(value)
    ):
        return "'" + value
    return value


def cell_value(value: Any) -> Any:
    """One value as xlwings writes it: plain Python, blanks as None, text kept text."""
    if value is None:
        return None
    if isinstance(value, str):
        return text_cell(value)
    if isinstance(value, bool):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, datetime | date):
        return value
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


def table_values(headers: Sequence[str], frame: pd.DataFrame | None) -> list[list[Any]]:
    """The body of a table as rows in `headers` order; missing columns are blank.

    Column by column rather than cell by cell: numbers go through pandas in one
    step, and only text and odd values are looked at one by one.
    """
    if frame is None or frame.empty:
        return []
    columns = [_column_values(frame[h]) if h in frame.columns else None for h in headers]
    blank = [None] * len(frame)
    return [
        list(row) for row in zip(*(c if c is not None else blank for c in columns), strict=True)
    ]


def _column_values(column: pd.Series) -> list[Any]:
    if not pd.api.types.is_float_dtype(column):
        return [cell_value(v) for v in column.tolist()]
    numbers = column.astype("float64")
    return [None if (math.isnan(v) or math.isinf(v)) else v for v in numbers.tolist()]


def text_bars(values: Iterable[Any], width: int = 20) -> list[str]:
    """Unicode block bars scaled to the largest value."""
    numbers = [v if isinstance(v, int | float) and not isinstance(v, bool) else 0 for v in values]
    top = max((abs(v) for v in numbers), default=0) or 1
    return ["█" * round(width * abs(v) / top) for v in numbers]
