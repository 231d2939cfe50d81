"""A banner on the tab of a scenario deleted from the Scenarios table (file route).

Such a tab is not redrawn (its scenario did not run, and its results are all
the workbook has of it), so the banner is written into the tab as it stands:
cell A3, the line under the scenario's name, becomes the warning in bold red,
and nothing else of the tab changes. The marker cells A1 and A2 stay, so a
scenario of the same name, added again and run, replaces the tab as before.
"""

from __future__ import annotations

import re

from planner.xlsx import xmlspan
from planner.xlsx.book import Book, scenario_carriers
from planner.xlsx.cells import text_xml
from planner.xlsx.package import RT_STYLES

BANNER_CELL, BANNER_ROW = "A3", 3
RED = "FFC00000"


def add_banners(book: Book, banners: dict[str, str]) -> None:
    """Write each banner into its scenario's tab, where the workbook has one."""
    tabs = {name: sheet for name, sheet in scenario_carriers(book).items() if name in banners}
    if not tabs:
        return
    style = _banner_style(book)
    for scenario, sheet in tabs.items():
        data = book.package.get(sheet.part)
        book.package.put(sheet.part, _set_cell(data, banners[scenario], style))


def _set_cell(data: bytes, text: str, style: int) -> bytes:
    """The sheet with A3 holding `text` as an inline string in `style`."""
    root = xmlspan.parse(data)
    rows = root.find("sheetData")
    if rows is None:
        return data
    p = xmlspan.prefix(data, rows)
    cell = (
        f'<{p}c r="{BANNER_CELL}" s="{style}" t="inlineStr"><{p}is>{_text(text, p)}</{p}is></{p}c>'
    )
    row = next((r for r in rows.findall("row") if r.attrs.get("r") == str(BANNER_ROW)), None)
    if row is None:
        later = next(
            (r for r in rows.findall("row") if int(r.attrs.get("r", 0)) > BANNER_ROW), None
        )
        at = later.start if later is not None else rows.close
        new_row = f'<{p}row r="{BANNER_ROW}">{cell}</{p}row>'.encode()
        if rows.empty:
            from planner.xlsx.package import open_empty

            return xmlspan.apply(data, [open_empty(data, rows, new_row)])
        return xmlspan.apply(data, [(at, at, new_row)])
    old = next((c for c in row.findall("c") if c.attrs.get("r") == BANNER_CELL), None)
    if old is not None:
        return xmlspan.apply(data, [(old.start, old.end, cell.encode())])
    if row.empty:
        from planner.xlsx.package import open_empty

        return xmlspan.apply(data, [open_empty(data, row, cell.encode())])
    return xmlspan.apply(data, [(row.head_end, row.head_end, cell.encode())])  # A is first


def _text(text: str, prefix: str) -> str:
    return re.sub(r"^<t", f"<{prefix}t", text_xml(text)).replace("</t>", f"</{prefix}t>")


def _banner_style(book: Book) -> int:
    """A cell style for the banner (bold red), added to styles.xml; its index."""
    package = book.package
    part = next(r.target for r in package.rels(book.main) if r.type == RT_STYLES)
    data = package.get(part)
    root = xmlspan.parse(data)
    fonts, xfs = root.find("fonts"), root.find("cellXfs")
    p = xmlspan.prefix(data, root)
    font = f'<{p}font><{p}b/><{p}sz val="12"/><{p}color rgb="{RED}"/><{p}name val="Calibri"/></{p}font>'
    fonts_now = [data[f.start : f.end].decode() for f in fonts.findall("font")]
    font_id = fonts_now.index(font) if font in fonts_now else len(fonts_now)
    xf = f'<{p}xf numFmtId="0" fontId="{font_id}" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    xfs_now = [data[x.start : x.end].decode() for x in xfs.findall("xf")]
    if xf in xfs_now:  # an earlier run added it: styles.xml does not grow run after run
        return xfs_now.index(xf)
    splices = [
        xmlspan.set_attr(data, xfs, "count", str(len(xfs_now) + 1)),
        (xfs.close, xfs.close, xf.encode()),
    ]
    if font_id == len(fonts_now):
        splices += [
            xmlspan.set_attr(data, fonts, "count", str(font_id + 1)),
            (fonts.close, fonts.close, font.encode()),
        ]
    package.put(part, xmlspan.apply(data, splices))
    return len(xfs_now)
