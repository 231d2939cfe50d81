"""The buttons in Planner.xlsm, for every way Excel can run Python.

Each entry point takes an `xlwings.Book` and nothing else that knows about
Excel, so the same functions serve RunPython on Windows and Mac (`main`), xlwings
Server and its Office.js add-in, and the remote engine in tests. They are thin:
`planner.run.planning` reads, checks, plans and shapes the report; `XlwingsWorkbook`
touches the cells. What is left here is deciding what a press means;
planner.excel.telling tells the user, in words, what happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import xlwings as xw

from planner import contract as layout
from planner.adapters.live.xl_book import XlwingsWorkbook
from planner.excel.study_press import run_in_book
from planner.excel.telling import (
    TITLE,
    default_user,
    problems_message,
    reporting_failures,
    show_warnings,
    tell_outcome,
    tell_problems,
    warnings_note,
)
from planner.excel.time_cap import CappedTimeLimit
from planner.report.sheet_names import MARKER_CELL, SCENARIO_CELL, tab_scenario
from planner.run import planning as run
from planner.studies.registry import study_of_sheet

__all__ = ["CHECK_SHEETS", "TITLE", "main", "optimise", "press", "problems_message"]

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


def press(book: xw.Book, *, user: str | None = None, time_cap: float | None = None) -> None:
    """Do what a button on the active sheet means.

    Every route reaches this one rule: RunPython's `main`, and xlwings Server's
    `press` script, which passes its own user and time cap.
    """
    sheet = book.sheets.active
    if sheet.name in CHECK_SHEETS:
        validate(book)
        return
    study = study_of_sheet(sheet.name)
    if study is not None:
        run_in_book(book, study, user=user, time_cap=time_cap)
        return
    scenario = scenario_of(sheet)
    if scenario is not None:
        rerun_scenario(book, scenario, user=user, time_cap=time_cap)
    else:
        optimise(book, user=user, time_cap=time_cap)


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
