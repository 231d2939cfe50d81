"""What the writer needs to know about the user's workbook before touching it.

Its sheets in order (name, id, part), its tables and defined names (new table
names must clash with none), which tab already carries which scenario (by the
marker cells of planner.report.workbook_report), which macro its buttons run, and whether a
sheet Planner is about to replace holds anything a user put there.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from xml.etree import ElementTree

from planner.adapters.package import xmlspan
from planner.adapters.package.opc_package import RT_SHARED_STRINGS, RT_TABLE, Package, PackageError
from planner.adapters.package.xmlspan import Element
from planner.contract.words import CHART_TITLES, PLANNER_CAPTIONS
from planner.report.sheet_names import MARKER_CELL, RESERVED_SHEETS, SCENARIO_CELL, tab_scenario

M = "{" + xmlspan.MAIN_NS + "}"
PLANNER_OBJECT = "Planner"  # drawn objects whose description starts so are Planner's
PLANNER_CHART = "Planner chart"
PLANNER_BUTTON = "Planner button"


@dataclass
class SheetEntry:
    """One <sheet> of workbook.xml, and the part it points to."""

    name: str
    sheet_id: int
    rel_id: str
    part: str
    element: Element
    index: int


@dataclass
class TableInfo:
    name: str
    table_id: int
    part: str
    sheet_part: str


@dataclass
class Book:
    """The user's workbook as the writer sees it: read once, not changed here."""

    package: Package
    main: str
    data: bytes
    root: Element
    sheets: list[SheetEntry]
    tables: list[TableInfo]
    defined_names: set[str]
    _sst: list[str] | None = field(default=None, repr=False)

    def sheet(self, name: str) -> SheetEntry | None:
        """A sheet by name, ignoring case as Excel does."""
        return next((s for s in self.sheets if s.name.casefold() == name.casefold()), None)


def read_book(package: Package) -> Book:
    main = package.main_part()
    data = package.get(main)
    root = xmlspan.parse(data)
    targets = {r.id: r.target for r in package.rels(main) if not r.external}
    sheets_el = root.find("sheets")
    if sheets_el is None:
        raise PackageError("The workbook lists no sheets.")
    sheets = []
    for i, el in enumerate(sheets_el.findall("sheet")):
        rid = el.attrs.get("{" + xmlspan.REL_NS + "}id", "")
        if rid not in targets:
            raise PackageError(f'The sheet "{el.attrs.get("name")}" has no part in the file.')
        sheets.append(
            SheetEntry(
                el.attrs["name"],
                int(el.attrs.get("sheetId", "0")),
                rid,
                package.name(targets[rid]),
                el,
                i,
            )
        )
    names_el = root.find("definedNames")
    defined = set()
    if names_el is not None:
        defined = {el.attrs.get("name", "").casefold() for el in names_el.findall("definedName")}
    return Book(package, main, data, root, sheets, _tables(package, sheets), defined)


def _tables(package: Package, sheets: list[SheetEntry]) -> list[TableInfo]:
    tables = []
    for sheet in sheets:
        for rel in package.rels(sheet.part):
            if rel.type != RT_TABLE or rel.external or not package.has(rel.target):
                continue
            el = xmlspan.parse(package.get(rel.target))
            tables.append(
                TableInfo(
                    el.attrs.get("name", ""),
                    int(el.attrs.get("id", "0")),
                    package.name(rel.target),
                    sheet.part,
                )
            )
    return tables


# --- Which tab carries which scenario ------------------------------------------


def scenario_carriers(book: Book) -> dict[str, SheetEntry]:
    """Scenario -> its existing tab, found by the marker cells (A1, A2).

    Contract sheets are never scenario tabs. If two tabs carry one scenario (a
    user copied one), the one with the lowest position wins, as a re-run
    replaces one tab only.
    """
    reserved = {name.casefold() for name in RESERVED_SHEETS}
    found: dict[str, SheetEntry] = {}
    for sheet in book.sheets:
        if sheet.name.casefold() in reserved:
            continue
        marker, name = _first_cells(book, sheet.part, (MARKER_CELL, SCENARIO_CELL))
        scenario = tab_scenario(marker, name)
        if scenario is not None and scenario not in found:
            found[scenario] = sheet
    return found


def _first_cells(book: Book, part: str, cells: tuple[str, ...]) -> list[object]:
    """The values of a few cells near the top of a sheet, reading no further than needed."""
    wanted = {c: None for c in cells}
    last_row = max(int(re.sub(r"[A-Z]+", "", c)) for c in cells)
    stream = io.BytesIO(book.package.get(part))
    try:
        for _, el in ElementTree.iterparse(stream, events=("end",)):
            if el.tag == M + "c" and el.get("r") in wanted:
                wanted[el.get("r")] = _cell_value(book, el)
            elif el.tag == M + "row":
                if int(el.get("r", "0") or 0) >= last_row:
                    break
                el.clear()
    except ElementTree.ParseError:
        return [None] * len(cells)
    return [wanted[c] for c in cells]


def _cell_value(book: Book, c: ElementTree.Element) -> object:
    kind = c.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(M + "t"))
    v = c.find(M + "v")
    if v is None or v.text is None:
        return None
    if kind == "s":
        strings = shared_strings(book)
        i = int(v.text)
        return strings[i] if i < len(strings) else None
    if kind in ("str", "e"):
        return v.text
    try:
        return float(v.text)
    except ValueError:
        return v.text


def shared_strings(book: Book) -> list[str]:
    """The user's shared strings as plain text (read once, only if a marker needs it)."""
    if book._sst is None:
        book._sst = []
        part = next(
            (r.target for r in book.package.rels(book.main) if r.type == RT_SHARED_STRINGS), None
        )
        if part and book.package.has(part):
            stream = io.BytesIO(book.package.get(part))
            for _, el in ElementTree.iterparse(stream, events=("end",)):
                if el.tag == M + "si":
                    book._sst.append(
                        "".join(t.text or "" for t in el.iter(M + "t") if not _in_phonetic(el, t))
                    )
                    el.clear()
    return book._sst


def _in_phonetic(si: ElementTree.Element, t: ElementTree.Element) -> bool:
    return any(t in list(rph.iter()) for rph in si.findall(M + "rPh"))


# --- The macro the workbook's buttons run -------------------------------------------

_VML_MACRO = re.compile(rb"<x:FmlaMacro>\s*([^<]+?)\s*</x:FmlaMacro>")
_CTRL_MACRO = re.compile(rb'fmlaMacro="([^"]+)"')


def button_macro(package: Package, default: str) -> str:
    """The macro most of the workbook's buttons run (e.g. SampleCall), or `default`."""
    seen: Counter[str] = Counter()
    for name, data in package.parts.items():
        lower = name.lower()
        if lower.endswith(".vml"):
            found = _VML_MACRO.findall(data)
        elif lower.startswith("xl/ctrlprops/"):
            found = _CTRL_MACRO.findall(data)
        else:
            continue
        for raw in found:
            macro = raw.decode("utf-8", "replace").replace("&amp;", "&")
            macro = re.sub(r"^\[\d+\]!", "", macro)
            if macro:
                seen[macro] += 1
    return seen.most_common(1)[0][0] if seen else default


# --- What a user put on a sheet Planner owns ------------------------------------------

_DRAWN = {
    "graphicFrame": "chart",
    "pic": "picture",
    "sp": "shape or text box",
    "grpSp": "group of shapes",
    "cxnSp": "connector",
}


def user_additions(package: Package, sheet_part: str) -> list[str]:
    """Things on a sheet that Planner did not put there, in words ("2 pictures").

    Planner's charts are known by their description ("Planner chart") or, as
    LibreOffice drops descriptions, by their titles; its button by its caption.
    Anything else drawn, any comment and any pivot table is the user's.
    """
    found: Counter[str] = Counter()
    for rel in package.rels(sheet_part):
        if rel.external or not package.has(rel.target):
            continue
        kind = rel.type.rsplit("/", 1)[-1]
        if kind == "drawing":
            found.update(_drawn_by_user(package, rel.target))
        elif kind in ("comments", "threadedComment"):
            found["comment" if kind == "comments" else "threaded comment"] += 1
        elif kind == "pivotTable":
            found["pivot table"] += 1
        elif kind == "vmlDrawing":
            found.update(_vml_by_user(package.get(rel.target)))
    return [f"{n} {what}{'s' if n > 1 else ''}" for what, n in sorted(found.items())]


_ANCHORS = {"twoCellAnchor", "oneCellAnchor", "absoluteAnchor"}


def _drawn_by_user(package: Package, part: str) -> Counter[str]:
    found: Counter[str] = Counter()
    try:
        root = xmlspan.parse(package.get(part))
    except Exception:  # an unreadable drawing: count it, do not guess
        found["drawn object"] += 1
        return found
    charts = {r.id: r.target for r in package.rels(part) if not r.external}
    for obj in _drawn_objects(root):
        if not _is_planners(package, obj, charts):
            found[_DRAWN[obj.local]] += 1
    return found


def _drawn_objects(el: Element, fallback: bool = False) -> list[Element]:
    """Objects placed on the sheet (each anchor's child), once: mc:Fallback copies skipped."""
    if el.local == "Fallback" or fallback:
        return []
    if el.local in _ANCHORS:
        return [c for c in el.children if c.local in _DRAWN]
    return [obj for child in el.children for obj in _drawn_objects(child)]


def _is_planners(package: Package, obj: Element, charts: dict[str, str]) -> bool:
    props = next((e for e in obj.iter() if e.local == "cNvPr"), None)
    descr = props.attrs.get("descr", "") if props is not None else ""
    if descr.startswith(PLANNER_OBJECT):
        return True
    if obj.local == "sp":  # Planner's button, as LibreOffice saves it
        text = "".join(e.text for e in obj.iter() if e.local == "t")
        return descr in PLANNER_CAPTIONS or text in PLANNER_CAPTIONS
    if obj.local == "graphicFrame":
        rid = next(
            (
                v
                for e in obj.iter()
                if e.local == "chart"
                for k, v in e.attrs.items()
                if k.endswith("}id")
            ),
            None,
        )
        target = charts.get(rid or "")
        return target is not None and _chart_title(package, target).startswith(CHART_TITLES)
    return False


def _chart_title(package: Package, part: str) -> str:
    if not package.has(part):
        return ""
    root = xmlspan.parse(package.get(part))
    title = next((e for e in root.iter() if e.local == "title"), None)
    return "".join(e.text for e in title.iter() if e.local == "t") if title is not None else ""


_VML_SHAPE = re.compile(rb"<v:shape\b(.*?)</v:shape>", re.S)


def _vml_by_user(data: bytes) -> Counter[str]:
    """Form controls other than Planner's button (comments are counted by their part)."""
    found: Counter[str] = Counter()
    for m in _VML_SHAPE.finditer(data):
        body = m.group(1)
        if b'ObjectType="Note"' in body:
            continue
        if b'alt="' + PLANNER_OBJECT.encode() in body or _has_caption(body):
            continue
        found["button or form control"] += 1
    return found


def _has_caption(body: bytes) -> bool:
    return any(caption.encode() in body for caption in PLANNER_CAPTIONS)
