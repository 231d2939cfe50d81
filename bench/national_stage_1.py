"""Issue 22's national ratio: Planner's stage 1 beside the floor's, both to the end.

    python bench/national_stage_1.py            # both, side by side (about 30 min, 7 GB)
    python bench/national_stage_1.py --size force

The national division with the v3 people columns (optimise/synthetic.py,
`people=True`), planned to the end of stage 1 twice, at once, one process on
each core: Planner's (build the PuLP model, hand it to HiGHS, solve for unmet
harm) and the floor's (the same linear program taken from Planner's hand-over,
`passModel` and `run` timed, as bench/run.py's `floor_figures`). Each prints
CPU seconds (all of its threads; what other load does not inflate) and wall
seconds; the last line is `ratio: R`, Planner's CPU over the floor's.
Figures, never assertions.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import SIZES  # noqa: E402 (after the path)

LIMIT = 4800.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="national", choices=sorted(SIZES))
    parser.add_argument("--child", choices=["planner", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_stage_1(args.child, args.size)))
        return
    command = [sys.executable, __file__, "--size", args.size, "--child"]
    running = [
        subprocess.Popen([*command, what], stdout=subprocess.PIPE, text=True)
        for what in ("planner", "floor")
    ]
    planner, floor = (json.loads(p.communicate()[0]) for p in running)
    for row in (planner, floor):
        print(json.dumps(row))
    print(
        f"ratio: {planner['cpu'] / floor['cpu']:.2f} (wall {planner['wall'] / floor['wall']:.2f})"
    )


def _stage_1(what: str, size: str) -> dict:
    """One side's stage 1, timed in CPU and wall seconds (runs in the child)."""
    import highspy
    import numpy as np

    from optimise.data import prepare
    from optimise.highs import OPTIONS, HighsModel, algorithm
    from optimise.inputs import Scenario
    from optimise.model import build_model
    from optimise.synthetic import division

    units, roles, years, forces = SIZES[size]
    inputs = division(units, roles, years, forces, whole_posts=False, seed=1, people=True)
    data = prepare(inputs, Scenario())
    started = time.process_time(), time.perf_counter()
    model = build_model(data, integer=False)
    held = HighsModel(model.prob, mip=False)
    if what == "planner":
        outcome = held.solve(model.harm(), time_limit=LIMIT)
        status, objective = str(outcome.status), outcome.objective
    else:
        held.highs.changeColsCost(
            len(held.columns), np.arange(len(held.columns)), held.vector(model.harm())
        )
        lp = held.highs.getLp()
        del model, held
        solver = highspy.Highs()
        options = {**OPTIONS, "time_limit": LIMIT, "solver": algorithm(lp.num_col_, mip=False)}
        for key, value in options.items():
            solver.setOptionValue(key, value)
        started = time.process_time(), time.perf_counter()
        solver.passModel(lp)
        solver.run()
        status = str(solver.getModelStatus())
        objective = solver.getInfo().objective_function_value
    return {
        "what": what,
        "size": size,
        "cpu": time.process_time() - started[0],
        "wall": time.perf_counter() - started[1],
        "status": status,
        "objective": objective,
        "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    main()
