"""Whole posts on the default workbook: each stage's value, time and proven gap.

    python bench/whole_posts.py [--time-limit SECONDS] [--seed N] [--columns]

For each scenario of workbook/Planner.xlsm, planned in whole posts with a 1%
MIP gap: the best FTE plan's unmet harm (a lower bound for every whole-post
plan), then each stage's value, its seconds and the gap HiGHS proved. A stage
"proven" within 1% reached the gap; stages 2 and 3 may also have "stalled"
(found no better plan for half as long as stage 1 took, at least 3 s:
optimise/whole_post.py), or stopped at the time limit.

`--seed` runs HiGHS with another random seed (Planner's is 0): the times of
a whole-post stage 1 differ several-fold from seed to seed, so one seed's
figures say little about a change to the model or its options.

`--columns` also measures, on the first scenario, the bound of the unit
decomposition (Dantzig-Wolfe: one column per unit and whole-post plan, see
`bench/unit_columns.py`) for stages 1 and 2, to set beside HiGHS's own bound.
docs/model.md quotes these figures. Figures, never assertions.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from optimise import highs  # noqa: E402
from optimise.data import ModelData, prepare  # noqa: E402
from optimise.highs import HighsModel  # noqa: E402
from optimise.inputs import PlanInputs, Scenario, with_optional_columns  # noqa: E402
from optimise.model import build_model  # noqa: E402
from optimise.scenario import apply_scenario  # noqa: E402
from optimise.solve import solve_stages, stage_bound  # noqa: E402

WORKBOOK = ROOT / "workbook" / "Planner.xlsm"
GAP = 0.01


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=60.0, help="per stage, seconds")
    parser.add_argument("--seed", type=int, default=0, help="HiGHS's random seed")
    parser.add_argument("--columns", action="store_true", help="the unit decomposition's bounds")
    args = parser.parse_args()
    highs.OPTIONS["random_seed"] = args.seed  # every HighsModel made from here on
    inputs, scenarios = default_workbook()
    print("scenario                     FTE harm | stage: value  seconds  proven gap")
    for scenario in scenarios:
        print(scenario_line(model_data(inputs, scenario), scenario.name, args.time_limit))
    if args.columns:
        columns_figures(model_data(inputs, scenarios[0]), scenarios[0].name, args.time_limit)


def default_workbook() -> tuple[PlanInputs, list[Scenario]]:
    """The shipped workbook's inputs, set to whole posts and a 1% gap, and its scenarios."""
    from planner.adapters.file.file_reader import FileWorkbook
    from planner.check.validate import check_workbook

    checked = check_workbook(FileWorkbook(WORKBOOK).read_tables())
    settings = dataclasses.replace(checked.inputs.settings, whole_posts=True, mip_gap=GAP)
    return dataclasses.replace(checked.inputs, settings=settings), checked.to_run()


def model_data(inputs: PlanInputs, scenario: Scenario) -> ModelData:
    return prepare(apply_scenario(with_optional_columns(inputs), scenario), scenario)


def scenario_line(data: ModelData, name: str, time_limit: float) -> str:
    """The FTE optimum, then each whole-post stage as Planner runs it."""
    fte = solve_stages(build_model(data, integer=False), "HiGHS", time_limit, 0.0)
    whole = solve_stages(build_model(data, integer=True), "HiGHS", time_limit, GAP)
    stages = [
        f"{value:10,.1f} {seconds:6.1f} s {gap:7.2%}{_how_it_ended(whole, n, gap)}"
        for n, (value, seconds, gap) in enumerate(
            zip(whole.values, whole.stage_seconds, whole.gaps, strict=False)
        )
    ]
    return f"{name[:28]:28} {fte.values[0]:10,.1f} | " + " | ".join(stages)


def _how_it_ended(run, stage: int, gap: float) -> str:
    """Proven within the gap (nothing said), stalled (optimise/whole_post.py) or stopped at the limit."""
    if gap <= GAP:
        return ""
    return " (stalled)" if stage in run.stalled else " (time limit)"


def columns_figures(data: ModelData, name: str, time_limit: float) -> None:
    """Stage 1 and stage 2 bounds: HiGHS's branch and bound against the unit columns'."""
    from bench.unit_columns import column_bound

    model = build_model(data, integer=True)
    solver = HighsModel(model.prob, mip=True)
    harm, changes = solver.vector(model.harm()), solver.vector(model.changes())
    first = solver.solve(model.harm(), time_limit=time_limit, gap=GAP)
    plan = solver.highs.getSolution().col_value
    print(f"\n{name}, stage 1: plan {first.objective:,.1f}, {_bound(solver, first.seconds)}")
    print(f"  unit columns: {column_bound(model, solver, harm, plan)}")
    solver.keep_at_most(model.harm(), stage_bound(first.objective))
    second = solver.solve(model.changes(), time_limit=time_limit, gap=GAP)
    print(f"{name}, stage 2: plan {second.objective:,.0f}, {_bound(solver, second.seconds)}")
    print(f"  unit columns: {column_bound(model, solver, changes, plan)}")


def _bound(solver: HighsModel, seconds: float) -> str:
    return f"HiGHS's bound {solver.highs.getInfo().mip_dual_bound:,.1f} after {seconds:.0f} s"


if __name__ == "__main__":
    main()
