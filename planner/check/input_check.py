"""What every input check shares: the tables found, the rows parsed, the problems so far.

InputCheck holds one check's state and the cell-level checks every table gets
(headers, kinds, duplicates, unit limits); the checks that need more context
live in their own modules and take an InputCheck (planner.check.settings_check,
references, overrides_check, typed_inputs, model_problems). planner.check.validate
runs them all in order. The problem and result types are here too, so every
check module can name them without importing the module that runs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from optimise.inputs import PlanInputs, Scenario, Settings
from planner import contract as layout
from planner.check.cell_parse import Bad, Spec, parse_value
from planner.check.cell_words import NOT_EMPTY, NOUNS, blank, num, quoted, stripped
from planner.check.headers_check import header_problems
from planner.check.input_rows import Row
from planner.check.names import fold as _fold
from planner.contract import ANY, Table
from planner.read.tables import RawTable, quote_sheet

# --- What the caller gets -----------------------------------------------------------


@dataclass(frozen=True)
class CellProblem:
    """One input mistake: where it is and what is wrong, in the user's words."""

    address: str  # "Units!C7"; for a missing table or column, the sheet or the header
    message: str

    def __str__(self) -> str:
        return f"{self.address}: {self.message}"


class WorkbookInputError(Exception):
    """The workbook's inputs cannot be planned from; `problems` lists every one."""

    def __init__(self, problems: Iterable[CellProblem]):
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"{count} problem{'s' * (count != 1)} in the workbook:\n{lines}")


@dataclass
class CheckedInputs:
    """Inputs that passed every check, typed for the model."""

    inputs: PlanInputs
    scenarios: list[Scenario]  # in table order, each with its Overrides

    def to_run(self) -> list[Scenario]:
        return [s for s in self.scenarios if s.run]


# --- The state of one check ----------------------------------------------------------


class InputCheck:
    """The state of one check: tables found, rows parsed, problems so far."""

    def __init__(self, tables: dict[str, RawTable]):
        self.tables = tables
        self.problems: list[CellProblem] = []
        self.seen: set[CellProblem] = set()
        self.found: dict[str, RawTable] = {}  # input tables present, headers sound or not
        self.rows: dict[str, list[Row]] = {}  # the rows of every input table found
        self.complete: set[str] = set()  # input tables with every column they need
        self.settings: Settings | None = None
        self.setting_values: dict[str, Any] = {}  # those that passed, even if others did not

    def add(self, address: str, message: str) -> None:
        problem = CellProblem(address, message)
        if problem not in self.seen:
            self.seen.add(problem)
            self.problems.append(problem)

    # -- Cell level: everything a finance officer could get wrong ------------------

    def headers(self, raw: RawTable, table: Table) -> bool:
        """Report misnamed, missing, extra and misordered columns.

        True when every expected column is there, so values can be read by name.
        """
        problems = header_problems(raw, table)
        for address, message in problems:
            self.add(address, message)
        return all(c.name in raw.headers for c in table.columns if not c.optional)

    def parse(self, raw: RawTable, table: Table) -> list[Row]:
        """Type every cell of kinds the layout fixes; ANY cells wait for their context.

        A table missing a column still has its other columns checked, so that one
        mistake does not hide the others.
        """
        specs = [
            (c.name, Spec.of(c)) for c in table.columns if c.kind != ANY and c.name in raw.headers
        ]
        rows = []
        for index, values in enumerate(raw.rows):
            cells = dict(zip(raw.headers, values, strict=False))
            if all(blank(v) for v in values):
                continue  # a blank row in a table means nothing
            row = Row(table.name, raw, index, cells)
            for name, spec in specs:
                self.parse_cell(row, name, spec)
            rows.append(row)
        return rows

    def parse_cell(self, row: Row, column: str, spec: Spec, subject: str | None = None) -> bool:
        try:
            row.values[column] = parse_value(row.cells.get(column), spec)
        except Bad as bad:
            self.add(row.address(column), bad.say(subject or row.subject(column)))
            return False
        return True

    def duplicates(self, table: Table) -> None:
        first: dict[tuple, Row] = {}
        required = [i for i, k in enumerate(table.keys) if table.column(k).required]
        for row in self.rows[table.name]:
            source = row.cells if table.name == "Overrides" else row.values
            key = tuple(_fold(stripped(source.get(k))) for k in table.keys)
            if any(key[i] is None for i in required):
                continue  # a blank or bad key is reported already
            if key not in first:
                first[key] = row
                continue
            where = first[key].address(table.keys[0])
            if table.name == "Overrides":
                message = (
                    f"this change {row.label} is listed more than once (first at {where}); keep one"
                )
            else:
                shown = ", ".join(quoted(row.values[k], table.column(k).kind) for k in table.keys)
                message = (
                    f"{shown} is listed more than once in {table.name} (first at {where}); "
                    f"list each {NOUNS[table.name]} once"
                )
            self.add(row.address(table.keys[0]), message)

    def known(self, table: str) -> set[str] | None:
        """The names a table's rows are known by (units, roles...), if it was readable."""
        if table not in self.rows:
            return None
        key = layout.TABLES[table].keys[0]
        if key not in self.found[table].headers:
            return None
        return {r.values[key] for r in self.rows[table] if r.values.get(key) is not None}

    def not_empty(self) -> None:
        for name, what in NOT_EMPTY.items():
            if name in self.rows and not self.rows[name]:
                self.add(self.found[name].cell(None, None), f"the {name} table has no rows; {what}")

    def unit_limits(self) -> None:
        for row in self.rows.get("Units", []):
            low, high = row.values.get("Min posts"), row.values.get("Max posts")
            if low is not None and high is not None and low > high:
                self.add(
                    row.address("Min posts"),
                    f"Min posts ({num(low)}) is above Max posts ({num(high)}) "
                    f'for "{row.values.get("Unit", "")}"',
                )
            unit = row.values.get("Unit")
            if unit and ";" in unit:
                self.add(
                    row.address("Unit"),
                    f'the unit name "{unit}" contains ";", which separates the names in '
                    "Protected units; use another character",
                )

    def whole_posts(self) -> None:
        """With Whole posts = Yes, today's posts must be whole too."""
        if self.setting_values.get("Whole posts") is not True:
            return
        setting = self.setting_address("Whole posts")
        for row in self.rows.get("Establishment", []):
            posts = row.values.get("Posts")
            if posts is not None and not float(posts).is_integer():
                self.add(
                    row.address("Posts"),
                    f"{row.subject('Posts')} is {num(posts)}, but Whole posts is Yes "
                    f"({setting}); type whole posts, or set Whole posts to No to plan in "
                    "fractions of a post",
                )

    def setting_address(self, name: str) -> str:
        for row in self.rows.get("Settings", []):
            if row.values.get("Setting") == name:
                return row.address("Value")
        return quote_sheet(layout.SETTINGS.sheet)
