"""The workbook JSON that xlwings Server clients send: checking one, and making a sample.

A request that is JSON but not a workbook (`{}`, say) used to reach xlwings,
which answered "interactive mode is only supported on Windows and macOS":
that reads as "Linux is unsupported". `problem` says instead what the body
lacks and how to send a real one. `sample` makes the payload a client would
send for a workbook file (the default one, for a smoke test), so a deployment
can be tested without Excel. A body shaped almost like a workbook (a sheet
list that is text, a table without a name) is refused here too, with a 400 in
words, rather than failing deep inside a script in Python's words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

#: What a client's payload carries at its top level (xlwings/js/xlwings.ts).
REQUIRED = ("version", "book", "sheets")
SHAPE = (
    '{"client", "version", "book": {"name", "active_sheet_index", "selection"}, "names", "sheets"}'
)


def problem(payload: Any) -> str | None:
    """Why `payload` is not a workbook from an xlwings client, in words; None if it is."""
    if not isinstance(payload, dict):
        return _say("it is not a JSON object")
    missing = [key for key in REQUIRED if key not in payload]
    if missing:
        return _say(f"it has no {', '.join(repr(k) for k in missing)}")
    book, sheets = payload["book"], payload["sheets"]
    if not isinstance(book, dict) or "name" not in book or "active_sheet_index" not in book:
        return _say('its "book" has no name or active_sheet_index')
    if not isinstance(sheets, list) or not sheets:
        return _say('its "sheets" is not a list of sheets')
    if not all(isinstance(s, dict) and "name" in s and "values" in s for s in sheets):
        return _say('a sheet in "sheets" has no name or values')
    if not isinstance(payload["version"], str) or not isinstance(book["active_sheet_index"], int):
        return _say('its "version" is not text or its active_sheet_index not a number')
    for n, sheet in enumerate(sheets, 1):
        wrong = _sheet_problem(sheet)
        if wrong:
            return _say(f"sheet {n} {wrong}")
    if not isinstance(payload.get("names", []), list):
        return _say('its "names" is not a list')
    return None


#: What every table of a sheet carries (xlwings/js/xlwings.ts).
TABLE_KEYS = ("name", "range_address", "show_headers", "show_totals")


def _sheet_problem(sheet: dict[str, Any]) -> str | None:
    """What is wrong with one sheet of the payload, or None when its shape is right."""
    if not isinstance(sheet["name"], str):
        return "has no name"
    values = sheet["values"]
    if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
        return "has its cell values in the wrong form"
    for key in ("tables", "pictures"):
        if not isinstance(sheet.get(key, []), list):
            return f"has its {key} in the wrong form"
    for table in sheet.get("tables", []):
        if not isinstance(table, dict) or any(k not in table for k in TABLE_KEYS):
            return "has a table in the wrong form"
    return None


def _say(why: str) -> str:
    return (
        f"The request body is not a workbook sent by Excel: {why}. xlwings Server clients "
        f"(the Office.js add-in, VBA's RunRemotePython) send {SHAPE}. To test this server "
        "without Excel, run `planner smoke-test URL`, or send the sample it writes with "
        "`planner smoke-test --write-sample sample.json` (see docs/excel.md)."
    )


def sample(path: str | Path, active_sheet: str = "Units", client: str = "VBA") -> dict[str, Any]:
    """The payload a client would send for the workbook at `path`, `active_sheet` active.

    Every sheet's values from A1 (dates as the client's ISO strings), its Excel
    tables and the workbook's single-range names: what Planner reads.
    """
    import openpyxl
    import xlwings
    from openpyxl.utils import range_boundaries
    from python_calamine import CalamineWorkbook

    structure = openpyxl.load_workbook(path, keep_vba=True)
    values = CalamineWorkbook.from_path(str(path))
    sheets = []
    for ws in structure.worksheets:
        grid = values.get_sheet_by_name(ws.title).to_python(skip_empty_area=False)
        tables = []
        for table in ws.tables.values():
            left, top, right, bottom = range_boundaries(table.ref)
            tables.append(_table(table.name, top, left, bottom, right))
        sheets.append(
            {
                "name": ws.title,
                "values": [[_json(v) for v in row] for row in grid] or [[]],
                "pictures": [],
                "tables": tables,
            }
        )
    names = [_name(structure, d) for d in structure.defined_names.values()]
    return {
        "client": client,
        "version": xlwings.__version__,
        "book": {
            "name": Path(path).name,
            "active_sheet_index": structure.sheetnames.index(active_sheet),
            "selection": "A1",
        },
        "names": [n for n in names if n is not None],
        "sheets": sheets,
    }


def _table(name: str, top: int, left: int, bottom: int, right: int) -> dict[str, Any]:
    from openpyxl.utils import get_column_letter

    def address(first: int, last: int) -> str:
        return f"${get_column_letter(left)}${first}:${get_column_letter(right)}${last}"

    return {
        "name": name,
        "range_address": address(top, bottom),
        "header_row_range_address": address(top, top),
        "data_body_range_address": address(top + 1, bottom) if bottom > top else None,
        "total_row_range_address": None,
        "show_headers": True,
        "show_totals": False,
        "table_style": "TableStyleMedium2",
        "show_autofilter": True,
    }


def _name(book: Any, defined: Any) -> dict[str, Any] | None:
    """A book-scope name that refers to one range, in the client's shape."""
    destinations = list(defined.destinations)
    if defined.name.startswith("_xlnm.") or len(destinations) != 1:
        return None
    sheet, address = destinations[0]
    if sheet not in book.sheetnames:
        return None
    return {
        "name": defined.name,
        "sheet_index": book.sheetnames.index(sheet),
        "address": address.replace("$", ""),
        "book_scope": True,
        "scope_sheet_name": None,
        "scope_sheet_index": None,
    }


def _json(value: Any) -> Any:
    """A cell value as the client's JSON carries it: "" for empty, dates as ISO text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value
