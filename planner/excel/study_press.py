"""A study's button in Excel: the same plumbing as the command, through xlwings.

A button on a study's sheet (Frontier) runs that study for the scenarios with
Run = Yes; planner.excel.button_press's `press` hands over here by the sheet's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import xlwings as xw

from planner.adapters.live.xl_book import XlwingsWorkbook
from planner.adapters.live.xl_study import LiveStudy
from planner.excel.button_press import (
    default_user,
    reporting_failures,
    show_warnings,
    tell_problems,
    warnings_note,
)
from planner.run.engine import Engine
from planner.studies.plumbing import Study, StudyOutcome, run_study


def study_of_sheet(name: str) -> Study | None:
    """The study whose button sits on the sheet called `name`, if any."""
    from planner.studies.frontier import FRONTIER
    from planner.studies.risk import RISK

    studies = {FRONTIER.table.sheet: FRONTIER, RISK.table.sheet: RISK}
    return next((s for sheet, s in studies.items() if sheet.casefold() == name.casefold()), None)


def run_in_book(
    book: xw.Book,
    study: Study,
    *,
    only: Sequence[str] | None = None,
    user: str | None = None,
    engine: Engine | None = None,
) -> StudyOutcome | Any:
    """Run `study` on a live book and tell the user how it went; None if it failed."""
    workbook = XlwingsWorkbook(book)
    live = LiveStudy(workbook)
    with reporting_failures(workbook, f"plan the {study.table.name.lower()}"):
        workbook.progress("Planner: reading and checking the inputs...")
        outcome = run_study(
            study,
            live,
            live,
            only=only,
            engine=engine,
            progress=workbook.progress,
            user=user if user is not None else default_user(book),
        )
        if outcome.problems:
            tell_problems(workbook, outcome.problems, outcome.warnings)
        else:
            show_warnings(workbook, outcome.warnings)
            workbook.done()
            workbook.alert(f"Done: {outcome.rows.summary}." + warnings_note(outcome.warnings))
        return outcome
    return None
