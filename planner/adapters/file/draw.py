"""Cells and native Excel tables drawn with XlsxWriter: text always as text, blanks as blanks.

Every text value is written with write_string, so text that looks like a
formula ("=HYPERLINK(...)", "+cmd") is shown as typed, never evaluated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet


def write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    """One cell, by type; text always as text, blanks (and "") as formatted blanks."""
    if _blank(value):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Yes" if value else "No", fmt)
    elif isinstance(value, int | float):
        if math.isinf(value):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    elif isinstance(value, datetime | date | pd.Timestamp):
        ws.write_string(row, col, value.strftime("%Y-%m-%d %H:%M:%S"), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value
    )


def column_width(header: str, values: Sequence[Any], cap: int = 48) -> float:
    """Wide enough for the values, and for the header's longest word (headers wrap)."""
    words = max(len(w) for w in header.split()) + 3
    longest = max([words, min(len(header), 14), *(len(_shown(v)) + 2 for v in values[:500])])
    return float(min(max(longest, 9), cap))


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "" if value is None else str(value)


def add_table(
    ws: Worksheet,
    top: int,
    left: int,
    name: str,
    headers: list[str],
    rows: list[list[Any]],
    formats: list[Format | None],
    style: str = "TableStyleMedium2",
    header: Format | list[Format] | None = None,
) -> int:
    """A native Excel table (header + rows) at (top, left); returns its last row.

    A table needs one body row, so an empty one gets a blank row. The header
    gets an explicit format too, so it reads the same in programs that do not
    draw Excel's table styles (LibreOffice).
    """
    last = top + max(len(rows), 1)
    heads = header if isinstance(header, list) else [header] * len(headers)
    columns = [
        {"header": h, "format": f, "header_format": hf}
        for h, f, hf in zip(headers, formats, heads, strict=True)
    ]
    ws.add_table(
        top,
        left,
        last,
        left + len(headers) - 1,
        {"name": name, "columns": columns, "style": style, "autofilter": True},
    )
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            write_value(ws, top + 1 + i, left + j, value, formats[j])
    return last
