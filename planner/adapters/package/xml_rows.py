"""Sheet rows written straight to XML, for the long output tables.

Plans and Coverage can run to hundreds of thousands of rows. Writing them
cell by cell through XlsxWriter, then rewriting its shared strings as inline
strings, took about a minute for 225,000 rows; building the <row> elements
here, with the final style numbers, takes a few seconds. The look of the
cells does not change: each column keeps the cell format XlsxWriter gave the
first row (`styles`, as numbers in the user's styles.xml).

Text is always an inline string (t="inlineStr"), never a formula.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from planner.adapters.package.xmlspan import escape

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_xml(text: str) -> str:
    """<t> for a string: escaped, control characters as Excel's _xHHHH_, spaces kept."""
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<t{space}>{escape(text)}</t>"


def rows_xml(first_row: int, rows: Sequence[Sequence[Any]], styles: Sequence[int]) -> bytes:
    """<row> elements for `rows`, the first on sheet row `first_row` (1-based), from column A."""
    letters = [xl_col_to_name(j) for j in range(len(styles))]
    s_attr = [f' s="{s}"' if s else "" for s in styles]
    texts: dict[str, str] = {}  # names repeat on every row: escape each once
    out: list[str] = []
    append = out.append
    for i, row in enumerate(rows):
        r = first_row + i
        append(f'<row r="{r}">')
        for j, value in enumerate(row):
            if type(value) is str:
                t = texts.get(value)
                if t is None:
                    t = texts[value] = text_xml(value)
                append(f'<c r="{letters[j]}{r}"{s_attr[j]} t="inlineStr"><is>{t}</is></c>')
            else:
                append(_cell(f"{letters[j]}{r}", s_attr[j], value))
        append("</row>")
    return "".join(out).encode("utf-8")


def _cell(ref: str, s: str, value: Any) -> str:
    """One cell that is not plain text (a number, a blank, a date...)."""
    kind = type(value)
    if kind is float:
        if math.isnan(value) or math.isinf(value):
            return f'<c r="{ref}"{s}/>'
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if kind is int:
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if value is None:
        return f'<c r="{ref}"{s}/>'
    if kind is str:
        return f'<c r="{ref}"{s} t="inlineStr"><is>{text_xml(value)}</is></c>'
    if kind is bool:
        return f'<c r="{ref}"{s} t="inlineStr"><is><t>{"Yes" if value else "No"}</t></is></c>'
    if isinstance(value, datetime | date):
        shown = value.strftime("%Y-%m-%d %H:%M:%S")
        return f'<c r="{ref}"{s} t="inlineStr"><is><t>{shown}</t></is></c>'
    if hasattr(value, "item"):  # a numpy number
        return _cell(ref, s, value.item())
    return f'<c r="{ref}"{s} t="inlineStr"><is>{text_xml(str(value))}</is></c>'
