"""How the contract describes a table: its columns, keys and notes, as data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    note: str
    required: bool = True  # False: blank means "none" (docs/rules.md)
    low: float | None = None  # smallest allowed value
    high: float | None = None  # largest allowed value
    low_open: bool = False  # True: the value must be strictly above `low`
    high_open: bool = False  # True: the value must be strictly below `high`
    choices: tuple[str, ...] = ()
    refers_to: str | None = None  # "Units", "Roles", "Demand", "Scenarios": must exist there
    #: True for a column added after the first version: a table without it (a workbook
    #: made earlier) reads it as blank, so old workbooks keep working (docs/workbook.md).
    optional: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    sheet: str
    columns: tuple[Column, ...]
    keys: tuple[str, ...]
    note: str
    output: bool = False
    #: True for a table added after the first version: a workbook without it reads it
    #: as a table with no rows.
    optional: bool = False
    #: An output table's title, the first line of its sheet (else its name).
    title: str = ""
    #: An output table whose rows are one table of each plan: the PlanResult
    #: field they come from ("plan", "moves", "coverage"), the scenario put in
    #: front (planner.report.output_rows). Blank for tables built otherwise.
    rows_from: str = ""

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def with_rules(table: Table, rules: Iterable[Any]) -> Table:
    """`table` with its numeric columns' bounds taken from the model's rules.

    The model (optimise.checks.RULES) and the workbook check the same bounds
    from one table: a rule's column gets its low, high and whether each is open, so
    the two can never drift apart. A rule must name a column of the table.
    """
    mine = {r.column: r for r in rules if r.table == table.name}
    unknown = set(mine) - set(table.headers)
    if unknown:
        raise ValueError(f"rules for columns {table.name} does not have: {sorted(unknown)}")
    columns = tuple(
        replace(c, low=r.low, high=r.high, low_open=r.low_open, high_open=r.high_open)
        if (r := mine.get(c.name))
        else c
        for c in table.columns
    )
    return replace(table, columns=columns)
