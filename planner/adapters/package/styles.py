"""Merging the scratch workbook's cell styles into the user's styles.xml.

Cells refer to styles by index (s="7" is the 8th cellXfs entry), so a sheet
rendered in a scratch workbook cannot be moved into the user's file as it is.
Here each scratch style is found in, or appended to, the user's styles.xml
(fonts, fills, borders, number formats, cell formats, differential formats)
and the writer gets index maps to rewrite the transplanted parts with. The
user's own entries never move, so none of their cells changes its look.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.adapters.package import xmlspan
from planner.adapters.package.xmlspan import Element, escape, quoteattr

#: The order of styleSheet's children (ECMA-376 CT_Stylesheet).
ORDER = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
)
FIRST_CUSTOM_NUMFMT = 164


@dataclass
class StyleMaps:
    """Scratch index -> user index, for cell formats (s=) and differential formats (dxfId=)."""

    xf: dict[int, int] = field(default_factory=dict)
    dxf: dict[int, int] = field(default_factory=dict)


def merge_styles(user: bytes, scratch: bytes) -> tuple[bytes, StyleMaps]:
    """The user's styles.xml with the scratch styles added, and the index maps."""
    merger = _Merger(user, xmlspan.parse(scratch))
    return merger.run()


class _Merger:
    def __init__(self, data: bytes, scratch: Element):
        self.data = data
        self.root = xmlspan.parse(data)
        self.scratch = scratch
        self.prefix = xmlspan.prefix(data, self.root)
        self.added: dict[str, list[bytes]] = {}
        self.counts: dict[str, int] = {}
        self.keys: dict[str, dict[tuple, int]] = {}

    def run(self) -> tuple[bytes, StyleMaps]:
        numfmt = self._numfmts()
        font = self._pool("fonts")
        fill = self._pool("fills")
        border = self._pool("borders")
        maps = StyleMaps()
        for i, xf in enumerate(self._children(self.scratch, "cellXfs")):
            maps.xf[i] = self._place("cellXfs", _remap_xf(xf, numfmt, font, fill, border))
        for i, dxf in enumerate(self._children(self.scratch, "dxfs")):
            maps.dxf[i] = self._place("dxfs", self._remap_dxf(dxf))
        return self._splice(), maps

    # --- pools of fonts, fills, borders: scratch index -> user index ------------

    def _pool(self, container: str) -> dict[int, int]:
        return {
            i: self._place(container, el)
            for i, el in enumerate(self._children(self.scratch, container))
        }

    def _place(self, container: str, el: Element) -> int:
        """The user's index of an element equal to `el`, appending it if there is none."""
        keys = self._existing(container)
        key = _key(el)
        if key not in keys:
            keys[key] = self.counts[container]
            self.counts[container] += 1
            self.added.setdefault(container, []).append(_serialize(el, self.prefix))
        return keys[key]

    def _existing(self, container: str) -> dict[tuple, int]:
        if container not in self.keys:
            children = self._children(self.root, container)
            self.keys[container] = {}
            for i, el in enumerate(children):
                self.keys[container].setdefault(_key(el), i)
            self.counts[container] = len(children)
        return self.keys[container]

    @staticmethod
    def _children(root: Element, container: str) -> list[Element]:
        el = root.find(container)
        return [] if el is None else [c for c in el.children if c.name == _main(c.local)]

    # --- number formats: matched by format code ---------------------------------

    def _numfmts(self) -> dict[int, int]:
        user = {
            el.attrs.get("formatCode", ""): int(el.attrs["numFmtId"])
            for el in self._children(self.root, "numFmts")
        }
        taken = set(user.values())
        self.counts["numFmts"] = len(user)
        self.numfmt_codes = user
        self.numfmt_next = max([FIRST_CUSTOM_NUMFMT - 1, *taken]) + 1
        mapping: dict[int, int] = {}
        for el in self._children(self.scratch, "numFmts"):
            mapping[int(el.attrs["numFmtId"])] = self._numfmt(el.attrs.get("formatCode", ""))
        return mapping

    def _numfmt(self, code: str) -> int:
        if code in self.numfmt_codes:
            return self.numfmt_codes[code]
        new_id = self.numfmt_next
        self.numfmt_next += 1
        self.numfmt_codes[code] = new_id
        self.counts["numFmts"] += 1
        tag = self.prefix + "numFmt"
        self.added.setdefault("numFmts", []).append(
            xmlspan.empty_element(tag, {"numFmtId": str(new_id), "formatCode": code})
        )
        return new_id

    def _remap_dxf(self, dxf: Element) -> Element:
        """A differential format whose number format has the user's id for its code."""
        children = []
        for child in dxf.children:
            if child.local == "numFmt":
                new_id = self._numfmt(child.attrs.get("formatCode", ""))
                attrs = dict(child.attrs, numFmtId=str(new_id))
                child = Element(child.name, attrs, 0, children=child.children, text=child.text)
            children.append(child)
        return Element(dxf.name, dxf.attrs, 0, children=children, text=dxf.text)

    # --- writing back -------------------------------------------------------------

    def _splice(self) -> bytes:
        splices = []
        for container, new in self.added.items():
            el = self.root.find(container)
            count = str(self.counts[container])
            if el is None:
                tag = self.prefix + container
                block = f'<{tag} count="{count}">'.encode() + b"".join(new) + f"</{tag}>".encode()
                at = self._insert_at(container)
                splices.append((at, at, block))
            elif el.empty:
                s, e, head = xmlspan.set_attr(self.data, el, "count", count)
                inner = b"".join(new)
                opened = head[:-2].rstrip() + b">"
                closing = f"</{xmlspan.qname(self.data, el)}>".encode()
                splices.append((s, e, opened + inner + closing))
            else:
                splices.append(xmlspan.set_attr(self.data, el, "count", count))
                splices.append((el.close, el.close, b"".join(new)))
        return xmlspan.apply(self.data, splices)

    def _insert_at(self, container: str) -> int:
        """Where a missing container goes: after the last earlier sibling in schema order."""
        rank = ORDER.index(container)
        at = self.root.head_end
        for child in self.root.children:
            if child.local in ORDER and ORDER.index(child.local) < rank:
                at = child.end
        return at


def _main(local: str) -> str:
    return "{" + xmlspan.MAIN_NS + "}" + local


def _key(el: Element) -> tuple:
    """A comparison key: names, attributes and text, ignoring prefixes and attribute order."""
    return (
        el.name,
        tuple(sorted(el.attrs.items())),
        el.text.strip(),
        tuple(_key(c) for c in el.children),
    )


def _remap_xf(
    xf: Element,
    numfmt: dict[int, int],
    font: dict[int, int],
    fill: dict[int, int],
    border: dict[int, int],
) -> Element:
    attrs = dict(xf.attrs)
    for name, mapping in (
        ("numFmtId", numfmt),
        ("fontId", font),
        ("fillId", fill),
        ("borderId", border),
    ):
        if name in attrs:
            old = int(attrs[name])
            attrs[name] = str(mapping.get(old, old))
    attrs["xfId"] = "0"
    return Element(xf.name, attrs, 0, children=xf.children, text=xf.text)


def _serialize(el: Element, prefix: str) -> bytes:
    """An element of the main namespace (and its children) as bytes, with `prefix`."""
    if not el.name.startswith("{" + xmlspan.MAIN_NS + "}"):
        raise ValueError(f"unexpected element in styles: {el.name}")
    tag = prefix + el.local
    attrs = "".join(f" {k}={quoteattr(v)}" for k, v in el.attrs.items() if "}" not in k)
    inner = escape(el.text).encode() + b"".join(_serialize(c, prefix) for c in el.children)
    if not inner:
        return f"<{tag}{attrs}/>".encode()
    return f"<{tag}{attrs}>".encode() + inner + f"</{tag}>".encode()
