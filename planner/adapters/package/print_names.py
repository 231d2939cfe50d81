"""The print area and print titles of Planner's sheets, carried into the user's workbook.xml.

Excel keeps a sheet's print area and the rows printed on every page not in the
sheet's part but as defined names in xl/workbook.xml (`_xlnm.Print_Area`,
`_xlnm.Print_Titles`, local to the sheet). The scratch workbook XlsxWriter drew
holds them; after its sheets are transplanted, these names replace the user's
for the same sheets. Nothing else in workbook.xml changes.
"""

from __future__ import annotations

from planner.adapters.package import xmlspan
from planner.adapters.package.opc_package import Package
from planner.adapters.package.xmlspan import escape, quoteattr

PRINT_NAMES = ("_xlnm.Print_Area", "_xlnm.Print_Titles")


def print_names(pkg: Package) -> dict[str, dict[str, str]]:
    """Sheet name -> {print name: formula}, as a workbook defines them."""
    root = xmlspan.parse(pkg.get(pkg.main_part()))
    sheets = [el.attrs["name"] for el in root.find("sheets").findall("sheet")]
    found: dict[str, dict[str, str]] = {}
    names = root.find("definedNames")
    for el in names.findall("definedName") if names is not None else []:
        local = el.attrs.get("localSheetId")
        if el.attrs.get("name") in PRINT_NAMES and local is not None and int(local) < len(sheets):
            found.setdefault(sheets[int(local)], {})[el.attrs["name"]] = el.text
    return found


def carry_print_names(pkg: Package, scratch: Package, sheets: list[str]) -> None:
    """Give `sheets` in the user's workbook the print names the scratch workbook gave them."""
    drawn = print_names(scratch)
    main = pkg.main_part()
    data = pkg.get(main)
    root = xmlspan.parse(data)
    order = [el.attrs["name"] for el in root.find("sheets").findall("sheet")]
    local = {str(order.index(s)): s for s in sheets if s in order}
    names = root.find("definedNames")
    old = [
        el
        for el in (names.findall("definedName") if names is not None else [])
        if el.attrs.get("name") in PRINT_NAMES and el.attrs.get("localSheetId") in local
    ]
    new = b"".join(
        f'<definedName name={quoteattr(name)} localSheetId="{i}">{escape(formula)}'
        "</definedName>".encode()
        for i, sheet in local.items()
        for name, formula in drawn.get(sheet, {}).items()
    )
    if not old and not new:
        return
    splices = [(el.start, el.end, b"") for el in old]
    if names is not None:
        splices.append((names.close, names.close, new))
    elif new:
        after = root.find("externalReferences") or root.find("sheets")
        splices.append((after.end, after.end, b"<definedNames>" + new + b"</definedNames>"))
    pkg.put(main, xmlspan.apply(data, splices))
