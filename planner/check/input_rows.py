"""One body row of an input table as read, and how messages name it (by its key)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner import contract as layout
from planner.check.cell_words import quoted, stripped
from planner.contract import Table
from planner.read.tables import RawTable, Unreadable


@dataclass
class Row:
    """A body row that is not wholly blank: its cells, and the typed values that passed."""

    table: str  # the layout's name for its table
    raw: RawTable
    index: int  # body row in the RawTable (0-based)
    cells: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How messages name the row: 'for "MIT"', 'for unit "MIT", role "DC"'."""
        return row_label(layout.TABLES[self.table], self.cells)

    def address(self, column: str | None = None) -> str:
        return self.raw.cell(self.index, column)

    def subject(self, column: str) -> str:
        """A cell named for a message: 'Min posts for "MIT"' (a key cell by itself)."""
        label = row_label(layout.TABLES[self.table], self.cells, column)
        return f"{column} {label}".strip()


def row_label(table: Table, cells: dict[str, Any], leave_out: str | None = None) -> str:
    """How a message names a row: by its key, as the user typed it."""
    if table.name == "Overrides":
        scenario = stripped(cells.get("Scenario"))
        return f"in scenario {quoted(scenario)}" if isinstance(scenario, str) else ""
    keys = [(k, stripped(cells.get(k))) for k in table.keys if k != leave_out]
    keys = [(k, v) for k, v in keys if v is not None and not isinstance(v, Unreadable)]
    if not keys:
        return ""
    if len(table.keys) == 1:
        return f"for {quoted(keys[0][1], table.column(keys[0][0]).kind)}"
    if leave_out in table.keys:
        return "(" + ", ".join(f"{k.lower()} {quoted(v)}" for k, v in keys) + ")"
    return "for " + ", ".join(f"{k.lower()} {quoted(v)}" for k, v in keys)
