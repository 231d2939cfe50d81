"""Checking every input before anything is solved: each problem at its cell, all at once.

Finance staff edit the workbook and none of them reads Python, so a mistake must
come back as the cell it is in and what is wrong in their words
(`Units!C7: Min posts (40) is above Max posts (30) for "Major Investigation Teams"`),
and every mistake at once, so one round of fixes is enough.

What a cell may hold comes from planner.layout (kind, bounds, required,
refers_to): the contract lives there and these checks read it, so a new column
is checked by adding it to the layout. Consistency that only the model can see
(optimise.checks) runs on the typed tables once every cell is sound, for the
inputs and for each scenario's inputs, and is mapped back to cells here.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from optimise.checks import check_inputs
from optimise.inputs import (
    BUDGET_COLUMNS,
    ESTABLISHMENT_COLUMNS,
    SETTING_FIELDS,
    SKILL_COLUMNS,
    UNIT_COLUMNS,
    InputError,
    InputProblem,
    Override,
    PlanInputs,
    Scenario,
    Settings,
)
from optimise.scenario import apply_scenario
from planner import layout
from planner.cells import column_number
from planner.layout import (
    ANY,
    CHOICE,
    LATER_SETTINGS,
    LIST,
    MONEY,
    NAME,
    PERCENT,
    SETTING_ROWS,
    TEXT,
    WHOLE,
    YEAR,
    YESNO,
    Column,
    Table,
)
from planner.names import did_you_mean as _did_you_mean
from planner.names import fold as _fold
from planner.references import References
from planner.tables import RawTable, Unreadable, quote_sheet

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


def check_workbook(tables: dict[str, RawTable]) -> CheckedInputs:
    """Every input table checked and typed; WorkbookInputError lists every problem."""
    check = _Check(tables)
    check.cells()
    if check.problems:
        raise WorkbookInputError(_in_reading_order(check.problems))
    checked = check.typed()
    check.model(checked)
    if check.problems:
        raise WorkbookInputError(_in_reading_order(check.problems))
    return checked


# --- What one cell may hold -----------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """What one cell may hold: a layout Column, or the Value of one Settings row."""

    kind: str
    required: bool = True
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] = ()
    name: str = ""  # the column's name, to say "a unit name"

    @classmethod
    def of(cls, column: Column) -> _Spec:
        return cls(
            column.kind,
            column.required,
            column.low,
            column.high,
            column.low_open,
            column.choices,
            column.name,
        )

    @classmethod
    def of_setting(cls, name: str) -> _Spec:
        kind, _default, low, high, choices, _note = SETTING_ROWS[name]
        return cls(kind, True, low, high, False, choices)


class _Bad(Exception):
    """A cell's value is unusable. `say(subject)` words why, naming the cell as asked.

    The subject ('Min posts for "MIT"') is only worded when there is a problem:
    a national Establishment has 300,000 cells that are fine.
    """

    def __init__(self, say: Callable[[str], str]):
        super().__init__()
        self.say = say


#: What each kind of cell should hold, in words.
_WHAT = {
    NAME: "a name",
    TEXT: "some text",
    layout.NUMBER: "a number",
    WHOLE: "a whole number",
    PERCENT: "a percentage such as 5%",
    MONEY: "an amount in pounds",
    YESNO: "Yes or No",
    YEAR: "a year such as 2027",
    LIST: "names separated by ;",
}
_NUMERIC = (layout.NUMBER, WHOLE, PERCENT, MONEY, YEAR)


def _what(spec: _Spec) -> str:
    if spec.kind == CHOICE:
        return _either(spec.choices)
    if spec.kind == NAME and spec.name:
        return f"a {spec.name.lower()} name"
    return _WHAT.get(spec.kind, "a value")


def _parse(value: Any, spec: _Spec) -> Any:
    """The typed value of one cell, or _Bad saying what is wrong with it.

    Numbers come back as float (int for years and whole numbers), Yes/No as
    bool, choices in their listed spelling, lists as tuples; blank as None.
    """
    if isinstance(value, Unreadable):
        raise _Bad(lambda s: f"this cell ({s}) {value.reason}")
    value = _clean(value)
    if value is None:
        if spec.required:
            raise _Bad(lambda s: f"{s} is blank; it should be {_what(spec)}")
        return None
    if spec.kind in _NUMERIC:
        return _parse_number(value, spec)
    if spec.kind in (YESNO, CHOICE):
        choices = spec.choices or layout.YES_NO
        for choice in choices:
            if isinstance(value, str) and value.casefold() == choice.casefold():
                return choice == "Yes" if spec.kind == YESNO else choice
        raise _Bad(lambda s: f"{s} should be {_either(choices)}, not {_show(value)}")
    text = _as_text(value)
    if text is None:
        raise _Bad(lambda s: f"{s} should be {_what(spec)}, not {_show(value)}")
    if spec.kind == LIST:
        return tuple(part.strip() for part in text.split(";") if part.strip())
    return text


def _parse_number(value: Any, spec: _Spec) -> float | int:
    what = _what(spec)
    if isinstance(value, str):
        if _looks_numeric(value):
            raise _Bad(
                lambda s: (
                    f'{s} holds "{value}" as text, not as a number; type it again as a '
                    "number (Excel keeps numbers pasted, or typed into a cell formatted as Text, "
                    "as text)"
                )
            )
        raise _Bad(lambda s: f"{s} should be {what}, not {_show(value)}")
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise _Bad(
            lambda s: f"{s} should be {what}, not {_show(value)}; format the cell as a number"
        )
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad(lambda s: f"{s} should be {what}, not {_show(value)}")
    number = float(value)
    if spec.kind in (WHOLE, YEAR):
        if not number.is_integer():
            raise _Bad(lambda s: f"{s} should be {what}, not {_num(number)}")
        number = int(number)
    _check_bounds(number, spec)
    return number


def _check_bounds(value: float, spec: _Spec) -> None:
    low, high = spec.low, spec.high
    too_low = low is not None and (value < low or (spec.low_open and value == low))
    too_high = high is not None and value > high
    if not (too_low or too_high):
        return
    shown = _show(value, spec.kind)
    if spec.kind == PERCENT and abs(value) >= 1:
        shown = f"{_num(value)}, that is {shown}"
    raise _Bad(lambda s: f"{s} is {shown}; {_rule(spec)}{_percent_hint(value, spec)}")


def _rule(spec: _Spec) -> str:
    """The allowed range in words: "it cannot be negative", "it must be between 1 and 10"."""
    low = None if spec.low is None else _show(spec.low, spec.kind)
    high = None if spec.high is None else _show(spec.high, spec.kind)
    if spec.low_open and high is None:
        return f"it must be above {low}"
    if spec.low_open:
        return f"it must be above {low} and at most {high}"
    if high is None:
        return "it cannot be negative" if spec.low == 0 else f"it must be at least {low}"
    if low is None:
        return f"it must be at most {high}"
    return f"it must be between {low} and {high}"


def _percent_hint(value: float, spec: _Spec) -> str:
    """The classic slip: 5 typed for 5%, which is 500%."""
    if spec.kind != PERCENT or abs(value) < 1:
        return ""
    meant = value / 100
    inside = (
        spec.low is None or meant > spec.low or (meant == spec.low and not spec.low_open)
    ) and (spec.high is None or meant <= spec.high)
    if not inside:
        return ""
    return (
        f". Did you mean {_show(meant, PERCENT)}? Percentages are fractions: "
        f"type {_num(value)}% or {meant:.10g}"
    )


# --- Showing values in messages -------------------------------------------------------


def _clean(value: Any) -> Any:
    """Text without the spaces no one can see; a cell of spaces is blank."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _blank(value: Any) -> bool:
    return _clean(value) is None


def _as_text(value: Any) -> str | None:
    """A name or text; a number typed as a name (unit 101) reads as its digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return _num(value).replace(",", "")


_NUMBER_TEXT = re.compile(r"^[-+]?£?\s*[-+]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?\s*%?$", re.I)


def _looks_numeric(text: str) -> bool:
    return bool(_NUMBER_TEXT.match(text.strip()))


def _num(value: float) -> str:
    """A number as a person writes it: 40, 2.5, 1,200,000."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.10g}"


def _show(value: Any, kind: str = layout.NUMBER) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime | datetime.date):
        return f"a date ({value:%d/%m/%Y})"
    if isinstance(value, datetime.time | datetime.timedelta):
        return f"a time ({value})"
    if not isinstance(value, int | float):
        return f'"{value}"'
    if kind == PERCENT:
        return f"{value * 100:,.10g}%"
    if kind == YEAR and float(value).is_integer():
        return str(int(value))
    if kind == MONEY:
        return f"-£{_num(-value)}" if value < 0 else f"£{_num(value)}"
    return _num(value)


def _either(choices: Iterable[str]) -> str:
    choices = list(choices)
    if len(choices) <= 2:
        return " or ".join(choices)
    return "one of " + ", ".join(choices[:-1]) + " or " + choices[-1]


def _quoted(value: Any, kind: str = YEAR) -> str:
    return f'"{value}"' if isinstance(value, str) else _show(value, kind)


#: A row of each table is "a unit", "a unit and role pair"...
_NOUNS = {
    "Settings": "setting",
    "Units": "unit",
    "Roles": "role",
    "Establishment": "unit and role pair",
    "Demand": "stream",
    "Skills": "stream and role pair",
    "Budget": "year",
    "Scenarios": "scenario",
    "Overrides": "change",
    "HarmCurve": "coverage level",
}

#: What a table needs at least one row of, and what to say when it has none.
_NOT_EMPTY = {
    "Units": "list the units to plan",
    "Roles": "list the roles (post types)",
    "Demand": "list the work (demand streams)",
    "Scenarios": "add a scenario, such as Baseline with Run = Yes",
}


# --- One row as read ----------------------------------------------------------------


@dataclass
class _Row:
    """A body row that is not wholly blank: its cells, and the typed values that passed."""

    table: str  # the layout's name for its table
    raw: RawTable
    index: int  # body row in the RawTable (0-based)
    cells: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How messages name the row: 'for "MIT"', 'for unit "MIT", role "DC"'."""
        return _label(layout.TABLES[self.table], self.cells)

    def address(self, column: str | None = None) -> str:
        return self.raw.cell(self.index, column)

    def subject(self, column: str) -> str:
        """A cell named for a message: 'Min posts for "MIT"' (a key cell by itself)."""
        label = _label(layout.TABLES[self.table], self.cells, column)
        return f"{column} {label}".strip()


def _label(table: Table, cells: dict[str, Any], leave_out: str | None = None) -> str:
    """How a message names a row: by its key, as the user typed it."""
    if table.name == "Overrides":
        scenario = _clean(cells.get("Scenario"))
        return f"in scenario {_quoted(scenario)}" if isinstance(scenario, str) else ""
    keys = [(k, _clean(cells.get(k))) for k in table.keys if k != leave_out]
    keys = [(k, v) for k, v in keys if v is not None and not isinstance(v, Unreadable)]
    if not keys:
        return ""
    if len(table.keys) == 1:
        return f"for {_quoted(keys[0][1], table.column(keys[0][0]).kind)}"
    if leave_out in table.keys:
        return "(" + ", ".join(f"{k.lower()} {_quoted(v)}" for k, v in keys) + ")"
    return "for " + ", ".join(f"{k.lower()} {_quoted(v)}" for k, v in keys)


# --- The checks ------------------------------------------------------------------------


class _Check:
    """The state of one check: tables found, rows parsed, problems so far."""

    def __init__(self, tables: dict[str, RawTable]):
        self.tables = tables
        self.problems: list[CellProblem] = []
        self.seen: set[CellProblem] = set()
        self.found: dict[str, RawTable] = {}  # input tables present, headers sound or not
        self.rows: dict[str, list[_Row]] = {}  # the rows of every input table found
        self.complete: set[str] = set()  # input tables with every column they need
        self.settings: Settings | None = None
        self.setting_values: dict[str, Any] = {}  # those that passed, even if others did not

    def add(self, address: str, message: str) -> None:
        problem = CellProblem(address, message)
        if problem not in self.seen:
            self.seen.add(problem)
            self.problems.append(problem)

    # -- Cell level: everything a finance officer could get wrong ------------------

    def cells(self) -> None:
        for table in layout.INPUT_TABLES:
            raw = _lookup(self.tables, table.name)
            if raw is not None:  # a header's invisible spaces do not matter
                headers = ["" if h is None else str(h).strip() for h in raw.headers]
                raw = replace(raw, headers=headers)
            if raw is None:
                if not table.optional:  # an optional table left out has no rows
                    self.add(quote_sheet(table.sheet), _missing_table(table, self.tables))
                continue
            self.found[table.name] = raw
            if self.headers(raw, table):
                self.complete.add(table.name)
            self.rows[table.name] = self.parse(raw, table)
        self.settings = self.check_settings()
        for name in self.rows:
            self.duplicates(layout.TABLES[name])
        self.names = References(self)  # unlisted names, and names that look renamed
        self.names.report()
        self.not_empty()
        self.unit_limits()
        self.whole_posts()
        self.overrides()

    def headers(self, raw: RawTable, table: Table) -> bool:
        """Report misnamed, missing, extra and misordered columns.

        True when every expected column is there, so values can be read by name.
        """
        problems = _header_problems(raw, table)
        for address, message in problems:
            self.add(address, message)
        return all(c.name in raw.headers for c in table.columns if not c.optional)

    def parse(self, raw: RawTable, table: Table) -> list[_Row]:
        """Type every cell of kinds the layout fixes; ANY cells wait for their context.

        A table missing a column still has its other columns checked, so that one
        mistake does not hide the others.
        """
        specs = [
            (c.name, _Spec.of(c)) for c in table.columns if c.kind != ANY and c.name in raw.headers
        ]
        rows = []
        for index, values in enumerate(raw.rows):
            cells = dict(zip(raw.headers, values, strict=False))
            if all(_blank(v) for v in values):
                continue  # a blank row in a table means nothing
            row = _Row(table.name, raw, index, cells)
            for name, spec in specs:
                self.parse_cell(row, name, spec)
            rows.append(row)
        return rows

    def parse_cell(self, row: _Row, column: str, spec: _Spec, subject: str | None = None) -> bool:
        try:
            row.values[column] = _parse(row.cells.get(column), spec)
        except _Bad as bad:
            self.add(row.address(column), bad.say(subject or row.subject(column)))
            return False
        return True

    def check_settings(self) -> Settings | None:
        """Each known setting once, with a value of its kind; unknown settings named."""
        if "Settings" not in self.complete:
            return None
        rows = self.rows["Settings"]
        seen: dict[str, Any] = {}
        for row in rows:
            name = row.values.get("Setting")
            if name is None or name in seen:
                continue  # blank is reported; a repeat is reported as a duplicate
            if name not in SETTING_ROWS:
                self.add(
                    row.address("Setting"),
                    f'"{name}" is not a setting Planner knows{_did_you_mean(name, SETTING_ROWS)}. '
                    f"The settings are: {', '.join(SETTING_ROWS)}",
                )
                continue
            seen[name] = None
            if self.parse_cell(row, "Value", _Spec.of_setting(name), name):
                seen[name] = row.values["Value"]
        self.setting_values = {k: v for k, v in seen.items() if v is not None}
        raw = self.found["Settings"]
        for name, (_kind, default, *_rest) in SETTING_ROWS.items():
            if name not in seen and name in LATER_SETTINGS:
                seen[name] = default
            elif name not in seen:
                self.add(
                    raw.cell(None, "Setting"),
                    f'the setting "{name}" is missing; add a row with Setting "{name}" '
                    f"and Value {default}",
                )
        if any(seen.get(name) is None for name in SETTING_ROWS):
            return None
        return Settings(**{SETTING_FIELDS[name]: seen[name] for name in SETTING_ROWS})

    def duplicates(self, table: Table) -> None:
        first: dict[tuple, _Row] = {}
        required = [i for i, k in enumerate(table.keys) if table.column(k).required]
        for row in self.rows[table.name]:
            source = row.cells if table.name == "Overrides" else row.values
            key = tuple(_fold(_clean(source.get(k))) for k in table.keys)
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
                shown = ", ".join(_quoted(row.values[k], table.column(k).kind) for k in table.keys)
                message = (
                    f"{shown} is listed more than once in {table.name} (first at {where}); "
                    f"list each {_NOUNS[table.name]} once"
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
        for name, what in _NOT_EMPTY.items():
            if name in self.rows and not self.rows[name]:
                self.add(self.found[name].cell(None, None), f"the {name} table has no rows; {what}")

    def unit_limits(self) -> None:
        for row in self.rows.get("Units", []):
            low, high = row.values.get("Min posts"), row.values.get("Max posts")
            if low is not None and high is not None and low > high:
                self.add(
                    row.address("Min posts"),
                    f"Min posts ({_num(low)}) is above Max posts ({_num(high)}) "
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
                    f"{row.subject('Posts')} is {_num(posts)}, but Whole posts is Yes "
                    f"({setting}); type whole posts, or set Whole posts to No to plan in "
                    "fractions of a post",
                )

    def setting_address(self, name: str) -> str:
        for row in self.rows.get("Settings", []):
            if row.values.get("Setting") == name:
                return row.address("Value")
        return quote_sheet(layout.SETTINGS.sheet)

    def overrides(self) -> None:
        from planner.overrides_check import OverrideCheck  # it builds on this module

        if "Overrides" not in self.complete:
            return
        for row in self.rows["Overrides"]:
            OverrideCheck(self, row).run()

    # -- Typed tables, and the model's own checks ------------------------------------

    def typed(self) -> CheckedInputs:
        assert self.settings is not None
        inputs = PlanInputs(
            settings=self.settings,
            units=self.frame("Units", UNIT_COLUMNS),
            roles=self.frame("Roles", layout.ROLES.headers),
            establishment=self.frame("Establishment", ESTABLISHMENT_COLUMNS),
            demand=self.frame("Demand", layout.DEMAND.headers),
            skills=self.frame("Skills", SKILL_COLUMNS),
            budget=self.frame("Budget", BUDGET_COLUMNS),
            harm_curve=self.frame("HarmCurve", layout.HARM_CURVE.headers),
        )
        return CheckedInputs(inputs, self.scenarios())

    def frame(self, name: str, columns: list[str]) -> pd.DataFrame:
        """One table as the model takes it: floats with NaN for blank, bool Yes/No."""
        table = layout.TABLES[name]
        data = {}
        for column in columns:
            kind = table.column(column).kind
            values = [row.values.get(column) for row in self.rows.get(name, [])]
            if kind == YEAR:
                data[column] = pd.Series(values, dtype="int64")
            elif kind in _NUMERIC:
                data[column] = pd.Series(
                    [math.nan if v is None else v for v in values], dtype="float64"
                )
            elif kind == YESNO:
                data[column] = pd.Series(values, dtype=bool)
            else:
                data[column] = pd.Series(values, dtype=object if not values else None)
        return pd.DataFrame(data, columns=columns)

    def scenarios(self) -> list[Scenario]:
        changes: dict[str, list[Override]] = {}
        for row in self.rows["Overrides"]:
            v = row.values
            override = Override(v["Table"], v["Key 1"], v["Column"], v["Value"], v.get("Key 2"))
            changes.setdefault(v["Scenario"], []).append(override)
        return [
            Scenario(
                name=v["Scenario"],
                description=v.get("Description") or "",
                budget_change=v["Budget change %"],
                demand_growth_adjustment=v["Demand growth adjustment %"],
                protected_units=v.get("Protected units") or (),
                overrides=tuple(changes.get(v["Scenario"], ())),
                run=v["Run"],
            )
            for v in (row.values for row in self.rows["Scenarios"])
        ]

    def model(self, checked: CheckedInputs) -> None:
        """The model's consistency checks, on the inputs and on each scenario's inputs."""
        base = check_inputs(checked.inputs)
        for problem in base:
            self.add(self.locate(problem), _with_key(problem))
        seen = set(base)
        for scenario in checked.scenarios:
            try:
                found = check_inputs(apply_scenario(checked.inputs, scenario), scenario)
            except InputError as error:
                found = error.problems
            for problem in found:
                if problem not in seen:
                    where = self.locate(problem, scenario)
                    self.add(where, f'in scenario "{scenario.name}": {_with_key(problem)}')

    def locate(self, problem: InputProblem, scenario: Scenario | None = None) -> str:
        """The cell an InputProblem is about; for a scenario, the override that caused it."""
        if scenario is not None:
            cause = self.cause(problem, scenario)
            if cause is not None:
                return cause
        name = _table_name(problem.table)
        table = layout.TABLES.get(name) if name else None
        if table is None or name not in self.rows:
            return quote_sheet(table.sheet) if table else problem.table
        wanted = tuple(_fold(k) for k in problem.key)
        column = problem.column if problem.column in self.found[name].headers else None
        for row in self.rows[name]:
            if wanted and tuple(_fold(row.values.get(k)) for k in table.keys) == wanted:
                return row.address(column)
        return self.found[name].cell(None, column)

    def cause(self, problem: InputProblem, scenario: Scenario) -> str | None:
        """The Overrides Value cell, or Scenarios cell, behind a scenario's problem."""
        wanted = tuple(_fold(k) for k in problem.key)
        best = None
        for row in self.rows["Overrides"]:
            v = row.values
            if v["Scenario"] != scenario.name or v["Table"] != _table_name(problem.table):
                continue
            key = (_fold(v["Key 1"]), _fold(v.get("Key 2")))[: len(wanted)]
            if key == wanted and v["Column"] == problem.column:
                return row.address("Value")
            if key == wanted and best is None:
                best = row.address("Value")
        if best is not None or _table_name(problem.table) == "Overrides":
            return best
        column = _SCENARIO_CAUSES.get(_table_name(problem.table) or "", problem.column)
        for row in self.rows["Scenarios"]:
            if row.values["Scenario"] == scenario.name:
                return row.address(column if column in row.raw.headers else None)
        return None


#: Which Scenarios column changes each table, to point at when no override did.
_SCENARIO_CAUSES = {
    "Budget": "Budget change %",
    "Demand": "Demand growth adjustment %",
    "Units": "Protected units",
}


def _with_key(problem: InputProblem) -> str:
    """The model's message, naming its row if it does not already."""
    table = layout.TABLES.get(_table_name(problem.table) or "")
    kinds = [table.column(k).kind for k in table.keys] if table else []
    shown = [
        k if isinstance(k, str) else _show(k, kind)  # a coverage level as 50%, not 0.5
        for k, kind in zip(problem.key, kinds or [YEAR] * len(problem.key), strict=False)
        if k is not None and not _blank(k)
    ]
    if all(s in problem.message for s in shown):
        return problem.message
    return f"{problem.message} ({problem.table} {' / '.join(shown)})"


def _table_name(name: str) -> str | None:
    for table in layout.INPUT_TABLES:
        if table.name.casefold() == str(name).casefold():
            return table.name
    return None


# --- Tables and headers ------------------------------------------------------------------


def _lookup(tables: dict[str, RawTable], name: str) -> RawTable | None:
    """A table by name, as Excel compares table names: capitals do not matter."""
    if name in tables:
        return tables[name]
    for found, raw in tables.items():
        if found.casefold() == name.casefold():
            return raw
    return None


def _missing_table(table: Table, tables: dict[str, RawTable]) -> str:
    message = (
        f'there is no Excel table named "{table.name}"; Planner needs it, on the '
        f"{table.sheet} sheet, with the columns {_column_order(table)}"
    )
    ours = {t.casefold() for t in layout.TABLES}
    others = [
        t.name for t in tables.values() if t.sheet == table.sheet and t.name.casefold() not in ours
    ]
    if others:
        message += (
            f'. The table on the {table.sheet} sheet is named "{others[0]}": if it is this '
            f'one, rename it "{table.name}" (Table Design > Table Name)'
        )
    return message


def _column_order(table: Table) -> str:
    """The table's columns in words; optional ones (added later, last) said to be so."""
    needed = [c.name for c in table.columns if not c.optional]
    optional = [c.name for c in table.columns if c.optional]
    return ", ".join(needed) + (f", and if used, {', '.join(optional)}" if optional else "")


def _header_problems(raw: RawTable, table: Table) -> list[tuple[str, str]]:
    """Misnamed, missing, extra and misordered headers, each at its header cell."""
    actual = raw.headers
    expected = [c.name for c in table.columns if c.name in actual or not c.optional]
    if actual == expected:
        return []
    order = _column_order(table)
    if not any(actual):  # Excel keeps a table's names, but Planner reads only what shows
        return [
            (
                raw.header_cell(0),
                f"the {table.name} table's header row is hidden or blank; show it (Table Design "
                f"> Header Row) with the columns, in order: {order}",
            )
        ]
    missing = [e for e in expected if e not in actual]
    extra = [a for a in actual if a not in expected]
    found = []
    for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
        if e != a and e in missing and a in extra:  # one renamed in place
            found.append(
                (
                    raw.header_cell(i),
                    f'this column of {table.name} should be headed "{e}", not "{a}"',
                )
            )
            missing.remove(e)
            extra.remove(a)
    for e in missing:
        place = min(expected.index(e), len(actual))
        found.append(
            (
                raw.header_cell(place),
                f'the {table.name} table has no "{e}" column; its columns must be, in order: {order}',
            )
        )
    for a in extra:
        found.append(
            (
                raw.header_cell(actual.index(a)),
                f'the {table.name} table has a column "{a}" that Planner does not use; remove '
                f"it from the table (notes can go beside it). The columns must be: {order}",
            )
        )
    if not found:  # the right columns in the wrong order
        i = next(i for i, (e, a) in enumerate(zip(expected, actual, strict=True)) if e != a)
        found.append(
            (
                raw.header_cell(i),
                f'the columns of {table.name} are out of order: "{expected[i]}" should be here, '
                f'not "{actual[i]}". The order must be: {order}',
            )
        )
    return found


def _in_reading_order(problems: list[CellProblem]) -> list[CellProblem]:
    """Sheet by sheet in workbook order, then top to bottom, left to right."""
    sheets = {quote_sheet(s): i for i, s in enumerate(layout.INPUT_SHEETS)}

    def key(problem: CellProblem) -> tuple:
        sheet, _, cell = problem.address.rpartition("!")
        if not sheet:
            sheet, cell = cell, ""
        match = re.match(r"([A-Z]+)(\d+)$", cell)
        row, column = (int(match[2]), column_number(match[1])) if match else (0, 0)
        return (sheets.get(sheet, len(sheets)), row, column)

    return sorted(problems, key=key)
