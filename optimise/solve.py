"""The three stages of docs/rules.md, solved in order on one model.

Stage 1 minimises unmet harm; stage 2 keeps it at its optimum and minimises
post changes; stage 3 keeps both and minimises cost. "Keeping at its optimum"
is the contract's bound: value <= optimum + 1e-6 * max(1, |optimum|).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pulp

from optimise import compat, extract
from optimise.compat import SolveOutcome
from optimise.highs import HighsModel
from optimise.model import Model
from optimise.phantom import drop_phantom_changes
from optimise.stall import window

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
    stage_seconds: list[float] = field(default_factory=list)  # stage 1's with the hand-over
    gaps: list[float] = field(default_factory=list)
    posts: np.ndarray | None = None  # x[unit, role, t]
    unmet: np.ndarray | None = None  # s[stream, t]

    #: True when any stage stopped at the time limit rather than at its optimum.
    #: Only the solver's status says so: a gap HiGHS reports beside an Optimal
    #: status is within its absolute tolerance, not a sign of stopping early.
    hit_time_limit: bool = False
    #: The first stage (0 = unmet harm) stopped by the time limit, if any.
    stopped_at: int | None = None
    #: Whole-post stages 2 and 3 (1, 2) that stopped when their search stalled:
    #: their plan is kept and its proven gap reported (optimise/stall.py).
    stalled: list[int] = field(default_factory=list)

    @property
    def stall_seconds(self) -> float:
        """How long a later whole-post stage may go without a better plan."""
        return window(self.stage_seconds[0])


def stage_bound(value: float) -> float:
    return value + TOLERANCE * max(1.0, abs(value))


def solve_stages(
    model: Model,
    solver_name: str,
    time_limit: float,
    gap: float,
    on_first_stage: Callable[[Model], None] | None = None,
    held: HighsModel | PulpSolves | None = None,
) -> StageRun:
    """Run the stages; stop at the first one that finds no plan.

    Whole-post stages 2 and 3 also stop when their search stalls
    (optimise/stall.py): they keep the best plan found and its proven gap.

    `on_first_stage` sees the model right after stage 1, while its duals are
    still stage 1's (later stages overwrite them). `held` is a solver already
    holding the model (a frontier's, restarted for its next point).
    """
    stages = [model.harm(), model.changes(), model.cost()]
    started = time.perf_counter()
    solver = held or open_solver(model, solver_name)
    handing_over = time.perf_counter() - started  # counted in stage 1's time
    run = None
    for n, objective in enumerate(stages):
        stall = run.stall_seconds if run and model.integer else None
        outcome = solver.solve(objective, time_limit=time_limit, gap=gap, stall=stall)
        if n > 0 and outcome.status == compat.INFEASIBLE:
            # The previous stage's plan meets this stage's rows, so this is
            # presolve misjudging the tiny stage bound (seen in HiGHS 1.16
            # when stage 1's optimum is 0): solve again without it.
            outcome = solver.solve(
                objective, time_limit=time_limit, gap=gap, presolve=False, stall=stall
            )
        run = run or StageRun(outcome)
        run.outcome = outcome
        run.seconds += outcome.seconds
        run.stage_seconds.append(outcome.seconds + (handing_over if n == 0 else 0.0))
        if outcome.status == compat.TIME_LIMIT and not run.hit_time_limit:
            run.hit_time_limit, run.stopped_at = True, n
        if outcome.status == compat.STALLED:
            run.stalled.append(n)
        if not outcome.has_solution:
            return run
        run.values.append(float(outcome.objective or 0.0))
        # The next stage starts from the plan's own changes (whole posts only).
        changes = drop_phantom_changes(model) if model.integer else None
        run.posts, run.unmet = extract.posts(model), extract.unmet(model)
        if n == 0 and on_first_stage is not None:
            on_first_stage(model)
        if outcome.gap is not None and model.integer:
            run.gaps.append(outcome.gap)
        if n < len(stages) - 1:
            kept = run.values[-1]
            if n == 1 and changes is not None:  # stage 2 keeps the plan's own changes
                kept = min(kept, changes)
            solver.keep_at_most(objective, stage_bound(kept))
    return run


def solve_objective(
    model: Model,
    objective: pulp.LpAffineExpression,
    solver_name: str,
    time_limit: float,
    gap: float,
) -> SolveOutcome:
    """One solve of the model with this objective (the baseline, a relaxation, a diagnosis)."""
    return open_solver(model, solver_name).solve(objective, time_limit=time_limit, gap=gap)


def open_solver(model: Model, solver_name: str) -> HighsModel | PulpSolves:
    """HiGHS holds one model across the stages; CBC solves PuLP's problem each time.

    Both answer `solve(objective, time_limit=, gap=, presolve=)` and
    `keep_at_most(objective, bound)`, which is all the stages ask of them.
    """
    if solver_name == "HiGHS":
        return HighsModel(model.prob, mip=model.integer)
    return PulpSolves(model, solver_name)


class PulpSolves:
    """Each stage a fresh solve of the PuLP problem (CBC); whole-post stages start from the last plan."""

    def __init__(self, model: Model, solver_name: str) -> None:
        self.model, self.solver_name, self.solved = model, solver_name, 0

    def solve(
        self,
        objective: pulp.LpAffineExpression,
        *,
        time_limit: float,
        gap: float = 0.0,
        presolve: bool = True,
        stall: float | None = None,  # HiGHS only: CBC runs each stage to its gap or limit
    ) -> SolveOutcome:
        self.model.prob.setObjective(objective)
        solver = compat.make_solver(
            self.solver_name,
            mip=self.model.integer,
            time_limit=time_limit,
            gap=gap,
            warm_start=self.solved > 0 and self.model.integer,
            presolve=presolve,
        )
        self.solved += 1
        return compat.solve(self.model.prob, solver)

    def keep_at_most(self, objective: pulp.LpAffineExpression, bound: float) -> None:
        self.model.prob.addConstraint(objective <= bound, f"keep_{self.solved}")
