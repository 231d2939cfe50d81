"""A sheet's print layout (planner.report.print_layout) set through xlwings, as far as
the engine behind the book can (docs/xlwings-remote.md, "Printing").

- Desktop Excel (RunPython): the whole page setup through Excel's own object
  model: A4, its orientation and margins, one page wide, print area, page breaks, title rows.
- xlwings Server's Office.js client: the print area (`setPrintArea`), one range
  a printed page, which Excel prints each on a page of its own. Orientation,
  fitting to the page's width and title rows have no action there.
- The VBA client (`RunRemotePython`): no print action either; the print area is
  a sheet-level name, Print_Area, which `namesAdd` can set, again one range a page.

What a client cannot set stays as the sheet had it: an output sheet keeps the
template's page setup (A4 landscape, one page wide, the table's header on
every page); a new scenario tab starts with Excel's defaults.
"""

from __future__ import annotations

import logging
from typing import Any

from planner.adapters.live.xl_capabilities import OFFICEJS_CLIENT, VBA_CLIENT, Capabilities
from planner.report.print_layout import PrintLayout

log = logging.getLogger(__name__)

#: Excel's constants (XlPageOrientation).
LANDSCAPE, PORTRAIT = 2, 1


def set_print(caps: Capabilities, sheet: Any, layout: PrintLayout) -> None:
    """The layout on `sheet`, in the way its engine allows."""
    if caps.engine != "remote":
        _desktop(sheet, layout)
    elif caps.client == OFFICEJS_CLIENT:
        sheet.page_setup.print_area = layout.page_areas()
    elif caps.client == VBA_CLIENT:
        sheet.names.add("Print_Area", "=" + layout.page_areas(sheet.name))
    else:
        log.debug("no print area on the %s client", caps.client)


def _desktop(sheet: Any, layout: PrintLayout) -> None:
    """Excel's PageSetup on Windows; where that object model is not there (Excel for
    Mac speaks AppleScript), the print area one range a page, as the remote clients."""
    try:
        api = sheet.api
        setup = api.PageSetup
        setup.PaperSize = layout.paper
        setup.Orientation = LANDSCAPE if layout.landscape else PORTRAIT
        for side, inches in (layout.margins or {}).items():  # LeftMargin, ... in points
            setattr(setup, f"{side.capitalize()}Margin", inches * 72)
        setup.Zoom = False
        setup.FitToPagesWide = layout.pages_wide
        setup.FitToPagesTall = False
        setup.PrintArea = layout.area()
        if layout.title_rows is not None:
            first, last = layout.title_rows
            setup.PrintTitleRows = f"${first + 1}:${last + 1}"
        api.ResetAllPageBreaks()
        for first, _ in layout.pages()[1:]:
            api.HPageBreaks.Add(sheet.range((first + 1, 1)).api)
    except Exception:  # any engine without that object model
        log.debug("Excel's PageSetup is not available here", exc_info=True)
        sheet.page_setup.print_area = layout.page_areas()
