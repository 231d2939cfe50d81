"""XML parts edited in place: find an element's bytes, change only those.

A user's workbook.xml, styles.xml or [Content_Types].xml must come back with
every byte Planner did not mean to change unchanged: namespace prefixes,
attribute order, Excel's extension elements and `mc:Ignorable` lists that name
prefixes. Re-serialising with ElementTree renames prefixes (ns0:) and breaks
exactly those, so here the document is parsed once with expat, each element
keeps its byte offsets, and edits are splices of bytes at those offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape as _html_escape
from xml.parsers import expat

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


@dataclass
class Element:
    """One element: expanded name ({ns}local), attributes, children, byte span.

    `start` is the offset of its '<', `head_end` the offset just after its
    start tag's '>', `close` the offset of its end tag's '<' (where a new last
    child goes), `end` the offset just after its end tag. An empty element
    written <x/> has head_end == close == end.
    """

    name: str
    attrs: dict[str, str]
    start: int
    head_end: int = 0
    close: int = 0
    end: int = 0
    children: list[Element] = field(default_factory=list)
    text: str = ""

    @property
    def local(self) -> str:
        return self.name.rsplit("}", 1)[-1]

    @property
    def empty(self) -> bool:
        return self.end == self.head_end

    def find(self, local: str) -> Element | None:
        return next((c for c in self.children if c.local == local), None)

    def findall(self, local: str) -> list[Element]:
        return [c for c in self.children if c.local == local]

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.iter()


def parse(data: bytes) -> Element:
    """The document's root element, every element with its byte offsets."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    stack: list[Element] = []
    root: list[Element] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        i = parser.CurrentByteIndex
        el = Element(_expand(name), {_expand(k): v for k, v in attrs.items()}, i)
        el.head_end = _tag_end(data, i)
        if stack:
            stack[-1].children.append(el)
        else:
            root.append(el)
        stack.append(el)

    def end(name: str) -> None:
        el = stack.pop()
        if data[el.head_end - 2 : el.head_end] == b"/>":  # <x/>
            el.close = el.end = el.head_end
        else:
            i = parser.CurrentByteIndex
            if data[i : i + 2] != b"</":
                raise ValueError(f"cannot place the end tag of {el.name}")
            el.close = i
            el.end = data.index(b">", i) + 1

    def chars(text: str) -> None:
        if stack:
            stack[-1].text += text

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.Parse(data, True)
    return root[0]


def _expand(name: str) -> str:
    return "{" + name if "}" in name else name


#: A whole start tag: anything up to the first '>' outside quoted attribute values.
_TAG = re.compile(rb"""<[^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>""")


def _tag_end(data: bytes, i: int) -> int:
    """Offset just past the '>' closing the tag that starts at i (quotes respected)."""
    found = _TAG.match(data, i)
    if found is None:
        raise ValueError("unterminated tag")
    return found.end()


def qname(data: bytes, el: Element) -> str:
    """The element's name as written (with its prefix, if any)."""
    j = el.start + 1
    k = j
    while data[k : k + 1] not in (b" ", b"/", b">", b"\t", b"\n", b"\r"):
        k += 1
    return data[j:k].decode()


def prefix(data: bytes, el: Element) -> str:
    """'x:' if the element is written x:name, else ''."""
    name = qname(data, el)
    return name.split(":")[0] + ":" if ":" in name else ""


def ns_prefix(data: bytes, root: Element, uri: str) -> str | None:
    """The prefix the root's start tag binds to `uri` ('' for the default), or None."""
    head = data[root.start : root.head_end].decode("utf-8")
    for part in _xmlns(head):
        if part[1] == uri:
            return part[0]
    return None


def _xmlns(head: str) -> Iterator[tuple[str, str]]:
    for m in re.finditer(r"xmlns(?::([\w.\-]+))?\s*=\s*(\"[^\"]*\"|'[^']*')", head):
        yield (m.group(1) or ""), m.group(2)[1:-1]


def escape(text: str) -> str:
    """Text between tags with &, < and > as entities: `xml.sax.saxutils.escape`'s output.

    Not saxutils itself: importing it imports urllib.request, and with it http,
    ssl and email, 30 ms of an FTE run on a machine at half speed, where the
    standard library's `html.escape` does these three replacements alone.
    """
    return _html_escape(text, quote=False)


def quoteattr(value: str) -> str:
    """An attribute value escaped and quoted, as `xml.sax.saxutils.quoteattr` gives it:
    line breaks and tabs as character references, in double quotes unless the value
    holds one (then single quotes, or &quot; if it holds both)."""
    value = escape(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def empty_element(tag: str, attrs: dict[str, str]) -> bytes:
    """<tag a="1" b="2"/> with escaped attribute values, in the order given."""
    body = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    return f"<{tag}{body}/>".encode()


def text_element(tag: str, text: str) -> bytes:
    return f"<{tag}>{escape(text)}</{tag}>".encode()


def set_attr(data: bytes, el: Element, raw_name: str, value: str) -> tuple[int, int, bytes]:
    """A splice that sets attribute `raw_name` (as written, e.g. count) on el's start tag."""
    return set_attrs(data, el, {raw_name: value})


def set_attrs(data: bytes, el: Element, values: dict[str, str]) -> tuple[int, int, bytes]:
    """A splice that sets several attributes on el's start tag, the rest as written."""
    head = data[el.start : el.head_end].decode("utf-8")
    for raw_name, value in values.items():
        pattern = re.compile(r"(\s" + re.escape(raw_name) + r"\s*=\s*)(\"[^\"]*\"|'[^']*')")
        m = pattern.search(head)
        if m:
            head = head[: m.start(2)] + quoteattr(value) + head[m.end(2) :]
        else:
            close = len(head) - (2 if head.endswith("/>") else 1)
            head = head[:close].rstrip() + f" {raw_name}={quoteattr(value)}" + head[close:]
    return el.start, el.head_end, head.encode("utf-8")


def apply(data: bytes, splices: list[tuple[int, int, bytes]]) -> bytes:
    """Apply non-overlapping (start, end, replacement) splices to data."""
    out = []
    pos = 0
    for start, end, new in sorted(splices, key=lambda s: (s[0], s[1])):
        if start < pos:
            raise ValueError("overlapping XML edits")
        out.append(data[pos:start])
        out.append(new)
        pos = end
    out.append(data[pos:])
    return b"".join(out)
