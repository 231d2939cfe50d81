"""The budget frontier as a study: `planner frontier` and the Frontier sheet's button.

For each scenario with Run = Yes (or each named), the scenario is planned at
Settings' `Frontier points` budgets, from `Frontier from %` to `Frontier to %`
around its own budget change (optimise.frontier). The points are split into
one run of neighbouring budgets per worker, so each run still starts every
point from the one before. The Frontier table has a row per point; its chart
draws unmet harm against the final-year budget, a line per scenario.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from optimise import InputError, PlanInputs, Scenario
from optimise.frontier import FrontierPoint, budget_changes, frontier
from optimise.result import INFEASIBLE, INVALID_INPUT, OPTIMAL, PlanResult
from planner import contract as layout
from planner.check.validate import CheckedInputs
from planner.contract.words import FRONTIER_CAPTION
from planner.run.engine import Engine
from planner.run.planning import Progress
from planner.studies.commands import FRONTIER_COMMAND
from planner.studies.output import LineChart, clean
from planner.studies.plumbing import Study, StudyRows, force_size

#: One piece of work: a scenario and a run of neighbouring budget changes.
Part = tuple[PlanInputs, Scenario, list[float]]

CHART = LineChart(
    title="Unmet harm against final-year budget (lower is better)",
    x="Final-year budget",
    y="Unmet harm",
    x_title="Final-year budget",
    y_title="Unmet harm",
)
BUTTON = FRONTIER_CAPTION
TITLE = "Budget frontier: unmet harm at each budget"
#: Most points in a part. Parts are the same wherever they run (so are their figures:
#: where stage 3 leaves ties, which plan is found depends on the point started from).
LONGEST_PART = 5


def parts(
    checked: CheckedInputs,
    scenarios: list[Scenario],
    _engine: Engine,
    _say: Progress | None = None,
) -> list[Part]:
    """Each scenario's points in runs of neighbours, at most LONGEST_PART long.

    Enough parts to keep several workers busy, each long enough to gain from
    starting every point from the one before; never shaped by the workers,
    so the figures are the same here, in threads or on a cluster.
    """
    found = []
    for scenario in scenarios:
        changes = budget_changes(scenario, checked.inputs.settings)
        count = math.ceil(len(changes) / LONGEST_PART)
        for chunk in np.array_split(np.array(changes), count):
            found.append((checked.inputs, scenario, [float(c) for c in chunk]))
    return found


def plan_part(part: Part) -> tuple[Scenario, list[FrontierPoint]]:
    """One run of neighbouring points, warm-started one from the next (runs on any worker)."""
    inputs, scenario, changes = part
    try:
        return scenario, frontier(inputs, scenario, changes)
    except InputError as error:  # checked already; kept so one scenario cannot stop the rest
        message = "; ".join(map(str, error.problems))
        failed = PlanResult(scenario.name, INVALID_INPUT, message=message)
        return scenario, [FrontierPoint(c, math.nan, failed) for c in changes]


def shape(results: list[tuple[Scenario, list[FrontierPoint]]]) -> StudyRows:
    """A Frontier row per point; a Run log line per scenario."""
    by_scenario: dict[str, list[FrontierPoint]] = {}
    scenarios = {}
    for scenario, points in results:
        by_scenario.setdefault(scenario.name, []).extend(points)
        scenarios[scenario.name] = scenario
    rows = [frontier_row(p) for points in by_scenario.values() for p in points]
    log = [_log_line(scenarios[name], points) for name, points in by_scenario.items()]
    statuses = Counter(p.result.status for points in by_scenario.values() for p in points)
    complete = set(statuses) <= {OPTIMAL, INFEASIBLE}
    total = sum(statuses.values())
    counts = ", ".join(f"{n} {status.lower()}" for status, n in statuses.items())
    summary = (
        f"{len(by_scenario)} scenario{'s' * (len(by_scenario) != 1)}, {total} points: {counts}"
    )
    return StudyRows(rows, log, complete, summary)


def frontier_row(point: FrontierPoint) -> dict:
    r = point.result
    return {
        "Scenario": r.scenario,
        "Budget change %": clean(point.budget_change),
        "Final-year budget": clean(point.final_year_budget),
        "Status": r.status,
        "Unmet harm": clean(r.unmet_harm),
        "Harm reduction %": clean(r.harm_reduction_pct),
        "Coverage %": clean(r.coverage_pct),
        "Lowest coverage %": clean(r.lowest_coverage_pct),
        "PP share after": clean(r.pp_share_after),
        "Harm reduction per £1m": clean(r.harm_reduction_per_million),
    }


def _log_line(scenario: Scenario, points: list[FrontierPoint]) -> dict:
    """The scenario's frontier in the Run log: "9 points: 7 optimal, 2 infeasible".

    Its Scenario reads "<name> (frontier)", so the scenario's own last run
    (which the Comparison quotes) stays its last `optimise`. Unmet harm is the
    point at the scenario's own budget, when the frontier has one.
    """
    statuses = Counter(p.result.status for p in points)
    words = ", ".join(f"{n} {status.lower()}" for status, n in statuses.items())
    own = next((p for p in points if p.at_own_budget(scenario)), None)
    return {
        "Scenario": f"{scenario.name} (frontier)",
        "Status": f"{len(points)} points: {words}",
        "Solver": points[0].result.solver,
        "Seconds": round(sum(p.result.seconds for p in points), 2),
        "Unmet harm": clean(own.result.unmet_harm) if own else None,
    }


def _describe(part: tuple[Scenario, list[FrontierPoint]]) -> str:
    scenario, points = part
    low, high = points[0].budget_change, points[-1].budget_change
    return f"{scenario.name}, budget change {low:+.1%} to {high:+.1%}"


FRONTIER = Study(
    table=layout.FRONTIER,
    cli=FRONTIER_COMMAND,
    title=TITLE,
    noun="frontier part",
    items=parts,
    task=plan_part,
    shape=shape,
    chart=CHART,
    button=BUTTON,
    empty_note=f"No frontier yet: press {BUTTON} (above) for the scenarios with Run = Yes.",
    describe=_describe,
    small=force_size,
)
