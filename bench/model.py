"""Time the optimiser on a 30-unit, 12-role, 3-year division (issue 2's figure).

    python bench/model.py [--units 30 --roles 12 --years 3 --repeat 3]

Prints model build, stage solves and the whole plan() per mode. Figures, not
assertions: compare them before and after a change.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pulp

from optimise import plan
from optimise.data import prepare
from optimise.inputs import Scenario
from optimise.model import build_model
from optimise.solve import solve_stages
from optimise.synthetic import division


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--roles", type=int, default=12)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, PuLP {pulp.__version__}")
    print(f"{args.units} units x {args.roles} roles x {args.years} years\n")
    print(
        f"{'mode':<14}{'variables':>10}{'rows':>8}{'build s':>9}{'stages s':>10}{'plan() s':>10}  status"
    )
    for whole in (False, True):
        inputs = division(args.units, args.roles, args.years, whole_posts=whole)
        builds, stages, totals = [], [], []
        for _ in range(args.repeat):
            data = prepare(inputs, Scenario())
            started = time.perf_counter()
            model = build_model(data, integer=whole)
            builds.append(time.perf_counter() - started)
            run = solve_stages(model, "HiGHS", 60, 0.0)
            stages.append(run.seconds)
            started = time.perf_counter()
            result = plan(inputs)
            totals.append(time.perf_counter() - started)
        mode = "whole posts" if whole else "fractional"
        print(
            f"{mode:<14}{model.prob.numVariables():>10}{model.prob.numConstraints():>8}"
            f"{statistics.median(builds):>9.3f}{statistics.median(stages):>10.3f}"
            f"{statistics.median(totals):>10.3f}  {result.status}"
        )
    print(
        "\nplan() includes the baseline LP and, with whole posts, the LP relaxation for shadow prices."
    )


if __name__ == "__main__":
    main()
