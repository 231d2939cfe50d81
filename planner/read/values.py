"""Cell values as keys and figures: blanks, NaN and numpy numbers made plain.

Output tables read back from a workbook hold 2027.0 where a scenario was
called "2027" and NaN where a cell was blank; these turn them into what the
rows mean, so a re-run matches its earlier rows.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from planner.read.tables import Unreadable


def clean(value: Any) -> Any:
    """None for blanks, NaN and unreadable cells; plain Python numbers for numpy ones."""
    kind = type(value)
    if kind is str or kind is int:
        return value
    if kind is float:
        return None if math.isnan(value) or math.isinf(value) else value
    if value is None or isinstance(value, Unreadable):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item") and not isinstance(value, str):
        return clean(value.item())
    return value


def key_text(value: Any) -> str:
    """A key as text: 2027.0 read from a cell is the name "2027"."""
    value = clean(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
