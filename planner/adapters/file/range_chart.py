"""The Risk sheet's chart drawn with XlsxWriter: P10, P50 and P90 side by side per scenario.

A clustered column chart over the table's own cells: one series per
percentile column, one group of columns per scenario (a row of the table).
The middle column (P50) is Planner's navy, the outer two lighter, so each
group reads as a good future, the middle one and a bad one.
"""

from __future__ import annotations

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from planner import contract as layout
from planner.adapters.package.user_book import PLANNER_CHART
from planner.contract.look import NAVY
from planner.report.output_page import OUTPUT_TOP
from planner.studies.output import RangeChart

#: Colours of the value columns, outer ones lighter than the middle one.
COLOURS = ("#9DC3E6", NAVY, "#F4B183")


def add_range_chart(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    frame: pd.DataFrame,
    table: layout.Table,
    chart: RangeChart,
) -> None:
    """The chart beside the table, over its rows (a scenario with blanks shows no columns)."""
    drawn = wb.add_chart({"type": "column"})
    name = ws.get_name()
    top, bottom = OUTPUT_TOP + 1, OUTPUT_TOP + len(frame)
    category = table.headers.index(chart.category)
    for n, column in enumerate(chart.values):
        at = table.headers.index(column)
        colour = COLOURS[n % len(COLOURS)]
        drawn.add_series(
            {
                "name": [name, OUTPUT_TOP, at],
                "categories": [name, top, category, bottom, category],
                "values": [name, top, at, bottom, at],
                "fill": {"color": colour},
                "border": {"none": True},
                "gap": 80,
            }
        )
    drawn.set_title({"name": chart.title, "name_font": {"size": 12, "bold": True, "color": NAVY}})
    drawn.set_x_axis({"num_font": {"size": 9}})
    drawn.set_y_axis(
        {
            "name": chart.y_title,
            "name_font": {"size": 10, "bold": False},
            "num_format": chart.y_format,
            "num_font": {"size": 9},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    drawn.set_legend({"position": "bottom"})
    drawn.set_chartarea({"border": {"none": True}})
    drawn.set_size({"width": 760, "height": 440})
    options = {"description": PLANNER_CHART, "object_position": 1, "x_offset": 10}
    ws.insert_chart(OUTPUT_TOP, len(table.headers) + 1, drawn, options)
