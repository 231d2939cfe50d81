"""Moving sheets drawn in a scratch workbook into the user's package.

Only these parts of the user's file change:
- the parts of the sheets Planner owns (output sheets, scenario tabs): the
  sheet XML and its relationships, tables, drawings, charts and VML, replaced
  whole; their old parts that nothing else uses are removed;
- xl/styles.xml: Planner's styles appended (the user's keep their indexes);
- [Content_Types].xml: entries for parts added or removed;
- xl/workbook.xml and its relationships: only when a new tab is added (a
  <sheet> entry, and sheet-local defined names renumbered to their new
  position) or when calcChain.xml is dropped because it lists a replaced
  sheet (Excel rebuilds it); and the print area and print titles of the
  sheets Planner drew (planner.adapters.package.print_names).
Every other member of the zip keeps its bytes. Text in Planner's sheets is
written as inline strings, so the user's sharedStrings.xml is not touched.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from xlsxwriter.utility import xl_col_to_name

from planner.adapters.file.output_sheet import Bulk
from planner.adapters.package import xmlspan
from planner.adapters.package.opc_package import (
    CONTENT_TYPES,
    CT_WORKSHEET,
    RT_CALC_CHAIN,
    RT_SHARED_STRINGS,
    RT_STYLES,
    RT_WORKSHEET,
    Package,
    PackageError,
    Rel,
    add_relationship,
    edit_content_types,
    free_rel_id,
    relative,
    rels_name,
    remove_relationships,
)
from planner.adapters.package.print_names import carry_print_names
from planner.adapters.package.styles import StyleMaps, merge_styles
from planner.adapters.package.user_book import Book, SheetEntry
from planner.adapters.package.xml_rows import rows_xml


@dataclass
class Placement:
    """One scratch sheet and where it goes: over an existing sheet, or new after `after`."""

    name: str
    existing: SheetEntry | None = None
    after: int | None = None  # index in the user's sheet order; None = at the end


@dataclass
class _Ids:
    """Numbers that must be unique across the workbook: table ids, VML shape blocks."""

    tables: set[int] = field(default_factory=set)
    vml: set[int] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)  # part names given out in this run

    def table(self) -> int:
        n = max(self.tables, default=0) + 1
        self.tables.add(n)
        return n

    def vml_block(self) -> int:
        n = 1
        while n in self.vml:
            n += 1
        self.vml.add(n)
        return n


def transplant(
    book: Book,
    scratch: Package,
    placements: list[Placement],
    bulk: dict[str, Bulk] | None = None,
) -> None:
    """Put the scratch sheets into the user's package (book.package), in place.

    `bulk` holds, by sheet name, table rows to add to a sheet as raw XML.
    """
    pkg = book.package
    replaced = [p.existing for p in placements if p.existing is not None]
    removed = remove_old_parts(pkg, [s.part for s in replaced])
    ids = _ids_in_use(pkg)
    maps = _merge_styles(book, scratch)
    strings = _scratch_strings(scratch)
    sources = _scratch_sheets(scratch)
    active = _active_index(book)
    added: dict[str, str] = {}
    new_sheets: list[tuple[Placement, str]] = []
    for p in placements:
        if p.name not in sources:
            raise PackageError(f"internal: the sheet {p.name!r} was not drawn")
        part = p.existing.part if p.existing else _new_part(pkg, ids, "xl/worksheets/sheet1.xml")
        selected = p.existing is not None and p.existing.index == active
        sheet = _SheetCopy(pkg, scratch, strings, maps, ids, added)
        sheet.copy(sources[p.name], part, selected, (bulk or {}).get(p.name))
        if p.existing is None:
            added[part] = CT_WORKSHEET
            new_sheets.append((p, part))
    removed |= _drop_calc_chain(book, replaced)
    defaults = _default_types(pkg)
    ct_add = {
        part: ctype for part, ctype in added.items() if _needs_override(defaults, part, ctype)
    }
    pkg.put(CONTENT_TYPES, edit_content_types(pkg.get(CONTENT_TYPES), ct_add, removed))
    if new_sheets:
        _add_sheets(book, new_sheets)
    carry_print_names(pkg, scratch, [p.name for p in placements])


# --- Removing a replaced sheet's parts ---------------------------------------------


def remove_old_parts(pkg: Package, sheet_parts: list[str]) -> set[str]:
    """Delete what hangs off these sheets and nothing else uses; their rels too.

    The sheet parts themselves stay (they are overwritten under the same name,
    so workbook.xml and its relationships need not change for them).
    """
    if not sheet_parts:
        return set()
    below: set[str] = set()
    for part in sheet_parts:
        below |= pkg.reachable([part]) - {pkg.name(part)}
    still_used = pkg.reachable([""], stop=sheet_parts)
    gone = {p for p in below if p not in still_used and pkg.has(p)}
    for part in gone:
        pkg.delete(part)
        if pkg.has(rels_name(part)):
            pkg.delete(rels_name(part))
    for part in sheet_parts:
        if pkg.has(rels_name(part)):
            pkg.delete(rels_name(part))
    return gone


def _ids_in_use(pkg: Package) -> _Ids:
    ids = _Ids()
    for name, data in pkg.parts.items():
        lower = name.lower()
        if lower.startswith("xl/tables/") and lower.endswith(".xml"):
            m = re.search(rb'<(?:\w+:)?table\b[^>]*?\sid="(\d+)"', data)
            if m:
                ids.tables.add(int(m.group(1)))
        elif lower.endswith(".vml"):
            for m in re.finditer(rb'<o:idmap\b[^>]*?\sdata="([\d,\s]+)"', data):
                ids.vml |= {int(x) for x in re.findall(rb"\d+", m.group(1))}
    return ids


def _new_part(pkg: Package, ids: _Ids, like: str) -> str:
    """A free part name in the folder of `like`, with its stem and extension."""
    folder, base = posixpath.split(like)
    m = re.fullmatch(r"(.*?)(\d*)(\.[^.]+)", base)
    stem, ext = (m.group(1), m.group(3)) if m else (base, "")
    name = pkg.free_name(folder, stem, ext, taken=ids.parts)
    ids.parts.add(name.lower())
    return name


# --- Styles and strings from the scratch workbook ---------------------------------


def _part_of(pkg: Package, source: str, rel_type: str) -> str | None:
    return next((r.target for r in pkg.rels(source) if r.type == rel_type and not r.external), None)


def _merge_styles(book: Book, scratch: Package) -> StyleMaps:
    pkg = book.package
    scratch_styles = _part_of(scratch, scratch.main_part(), RT_STYLES)
    user_styles = _part_of(pkg, book.main, RT_STYLES)
    if scratch_styles is None:
        return StyleMaps()
    if user_styles is None or not pkg.has(user_styles):
        raise PackageError("The workbook has no styles part; open and save it in Excel first.")
    merged, maps = merge_styles(pkg.get(user_styles), scratch.get(scratch_styles))
    pkg.put(user_styles, merged)
    return maps


def _scratch_strings(scratch: Package) -> list[bytes]:
    """Each shared string's inner XML (<t>..</t> or rich runs), to inline it in a cell."""
    part = _part_of(scratch, scratch.main_part(), RT_SHARED_STRINGS)
    if part is None or not scratch.has(part):
        return []
    data = scratch.get(part)
    root = xmlspan.parse(data)
    return [data[si.head_end : si.close] for si in root.findall("si")]


def _scratch_sheets(scratch: Package) -> dict[str, str]:
    main = scratch.main_part()
    targets = {r.id: r.target for r in scratch.rels(main)}
    root = xmlspan.parse(scratch.get(main))
    sheets = root.find("sheets")
    rid = "{" + xmlspan.REL_NS + "}id"
    return {el.attrs["name"]: targets[el.attrs[rid]] for el in sheets.findall("sheet")}


def _active_index(book: Book) -> int:
    views = book.root.find("bookViews")
    view = views.find("workbookView") if views is not None else None
    return int(view.attrs.get("activeTab", "0")) if view is not None else 0


# --- Copying one sheet and what hangs off it -----------------------------------------

_CELL_S = re.compile(rb'(<c\b[^>]*?\ss=")(\d+)(")')
_ROW_S = re.compile(rb'(<row\b[^>]*?\ss=")(\d+)(")')
_COL_S = re.compile(rb'(<col\b[^>]*?\sstyle=")(\d+)(")')
_DXF = re.compile(rb'(\s\w*[dD]xfId=")(\d+)(")')
_SHARED = re.compile(rb'<c\b([^>]*?)\st="s"([^>]*)><v>(\d+)</v></c>')
_TAB_SELECTED = re.compile(rb'\stabSelected="[^"]*"')
_TABLE_ID = re.compile(rb'(<table\b[^>]*?\sid=")(\d+)(")')
_IDMAP = re.compile(rb'(<o:idmap\b[^>]*?\sdata=")(\d+)(")')
_SHAPE_ID = re.compile(rb"_x0000_s(\d+)")
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_TABLE_END = re.compile(rb'(<(?:table|autoFilter)\b[^>]*?\sref="[A-Z]+\d+:[A-Z]+)(\d+)(")')


class _SheetCopy:
    """Copies one scratch sheet, renaming its parts and renumbering what must be unique."""

    def __init__(
        self,
        pkg: Package,
        scratch: Package,
        strings: list[bytes],
        maps: StyleMaps,
        ids: _Ids,
        added: dict[str, str],
    ):
        self.pkg, self.scratch, self.strings, self.maps = pkg, scratch, strings, maps
        self.ids, self.added = ids, added
        self.bulk: Bulk | None = None

    def copy(self, source: str, target: str, selected: bool, bulk: Bulk | None) -> None:
        self.bulk = bulk
        names = {source: target}
        for part in sorted(self.scratch.reachable([source]) - {source}):
            names[part] = _new_part(self.pkg, self.ids, part)
        for old, new in names.items():
            data = self._transform(old, self.scratch.get(old), old == source, selected)
            self.pkg.put(new, data)
            rels = self.scratch.rels(old)
            if rels:
                self.pkg.put(rels_name(new), _rels_xml(new, rels, names))
            if old != source:
                ctype = self.scratch.content_type(old)
                if ctype:
                    self.added[new] = ctype

    def _transform(self, part: str, data: bytes, is_sheet: bool, selected: bool) -> bytes:
        if is_sheet:
            return self._sheet(data, selected)
        ctype = self.scratch.content_type(part) or ""
        if ctype.endswith("spreadsheetml.table+xml"):
            data = _TABLE_ID.sub(lambda m: _num(m, self.ids.table()), data, count=1)
            if self.bulk is not None and self.bulk.rows:
                data = _TABLE_END.sub(lambda m: _num(m, self.bulk.last_row), data)
            return _DXF.sub(lambda m: _num(m, self.maps.dxf.get(int(m.group(2)), 0)), data)
        if part.lower().endswith(".vml"):
            return _renumber_vml(data, self.ids.vml_block())
        return data

    def _sheet(self, data: bytes, selected: bool) -> bytes:
        xf = self.maps.xf
        for pattern in (_CELL_S, _ROW_S, _COL_S):
            data = pattern.sub(lambda m: _num(m, xf.get(int(m.group(2)), 0)), data)
        data = _DXF.sub(lambda m: _num(m, self.maps.dxf.get(int(m.group(2)), 0)), data)
        data = _SHARED.sub(self._inline, data)
        data = _TAB_SELECTED.sub(b"", data)
        if selected:
            data = data.replace(b"<sheetView ", b'<sheetView tabSelected="1" ', 1)
        if self.bulk is not None and self.bulk.rows:
            data = self._add_rows(data, self.bulk)
        return data

    def _add_rows(self, data: bytes, bulk: Bulk) -> bytes:
        """The bulk rows after the last row XlsxWriter wrote, and the sheet's extent."""
        styles = [self.maps.xf.get(s, 0) for s in bulk.styles()]
        rows = rows_xml(bulk.first_row, bulk.rows, styles)
        end = data.rindex(b"</sheetData>")
        data = data[:end] + rows + data[end:]
        last = bulk.first_row + len(bulk.rows) - 1
        right = xl_col_to_name(len(styles) - 1)
        return _DIMENSION.sub(b'<dimension ref="A1:' + f"{right}{last}".encode() + b'"/>', data, 1)

    def _inline(self, m: re.Match[bytes]) -> bytes:
        inner = self.strings[int(m.group(3))]
        return b"<c" + m.group(1) + b' t="inlineStr"' + m.group(2) + b"><is>" + inner + b"</is></c>"


def _num(m: re.Match[bytes], value: int) -> bytes:
    return m.group(1) + str(value).encode() + m.group(3)


def _renumber_vml(data: bytes, block: int) -> bytes:
    """Give a VML drawing its own block of shape ids (1024 a block), as Excel expects."""
    m = _IDMAP.search(data)
    old = int(m.group(2)) if m else 1
    data = _IDMAP.sub(lambda m: _num(m, block), data, count=1)
    return _SHAPE_ID.sub(
        lambda s: b"_x0000_s" + str(int(s.group(1)) - 1024 * old + 1024 * block).encode(), data
    )


def _rels_xml(source: str, rels: list[Rel], names: dict[str, str]) -> bytes:
    parts = [
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    ]
    for rel in rels:
        attrs = {"Id": rel.id, "Type": rel.type}
        if rel.external:
            attrs |= {"Target": rel.target, "TargetMode": "External"}
        else:
            attrs["Target"] = relative(source, names.get(rel.target, rel.target))
        parts.append(xmlspan.empty_element("Relationship", attrs))
    parts.append(b"</Relationships>")
    return b"".join(parts)


def _default_types(pkg: Package) -> dict[str, str]:
    """The content types part's Defaults: extension (lower case) -> content type; the
    first of an extension counts. Read once for all the parts added, not once each."""
    root = xmlspan.parse(pkg.get(CONTENT_TYPES))
    found: dict[str, str] = {}
    for el in root.findall("Default"):
        found.setdefault(el.attrs.get("Extension", "").lower(), el.attrs.get("ContentType", ""))
    return found


def _needs_override(defaults: dict[str, str], part: str, ctype: str) -> bool:
    """False when a Default for the part's extension already gives it this type."""
    ext = part.rsplit(".", 1)[-1].lower()
    return ext not in defaults or defaults[ext] != ctype


# --- calcChain and workbook.xml --------------------------------------------------------


def _drop_calc_chain(book: Book, replaced: list[SheetEntry]) -> set[str]:
    """Remove calcChain.xml if it lists cells of a replaced sheet (Excel rebuilds it)."""
    pkg = book.package
    rel = next((r for r in pkg.rels(book.main) if r.type == RT_CALC_CHAIN), None)
    if rel is None or not replaced:
        return set()
    ids = {s.sheet_id for s in replaced}
    data = pkg.get(rel.target) if pkg.has(rel.target) else b""
    listed = {int(x) for x in re.findall(rb'\si="(\d+)"', data)}
    if data and not listed & ids:
        return set()
    rels_part = rels_name(book.main)
    pkg.put(rels_part, remove_relationships(pkg.get(rels_part), {rel.id}))
    if pkg.has(rel.target):
        pkg.delete(rel.target)
    return {rel.target}


def _add_sheets(book: Book, new: list[tuple[Placement, str]]) -> None:
    """<sheet> entries and relationships for new tabs; sheet positions renumbered."""
    pkg, data, root = book.package, book.data, book.root
    rels_part = rels_name(book.main)
    rels = pkg.get(rels_part)
    sheets_el = root.find("sheets")
    sheet_els = sheets_el.findall("sheet")
    tag = xmlspan.prefix(data, sheet_els[0]) + "sheet"
    r_prefix = xmlspan.ns_prefix(data, root, xmlspan.REL_NS)
    next_id = max(s.sheet_id for s in book.sheets) + 1
    inserts: dict[int, list[bytes]] = {}
    for placement, part in new:
        rid = free_rel_id(rels)
        rels = add_relationship(rels, rid, RT_WORKSHEET, relative(book.main, part))
        attrs = {"name": placement.name, "sheetId": str(next_id)}
        if r_prefix:
            attrs[f"{r_prefix}:id"] = rid
        else:
            attrs |= {"xmlns:r": xmlspan.REL_NS, "r:id": rid}
        next_id += 1
        at = len(sheet_els) - 1 if placement.after is None else placement.after
        inserts.setdefault(at, []).append(xmlspan.empty_element(tag, attrs))
    splices = [(sheet_els[at].end, sheet_els[at].end, b"".join(els)) for at, els in inserts.items()]
    splices += _renumber_positions(data, root, _new_positions(len(sheet_els), inserts))
    pkg.put(book.main, xmlspan.apply(data, splices))
    pkg.put(rels_part, rels)


def _new_positions(count: int, inserts: dict[int, list[bytes]]) -> dict[int, int]:
    """Old sheet index -> new index, once the new tabs are inserted after their anchors."""
    positions, shift = {}, 0
    for i in range(count):
        positions[i] = i + shift
        shift += len(inserts.get(i, []))
    return positions


def _renumber_positions(data: bytes, root: xmlspan.Element, new: dict[int, int]) -> list:
    """Sheet-local defined names and the active/first tab follow their sheets."""
    splices = []
    names = root.find("definedNames")
    for el in names.findall("definedName") if names is not None else []:
        if "localSheetId" in el.attrs:
            old = int(el.attrs["localSheetId"])
            if new.get(old, old) != old:
                splices.append(xmlspan.set_attr(data, el, "localSheetId", str(new[old])))
    views = root.find("bookViews")
    for view in views.findall("workbookView") if views is not None else []:
        moved = {
            k: str(new[int(view.attrs[k])])
            for k in ("activeTab", "firstSheet")
            if k in view.attrs and new.get(int(view.attrs[k]), -1) != int(view.attrs[k])
        }
        if moved:
            splices.append(xmlspan.set_attrs(data, view, moved))
    return splices
