"""Demand risk as a study: `planner risk` and the Risk sheet's button (docs/sweeps.md).

For each scenario with Run = Yes (or each named): its plan is made, exactly
as `planner optimise` makes it; its futures of demand are drawn (Settings
Samples, from Random seed) and cut into chunks of a fixed size; every chunk
of every scenario is one piece of work for the engine, which re-plans the
chunk's futures with the plan's posts held (optimise.risk). All the futures
are drawn before any is shared out and a chunk is the same whoever solves
it, so the figures do not depend on the number of workers. The Risk table
has a row per scenario; its chart shows P10, P50 and P90 side by side.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd

from optimise import InputError, PlanInputs, Scenario, plan
from optimise.result import INVALID_INPUT, OPTIMAL
from optimise.risk import ChunkOutcome, RiskChunk, figures, scenario_chunks, solve_chunk
from planner import contract as layout
from planner.check.validate import CheckedInputs
from planner.contract.words import RISK_CAPTION
from planner.run.engine import Engine, run_tasks
from planner.run.planning import Progress
from planner.studies.commands import RISK_COMMAND
from planner.studies.output import RangeChart, clean
from planner.studies.plumbing import Study, StudyRows, force_size

CHART = RangeChart(
    title="Unmet harm across futures of demand: P10, P50, P90 (lower is better)",
    category="Scenario",
    values=("Unmet harm P10", "Unmet harm P50", "Unmet harm P90"),
    y_title="Unmet harm",
)
BUTTON = RISK_CAPTION
TITLE = "Demand risk: each plan's unmet harm across futures of demand"


@dataclass(frozen=True)
class Planned:
    """What a scenario's plan says, carried beside each chunk of its futures."""

    scenario: str
    status: str
    solver: str
    seconds: float
    streams: tuple[str, ...]


#: One piece of work: a chunk of a scenario's futures; no chunk when it has no plan.
Piece = tuple[Planned, RiskChunk | None]


def pieces(
    checked: CheckedInputs, scenarios: list[Scenario], engine: Engine, say: Progress
) -> list[Piece]:
    """Plan every scenario (through the engine), then cut each one's futures into chunks.

    All of a scenario's futures are drawn here, before any is shared out.
    """
    items = [(checked.inputs, scenario) for scenario in scenarios]
    say(f"Planning {len(items)} scenario{'s' * (len(items) != 1)} to test...")
    planned = run_tasks(
        engine,
        plan_scenario,
        items,
        noun="plan",
        progress=say,
        small=force_size(checked),
        describe=lambda done: f"{done[0].scenario}: {done[0].status}",
    )
    found: list[Piece] = []
    for scenario, (about, plan_table, moves) in zip(scenarios, planned, strict=True):
        if plan_table is None:
            found.append((about, None))
            continue
        for chunk in scenario_chunks(checked.inputs, scenario, plan_table, moves):
            found.append((about, chunk))
    return found


def plan_scenario(
    item: tuple[PlanInputs, Scenario],
) -> tuple[Planned, pd.DataFrame | None, pd.DataFrame | None]:
    """A scenario's plan: its Plan and Moves tables when it has one (runs on any worker)."""
    inputs, scenario = item
    started = time.perf_counter()
    try:
        result = plan(inputs, scenario)
    except InputError:  # checked already; kept so one scenario cannot stop the rest
        about = Planned(scenario.name, INVALID_INPUT, "", 0.0, ())
        return about, None
    about = Planned(
        scenario=scenario.name,
        status=result.status,
        solver=result.solver,
        seconds=time.perf_counter() - started,
        streams=tuple(inputs.demand["Stream"]),
    )
    if not result.has_plan:
        return about, None, None
    return about, result.plan, result.moves


def solve_piece(piece: Piece) -> tuple[Planned, ChunkOutcome | None, float]:
    """One chunk of futures re-planned (runs on any worker), and the seconds it took."""
    about, chunk = piece
    started = time.perf_counter()
    outcome = None if chunk is None else solve_chunk(chunk)
    return about, outcome, time.perf_counter() - started


def shape(results: list[tuple[Planned, ChunkOutcome | None, float]]) -> StudyRows:
    """A Risk row and a Run log line per scenario, in the order they were asked for."""
    grouped: dict[str, tuple[Planned, list[ChunkOutcome], float]] = {}
    for about, outcome, seconds in results:
        _, outcomes, spent = grouped.get(about.scenario, (about, [], 0.0))
        grouped[about.scenario] = (
            about,
            outcomes + ([outcome] if outcome else []),
            spent + seconds,
        )
    rows, log = [], []
    for about, outcomes, seconds in grouped.values():
        risk = figures(about.scenario, list(about.streams), outcomes) if outcomes else None
        rows.append(risk_row(about.scenario, risk))
        log.append(_log_line(about, risk, seconds))
    complete = all(about.status == OPTIMAL for about, _, _ in grouped.values())
    futures = sum(r["Samples"] or 0 for r in rows)
    held = sum(1 for r in rows if r["Samples"])
    summary = (
        f"{held} of {len(rows)} scenario{'s' * (len(rows) != 1)} tested against "
        f"{futures:,} futures of demand"
    )
    return StudyRows(rows, log, complete, summary)


def risk_row(scenario: str, risk) -> dict:
    """The Risk table's row; blank beyond the name for a scenario with no plan to hold."""
    if risk is None:
        return {h: None for h in layout.RISK.headers} | {"Scenario": scenario}
    return {
        "Scenario": scenario,
        "Samples": risk.samples,
        "Unmet harm P10": clean(risk.p10),
        "Unmet harm P50": clean(risk.p50),
        "Unmet harm P90": clean(risk.p90),
        "Mean unmet harm": clean(risk.mean),
        "Chance a floor is missed %": clean(risk.floor_missed),
        "Stream most often below its floor": risk.most_often_below or None,
    }


def _log_line(about: Planned, risk, seconds: float) -> dict:
    """The scenario's risk in the Run log: "200 futures, plan Optimal".

    Its Scenario reads "<name> (risk)", so the scenario's own last run (which
    the Comparison quotes) stays its last `optimise`. Unmet harm is the P50.
    """
    if risk is None:
        status = f"No plan to test ({about.status})"
    else:
        status = f"{risk.samples} futures, plan {about.status}"
    return {
        "Scenario": f"{about.scenario} (risk)",
        "Status": status,
        "Solver": about.solver,
        "Seconds": round(about.seconds + seconds, 2),
        "Unmet harm": clean(risk.p50) if risk else None,
    }


def _describe(result: tuple[Planned, ChunkOutcome | None, float]) -> str:
    about, outcome, _ = result
    if outcome is None:
        return f"{about.scenario}: no plan to test"
    return f"{about.scenario}, {len(outcome.unmet_harm)} futures"


RISK = Study(
    table=layout.RISK,
    cli=RISK_COMMAND,
    title=TITLE,
    noun="risk part",
    items=pieces,
    task=solve_piece,
    shape=shape,
    chart=CHART,
    button=BUTTON,
    empty_note=f"No risk figures yet: press {BUTTON} (above) for the scenarios with Run = Yes.",
    describe=_describe,
    small=force_size,
)
