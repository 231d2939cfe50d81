"""What the study tests (frontier, risk) share: the default workbook's scenarios, a study run
on a file as `planner frontier` runs it, and the xlwings book set up as a planner would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner import contract as layout
from planner.adapters.file.study_file import StudyFile
from planner.run.engine import Engine
from planner.studies.plumbing import Study, StudyOutcome, run_study
from tests.xlwings_client import ClientBook

ROOT = Path(__file__).parent.parent
ONE = "Rebalance within budget"
TWO = "Online abuse rising"
HERE = Engine(workers=1)


def study_on(
    study: Study, path: Path, only: list[str], engine: Engine = HERE, out: Path | None = None
) -> tuple[StudyOutcome, StudyFile]:
    """The study run on the workbook file for the scenarios named, by "tester"."""
    workbook = StudyFile(path, out)
    outcome = run_study(
        study, workbook, workbook, only=only, named_in="--scenario", engine=engine, user="tester"
    )
    return outcome, workbook


def only_run(book: ClientBook, name: str) -> None:
    """Set Run = Yes for `name` alone, as a planner would type it."""
    scenarios = book.sheet(layout.SCENARIOS.sheet)
    _, table = book.find_table(layout.SCENARIOS.name)
    headers = [scenarios.cells.get((table.top, c)) for c in range(table.left, table.right + 1)]
    run, first = table.left + headers.index("Run"), table.left + headers.index("Scenario")
    for row in range(table.top + 1, table.bottom + 1):
        scenarios.cells[(row, run)] = "Yes" if scenarios.cells.get((row, first)) == name else "No"


def assert_same_rows(
    live: list[dict[str, Any]], on_file: list[dict[str, Any]], headers: list[str]
) -> None:
    """The rows the live book got are the file route's: text equal, numbers to 1e-9."""
    assert len(live) == len(on_file)
    for a, b in zip(live, on_file, strict=True):
        for column in headers:
            x, y = a[column], b[column]
            if isinstance(y, float):
                assert x == pytest.approx(y, rel=1e-9), column
            else:
                assert x == y, column
