"""Tables as read from a workbook, before any checking, with where each cell is.

Both adapters (the file, through calamine; a live book, through xlwings) turn
the workbook's Excel tables into `RawTable`s. From here on nothing knows which
adapter read them, which is what makes the planning path one path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from planner.read.cells import column_letter


@dataclass
class RawTable:
    """One Excel table (ListObject): its headers, its body rows, and its place.

    `top` is the sheet row of the header (1-based), `left` the sheet column of
    its first column (1-based). Body row i (0-based) sits on sheet row top+1+i.
    Values are as the cell holds them: str, float/int, bool, datetime or None,
    or `Unreadable` for a cell whose value cannot be used (an Excel error, or a
    formula Excel has not calculated).
    """

    name: str
    sheet: str
    top: int
    left: int
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    #: Non-blank cells just outside the table's range (planner.read.margins), by
    #: (sheet row, sheet column): data the user may have meant as input.
    nearby: dict[tuple[int, int], Any] = field(default_factory=dict)

    def cell(self, row: int | None, column: str | None) -> str:
        """The address of body row `row` (0-based) in `column`, e.g. "Units!C7".

        With `row` None, the header cell; with `column` None, the row's first cell.
        """
        position = self.headers.index(column) if column in self.headers else 0
        if row is None:
            return self.header_cell(position)
        return (
            f"{quote_sheet(self.sheet)}!{column_letter(self.left + position)}{self.top + 1 + row}"
        )

    def header_cell(self, position: int) -> str:
        """The header cell of the table's column at `position` (0-based).

        A table at row 1 whose header row is hidden has no row above its
        body: its first body row stands for the header.
        """
        row = max(self.top, 1)
        return f"{quote_sheet(self.sheet)}!{column_letter(self.left + position)}{row}"

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.headers, r, strict=False)) for r in self.rows]


@dataclass(frozen=True)
class Unreadable:
    """A cell whose value cannot be used as input, in place of that value.

    An adapter puts one where a cell shows an Excel error (#N/A, #DIV/0!) or
    holds a formula Excel has not calculated, rather than failing or guessing:
    the validator then reports it at its cell, with every other problem.
    `reason` completes "this cell ...", e.g. "shows the Excel error #N/A".
    """

    reason: str

    def __str__(self) -> str:
        return self.reason


def quote_sheet(name: str) -> str:
    """A sheet name as Excel writes it in an address ('Run log'!A1, Units!A1)."""
    if name.replace("_", "").isalnum():
        return name
    return "'" + name.replace("'", "''") + "'"


class WorkbookReader(Protocol):
    """What the planning path needs from a workbook to read it."""

    def read_tables(self) -> dict[str, RawTable]:
        """Every Excel table in the workbook, by table name."""
        ...

    def sheet_names(self) -> list[str]: ...


class WorkbookWriter(Protocol):
    """What the planning path needs from a workbook to write its results."""

    def write_report(self, report: Any) -> None:
        """Write a `planner.report.workbook_report.Report`: output tables and scenario tabs."""
        ...
