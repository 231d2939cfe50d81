"""The look of Planner's bar charts: categories top-down in the table's order, light gridlines."""

from __future__ import annotations

from typing import Any

from planner.contract.look import NAVY


def value_axis(num_format: str) -> dict[str, Any]:
    return {
        "num_format": num_format,
        "num_font": {"size": 9},
        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
    }


def style_bar_chart(chart: Any, title: str, num_format: str) -> None:
    chart.set_title({"name": title, "name_font": {"size": 12, "bold": True, "color": NAVY}})
    # In an XlsxWriter bar chart the y axis holds the categories: reversed, they
    # read top-down in the table's order.
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 9}})
    chart.set_x_axis(value_axis(num_format))
    chart.set_legend({"position": "top"})
    chart.set_chartarea({"border": {"none": True}})
