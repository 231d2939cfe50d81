"""How sure? The sensitivity study: `planner sensitivity` and the Sensitivity sheet's button.

For each scenario with Run = Yes (or each named), every estimate its plan
rests on (each stream's Harm weight and Hours per case, each role's
Productive hours and Annual cost) is moved by Settings' `Sensitivity %` less
and more, one at a time (optimise.sensitivity). A scenario's points are cut
into parts of a fixed size; each part plans the scenario in FTE and starts
every point from that plan's optimal basis, so the figures are the same
here, in threads or on a cluster. The Sensitivity table has a row per point,
the tornado's order within each scenario; its chart draws the ten estimates
that move most posts for one scenario (Settings `Sensitivity chart scenario`,
or the first).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from optimise import InputError, PlanInputs, Scenario
from optimise.result import INVALID_INPUT, OPTIMAL
from optimise.sensitivity import Assumption, Point, ordered, sensitivity
from planner import contract as layout
from planner.check.validate import CheckedInputs
from planner.contract.words import SENSITIVITY_CAPTION
from planner.run.engine import Engine
from planner.run.planning import Progress
from planner.studies.commands import SENSITIVITY_COMMAND
from planner.studies.output import TornadoChart, clean
from planner.studies.plumbing import Study, StudyRows, force_size

#: One piece of work: a scenario and some of its points (assumption, change).
Part = tuple[PlanInputs, Scenario, list[tuple[Assumption, float]]]

CHART = TornadoChart(
    title="What the plan rests on: posts placed differently when an estimate moves",
    category="Assumption",
    series="Change %",
    value="Posts placed differently",
    x_title="Posts placed differently (final year)",
)
BUTTON = SENSITIVITY_CAPTION
TITLE = "How sure: the estimates each plan rests on"
#: Most points in a part: a scenario of the default workbook (148 points) in four.
#: Fixed, never shaped by the workers.
LONGEST_PART = 40


def stream_and_role_points(inputs: PlanInputs, share: float) -> list[tuple[Assumption, float]]:
    """Every point of a scenario, in the order tried (optimise.sensitivity.point_keys)."""
    streams, roles = list(inputs.demand["Stream"]), list(inputs.roles["Role"])
    found = [
        Assumption(column, k, name)
        for column in ("Harm weight", "Hours per case")
        for k, name in enumerate(streams)
    ]
    found += [
        Assumption(column, j, name)
        for column in ("Productive hours", "Annual cost")
        for j, name in enumerate(roles)
    ]
    return [(a, change) for a in found for change in (-share, share)]


def parts(
    checked: CheckedInputs,
    scenarios: list[Scenario],
    _engine: Engine,
    _say: Progress | None = None,
) -> list[Part]:
    """Each scenario's points in parts of at most LONGEST_PART."""
    keys = stream_and_role_points(checked.inputs, checked.inputs.settings.sensitivity)
    count = max(1, math.ceil(len(keys) / LONGEST_PART))
    found = []
    for scenario in scenarios:
        for chunk in np.array_split(np.arange(len(keys)), count):
            found.append((checked.inputs, scenario, [keys[int(n)] for n in chunk]))
    return found


def run_part(part: Part) -> tuple[Scenario, list[Point], float | None, str]:
    """One part's points (runs on any worker); with S's FTE unmet harm and its solver."""
    inputs, scenario, keys = part
    try:
        points = sensitivity(inputs, scenario, keys)
    except InputError as error:  # checked already; kept so one scenario cannot stop the rest
        return scenario, [], None, "; ".join(map(str, error.problems)) or INVALID_INPUT
    base = points[0].scenario_unmet_harm if points else None
    return scenario, points, base, "" if points else "No plan to test"


def shape(results: list[tuple[Scenario, list[Point], float | None, str]]) -> StudyRows:
    """The tornado's rows per scenario; a Run log line per scenario."""
    grouped: dict[str, list[Point]] = {}
    about: dict[str, tuple[float | None, str]] = {}
    for scenario, points, base, note in results:
        grouped.setdefault(scenario.name, []).extend(points)
        old = about.get(scenario.name, (None, ""))
        about[scenario.name] = (old[0] if old[0] is not None else base, old[1] or note)
    rows, log = [], []
    for name, points in grouped.items():
        if not points:
            rows.append({h: None for h in layout.SENSITIVITY.headers} | {"Scenario": name})
        rows += [sensitivity_row(p) for p in ordered(points)]
        log.append(_log_line(name, points, *about[name]))
    statuses = Counter(p.status for points in grouped.values() for p in points)
    complete = all(grouped.values()) and set(statuses) <= {OPTIMAL, "Infeasible"}
    counts = ", ".join(f"{n} {status.lower()}" for status, n in statuses.items())
    total = sum(statuses.values())
    summary = f"{len(grouped)} scenario{'s' * (len(grouped) != 1)}, {total} points: {counts}"
    return StudyRows(rows, log, complete, summary)


def sensitivity_row(p: Point) -> dict:
    return {
        "Scenario": p.scenario,
        "Assumption": p.assumption.label,
        "Change %": clean(p.change),
        "Status": p.status,
        "Unmet harm": clean(p.unmet_harm),
        "Unmet harm change %": clean(p.unmet_harm_change),
        "Harm re-planning saves": clean(p.saves),
        "Posts placed differently": clean(p.posts_moved),
        "Unit that changes most": p.unit or None,
        "Its change": clean(p.unit_change),
    }


def _log_line(name: str, points: list[Point], base: float | None, note: str) -> dict:
    """ "<name> (sensitivity)": "148 points: 146 optimal, 2 infeasible"; Unmet harm is S's FTE."""
    statuses = Counter(p.status for p in points)
    words = ", ".join(f"{n} {status.lower()}" for status, n in statuses.items())
    return {
        "Scenario": f"{name} (sensitivity)",
        "Status": f"{len(points)} points: {words}" if points else note,
        "Solver": "HiGHS" if points else "",
        "Seconds": round(sum(p.seconds for p in points), 2),
        "Unmet harm": clean(base),
    }


def _describe(part: tuple[Scenario, list[Point], float | None, str]) -> str:
    scenario, points, _, note = part
    return f"{scenario.name}, {len(points)} points" if points else f"{scenario.name}: {note}"


SENSITIVITY = Study(
    table=layout.SENSITIVITY,
    cli=SENSITIVITY_COMMAND,
    title=TITLE,
    noun="sensitivity part",
    items=parts,
    task=run_part,
    shape=shape,
    chart=CHART,
    button=BUTTON,
    empty_note=f"No sensitivity yet: press {BUTTON} (above) for the scenarios with Run = Yes.",
    describe=_describe,
    small=force_size,
)
