"""Telling the user how a button press went: message boxes, the Start sheet's list, one sentence.

A Python traceback never reaches the user: an unexpected failure is logged in
full and reported in one sentence (`reporting_failures`). Every button, the
optimise buttons and the studies' alike, tells its outcome through here.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import xlwings as xw

from planner.adapters.live.xl_book import WouldLoseUserWork, XlwingsWorkbook

log = logging.getLogger(__name__)

TITLE = "Planner"
#: How many problems a message box lists before pointing to the Start sheet.
ALERT_PROBLEMS = 8


def default_user(book: xw.Book) -> str:
    """Who pressed the button: the desktop login; the server passes its own."""
    if book.app.engine.name == "remote":
        return ""
    try:
        return getpass.getuser()
    except Exception:
        return ""


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
