"""How Planner's sheets look, in one place: colours, number formats, cell styles.

Both writers draw from here: the file writer (planner.adapters.file.render, with
XlsxWriter) and the Excel writer (planner.adapters.live.xl_book, with xlwings). A colour or a
number format changed here changes both, so a tab looks the same whichever
button or command made it. Also here: the names both writers agree on with
the template (the Start sheet's input-problem area).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from planner import contract as layout

# --- Colours -------------------------------------------------------------------

NAVY = "#1F3864"
GREY = "#595959"
LIGHT = "#F2F2F2"
RULE = "#D9D9D9"  # card borders and gridlines
WHITE = "#FFFFFF"
BLACK = "#000000"
BEFORE = "#A5A5A5"  # chart bars: today's posts
AFTER = "#2E75B6"  # chart bars: the plan
RED = "#C00000"
AMBER = "#BF8F00"
GREEN = "#38761D"
#: Excel's own "Bad" cell style: a stream below its floor or below 60%.
ALERT_FILL, ALERT_FONT = "#FFC7CE", "#9C0006"
#: Excel's own "Neutral" cell style: a banner over results that are not current.
BANNER_FILL, BANNER_FONT = "#FFEB9C", "#9C5700"
STATUS_COLOUR = {"Optimal": GREEN, "Time limit": AMBER, "Infeasible": RED}

TABLE_STYLE = "TableStyleMedium2"
LIST_STYLE = "TableStyleLight9"  # lighter, for lists that are not compared at a glance

# --- Number formats ------------------------------------------------------------

NUM = "#,##0"
ONE_DP = "#,##0.0"
PCT = "0.0%"
GBP_M = '£#,##0.0,,"m"'
CHANGE_FMT = "+#,##0;-#,##0;0"
CHANGE_FMT_1DP = "+#,##0.0;-#,##0.0;0.0"
PTS_FMT = '+0.0" pts";-0.0" pts";0.0" pts"'
GENERAL = "General"

#: Output columns on a relative scale: decimals there mean nothing to a reader.
HARM_COLUMNS = frozenset(
    {
        "Unmet harm",
        "Baseline unmet harm",
        "Harm reduction per £1m",
        "Unmet harm P10",
        "Unmet harm P50",
        "Unmet harm P90",
        "Mean unmet harm",
    }
)

# --- Names the template and both writers share ------------------------------------

#: Where the Start sheet lists input problems: a workbook-scoped name for the
#: area (planner.template.start_sheet makes it), else the cells below a heading that reads so.
PROBLEMS_NAME = "InputProblems"
PROBLEMS_HEADING = "Input problems"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_whole(values: Iterable[Any]) -> bool:
    """True when every number is a whole number (blanks and text are skipped)."""
    return all(float(v).is_integer() for v in values if is_number(v) and not math.isnan(v))


def posts_format(values: Iterable[Any]) -> str:
    """Posts: whole numbers as such, FTE with one decimal."""
    return NUM if is_whole(values) else ONE_DP


def change_format(values: Iterable[Any]) -> str:
    """A change in posts, always signed."""
    return CHANGE_FMT if is_whole(values) else CHANGE_FMT_1DP


def column_format(table: str, column: layout.Column, values: list[Any]) -> str | None:
    """The number format of an output column: by its kind, and whole or not by its data."""
    if column.name in HARM_COLUMNS:
        return NUM
    if column.name == "Change":
        return change_format(values)
    if column.name == "Seconds":
        return "0.00"
    if column.kind == layout.PERCENT:
        return PCT
    if column.kind == layout.MONEY:
        return GBP_M if table == "Comparison" else "£#,##0"
    if column.kind == layout.YEAR:
        return "0"
    if column.kind in (layout.NUMBER, layout.WHOLE):
        return posts_format(values)
    return None


# --- Cell styles ---------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How one cell looks. Every engine draws font, fill and number format; the
    file writer and Excel itself also draw wrapping, alignment and `box` (the
    thin grey border of a headline card's "top", "middle" or "bottom" cell)."""

    size: float = 11
    bold: bool = False
    italic: bool = False
    colour: str | None = None
    fill: str | None = None
    wrap: bool = False
    align: str | None = None
    valign: str | None = "top"
    box: str = ""
    #: A navy rule under the cell (section titles).
    rule: bool = False

    def filled(self, fill: str | None) -> Style:
        return replace(self, fill=fill)


PLAIN = Style()
MARKER = Style(size=9, bold=True, colour=GREY)
SCENARIO_NAME = Style(size=20, bold=True, colour=NAVY, valign=None)
DESCRIPTION = Style(size=12, italic=True, colour=NAVY, wrap=True)
#: A block of the scenario tab's first screen ("What it buys and gives up, in cases a year").
LEAD = Style(size=12, bold=True, colour=NAVY, valign=None)
#: The line between the first screen and the detail: "How this plan was found".
PART = Style(size=15, bold=True, colour=NAVY, fill=LIGHT, rule=True, valign=None)
FIGURE_TOTAL = Style(bold=True)
RUN_INFO = Style(size=9, colour=GREY)
SECTION = Style(size=13, bold=True, colour=NAVY, rule=True, valign=None)
HEADER = Style(bold=True, colour=WHITE, fill=NAVY)
HEADER_FIGURE = replace(HEADER, align="right")
#: A first-screen grid's figure header, wrapped over two lines where it is long.
HEADER_WRAP = replace(HEADER, align="right", wrap=True)
LINE = Style(wrap=True)
NOTE_LINE = Style(size=9, colour=GREY, wrap=True)
SMALL_NOTE = Style(size=9, colour=GREY)
BANNER = Style(size=12, bold=True, colour=BANNER_FONT, fill=BANNER_FILL, wrap=True)
ALERT = Style(bold=True, colour=ALERT_FONT, fill=ALERT_FILL)
CARD_LABEL = Style(size=10, bold=True, colour=GREY, fill=LIGHT, box="top")
CARD_VALUE = Style(
    size=22, bold=True, colour=NAVY, fill=LIGHT, align="left", valign="vcenter", box="middle"
)
CARD_NOTE = Style(size=9, colour=GREY, fill=LIGHT, wrap=True, box="bottom")
#: A key figure's name: wrapped when it is wider than its column (column A).
FIGURE_LABEL = Style(wrap=True)
FIGURE_NOTE = Style(size=9, colour=GREY, wrap=True)
FIGURE = PLAIN
FIGURE_BOLD = Style(bold=True, align="right")
#: Words in a column of figures ("Yes", "£0.4m over"), aligned with them.
FIGURE_TEXT = Style(align="right")


def status_style(status: str) -> Style:
    """The status sentence under the title, in its status's colour."""
    return Style(bold=True, wrap=True, colour=STATUS_COLOUR.get(status, GREY))
