"""An .xlsx/.xlsm file as an OPC package: zip members, relationships, content types.

Planner rewrites only the parts it owns. This module knows the package's
plumbing, so the writer can ask "which parts hang off this sheet", "which of
them does nothing else use", "what is a free name for a new table part", and
then write the zip with every other member's bytes exactly as they were.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

from planner.adapters.package import xmlspan
from planner.adapters.package.refusals import WorkbookFileError

CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_WORKSHEET = RT + "worksheet"
RT_CALC_CHAIN = RT + "calcChain"
RT_SHARED_STRINGS = RT + "sharedStrings"
RT_STYLES = RT + "styles"
RT_OFFICE_DOCUMENT = RT + "officeDocument"
RT_TABLE = RT + "table"

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"


class PackageError(WorkbookFileError):
    """The file is not a workbook package Planner can write into (said for the user)."""


@dataclass(frozen=True)
class Rel:
    id: str
    type: str
    target: str  # a part name (no leading '/'), or the raw target if external
    external: bool


def check_parts(path: Path, names: Iterable[str], read: Callable[[str], bytes]) -> None:
    """Refuse, before any solving, a zip without the parts every Excel workbook holds,
    or whose small structural parts (content types, relationships, workbook,
    styles) are not well-formed XML: the writer needs them all."""
    names = set(names)
    missing = [p for p in (CONTENT_TYPES, ROOT_RELS) if p not in names]
    if missing:
        raise PackageError(
            f"{path.name} is damaged: it lacks {' and '.join(missing)}, which every Excel "
            "workbook holds. Open it in Excel, which offers to repair it, save it, and try "
            "again. Nothing was changed."
        )
    for part in sorted(names):
        if part.endswith(".rels") or part in STRUCTURE:
            try:
                ElementTree.fromstring(read(part))
            except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise PackageError(
                    f"{path.name} is damaged: its part {part} cannot be read ({error}). Open "
                    "it in Excel, which offers to repair it, save it, and try again. Nothing "
                    "was changed."
                ) from error


#: Parts the writer edits, checked whole before any solving (sheets are read anyway).
STRUCTURE = {CONTENT_TYPES, "xl/workbook.xml", "xl/styles.xml"}


def rels_name(part: str) -> str:
    """xl/worksheets/sheet1.xml -> xl/worksheets/_rels/sheet1.xml.rels"""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source: str, target: str) -> str:
    """The part a relationship target names, relative to its source part."""
    target = unquote(target)
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    base = posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(base, target))


def relative(source: str, part: str) -> str:
    """The target a relationship from `source` writes to reach `part`."""
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


class Package:
    """The zip's members by name, their zip metadata, and the package's graph."""

    def __init__(self, parts: dict[str, bytes], infos: dict[str, zipfile.ZipInfo]):
        self.parts = parts
        self.infos = infos
        self._lower = {name.lower(): name for name in parts}
        #: The content types part last parsed, and its overrides and defaults
        #: (`content_type`): the writer asks for each part it copies, 94 times a run.
        self._types: tuple[bytes, dict[str, str | None], dict[str, str | None]] | None = None

    @classmethod
    def read(cls, path: Path) -> Package:
        try:
            with zipfile.ZipFile(path) as z:
                infos = {i.filename: i for i in z.infolist() if not i.is_dir()}
                parts = {name: z.read(name) for name in infos}
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise PackageError(
                f"{path.name} is damaged ({error}). Open it in Excel, which offers to repair "
                "it, save it, and try again. Nothing was changed."
            ) from error
        package = cls(parts, infos)
        check_parts(path, parts, parts.__getitem__)
        return package

    # --- members -----------------------------------------------------------

    def has(self, part: str) -> bool:
        return part.lower() in self._lower

    def name(self, part: str) -> str:
        """The member's name as stored (part names compare without case)."""
        return self._lower.get(part.lower(), part)

    def get(self, part: str) -> bytes:
        return self.parts[self.name(part)]

    def put(self, part: str, data: bytes) -> None:
        name = self.name(part)
        self.parts[name] = data
        self._lower[name.lower()] = name

    def delete(self, part: str) -> None:
        name = self.name(part)
        self.parts.pop(name, None)
        self.infos.pop(name, None)
        self._lower.pop(name.lower(), None)

    def free_name(self, folder: str, stem: str, ext: str, taken: Iterable[str] = ()) -> str:
        """folder/stemN.ext with the smallest N >= 1 that no member (or `taken`) uses."""
        used = {t.lower() for t in taken}
        n = 1
        while True:
            name = f"{folder}/{stem}{n}{ext}"
            if not self.has(name) and name.lower() not in used:
                return name
            n += 1

    # --- relationships -----------------------------------------------------

    def rels(self, part: str) -> list[Rel]:
        """The relationships of a part ('' for the package's root)."""
        name = ROOT_RELS if part == "" else rels_name(part)
        if not self.has(name):
            return []
        root = xmlspan.parse(self.get(name))
        out = []
        for el in root.findall("Relationship"):
            external = el.attrs.get("TargetMode", "") == "External"
            target = el.attrs.get("Target", "")
            out.append(
                Rel(
                    el.attrs.get("Id", ""),
                    el.attrs.get("Type", ""),
                    target if external else resolve(part, target),
                    external,
                )
            )
        return out

    def reachable(self, starts: Iterable[str], stop: Iterable[str] = ()) -> set[str]:
        """Every part reachable from `starts` through relationships.

        Parts in `stop` are reached but not followed (their relationships are
        about to be replaced). '' stands for the package root.
        """
        stop_set = {s.lower() for s in stop}
        seen: set[str] = set()
        todo = list(starts)
        while todo:
            part = todo.pop()
            key = part.lower()
            if key in seen:
                continue
            seen.add(key)
            if key in stop_set:
                continue
            for rel in self.rels(part):
                if not rel.external and rel.target.lower() not in seen:
                    todo.append(rel.target)
        return {self.name(p) for p in seen if p}

    def main_part(self) -> str:
        """The workbook part (xl/workbook.xml), from the root relationships."""
        for rel in self.rels(""):
            if rel.type == RT_OFFICE_DOCUMENT or rel.type.endswith("/officeDocument"):
                if rel.type.startswith("http://purl.oclc.org/ooxml/"):
                    raise PackageError(
                        "This workbook is saved as 'Strict Open XML Spreadsheet'. Save it as an "
                        "Excel Macro-Enabled Workbook (.xlsm) and run again."
                    )
                return self.name(rel.target)
        raise PackageError("The file has no workbook part.")

    # --- content types -----------------------------------------------------

    def content_type(self, part: str) -> str | None:
        overrides, defaults = self._content_types()
        found = overrides.get("/" + part.lower())
        if found is not None or "/" + part.lower() in overrides:
            return found
        return defaults.get(part.rsplit(".", 1)[-1].lower())

    def _content_types(self) -> tuple[dict[str, str | None], dict[str, str | None]]:
        """Overrides by part name and defaults by extension, lowercase; the first of each wins.

        Parsed again only when the part has been replaced (`put`).
        """
        data = self.get(CONTENT_TYPES)
        if self._types is None or self._types[0] is not data:
            root = xmlspan.parse(data)
            overrides: dict[str, str | None] = {}
            for el in root.findall("Override"):
                overrides.setdefault(
                    el.attrs.get("PartName", "").lower(), el.attrs.get("ContentType")
                )
            defaults: dict[str, str | None] = {}
            for el in root.findall("Default"):
                defaults.setdefault(
                    el.attrs.get("Extension", "").lower(), el.attrs.get("ContentType")
                )
            self._types = (data, overrides, defaults)
        return self._types[1], self._types[2]

    # --- writing -----------------------------------------------------------

    def write(self, path: Path, order: list[str]) -> None:
        """Write the zip: members in `order` first (as they were), then the rest.

        A member that existed keeps its zip metadata (name, time, attributes);
        new members are deflated with the current time.
        """
        names = [n for n in order if n in self.parts]
        names += [n for n in self.parts if n not in set(names)]
        now = datetime.now().timetuple()[:6]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
            for name in names:
                old = self.infos.get(name)
                if old is not None:
                    info = zipfile.ZipInfo(name, old.date_time)
                    info.compress_type = old.compress_type
                    info.external_attr = old.external_attr
                    info.create_system = old.create_system
                    info.comment = old.comment
                    info.extra = b""
                else:
                    info = zipfile.ZipInfo(name, now)
                    info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, self.parts[name])


# --- Small part-level edits ------------------------------------------------------


def add_relationship(data: bytes, rel_id: str, rel_type: str, target: str) -> bytes:
    """A rels document with one more relationship, everything else as it was."""
    root = xmlspan.parse(data)
    tag = xmlspan.prefix(data, root) + "Relationship"
    new = xmlspan.empty_element(tag, {"Id": rel_id, "Type": rel_type, "Target": target})
    if root.empty:
        return xmlspan.apply(data, [open_empty(data, root, new)])
    return xmlspan.apply(data, [(root.close, root.close, new)])


def remove_relationships(data: bytes, ids: set[str]) -> bytes:
    root = xmlspan.parse(data)
    cuts = [
        (el.start, el.end, b"") for el in root.findall("Relationship") if el.attrs.get("Id") in ids
    ]
    return xmlspan.apply(data, cuts)


def free_rel_id(data: bytes) -> str:
    root = xmlspan.parse(data)
    used = {el.attrs.get("Id", "") for el in root.findall("Relationship")}
    numbers = [int(m.group(1)) for u in used if (m := re.fullmatch(r"rId(\d+)", u))]
    n = max(numbers, default=0) + 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


def edit_content_types(data: bytes, add: dict[str, str], remove: Iterable[str]) -> bytes:
    """[Content_Types].xml with Overrides added (part -> type) and removed."""
    root = xmlspan.parse(data)
    gone = {"/" + p.lower() for p in remove}
    splices = [
        (el.start, el.end, b"")
        for el in root.findall("Override")
        if el.attrs.get("PartName", "").lower() in gone
    ]
    tag = xmlspan.prefix(data, root) + "Override"
    new = b"".join(
        xmlspan.empty_element(tag, {"PartName": "/" + part, "ContentType": ctype})
        for part, ctype in add.items()
    )
    if new:
        splices.append((root.close, root.close, new))
    return xmlspan.apply(data, splices)


def open_empty(data: bytes, el: xmlspan.Element, inner: bytes) -> tuple[int, int, bytes]:
    """A splice turning <x a="1"/> into <x a="1">inner</x>."""
    head = data[el.start : el.head_end]
    opened = head[:-2].rstrip() + b">"
    return el.start, el.end, opened + inner + b"</" + xmlspan.qname(data, el).encode() + b">"
