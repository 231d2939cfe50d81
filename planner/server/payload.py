"""The shape of the workbook JSON an xlwings client sends, checked before any work.

A body that is JSON but not a workbook (a sheet list that is text, a table
without a name) would otherwise fail deep inside a script, with a message in
Python's words. Checked here, it is refused with a 400 that says what is wrong.
"""

from __future__ import annotations

from typing import Any

TABLE_KEYS = ("name", "range_address", "show_headers", "show_totals")


def payload_problem(payload: dict[str, Any]) -> str | None:
    """What is wrong with the workbook JSON, in words, or None when its shape is right."""
    book = payload.get("book")
    if not isinstance(payload.get("version"), str) or not isinstance(book, dict):
        return "The request is not a workbook sent by xlwings (its version or book is missing)."
    if not isinstance(book.get("active_sheet_index"), int):
        return "The workbook sent has no active sheet."
    sheets = payload.get("sheets")
    if not isinstance(sheets, list) or not sheets:
        return "The workbook sent has no sheets."
    for n, sheet in enumerate(sheets, 1):
        problem = _sheet_problem(sheet)
        if problem:
            return f"Sheet {n} of the workbook sent {problem}."
    if not isinstance(payload.get("names", []), list):
        return "The workbook sent has its names in the wrong form."
    return None


def _sheet_problem(sheet: Any) -> str | None:
    if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
        return "has no name"
    values = sheet.get("values")
    if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
        return "has its cell values in the wrong form"
    for key in ("tables", "pictures"):
        if not isinstance(sheet.get(key, []), list):
            return f"has its {key} in the wrong form"
    for table in sheet.get("tables", []):
        if not isinstance(table, dict) or any(k not in table for k in TABLE_KEYS):
            return "has a table in the wrong form"
    return None
