"""A banner on the tab of a scenario deleted from the Scenarios table (file route).

Such a tab is not redrawn (its scenario did not run, and its results are all
the workbook has of it), so the banner is written into the tab as it stands:
cell A3, the line under the scenario's name, becomes the warning in bold red,
and nothing else of the tab changes. The marker cells A1 and A2 stay, so a
scenario of the same name, added again and run, replaces the tab as before.
"""

from __future__ import annotations

import re

from planner.adapters.package import xmlspan
from planner.adapters.package.opc_package import RT_STYLES, open_empty
from planner.adapters.package.user_book import Book, scenario_carriers
from planner.adapters.package.xml_rows import text_xml
from planner.contract import look
from planner.report.output_page import BANNER_CELL, BANNER_ROW

#: planner.contract.look's banner colours (Excel's "Neutral" style) as styles.xml spells them.
FONT, FILL = ("FF" + colour.lstrip("#") for colour in (look.BANNER_FONT, look.BANNER_FILL))


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
            return xmlspan.apply(data, [open_empty(data, rows, new_row)])
        return xmlspan.apply(data, [(at, at, new_row)])
    old = next((c for c in row.findall("c") if c.attrs.get("r") == BANNER_CELL), None)
    if old is not None:
        return xmlspan.apply(data, [(old.start, old.end, cell.encode())])
    if row.empty:
        return xmlspan.apply(data, [open_empty(data, row, cell.encode())])
    return xmlspan.apply(data, [(row.head_end, row.head_end, cell.encode())])  # A is first


def _text(text: str, prefix: str) -> str:
    return re.sub(r"^<t", f"<{prefix}t", text_xml(text)).replace("</t>", f"</{prefix}t>")


def _banner_style(book: Book) -> int:
    """A cell style for the banner (bold, Excel's Neutral colours) in styles.xml; its index.

    A style an earlier run added is found again, so styles.xml does not grow
    run after run.
    """
    package = book.package
    part = next(r.target for r in package.rels(book.main) if r.type == RT_STYLES)
    data = package.get(part)
    root = xmlspan.parse(data)
    p = xmlspan.prefix(data, root)
    font = f'<{p}font><{p}b/><{p}sz val="12"/><{p}color rgb="{FONT}"/><{p}name val="Calibri"/></{p}font>'
    fill = f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{FILL}"/></{p}patternFill></{p}fill>'
    splices: list[tuple[int, int, bytes]] = []
    font_id = _find_or_add(data, root.find("fonts"), "font", font, splices)
    fill_id = _find_or_add(data, root.find("fills"), "fill", fill, splices)
    xf = (
        f'<{p}xf numFmtId="0" fontId="{font_id}" fillId="{fill_id}" borderId="0" xfId="0" '
        'applyFont="1" applyFill="1"/>'
    )
    xf_id = _find_or_add(data, root.find("cellXfs"), "xf", xf, splices)
    if splices:
        package.put(part, xmlspan.apply(data, splices))
    return xf_id


def _find_or_add(data: bytes, parent: xmlspan.Element, tag: str, xml: str, splices: list) -> int:
    """The index of the child written exactly as `xml`, or of a new one added at the end."""
    written = [data[c.start : c.end].decode() for c in parent.findall(tag)]
    if xml in written:
        return written.index(xml)
    splices.append(xmlspan.set_attr(data, parent, "count", str(len(written) + 1)))
    splices.append((parent.close, parent.close, xml.encode()))
    return len(written)
