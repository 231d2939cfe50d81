"""A live workbook's table read in one xlwings call, in the shape the file reader gives."""

from __future__ import annotations

from typing import Any

from planner.read import margins
from planner.read.tables import RawTable, Unreadable

#: What Excel shows for an error, and how the file reader words it (planner.adapters.file.file_reader).
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!")


EXCEL_ERROR_REASON = "shows the Excel error {}; correct the formula, or type the value"


def raw_table(sheet: Any, table: Any) -> RawTable:
    """A table read in one call: header row, body rows, position.

    The same shape the file reader gives: errors as `Unreadable`, trailing
    blank rows dropped, headers as text.
    """
    whole = table.range
    values = whole.options(ndim=2, empty=None, err_to_str=True).value
    if table.show_totals and len(values) > 1:
        values = values[:-1]
    header, *body = values if table.show_headers else ([None] * len(values[0]), *values)
    if table.data_body_range is None:  # Excel's empty table: a header and no body
        body = []
    rows = [[_read_value(v) for v in row] for row in body]
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    return RawTable(
        name=table.name,
        sheet=sheet.name,
        top=whole.row if table.show_headers else whole.row - 1,  # the hidden header's row
        left=whole.column,
        headers=[_header(h) for h in header],
        rows=rows,
        nearby=_nearby(sheet, whole),
    )


def _nearby(sheet: Any, whole: Any) -> dict[tuple[int, int], Any]:
    """The non-blank cells in the table's margin (planner.read.margins), one read per block."""
    bottom, right = whole.row + whole.shape[0] - 1, whole.column + whole.shape[1] - 1
    found: dict[tuple[int, int], Any] = {}
    for box in margins.margin(whole.row, whole.column, bottom, right):
        block = sheet.range((box.top, box.left), (box.bottom, box.right))
        values = block.options(ndim=2, empty=None, err_to_str=True).value
        found |= margins.nearby([box], lambda r, c: values[r - box.top][c - box.left])  # noqa: B023
    return found


def _read_value(value: Any) -> Any:
    if isinstance(value, str):
        if value in EXCEL_ERRORS:
            return Unreadable(EXCEL_ERROR_REASON.format(value))
        return value if value != "" else None
    return value


def _header(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def body_row_count(table: Any) -> int:
    body = table.data_body_range
    return body.shape[0] if body is not None else 0
