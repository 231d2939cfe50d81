"""What a study writes: its table (this run's rows and the others' kept), the Run log, a chart.

Plain data, as planner.report's Report is: both writers (the file route,
planner.studies.file, and a live book, planner.studies.live) draw it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner import layout
from planner.tables import RawTable, Unreadable


@dataclass(frozen=True)
class LineChart:
    """Column `y` against column `x`, a line per scenario (Excel draws it as a scatter with lines).

    A scatter chart is Excel's way of putting numbers (budgets) on the x axis
    at their true spacing; a line chart would space them as labels.
    `title` starts with one of planner.xlsx.book.CHART_TITLES, so the writer
    knows the chart for its own, even after LibreOffice has saved the file.
    """

    title: str
    x: str
    y: str
    x_title: str
    y_title: str
    x_format: str = '£#,##0,,"m"'
    y_format: str = "#,##0"


@dataclass
class StudyOutput:
    """Everything a writer needs: the study's table whole, the Run log whole, the chart."""

    table: layout.Table
    frame: pd.DataFrame  # the contract's columns; other scenarios' rows kept from before
    runlog: pd.DataFrame
    run_at: str
    title: str = ""
    chart: LineChart | None = None
    #: The caption of the sheet's button (the macro is the workbook's own).
    button: str = ""

    def chart_block(self) -> tuple[list[str], list[list[Any]]]:
        """The chart's data as Excel charts it: x first, then one column per scenario.

        A row's y sits in its scenario's column only, so each column is one
        scenario's line; the gaps between scenarios are blank.
        """
        chart = self.chart
        if chart is None:
            return [], []
        names = list(dict.fromkeys(str(s) for s in self.frame["Scenario"]))
        rows = []
        for _, row in self.frame.iterrows():
            line = [_number(row[chart.x])] + [None] * len(names)
            line[1 + names.index(str(row["Scenario"]))] = _number(row[chart.y])
            rows.append(line)
        return [chart.x_title, *names], rows


def merged(
    table: layout.Table,
    previous: dict[str, RawTable],
    new_rows: list[dict[str, Any]],
    order: list[str],
) -> pd.DataFrame:
    """This run's rows, plus earlier rows of scenarios that did not run, in scenario order."""
    ran = {str(r["Scenario"]) for r in new_rows}
    old = [r for r in previous_rows(table, previous) if str(r["Scenario"]) not in ran]
    rows = old + new_rows
    rank = {name: i for i, name in enumerate(order)}
    position = [rank.get(str(r["Scenario"]), len(rank)) for r in rows]
    rows = [rows[i] for i in np.argsort(position, kind="stable")]
    return frame_of(table, rows)


def previous_rows(table: layout.Table, previous: dict[str, RawTable]) -> list[dict[str, Any]]:
    """The rows of a table as the workbook holds them, by contract column; blank rows dropped."""
    raw = previous.get(table.name)
    if raw is None:
        return []
    rows = []
    for record in raw.records():
        row = {h: clean(record.get(h)) for h in table.headers}
        if any(v is not None for v in row.values()):
            rows.append(row)
    return rows


def frame_of(table: layout.Table, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Exactly the contract's columns, object dtype, None for a blank."""
    data = {h: [r.get(h) for r in rows] for h in table.headers}
    return pd.DataFrame(data, columns=table.headers, dtype=object)


def clean(value: Any) -> Any:
    """None for blanks, NaN and unreadable cells; plain Python numbers for numpy ones."""
    if value is None or isinstance(value, Unreadable):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _number(value: Any) -> float | None:
    value = clean(value)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
