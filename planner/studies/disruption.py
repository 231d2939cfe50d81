"""The change frontier as a study: `planner disruption` and the Disruption sheet's button.

For each scenario with Run = Yes (or each named), the least yearly cap on
post changes with any plan (M_min) and the least that still reaches the
scenario's own unmet harm (M_max), then Settings' `Change points` caps
evenly between, each planned in FTE through all three stages, warm-started
from its neighbour (optimise.disruption). One scenario is one piece of work.
The Disruption table has a row per cap; its chart draws unmet harm against
the cap, a line per scenario.
"""

from __future__ import annotations

import math
from collections import Counter

from optimise import InputError, PlanInputs, Scenario
from optimise.disruption import ChangeFrontier, change_frontier
from optimise.result import INFEASIBLE, INVALID_INPUT, OPTIMAL
from planner import contract as layout
from planner.check.validate import CheckedInputs
from planner.contract.words import DISRUPTION_CAPTION
from planner.run.engine import Engine
from planner.run.planning import Progress
from planner.studies.commands import DISRUPTION_COMMAND
from planner.studies.output import LineChart, clean
from planner.studies.plumbing import Study, StudyRows, force_size

Part = tuple[PlanInputs, Scenario]

CHART = LineChart(
    title="Unmet harm against post changes a year (lower is better)",
    x="Max post changes per year",
    y="Unmet harm",
    x_title="Most post changes in any one year",
    y_title="Unmet harm",
    x_format="#,##0",
)
BUTTON = DISRUPTION_CAPTION
TITLE = "The change frontier: what fewer post changes cost"


def parts(
    checked: CheckedInputs,
    scenarios: list[Scenario],
    _engine: Engine,
    _say: Progress | None = None,
) -> list[Part]:
    """One piece per scenario: its caps warm-start one from the next."""
    return [(checked.inputs, scenario) for scenario in scenarios]


def plan_part(part: Part) -> ChangeFrontier:
    """A scenario's change frontier (runs on any worker)."""
    inputs, scenario = part
    try:
        return change_frontier(inputs, scenario)
    except InputError as error:  # checked already; kept so one scenario cannot stop the rest
        message = "; ".join(map(str, error.problems)) or INVALID_INPUT
        return ChangeFrontier(scenario.name, None, None, None, [], message)


def shape(results: list[ChangeFrontier]) -> StudyRows:
    rows, log = [], []
    for found in results:
        if not found.points:
            rows.append({h: None for h in layout.DISRUPTION.headers} | {"Scenario": found.scenario})
        rows += [disruption_row(found, p) for p in found.points]
        log.append(_log_line(found))
    statuses = Counter(p.result.status for f in results for p in f.points)
    complete = all(f.points for f in results) and set(statuses) <= {OPTIMAL, INFEASIBLE}
    counts = ", ".join(f"{n} {status.lower()}" for status, n in statuses.items())
    total = sum(statuses.values())
    summary = f"{len(results)} scenario{'s' * (len(results) != 1)}, {total} caps: {counts}"
    return StudyRows(rows, log, complete, summary)


def disruption_row(found: ChangeFrontier, point) -> dict:
    r = point.result
    return {
        "Scenario": found.scenario,
        "Max post changes per year": clean(point.cap),
        "Status": r.status,
        "Unmet harm": clean(r.unmet_harm),
        "Harm reduction %": clean(r.harm_reduction_pct),
        "Share of the benefit %": clean(found.share_of_benefit(point)),
        "Post changes": clean(r.post_changes),
        "Lowest coverage %": clean(r.lowest_coverage_pct),
    }


def _log_line(found: ChangeFrontier) -> dict:
    """ "<name> (disruption)": "5 caps from 1 to 171 a year"; Unmet harm is S's FTE."""
    if found.points:
        low, high = found.least or 0.0, found.enough or 0.0
        status = f"{len(found.points)} caps from {low:,.0f} to {high:,.0f} post changes a year"
    else:
        status = found.message
    seconds = sum(p.result.seconds for p in found.points)
    return {
        "Scenario": f"{found.scenario} (disruption)",
        "Status": status,
        "Solver": found.points[0].result.solver if found.points else "",
        "Seconds": round(seconds, 2) if not math.isnan(seconds) else None,
        "Unmet harm": clean(found.unmet_harm),
    }


def _describe(found: ChangeFrontier) -> str:
    return f"{found.scenario}, {len(found.points)} caps"


DISRUPTION = Study(
    table=layout.DISRUPTION,
    cli=DISRUPTION_COMMAND,
    title=TITLE,
    noun="change frontier",
    items=parts,
    task=plan_part,
    shape=shape,
    chart=CHART,
    button=BUTTON,
    empty_note=f"No change frontier yet: press {BUTTON} (above) for the scenarios with Run = Yes.",
    describe=_describe,
    small=force_size,
)
