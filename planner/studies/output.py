"""What a study writes: its table (this run's rows and the others' kept), the Run log, a chart.

Plain data, as planner.report.workbook_report's Report is: both writers (the file route,
planner.adapters.file.study_file, and a live book, planner.adapters.live.xl_study) draw it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner import contract as layout
from planner.read.tables import RawTable
from planner.read.values import clean
from planner.report.output_rows import previous_rows, table_frame


@dataclass(frozen=True)
class LineChart:
    """Column `y` against column `x`, a line per scenario (Excel draws it as a scatter with lines).

    A scatter chart is Excel's way of putting numbers (budgets) on the x axis
    at their true spacing; a line chart would space them as labels.
    `title` starts with one of planner.contract.words.CHART_TITLES, so the writer
    knows the chart for its own, even after LibreOffice has saved the file.
    """

    title: str
    x: str
    y: str
    x_title: str
    y_title: str
    x_format: str = '£#,##0,,"m"'
    y_format: str = "#,##0"
    #: The chart type a live book (xlwings) is asked for.
    chart_type: str = "xy_scatter_lines"


@dataclass(frozen=True)
class RangeChart:
    """Columns `values` side by side for each `category` row: a clustered column chart.

    The Risk sheet's P10, P50 and P90 per scenario: the spread of unmet harm
    across futures, scenario by scenario. Columns rather than a high-low line,
    because LibreOffice draws those without the lines.
    """

    title: str
    category: str
    values: tuple[str, ...]
    y_title: str
    y_format: str = "#,##0"
    x_format: str = "General"
    chart_type: str = "column_clustered"


@dataclass(frozen=True)
class TornadoChart:
    """One scenario's rows as bars, side by side for each `series` value (a clustered bar chart).

    The Sensitivity sheet's tornado: the `top` categories (assumptions) whose
    larger `value` is largest, largest on top, one bar per `series` value
    (-p and +p) each. The scenario is Settings' `Sensitivity chart scenario`
    when it names one of the table's, else the first. Its data sits in a
    block beside the table (the table's rows are in another order).
    """

    title: str
    category: str
    series: str
    value: str
    x_title: str
    top: int = 10
    y_format: str = "#,##0"
    x_format: str = "General"
    chart_type: str = "bar_clustered"

    def scenario(self, frame: pd.DataFrame, wanted: str) -> str | None:
        names = list(dict.fromkeys(str(s) for s in frame["Scenario"]))
        folded = {n.casefold(): n for n in names}
        return folded.get((wanted or "").strip().casefold(), names[0] if names else None)

    def block(self, frame: pd.DataFrame, wanted: str) -> tuple[list[str], list[list[Any]]]:
        """[category, one column per series], the top rows, largest first."""
        name = self.scenario(frame, wanted)
        if name is None:
            return [], []
        rows = frame[frame["Scenario"].astype(str) == name]
        failed = rows[rows[self.value].isna()]
        rows = rows[rows[self.value].notna()]
        if rows.empty:
            return [], []
        no_plan: dict[str, list[str]] = {}
        for _, row in failed.iterrows():
            no_plan.setdefault(row[self.category], []).append(_series_name(float(row[self.series])))
        series = sorted({float(s) for s in rows[self.series]})
        table = rows.pivot_table(
            index=self.category, columns=self.series, values=self.value, aggfunc="first"
        )
        order = table.max(axis=1).sort_values(ascending=False, kind="stable")
        first = list(dict.fromkeys(rows[self.category]))
        order = sorted(order.index, key=lambda a: (-round(float(order[a]), 6), first.index(a)))
        headers = [self.category, *(_series_name(s) for s in series)]
        body = [
            [_with_no_plan(a, no_plan.get(a)), *(_number(table.loc[a].get(s)) for s in series)]
            for a in order[: self.top]
        ]
        return headers, body


def _with_no_plan(label: str, directions: list[str] | None) -> str:
    """An assumption's label, saying which direction leaves no plan at all (it has no bar)."""
    if not directions:
        return label
    return f"{label} ({' or '.join(directions)}: no plan)"


def _series_name(change: float) -> str:
    """ "25% less" / "25% more" for a Change % of -0.25 / +0.25."""
    if abs(change) < 1e-12:
        return "Unchanged"
    return f"{abs(change):.0%} {'less' if change < 0 else 'more'}"


@dataclass
class StudyOutput:
    """Everything a writer needs: the study's table whole, the Run log whole, the chart."""

    table: layout.Table
    frame: pd.DataFrame  # the contract's columns; other scenarios' rows kept from before
    runlog: pd.DataFrame
    run_at: str
    title: str = ""
    chart: LineChart | RangeChart | TornadoChart | None = None
    #: The caption of the sheet's button (the macro is the workbook's own).
    button: str = ""
    #: The scenario a TornadoChart shows (Settings' Sensitivity chart scenario; blank: first).
    focus: str = ""

    def figures(self) -> tuple[str, int]:
        """The chart's first heading (where its figures start) and how many columns they
        take: what the notes rule needs to tell them from a user's (planner.report.kept_notes)."""
        chart = self.chart
        if chart is None:
            return "", 0
        heading = chart.x_title if isinstance(chart, LineChart) else chart.category
        return heading, len(self.chart_block()[0])

    def chart_block(self) -> tuple[list[str], list[list[Any]]]:
        """The chart's data as Excel charts it: x first, then one column per scenario.

        A row's y sits in its scenario's column only, so each column is one
        scenario's line; the gaps between scenarios are blank. A RangeChart's
        block is its category column and its value columns, row by row.
        """
        chart = self.chart
        if chart is None:
            return [], []
        if isinstance(chart, TornadoChart):
            return chart.block(self.frame, self.focus)
        if isinstance(chart, RangeChart):
            return [chart.category, *chart.values], [
                [row[chart.category], *(_number(row[c]) for c in chart.values)]
                for _, row in self.frame.iterrows()
            ]
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
    return table_frame(table, rows)


def _number(value: Any) -> float | None:
    value = clean(value)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
