"""A sheet's print layout (planner.report.print_layout) set with XlsxWriter."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from planner.report.print_layout import PrintLayout


def set_print(ws: Worksheet, layout: PrintLayout) -> None:
    """Paper, orientation, one page wide, the print area, its page breaks and title rows."""
    ws.set_paper(layout.paper)
    if layout.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if layout.margins is not None:
        ws.set_margins(**layout.margins)
    ws.fit_to_pages(layout.pages_wide, 0)  # as tall as it needs: the breaks hold
    ws.print_area(0, 0, layout.last_row, layout.last_col)
    breaks = [first for first, _ in layout.pages()[1:]]
    if breaks:
        ws.set_h_pagebreaks(breaks)
    if layout.title_rows is not None:
        ws.repeat_rows(*layout.title_rows)
