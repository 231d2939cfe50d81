"""The buttons in Planner.xlsm, for every way Excel can run Python.

Each entry point takes an `xlwings.Book` and nothing else that knows about
Excel, so the same functions serve RunPython on Windows and Mac (`main`), xlwings
Server and its Office.js add-in, and the remote engine in tests. They are thin:
`planner.run.planning` reads, checks, plans and shapes the report; `XlwingsWorkbook`
touches the cells. What is left here is deciding what a press means and telling
the user, in words, what happened. A Python traceback never reaches the user:
an unexpected failure is logged in full and reported in one sentence.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import xlwings as xw

from planner import contract as layout
from planner.adapters.live.xl_book import WouldLoseUserWork, XlwingsWorkbook
from planner.read.tables import RawTable
from planner.report.sheet_names import MARKER_CELL, SCENARIO_CELL, tab_scenario

log = logging.getLogger(__name__)

TITLE = "Planner"
#: How many problems a message box lists before pointing to the Start sheet.
ALERT_PROBLEMS = 8
#: Sheets whose button means "Check inputs".
CHECK_SHEETS = tuple(s for s in layout.INPUT_SHEETS if s != layout.SCENARIOS.sheet)


# --- entry points ---------------------------------------------------------------------


def main(book: xw.Book | None = None) -> None:
    """RunPython's entry point (Planner.py beside the workbook calls it).

    Every button runs the same macro; what it does depends on the sheet it is
    on: an input sheet checks the inputs, a scenario tab re-runs its scenario,
    a study's sheet (Frontier) runs that study, and anywhere else (Start,
    Scenarios, Comparison) optimises every scenario with Run = Yes.
    """
    press(book if book is not None else xw.Book.caller())


def press(book: xw.Book) -> None:
    """Do what a button on the active sheet means."""
    sheet = book.sheets.active
    if sheet.name in CHECK_SHEETS:
        validate(book)
        return
    from planner.excel.study_press import run_in_book, study_of_sheet

    study = study_of_sheet(sheet.name)
    if study is not None:
        run_in_book(book, study)
        return
    scenario = scenario_of(sheet)
    if scenario is not None:
        rerun_scenario(book, scenario)
    else:
        optimise(book)


def optimise(
    book: xw.Book,
    *,
    only: Sequence[str] | None = None,
    solver: str | None = None,
    user: str | None = None,
    time_cap: float | None = None,
) -> Any:
    """Optimise the scenarios with Run = Yes (or `only` these) and write the results.

    `time_cap` (seconds) lowers the Settings' time limit for each solver stage;
    xlwings Server uses it so that one request cannot hold a worker for long.
    Returns planner.run.planning's outcome, or None if the run failed unexpectedly.
    """
    from planner.run import planning as run

    workbook = XlwingsWorkbook(book)
    reader = CappedTimeLimit(workbook, time_cap) if time_cap else workbook
    with reporting_failures(workbook, "optimise"):
        workbook.progress("Planner: reading and checking the inputs...")
        outcome = run.run_workbook(
            reader,
            workbook,
            only=list(only) if only else None,
            solver=solver,
            progress=workbook.progress,
            user=user if user is not None else default_user(book),
        )
        tell_outcome(workbook, outcome)
        return outcome
    return None


def rerun_scenario(book: xw.Book, name: str, **options: Any) -> Any:
    """Optimise one scenario, whatever its Run column says, and replace its tab."""
    return optimise(book, only=[name], **options)


def validate(book: xw.Book) -> list[Any]:
    """Check every input and say what is wrong, changing nothing but the Start list."""
    from planner.run import planning as run

    workbook = XlwingsWorkbook(book)
    problems: list[Any] = []
    with reporting_failures(workbook, "check the inputs"):
        workbook.progress("Planner: checking the inputs...")
        outcome = run.review(workbook)
        problems = list(outcome.problems)
        if problems:
            tell_problems(workbook, problems, outcome.warnings)
        else:
            show_warnings(workbook, outcome.warnings)
            workbook.done()
            workbook.alert(
                "No problems found: the inputs are ready to optimise."
                + warnings_note(outcome.warnings)
            )
    return problems


# --- what a press means -------------------------------------------------------------------


def scenario_of(sheet: Any) -> str | None:
    """The scenario a tab carries (its marker in A1, its name in A2), or None."""
    if sheet.name in layout.INPUT_SHEETS or sheet.name in layout.OUTPUT_SHEETS:
        return None
    try:
        marker = sheet[MARKER_CELL].value
        name = sheet[SCENARIO_CELL].value
    except Exception:  # an engine that cannot read this sheet: not a scenario tab
        return None
    return tab_scenario(marker, name)


def default_user(book: xw.Book) -> str:
    """Who pressed the button: the desktop login; the server passes its own."""
    if book.app.engine.name == "remote":
        return ""
    try:
        return getpass.getuser()
    except Exception:
        return ""


# --- telling the user ---------------------------------------------------------------------


def tell_outcome(workbook: XlwingsWorkbook, outcome: Any) -> None:
    """Input problems as a list and a message box; otherwise a one-line summary."""
    if outcome.problems:
        tell_problems(workbook, outcome.problems, outcome.warnings)
        return
    show_warnings(workbook, outcome.warnings)
    workbook.done()
    workbook.alert(summary(outcome.results) + warnings_note(outcome.warnings))


def tell_problems(
    workbook: XlwingsWorkbook, problems: Sequence[Any], warnings: Sequence[Any] = ()
) -> None:
    """The problems on the Start sheet, then the warnings, each marked as one."""
    lines = [str(p) for p in problems]
    workbook.show_problems(lines + warning_lines(warnings))
    workbook.done()
    workbook.alert(problems_message(lines), title=f"{TITLE}: check the inputs", critical=True)


def show_warnings(workbook: XlwingsWorkbook, warnings: Sequence[Any]) -> None:
    """The Start list holds this run's warnings, or nothing: last time's list goes."""
    if warnings:
        workbook.show_problems(warning_lines(warnings))
    else:
        workbook.clear_problems()


def warning_lines(warnings: Sequence[Any]) -> list[str]:
    """Warnings as the Start list shows them: marked, so none reads as a problem."""
    return [f"Warning: {w}" for w in warnings]


def warnings_note(warnings: Sequence[Any]) -> str:
    """A message box's line about the warnings, if any."""
    if not warnings:
        return ""
    count = len(warnings)
    noun = "warning about the inputs is" if count == 1 else "warnings about the inputs are"
    return f"\n\n{count} {noun} listed on the Start sheet: the inputs are legal, but check them."


def problems_message(lines: Sequence[str]) -> str:
    """A message box's worth of problems: the first few, and where the rest are."""
    count = len(lines)
    head = (
        "There is 1 problem in the inputs"
        if count == 1
        else f"There are {count} problems in the inputs"
    )
    shown = [f"- {line}" for line in lines[:ALERT_PROBLEMS]]
    more = count - len(shown)
    tail = f"...and {more} more. " if more > 0 else ""
    return (
        f"{head}, so nothing was optimised and no results changed.\n\n"
        + "\n".join(shown)
        + f"\n\n{tail}The full list is on the Start sheet."
    )


def summary(results: Sequence[Any]) -> str:
    """One line per scenario: its name and status."""
    if not results:
        return "No scenario has Run = Yes, so nothing was optimised."
    lines = [f"- {r.scenario}: {r.status}" for r in results]
    noun = "scenario" if len(results) == 1 else "scenarios"
    return f"Optimised {len(results)} {noun}:\n" + "\n".join(lines)


@contextmanager
def reporting_failures(workbook: XlwingsWorkbook, doing: str) -> Iterator[None]:
    """Turn an unexpected failure into one sentence for the user and a full log.

    On the remote engine nothing reaches the workbook until the client applies
    the actions, so the half-written results are dropped and the book stays as
    it was. On the desktop, writes are live: the user is told to run again.
    """
    try:
        yield
    except WouldLoseUserWork as refusal:
        workbook.done()
        workbook.alert(f"{refusal}\n\nNothing in the workbook was changed.", critical=True)
    except Exception as error:
        log.exception("Planner could not %s", doing)
        remote = workbook.book.app.engine.name == "remote"
        if remote:
            workbook.book.json()["actions"].clear()
        workbook.done()
        kept = (
            "Nothing in the workbook was changed."
            if remote
            else "Some results may be half written: press the button again."
        )
        workbook.alert(f"Planner could not {doing}: {plain(error)}\n\n{kept}", critical=True)


def plain(error: BaseException) -> str:
    """An exception as a sentence, without its type or a traceback."""
    text = str(error).strip() or type(error).__name__
    return text if text.endswith((".", "!", "?")) else text + "."


# --- the server's time limit ----------------------------------------------------------------


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
