"""The contract's vocabulary: the kinds of cell, a column, a table, and the fixed choices."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of column: what a cell may hold.
TEXT = "text"  # free text (blank allowed only where `required` is False)
NAME = "name"  # a key name: unit, role, stream, scenario
NUMBER = "number"  # a number >= minimum
WHOLE = "whole"  # a whole number
PERCENT = "percent"  # a fraction shown as %, 0.05 = 5%
MONEY = "money"  # £
YESNO = "yesno"  # Yes / No
YEAR = "year"  # calendar year
CHOICE = "choice"  # one of `choices`
LIST = "list"  # names separated by ";"
ANY = "any"  # an override value: checked against the column it replaces


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    note: str
    required: bool = True  # False: blank means "none" (docs/rules.md)
    low: float | None = None  # smallest allowed value
    high: float | None = None  # largest allowed value
    low_open: bool = False  # True: the value must be strictly above `low`
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
    #: front (planner.output_rows). Blank for tables built otherwise.
    rows_from: str = ""

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


SOLVERS = ("HiGHS", "CBC")
YES_NO = ("Yes", "No")
ROLE_TYPES = ("Officer", "Staff")
PLAN_FOR = ("Expected demand", "Uncertain demand")
