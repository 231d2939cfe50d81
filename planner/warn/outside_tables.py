"""A warning for data typed just below or beside an input table, outside its range.

Planner reads tables by name, so such data is not an input (docs/workbook.md); the
user most likely meant it as one (a unit pasted under the Units table). The
warning names the cells and says how to bring them into the table, or to
delete them; the run goes ahead without them.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from planner import contract as layout
from planner.check.validate import CellProblem, CheckedInputs
from planner.read.cells import column_letter
from planner.read.tables import RawTable, quote_sheet

#: How many of the cells' values a warning quotes.
QUOTED = 3


def typed_outside_tables(tables: dict[str, RawTable], _checked: CheckedInputs) -> list[CellProblem]:
    """One warning per row typed below an input table, and per column typed beside it."""
    warnings = []
    for spec in layout.INPUT_TABLES:
        table = tables.get(spec.name)
        if table is None or not table.nearby:
            continue
        cells = _outside_every_table(table, tables.values())
        right = table.left + len(table.headers) - 1
        below = {k: v for k, v in cells.items() if k[0] > _bottom(table) and k[1] <= right}
        beside = {k: v for k, v in cells.items() if k not in below}
        for _row, group in groupby(sorted(below.items()), key=lambda item: item[0][0]):
            warnings.append(_warning(table, dict(group), "just below"))
        by_column = sorted(beside.items(), key=lambda item: (item[0][1], item[0][0]))
        for _column, group in groupby(by_column, key=lambda item: item[0][1]):
            warnings.append(_warning(table, dict(group), "beside"))
    return warnings


def _bottom(table: RawTable) -> int:
    return table.top + len(table.rows)


def _outside_every_table(table: RawTable, others: Any) -> dict[tuple[int, int], Any]:
    """The margin's cells that no other table on the sheet holds (tables may sit close)."""
    boxes = [
        (t.top, t.left, _bottom(t), t.left + len(t.headers) - 1)
        for t in others
        if t.sheet == table.sheet and t is not table
    ]
    return {
        (row, column): value
        for (row, column), value in table.nearby.items()
        if not any(
            top <= row <= bottom and left <= column <= right for top, left, bottom, right in boxes
        )
    }


def _warning(table: RawTable, cells: dict[tuple[int, int], Any], where: str) -> CellProblem:
    first, last = min(cells), max(cells)
    span = _address(*first) + ("" if first == last else ":" + _address(*last))
    shown = ", ".join(_quoted(v) for v in list(cells.values())[:QUOTED])
    more = ", ..." if len(cells) > QUOTED else ""
    return CellProblem(
        f"{quote_sheet(table.sheet)}!{span}",
        f"typed {where} the {table.name} table, outside it, so Planner does not read it "
        f"({shown}{more}). To plan with it, make the table take it in (drag the handle at "
        "the table's bottom-right corner over it, or Table Design > Resize Table); "
        "if it is not an input, delete it.",
    )


def _address(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def _quoted(value: Any) -> str:
    if isinstance(value, str):
        text = value.strip()
        return f'"{text[:40]}{"..." if len(text) > 40 else ""}"'
    if isinstance(value, float) and value.is_integer():
        return f"{int(value)}"
    return str(value)
