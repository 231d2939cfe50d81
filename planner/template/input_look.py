"""How the input tables look: yellow input cells, number formats, widths and row heights."""

from __future__ import annotations

import math
from typing import Any

from planner import contract as layout
from planner.adapters.file.draw import column_width

# Colours: Planner's navy and greys (planner.adapters.file.render), yellow for inputs.
INPUT_FILL = "#FFF2CC"


INPUT_BORDER = "#BFBFBF"


INPUT_FONT = "#1F3864"


#: Number formats of input columns; a column not listed takes its kind's format.
INPUT_NUMBER_FORMATS = {
    "Annual cases": "#,##0",
    "Productive hours": "#,##0",
    "Min posts": "#,##0",
    "Max posts": "#,##0",
    "Max growth per year": "#,##0",
    "Annual growth %": "0.0%",
    "Growth low %": "0.0%",
    "Growth high %": "0.0%",
    "Budget change %": "0.0%",
    "Demand growth adjustment %": "0.0%",
}


KIND_FORMATS = {
    layout.MONEY: "£#,##0",
    layout.PERCENT: "0%",
    layout.YEAR: "0",
    layout.WHOLE: "0",
    layout.NUMBER: "General",
}


#: Width of wrapped text columns (Description, Notes).
TEXT_WIDTH = 80.0


def num_format(column: layout.Column, percent: str = "0%") -> str | None:
    if column.name in INPUT_NUMBER_FORMATS:
        return INPUT_NUMBER_FORMATS[column.name]
    if column.kind == layout.PERCENT:
        return percent
    return KIND_FORMATS.get(column.kind)


def alignment(column: layout.Column) -> dict[str, Any]:
    """Years and Yes/No centred; long text wrapped."""
    if column.kind in (layout.YEAR, layout.YESNO):
        return {"align": "center"}
    if column.name in ("Description", "Notes"):
        return {"text_wrap": True}
    return {}


def head_align(column: layout.Column) -> str | None:
    numeric = (layout.NUMBER, layout.WHOLE, layout.MONEY, layout.PERCENT)
    return "right" if column.kind in numeric else None


def input_width(column: layout.Column, values: list[Any]) -> float:
    if column.name in ("Description", "Notes"):
        return TEXT_WIDTH
    return column_width(column.name, values, cap=44) + 2


def row_height(table: layout.Table, row: list[Any]) -> float:
    """Tall enough for a wrapped Description or Notes cell; else Excel's default."""
    texts = [
        str(v)
        for h, v in zip(table.headers, row, strict=True)
        if h in ("Description", "Notes") and v
    ]
    return max([15.0, *(text_height(t, TEXT_WIDTH * 1.05) for t in texts)])


def text_lines(text: str, chars_per_line: float) -> int:
    return max(1, sum(math.ceil(max(len(part), 1) / chars_per_line) for part in text.split("\n")))


def text_height(text: str, chars_per_line: float) -> float:
    return 15.0 * text_lines(text, chars_per_line) + 3
