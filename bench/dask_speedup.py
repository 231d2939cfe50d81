"""`dask speedup: S`: a 9-point frontier of the force-size scenario, 2 local workers over 1.

The force-size scenario is the one bench/run.py plans cold (150 units, 20
roles, 5 years, FTE, seed 1, every rule); its frontier is the budget frontier
study's own work (planner.studies.frontier: the same parts of neighbouring
points, each warm-started from the one before), run through planner.run.engine:

- 1 worker: `Engine(workers=1)`, in this process, one part after another;
- 2 workers: `Engine(workers=2)`, a local Dask cluster of two worker
  processes (forked from a server process that has Planner imported, where
  the platform can fork: planner.run.engine), counted from before it starts
  until after it is shut down.

Each is timed in its own fresh process (bench/run.py's --child), so neither
gains from the other's imports. Figures, never assertions.
"""

from __future__ import annotations

import time

#: Frontier points (Settings' default: -10% to +10% of the scenario's budget).
POINTS = 9


def frontier_seconds(
    size: tuple[int, int, int, int], workers: int, time_limit: float, rules: bool = True
) -> dict:
    """Seconds for the frontier on `workers` workers, and its figures (to check they agree)."""
    from dataclasses import replace

    from optimise import Scenario
    from optimise.synthetic import division
    from planner.check.validate import CheckedInputs
    from planner.run.engine import Engine, run_tasks
    from planner.studies.frontier import parts, plan_part

    units, roles, years, forces = size
    inputs = division(units, roles, years, forces, whole_posts=False, seed=1, rules=rules)
    settings = replace(inputs.settings, frontier_points=POINTS, time_limit=time_limit)
    inputs = replace(inputs, settings=settings)
    scenario = Scenario()
    checked = CheckedInputs(inputs, [scenario])
    engine = Engine(workers=workers)
    started = time.perf_counter()
    done = run_tasks(engine, plan_part, parts(checked, [scenario], engine), noun="part")
    seconds = time.perf_counter() - started
    points = [p.result for _s, part in done for p in part]
    return {
        "what": f"frontier, {workers} worker",
        "seconds": seconds,
        "statuses": sorted({r.status for r in points}),
        "unmet harm": [None if r.unmet_harm is None else round(r.unmet_harm, 3) for r in points],
    }


def speedup_line(one: dict, two: dict) -> str:
    """`dask speedup: S`, or why there is no figure."""
    if "seconds" not in one or "seconds" not in two:
        return f"dask speedup: not measured ({one.get('note') or two.get('note')})"
    same = "same figures" if one["unmet harm"] == two["unmet harm"] else "FIGURES DIFFER"
    print(
        f"\n{POINTS}-point frontier at force size: 1 worker {one['seconds']:.1f} s, "
        f"2 workers {two['seconds']:.1f} s ({same}; points {'/'.join(two['statuses'])})"
    )
    return f"dask speedup: {one['seconds'] / two['seconds']:.2f}"
