"""The cells just outside a table: where a row typed below it, or a column beside it, lands.

Excel extends a table when a row is typed directly under it, but not after a
paste, across a blank row, or in another spreadsheet program: the data then
sits outside the table, and Planner, which reads tables by name, would leave
it out without a word. Each reader hands on the non-blank cells in a table's
margin (`RawTable.nearby`) and `planner.warn.outside_tables` warns about them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

#: How many sheet rows under a table count as "just below" it: a row typed
#: directly under it, or after one or two blank rows.
ROWS_BELOW = 3
#: Excel's last row and column.
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384


@dataclass(frozen=True)
class Box:
    """A block of sheet cells, 1-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int

    def cells(self) -> Iterator[tuple[int, int]]:
        for row in range(self.top, self.bottom + 1):
            for column in range(self.left, self.right + 1):
                yield row, column


def margin(top: int, left: int, bottom: int, right: int) -> list[Box]:
    """The rows just below a table's range and the column just right of it.

    `top`..`bottom` and `left`..`right` are the table's whole range (header
    and totals included). The column two to the right is left alone: the
    template keeps notes there, one blank column away from the table.
    """
    boxes = []
    if bottom < MAX_ROW:
        boxes.append(
            Box(bottom + 1, left, min(bottom + ROWS_BELOW, MAX_ROW), min(right + 1, MAX_COLUMN))
        )
    if right < MAX_COLUMN:
        boxes.append(Box(top, right + 1, bottom, right + 1))
    return boxes


def nearby(boxes: list[Box], value_at: Callable[[int, int], Any]) -> dict[tuple[int, int], Any]:
    """The margin's non-blank cells: (sheet row, sheet column) -> value."""
    found = {}
    for box in boxes:
        for row, column in box.cells():
            value = value_at(row, column)
            if not _blank(value):
                found[row, column] = value
    return found


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
