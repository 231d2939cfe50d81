"""The plumbing every study shares: read, check, compute through the engine, write one table.

The same steps as `planner optimise` (planner.run.planning), by the same functions:
the workbook is read and checked by `check_workbook`, the scenarios are those
with Run = Yes or those named (`--scenario`), and with any input problem
nothing is computed or written. The work goes through planner.run.engine, here
or on a Dask cluster. The writer then replaces the study's own table and
sheet and appends to the Run log; the Comparison, Plans and scenario tabs are
not touched. A writer exists for each route: a file (planner.adapters.file.study_file)
and a live book through xlwings (planner.adapters.live.xl_study).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from optimise import Scenario
from planner import contract as layout
from planner.check.validate import CellProblem, CheckedInputs, WorkbookInputError
from planner.read.tables import RawTable, WorkbookReader
from planner.report.tidy import tidy_frame
from planner.run.engine import Engine, run_tasks
from planner.run.planning import Progress, current_user, inputs_hash, plans_in_seconds, prepare
from planner.studies.commands import StudyCommand
from planner.studies.output import (
    LineChart,
    RangeChart,
    StudyOutput,
    TornadoChart,
    merged,
    previous_rows,
    table_frame,
)


@dataclass
class StudyRows:
    """What a study made of its results: table rows, Run log lines, and how it went."""

    rows: list[dict[str, Any]]
    #: One Run log line per scenario: Scenario, Status, Solver, Seconds, Unmet harm.
    log: list[dict[str, Any]]
    #: True when every piece was worked out to the end (nothing stopped by a time limit).
    complete: bool
    #: Said when the study is done, e.g. "2 scenarios, 18 frontier points: 14 planned".
    summary: str


@dataclass(frozen=True)
class Study:
    """One kind of study, as the plumbing runs it.

    `items` splits the work into picklable pieces (for the engine), `task`
    (a module-level function) does one piece anywhere, `shape` turns the
    results, in the order of the items, into rows.
    """

    table: layout.Table
    #: The command that runs it (`planner frontier`), with its help line and description.
    cli: StudyCommand
    title: str  # the sheet's title, e.g. "Budget frontier: unmet harm at each budget"
    noun: str  # one piece of work in progress lines: "frontier point"
    #: Called with the progress callback too: a study that works before it splits (risk
    #: plans each scenario first) says so as it goes.
    items: Callable[[CheckedInputs, list[Scenario], Engine, Progress], list[Any]]
    task: Callable[[Any], Any]
    shape: Callable[[list[Any]], StudyRows]
    chart: LineChart | RangeChart | TornadoChart | None = None
    button: str = ""
    #: The template's note where rows will be, e.g. "No frontier yet: press ...".
    empty_note: str = ""
    #: What one finished item was, for its progress line ("Baseline, -10% to +10%").
    describe: Callable[[Any], str] | None = None
    #: True when the whole study takes seconds here: then no Dask cluster is
    #: started for it (planner.run.engine), unless one is asked for.
    small: Callable[[CheckedInputs], bool] = lambda _checked: False

    @property
    def command(self) -> str:
        """The command's name as typed: `planner frontier`'s "frontier"."""
        return self.cli.name


class StudyWriter(Protocol):
    """What the plumbing needs from a workbook to write a study."""

    def write_study(self, output: StudyOutput) -> None: ...


@dataclass
class StudyOutcome:
    """What a study did: its rows, or the input problems that stopped it."""

    rows: StudyRows | None = None
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every piece was worked out, 1 when any stopped early, 2 on invalid input."""
        if self.problems or self.rows is None:
            return 2
        return 0 if self.rows.complete else 1


def force_size(checked: CheckedInputs) -> bool:
    """`Study.small` for a study whose pieces are plans of the workbook's own size: a
    force-size model plans in seconds, so threads here rather than a cluster."""
    return plans_in_seconds(checked.inputs)


def run_study(
    study: Study,
    reader: WorkbookReader,
    writer: StudyWriter,
    *,
    only: Sequence[str] | None = None,
    named_in: str | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
    user: str = "",
    now: datetime | None = None,
) -> StudyOutcome:
    """Run `study` for the scenarios with Run = Yes (or `only` these) and write its table.

    `named_in` is where `only` came from ("--scenario"): a name that is not a
    scenario is reported there. Nothing is written on an input problem.
    """
    say = progress or (lambda _message: None)
    try:
        ready = prepare(reader, only, None, named_in, say)
    except WorkbookInputError as error:
        return StudyOutcome(problems=error.problems)
    engine = engine or Engine()
    items = study.items(ready.checked, ready.scenarios, engine, say)
    small = study.small(ready.checked)
    results = run_tasks(
        engine,
        study.task,
        items,
        noun=study.noun,
        progress=say,
        small=small,
        describe=study.describe,
    )
    rows = study.shape(results)
    say("Writing the results...")
    output = study_output(
        study, rows, ready.checked, ready.tables, now=now, user=user or current_user()
    )
    writer.write_study(output)
    say(f"Done: {rows.summary}.")
    return StudyOutcome(rows=rows, warnings=ready.warnings)


def study_output(
    study: Study,
    rows: StudyRows,
    checked: CheckedInputs,
    tables: dict[str, RawTable],
    *,
    now: datetime | None,
    user: str,
) -> StudyOutput:
    """The study's table whole (earlier rows of other scenarios kept) and the Run log grown."""
    stamp = (now or datetime.now()).replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S")
    order = [s.name for s in checked.scenarios]
    frame = merged(study.table, tables, rows.rows, order)
    fingerprint = inputs_hash(tables)
    log = [{**line, "Run at": stamp, "Inputs hash": fingerprint, "User": user} for line in rows.log]
    runlog = table_frame(layout.RUNLOG, previous_rows(layout.RUNLOG, tables) + log)
    # One rounding rule for both writers (docs/model.md), as planner.report.workbook_report has.
    frame, runlog = tidy_frame(frame), tidy_frame(runlog)
    focus = checked.inputs.settings.sensitivity_chart_scenario
    return StudyOutput(
        study.table, frame, runlog, stamp, study.title, study.chart, study.button, focus
    )
