"""The three stages of MODEL.md, solved in order on one model.

Stage 1 minimises unmet harm; stage 2 keeps it at its optimum and minimises
post changes; stage 3 keeps both and minimises cost. "Keeping at its optimum"
is the contract's bound: value <= optimum + 1e-6 * max(1, |optimum|).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pulp

from optimise import compat, extract
from optimise.compat import SolveOutcome
from optimise.model import Model

TOLERANCE = 1e-6


@dataclass
class StageRun:
    """How the stages went: each stage's value, the time spent, and the plan.

    `posts` and `unmet` are the plan of the last stage that found one: a
    later stage stopped by the time limit before finding any leaves the
    earlier stage's plan standing, never the values of a failed solve.
    """

    outcome: SolveOutcome
    values: list[float] = field(default_factory=list)  # harm, changes, cost (£m over horizon)
    seconds: float = 0.0
    gaps: list[float] = field(default_factory=list)
    posts: np.ndarray | None = None  # x[unit, role, t]
    unmet: np.ndarray | None = None  # s[stream, t]

    #: True when any stage stopped at the time limit rather than at its optimum.
    #: Only the solver's status says so: a gap HiGHS reports beside an Optimal
    #: status is within its absolute tolerance, not a sign of stopping early.
    hit_time_limit: bool = False


def stage_bound(value: float) -> float:
    return value + TOLERANCE * max(1.0, abs(value))


def solve_stages(
    model: Model,
    solver_name: str,
    time_limit: float,
    gap: float,
    on_first_stage: Callable[[Model], None] | None = None,
) -> StageRun:
    """Run the stages; stop at the first one that finds no plan.

    `on_first_stage` sees the model right after stage 1, while its duals are
    still stage 1's (later stages overwrite them).
    """
    stages = [("harm", model.harm()), ("changes", model.changes()), ("cost", model.cost())]
    run = None
    for n, (name, objective) in enumerate(stages):
        model.prob.setObjective(objective)
        outcome = _solve(model, solver_name, time_limit, gap, warm_start=n > 0)
        if n > 0 and outcome.status == compat.INFEASIBLE:
            # The previous stage's plan meets this stage's rows, so this is
            # presolve misjudging the tiny stage bound (seen in HiGHS 1.16
            # when stage 1's optimum is 0): solve again without it.
            outcome = _solve(model, solver_name, time_limit, gap, warm_start=True, presolve=False)
        run = run or StageRun(outcome)
        run.outcome = outcome
        run.seconds += outcome.seconds
        run.hit_time_limit |= outcome.status == compat.TIME_LIMIT
        if not outcome.has_solution:
            return run
        run.values.append(float(outcome.objective or 0.0))
        run.posts, run.unmet = extract.posts(model), extract.values(model.s)
        if n == 0 and on_first_stage is not None:
            on_first_stage(model)
        if outcome.gap is not None and model.integer:
            run.gaps.append(outcome.gap)
        if n < len(stages) - 1:
            bound = stage_bound(run.values[-1])
            model.prob.addConstraint(objective <= bound, f"keep_{name}")
    return run


def solve_objective(
    model: Model,
    objective: pulp.LpAffineExpression,
    solver_name: str,
    time_limit: float,
    gap: float,
) -> SolveOutcome:
    model.prob.setObjective(objective)
    return _solve(model, solver_name, time_limit, gap)


def _solve(
    model: Model,
    solver_name: str,
    time_limit: float,
    gap: float,
    warm_start: bool = False,
    presolve: bool = True,
) -> SolveOutcome:
    solver = compat.make_solver(
        solver_name,
        mip=model.integer,
        time_limit=time_limit,
        gap=gap,
        warm_start=warm_start and model.integer,
        presolve=presolve,
    )
    return compat.solve(model.prob, solver)
