"""A workbook package read independently of planner.adapters.file: its members, its sheets and the
parts that hang off each, to prove a write changed only Planner's own sheets."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
MAY_CHANGE = {
    "[Content_Types].xml",
    "xl/styles.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
}


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def rels_of(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def targets(files: dict[str, bytes], part: str) -> list[tuple[str, str]]:
    """(type, part) for each internal relationship of a part."""
    name = rels_of(part)
    if name not in files:
        return []
    out = []
    for rel in ElementTree.fromstring(files[name]).findall("p:Relationship", NS):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target")
        full = (
            target[1:]
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        )
        out.append((rel.get("Type").rsplit("/", 1)[-1], full))
    return out


def sheets(files: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> part, in workbook order."""
    rels = ElementTree.fromstring(files["xl/_rels/workbook.xml.rels"])
    by_id = {
        r.get("Id"): posixpath.normpath(posixpath.join("xl", r.get("Target")))
        for r in rels.findall("p:Relationship", NS)
    }
    root = ElementTree.fromstring(files["xl/workbook.xml"])
    return {
        s.get("name"): by_id[s.get(f"{{{NS['r']}}}id")]
        for s in root.find("m:sheets", NS).findall("m:sheet", NS)
    }


def below(files: dict[str, bytes], part: str) -> set[str]:
    """The part, its rels and everything reachable from it."""
    seen, todo = set(), [part]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        if rels_of(p) in files:
            seen.add(rels_of(p))
        todo += [t for _, t in targets(files, p)]
    return seen


def owned(files: dict[str, bytes], names: list[str]) -> set[str]:
    parts = sheets(files)
    return set().union(*(below(files, parts[n]) for n in names if n in parts))


def assert_untouched(before: dict[str, bytes], after: dict[str, bytes], mine: list[str]) -> None:
    """Every member not of Planner's sheets is byte-identical (or one of the few it edits)."""
    ours = owned(before, mine)
    for name, data in before.items():
        if name in ours or name in MAY_CHANGE:
            continue
        assert name in after, f"{name} was removed"
        assert after[name] == data, f"{name} changed"
