"""The server's time limit: a reader whose Settings cap each solver stage's seconds."""

from __future__ import annotations

from typing import Any

from planner import contract as layout
from planner.read.tables import RawTable


class CappedTimeLimit:
    """A reader whose Settings' "Time limit (s)" is at most `cap` seconds.

    xlwings Server bounds every solve this way; the workbook itself keeps the
    user's value.
    """

    SETTING = "Time limit (s)"

    def __init__(self, reader: Any, cap: float) -> None:
        self.reader = reader
        self.cap = float(cap)

    def sheet_names(self) -> list[str]:
        return self.reader.sheet_names()

    def read_tables(self) -> dict[str, RawTable]:
        tables = self.reader.read_tables()
        settings = tables.get(layout.SETTINGS.name)
        if settings is not None:
            tables[layout.SETTINGS.name] = self._capped(settings)
        return tables

    def _capped(self, table: RawTable) -> RawTable:
        if "Setting" not in table.headers or "Value" not in table.headers:
            return table
        key, value = table.headers.index("Setting"), table.headers.index("Value")
        rows = [list(r) for r in table.rows]
        found = False
        for row in rows:
            if row[key] == self.SETTING:
                found = True
                current = row[value]
                if current is None or (_is_number(current) and current > self.cap):
                    row[value] = self.cap  # text is left for the validator to report
        if not found:  # a missing row means the default, which may be above the cap
            row = [None] * len(table.headers)
            row[key], row[value] = self.SETTING, self.cap
            rows.append(row)
        return RawTable(table.name, table.sheet, table.top, table.left, table.headers, rows)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
