"""How a sheet Planner writes prints, described once (docs/workbook.md, "Printed pages":
one page wide, no block split across pages where it fits on one).

A `PrintLayout` says which rows and columns print, which rows start a printed
page, which rows repeat at the top of each page, and the paper (A4, one page wide,
as tall as it needs: landscape for output sheets, portrait for a scenario tab). The file painter
(planner.adapters.file.print_setup) and the live writer
(planner.adapters.live.xl_print) both draw it, each as far as its engine can:
XlsxWriter and desktop Excel set page breaks; xlwings' remote clients cannot
(docs/xlwings-remote.md), so they get the same pages as a print area of one
range per page, which Excel and LibreOffice print each on a page of its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from planner.report import scenario_tab
from planner.report.output_page import OUTPUT_TOP

#: Excel's paper code for A4.
A4 = 9
#: An A4 landscape page's printable width and height in points (Excel's default margins).
PAPER_WIDTH, PAPER_HEIGHT = 741.0, 487.0
#: A row's height in points unless it is set.
ROW_POINTS = 15.0


@dataclass(frozen=True)
class PrintLayout:
    """What prints, and where its pages start. Rows and columns are 0-based."""

    last_row: int
    last_col: int
    #: Rows a printed page starts at, besides the first row.
    breaks: tuple[int, ...] = ()
    #: Rows printed again at the top of every page (a long table's header), or None.
    title_rows: tuple[int, int] | None = None
    landscape: bool = True
    paper: int = A4
    pages_wide: int = 1
    #: Margins in inches ("left", "right", "top", "bottom"), or None for Excel's own.
    margins: dict[str, float] | None = None

    def pages(self) -> list[tuple[int, int]]:
        """Each printed page's first and last row."""
        starts = [0, *sorted(b for b in set(self.breaks) if 0 < b <= self.last_row)]
        ends = [s - 1 for s in starts[1:]] + [self.last_row]
        return list(zip(starts, ends, strict=True))

    def area(self, sheet: str | None = None) -> str:
        """The print area as one range: "$A$1:$N$80" (with its sheet when given)."""
        return _range(0, self.last_row, self.last_col, sheet)

    def page_areas(self, sheet: str | None = None) -> str:
        """The print area as one range a page: "$A$1:$N$40,$A$41:$N$80". Excel prints
        each range of a print area on a page of its own: breaks without a break."""
        return ",".join(_range(a, b, self.last_col, sheet) for a, b in self.pages())


def _range(first: int, last: int, last_col: int, sheet: str | None) -> str:
    prefix = f"{quote_sheet(sheet)}!" if sheet else ""
    return f"{prefix}$A${first + 1}:${xl_col_to_name(last_col)}${last + 1}"


def quote_sheet(name: str) -> str:
    """A sheet name as a formula names it: quoted, quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


def page_points(widths: Sequence[float]) -> float:
    """Points of sheet rows one printed page holds when the columns are fitted to its width."""
    width = sum((w * 7 + 5) * 0.75 for w in widths)  # characters -> points, as Excel does
    scale = min(1.0, PAPER_WIDTH / width) if width else 1.0
    return PAPER_HEIGHT / scale


def scenario_tab_print(last_row: int, last_col: int, breaks: Sequence[int]) -> PrintLayout:
    """A scenario tab: its whole page (planner.report.scenario_tab), its own page breaks,
    on the paper the tab is laid out for (a board paper's page: A4 portrait)."""
    return PrintLayout(
        last_row,
        last_col,
        tuple(sorted(set(breaks))),
        landscape=not scenario_tab.PORTRAIT,
        margins=dict(scenario_tab.MARGINS),
    )


def output_sheet_print(
    rows: int,
    columns: int,
    chart: tuple[int, float] | None = None,
    widths: Sequence[float] = (),
    heights: dict[int, float] | None = None,
    top: int = OUTPUT_TOP,
) -> PrintLayout:
    """An output sheet: the lines above the table, the table `rows` long and `columns`
    wide (its header on every page) and the chart below it (`chart`: its first row and
    height in pixels), which starts a page of its own when the two do not fit on one
    but it does (`widths`, `heights`: the columns' widths and the rows' set heights;
    `top`: the table's header row, where Planner puts it unless a user moved it)."""
    heights = heights or {}
    last, breaks = top + max(rows, 1), ()
    if chart is not None:
        row, pixels = chart
        last = row + math.ceil(pixels / 20)
        page = page_points(widths)
        above = sum(heights.get(r, ROW_POINTS) for r in range(row))
        if above + pixels * 0.75 > page >= pixels * 0.75:
            breaks = (row,)
    return PrintLayout(last, columns - 1, breaks, title_rows=(top, top))
