"""Every number in a report under the one rounding rule, whichever writer writes it.

Both writers (the file writer in planner.adapters.file and xlwings in a live book) take
a `planner.report.workbook_report.Report`, so tidying the report once makes both routes write
the same figures: no 1.8189894035458565e-12 served hours, no
13891.500000000002. The rule itself is `optimise.rounding`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from optimise.rounding import tidy, tidy_array

_NUMBER_COLUMNS = ("floating", "mixed-integer-float")


def tidy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose float columns (object columns of numbers too) follow the rule.

    The copy is made in one go from its columns (each column set on a copy
    one at a time was a fifth of building a report).
    """
    if frame.columns.has_duplicates or not frame.index.is_unique:  # as it is: the copy
        return _tidy_each(frame)
    return pd.DataFrame(
        {name: _tidy_column(frame[name]) for name in frame.columns}, index=frame.index
    )


def _tidy_each(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for n in range(out.shape[1]):
        out.isetitem(n, _tidy_column(out.iloc[:, n]))
    return out


def _tidy_column(column: pd.Series) -> pd.Series:
    if pd.api.types.is_float_dtype(column):
        return pd.Series(tidy_array(column.to_numpy()), index=column.index, name=column.name)
    if column.dtype == object:
        kind = pd.api.types.infer_dtype(column, skipna=True)
        if kind in _NUMBER_COLUMNS:
            numbers = tidy_array(pd.to_numeric(column).to_numpy(dtype=float))
            blank = column.isna().to_numpy()
            return pd.Series(
                np.where(blank, None, numbers.astype(object)), index=column.index, dtype=object
            )
        if kind == "mixed":
            return column.map(tidy)
    return column.copy()


def tidy_report(value: Any) -> Any:
    """A report (or any part of one: a frame, a scenario tab, a headline) with tidy numbers."""
    if isinstance(value, pd.DataFrame):
        return tidy_frame(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: tidy_report(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {key: tidy_report(item) for key, item in value.items()}
    if isinstance(value, list):
        return [tidy_report(item) for item in value]
    if isinstance(value, tuple):
        return tuple(tidy_report(item) for item in value)
    return tidy(value)
