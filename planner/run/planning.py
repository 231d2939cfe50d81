"""The one planning path: read, check, plan each scenario, shape, write.

Whichever way the workbook is reached (a file on disk, a live book through
xlwings, xlwings Server), it goes through `run_workbook`; only the reader and
writer passed in differ. With any input problem nothing is written.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime

from optimise import PlanInputs, PlanResult, Scenario, stopping
from optimise.compat import available_solvers
from optimise.result import INVALID_INPUT, OPTIMAL
from planner import contract as layout
from planner.check.names import did_you_mean, listed
from planner.check.validate import CellProblem, CheckedInputs, WorkbookInputError, check_workbook
from planner.read.tables import RawTable, WorkbookReader, WorkbookWriter
from planner.report import not_current
from planner.report.workbook_report import build_report
from planner.run.engine import Engine, run_on, run_tasks
from planner.run.tasks import plan_scenario
from planner.warn.input_warnings import input_warnings

Progress = Callable[[str], None]


@dataclass
class RunOutcome:
    """What a run did: a result per scenario, or the input problems that stopped it."""

    results: list[PlanResult] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    #: Inputs that are legal but odd (planner.warn.input_warnings): shown, never a stop.
    warnings: list[CellProblem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every scenario is Optimal, 1 when any is not, 2 on invalid input."""
        if self.problems or any(r.status == INVALID_INPUT for r in self.results):
            return 2
        return 0 if all(r.status == OPTIMAL for r in self.results) else 1


def check(reader: WorkbookReader) -> list[CellProblem]:
    """Every input problem in the workbook: empty when `optimise` would run."""
    return review(reader).problems


def review(reader: WorkbookReader) -> RunOutcome:
    """The input problems and, when there are none, the warnings: no plan, nothing written.

    No scenario with Run = Yes counts, as it does for `optimise`: "ready to
    optimise" would otherwise be said of a workbook that optimises nothing.
    """
    tables = reader.read_tables()
    try:
        checked = check_workbook(tables)
    except WorkbookInputError as error:
        return RunOutcome(problems=error.problems)
    warnings = input_warnings(tables, checked)
    if not checked.to_run():
        return RunOutcome(problems=[no_scenario(tables)], warnings=warnings)
    return RunOutcome(warnings=warnings)


def run_workbook(
    reader: WorkbookReader,
    writer: WorkbookWriter,
    *,
    only: list[str] | None = None,
    solver: str | None = None,
    progress: Progress | None = None,
    user: str = "",
    now: datetime | None = None,
    engine: Engine | None = None,
    executor: Executor | None = None,
    named_in: str | None = None,
) -> RunOutcome:
    """Optimise the scenarios with Run = Yes (or `only` these) and write the results.

    `engine` says where the scenarios are planned (planner.run.engine; by default
    here, one at a time, as Excel's buttons and the server want); an
    `executor` given instead (a thread pool, dask's `Client.get_executor()`)
    is used as it is. `progress` is only called from the calling thread, as
    Excel's status bar needs.
    `named_in` is where `only` came from ("--scenario" on the command line): a
    name that is not a scenario is reported there, not at a workbook cell.
    """
    say = progress or (lambda _message: None)
    try:
        ready = prepare(reader, only, solver, named_in, say)
    except WorkbookInputError as error:
        return RunOutcome(problems=error.problems)
    results = _plan_all(ready.checked.inputs, ready.scenarios, solver, say, engine, executor)
    say("Writing the results...")
    report = build_report(
        results,
        ready.checked.inputs,
        ready.checked.scenarios,
        ready.tables,
        run_at=now or datetime.now().replace(microsecond=0),
        user=user or current_user(),
        inputs_hash=inputs_hash(ready.tables),
    )
    writer.write_report(report)
    say(f"Done: {_summary(results)}.")
    if report.not_current:
        say(not_current.console_message(list(report.not_current)))
    return RunOutcome(results=results, warnings=ready.warnings)


@dataclass
class Ready:
    """A workbook read and checked, with the scenarios to work on: where the planning
    run and every study start."""

    tables: dict[str, RawTable]
    checked: CheckedInputs
    scenarios: list[Scenario]
    #: Inputs that are legal but odd (planner.warn.input_warnings), already said as progress.
    warnings: list[CellProblem]


def prepare(
    reader: WorkbookReader,
    only: Sequence[str] | None,
    solver: str | None,
    named_in: str | None,
    say: Progress,
) -> Ready:
    """Read and check the workbook, choose the scenarios (those named in `only`, or those
    with Run = Yes) and say any warnings. A new run: an earlier stop is forgotten.

    Raises WorkbookInputError with every problem, including that no scenario is chosen.
    """
    stopping.reset()
    tables = reader.read_tables()
    checked = check_workbook(tables)
    scenarios = chosen(checked, tables, list(only) if only else None, named_in)
    check_solver(checked, tables, solver)
    if not scenarios:
        raise WorkbookInputError([no_scenario(tables)])
    warnings = input_warnings(tables, checked)
    for warning in warnings:
        say(f"Warning: {warning}")
    return Ready(tables, checked, scenarios, warnings)


#: Posts variables (units x roles x years) above which Planner's own choice plans
#: scenarios one at a time: each model in memory at once costs its own gigabytes
#: at the national size, and HiGHS's interior point solver uses the cores itself there.
PARALLEL_UP_TO = 20_000


def _plan_all(
    inputs: PlanInputs,
    scenarios: list[Scenario],
    solver: str | None,
    say: Progress,
    engine: Engine | None,
    executor: Executor | None,
) -> list[PlanResult]:
    """Each scenario's plan, in the order given, wherever the engine says."""
    jobs = [(inputs, s, solver) for s in scenarios]
    if len(jobs) == 1:
        say(f"Scenario 1 of 1: {scenarios[0].name}: optimising...")
    else:
        say(f"Optimising {len(jobs)} scenarios...")
    options = {"noun": "scenario", "progress": say, "describe": _finished}
    if executor is not None:
        return run_on(executor, plan_scenario, jobs, **options)
    engine = engine or Engine(workers=1)
    if engine == Engine() and not plans_in_seconds(inputs):
        engine = Engine(workers=1)
    # Small: Planner's own choice never starts worker processes for `optimise`
    # (measured, docs/sweeps.md: five default scenarios take 3 s on threads, a local
    # cluster costs more than that to start); --workers and --scheduler still do.
    return run_tasks(engine, plan_scenario, jobs, small=True, **options)


def plans_in_seconds(inputs: PlanInputs) -> bool:
    """A force-size model (posts variables, units x roles x years, up to PARALLEL_UP_TO)
    plans in seconds: threads here rather than worker processes or a cluster."""
    return len(inputs.units) * len(inputs.roles) * inputs.settings.horizon <= PARALLEL_UP_TO


def _finished(result: PlanResult) -> str:
    return f"{result.scenario}: {result.status} in {result.seconds:.1f} s"


def chosen(
    checked: CheckedInputs,
    tables: dict[str, RawTable],
    only: list[str] | None,
    named_in: str | None = None,
) -> list[Scenario]:
    """The scenarios to run: those named, or those with Run = Yes."""
    if not only:
        return checked.to_run()
    known = {s.name: s for s in checked.scenarios}
    missing = [name for name in only if name not in known]
    if missing:
        where = named_in or tables["Scenarios"].cell(None, "Scenario")
        raise WorkbookInputError(
            CellProblem(where, _no_such_scenario(name, list(known))) for name in missing
        )
    return [known[name] for name in dict.fromkeys(only)]


def _no_such_scenario(name: str, known: list[str]) -> str:
    hint = did_you_mean(name, known)
    end = hint if hint.endswith("?") else hint + "."
    return (
        f'there is no scenario called "{name}" in the Scenarios table{end} '
        f"The scenarios are: {listed(known)}."
    )


def check_solver(checked: CheckedInputs, tables: dict[str, RawTable], solver: str | None) -> None:
    """A solver that is not installed is an input problem, before anything is solved."""
    wanted = solver or checked.inputs.settings.solver
    if wanted.lower() in (s.lower() for s in available_solvers()):
        return
    have = " or ".join(available_solvers())
    if solver:
        where = "--solver"
    else:
        settings = tables["Settings"]
        row = next(i for i, r in enumerate(settings.records()) if r["Setting"] == "Solver")
        where = settings.cell(row, "Value")
    raise WorkbookInputError(
        [CellProblem(where, f"the solver {wanted} is not installed here; choose {have}")]
    )


def no_scenario(tables: dict[str, RawTable]) -> CellProblem:
    where = tables["Scenarios"].cell(None, "Run")
    return CellProblem(
        where, "no scenario has Run = Yes: set Run to Yes for the scenarios to optimise"
    )


def inputs_hash(tables: dict[str, RawTable]) -> str:
    """A short fingerprint of the input tables: the same inputs give the same hash."""
    content = {
        t.name: [tables[t.name].headers, tables[t.name].rows]
        for t in layout.INPUT_TABLES
        if t.name in tables
    }
    text = json.dumps(content, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _summary(results: list[PlanResult]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    return ", ".join(f"{n} {status.lower()}" for status, n in counts.items())


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account, a container)
        return ""
