"""A study's button in Excel: the same plumbing as the command, through xlwings.

A button on a study's sheet (Frontier, Risk) runs that study for the scenarios
with Run = Yes; planner.excel.button_press's `press` hands over here by the
sheet's name (planner.studies.registry).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import xlwings as xw

from planner.adapters.live.xl_book import XlwingsWorkbook
from planner.adapters.live.xl_study import LiveStudy
from planner.excel.telling import (
    default_user,
    reporting_failures,
    show_warnings,
    tell_problems,
    warnings_note,
)
from planner.excel.time_cap import CappedTimeLimit
from planner.run.engine import Engine
from planner.studies.plumbing import Study, StudyOutcome, run_study


def run_in_book(
    book: xw.Book,
    study: Study,
    *,
    only: Sequence[str] | None = None,
    user: str | None = None,
    engine: Engine | None = None,
    time_cap: float | None = None,
) -> StudyOutcome | Any:
    """Run `study` on a live book and tell the user how it went; None if it failed.

    `time_cap` (seconds) lowers the Settings' time limit, as for optimise.
    """
    workbook = XlwingsWorkbook(book)
    live = LiveStudy(workbook)
    reader = CappedTimeLimit(live, time_cap) if time_cap else live
    with reporting_failures(workbook, f"plan the {study.table.name.lower()}"):
        workbook.progress("Planner: reading and checking the inputs...")
        outcome = run_study(
            study,
            reader,
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
