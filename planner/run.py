"""The one planning path: read, check, plan each scenario, shape, write.

Whichever way the workbook is reached (a file on disk, a live book through
xlwings, xlwings Server), it goes through `run_workbook`; only the reader and
writer passed in differ. With any input problem nothing is written.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime

from optimise import InputError, PlanInputs, PlanResult, Scenario, plan, stopping
from optimise.compat import available_solvers
from optimise.result import INVALID_INPUT, OPTIMAL
from planner import layout, not_current
from planner.names import did_you_mean, listed
from planner.report import build_report
from planner.tables import RawTable, WorkbookReader, WorkbookWriter
from planner.validate import CellProblem, CheckedInputs, WorkbookInputError, check_workbook
from planner.warnings import input_warnings

Progress = Callable[[str], None]


@dataclass
class RunOutcome:
    """What a run did: a result per scenario, or the input problems that stopped it."""

    results: list[PlanResult] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    #: Inputs that are legal but odd (planner.warnings): shown, never a stop.
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
        return RunOutcome(problems=[_no_scenario(tables)], warnings=warnings)
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
    parallel: bool = False,
    named_in: str | None = None,
) -> RunOutcome:
    """Optimise the scenarios with Run = Yes (or `only` these) and write the results.

    `parallel` plans several scenarios at once (see `_workers`); `progress`
    is still only called from the calling thread, as Excel's needs.
    `named_in` is where `only` came from ("--scenario" on the command line): a
    name that is not a scenario is reported there, not at a workbook cell.
    """
    say = progress or (lambda _message: None)
    stopping.reset()
    tables = reader.read_tables()
    try:
        checked = check_workbook(tables)
        scenarios = _chosen(checked, tables, only, named_in)
        _check_solver(checked, tables, solver)
    except WorkbookInputError as error:
        return RunOutcome(problems=error.problems)
    if not scenarios:
        return RunOutcome(problems=[_no_scenario(tables)])
    warnings = input_warnings(tables, checked)
    for warning in warnings:
        say(f"Warning: {warning}")
    workers = _workers(checked.inputs, len(scenarios)) if parallel else 1
    if workers > 1:
        results = _plan_together(checked, scenarios, solver, say, workers)
    else:
        results = [
            _plan_one(checked, s, solver, say, n, len(scenarios))
            for n, s in enumerate(scenarios, 1)
        ]
    say("Writing the results...")
    report = build_report(
        results,
        checked.inputs,
        checked.scenarios,
        tables,
        run_at=now or datetime.now().replace(microsecond=0),
        user=user or _user(),
        inputs_hash=inputs_hash(tables),
    )
    writer.write_report(report)
    say(f"Done: {_summary(results)}.")
    if report.not_current:
        say(not_current.console_message(list(report.not_current)))
    return RunOutcome(results=results, warnings=warnings)


#: Posts variables (units x roles x years) above which scenarios are planned
#: one at a time: each model in memory at once costs its own gigabytes at the
#: national size, and HiGHS's interior point solver uses the cores itself there.
PARALLEL_UP_TO = 20_000


def _workers(inputs: PlanInputs, scenarios: int) -> int:
    """How many scenarios to plan at once: one per core for small models.

    HiGHS lets go of Python while it solves, so on two cores one scenario's
    solve overlaps another's model building.
    """
    size = len(inputs.units) * len(inputs.roles) * inputs.settings.horizon
    if size > PARALLEL_UP_TO:
        return 1
    return max(1, min(scenarios, os.cpu_count() or 1))


def _plan_together(
    checked: CheckedInputs,
    scenarios: list[Scenario],
    solver: str | None,
    say: Progress,
    workers: int,
) -> list[PlanResult]:
    of = len(scenarios)
    say(f"Optimising {of} scenarios, {workers} at a time...")
    pool = ThreadPoolExecutor(workers)
    try:
        running = {
            pool.submit(_plan_safely, checked, s, solver): n for n, s in enumerate(scenarios)
        }
        for done in as_completed(running):
            result = done.result()
            say(f"Scenario {running[done] + 1} of {of}: {_finished(result)}")
    except KeyboardInterrupt:  # Ctrl+C: cancel the solves under way, start no more
        stopping.request_stop()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [future.result() for future in sorted(running, key=running.get)]


def _plan_one(
    checked: CheckedInputs, scenario: Scenario, solver: str | None, say: Progress, n: int, of: int
) -> PlanResult:
    say(f"Scenario {n} of {of}: {scenario.name}: optimising...")
    result = _plan_safely(checked, scenario, solver)
    say(f"Scenario {n} of {of}: {_finished(result)}")
    return result


def _plan_safely(checked: CheckedInputs, scenario: Scenario, solver: str | None) -> PlanResult:
    try:
        return plan(checked.inputs, scenario, solver=solver)
    except InputError as error:  # checked already; kept so one scenario cannot stop the rest
        return PlanResult(scenario.name, INVALID_INPUT, message="; ".join(map(str, error.problems)))


def _finished(result: PlanResult) -> str:
    return f"{result.scenario}: {result.status} ({result.seconds:.1f} s)"


def _chosen(
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


def _check_solver(checked: CheckedInputs, tables: dict[str, RawTable], solver: str | None) -> None:
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


def _no_scenario(tables: dict[str, RawTable]) -> CellProblem:
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


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account, a container)
        return ""
