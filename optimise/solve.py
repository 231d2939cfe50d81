"""The three stages of docs/rules.md, solved in order on one model.

Stage 1 minimises unmet harm; stage 2 keeps it at its optimum and minimises
post changes; stage 3 keeps both and minimises cost. "Keeping at its optimum"
is the contract's bound: value <= optimum + 1e-6 * max(1, |optimum|).

`solve_stages` reads as the contract does; each step is one function here:
run a stage (`run_stage`), note its time (`note_time`) and whether it
stopped early (`note_stop`), take its plan (`take_plan`), and keep it at its
value for the later stages (`keep_bound`). The solver is either route of
optimise/solver.py (`open_solver`); the whole-post workaround is
optimise/stall.py (stalled stages) and optimise/whole_post.py (phantom changes).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pulp

from optimise import extract, stall, whole_post
from optimise.highs import HighsModel
from optimise.model import Model
from optimise.pulp_route import PulpSolves
from optimise.solver import SolveOutcome, StageSolver
from optimise.status import SolveStatus

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
    #: Stage 1's plan x[unit, role, t] (the least unmet harm, before stages 2
    #: and 3 choose among such plans): an FTE plan's "another £1m" starts here.
    first_posts: np.ndarray | None = None
    #: The solver that ran the stages, still holding the model (and, for a
    #: linear program on HiGHS, stage 1's optimal basis, for `restart`).
    solver: StageSolver | None = None

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
        return stall.window(self.stage_seconds[0])


def stage_bound(value: float) -> float:
    """The contract's "keep at its optimum": the value plus a millionth (of 1 at least)."""
    return value + TOLERANCE * max(1.0, abs(value))


def stage_objectives(model: Model) -> list[pulp.LpAffineExpression]:
    """The stages' objectives in the contract's order: unmet harm, post changes, cost."""
    return [model.harm(), model.changes(), model.cost()]


def solve_stages(
    model: Model,
    solver_name: str,
    time_limit: float,
    gap: float,
    on_first_stage: Callable[[Model], None] | None = None,
    held: StageSolver | None = None,
) -> StageRun:
    """Run the stages; stop at the first one that finds no plan.

    Whole-post stages 2 and 3 also stop when their search stalls
    (optimise/stall.py): they keep the best plan found and its proven gap.

    `on_first_stage` sees the model right after stage 1, while its duals are
    still stage 1's (later stages overwrite them). `held` is a solver already
    holding the model (a frontier's, restarted for its next point).
    """
    solver, handing_over = _solver_for_stages(model, solver_name, held)
    objectives = stage_objectives(model)
    run: StageRun | None = None
    for n, objective in enumerate(objectives):
        stall = stall_window(run, model)
        outcome = run_stage(solver, objective, n, time_limit=time_limit, gap=gap, stall=stall)
        run = run or StageRun(outcome, solver=solver)
        note_time(run, outcome, handing_over if n == 0 else 0.0)
        note_stop(run, n, outcome)
        if not outcome.has_solution:
            return run  # the last stage's plan stands; before stage 1's, there is none
        own_changes = take_plan(run, model, outcome)
        if n == 0:
            run.first_posts = run.posts
        if n == 0 and on_first_stage is not None:
            on_first_stage(model)
        if n < len(objectives) - 1:
            bound = keep_bound(run.values[-1], own_changes if n == 1 else None)
            solver.keep_at_most(objective, bound)
    return run


def _solver_for_stages(
    model: Model, solver_name: str, held: StageSolver | None
) -> tuple[StageSolver, float]:
    """The solver, and the seconds spent handing it the model (counted in stage 1's time)."""
    started = time.perf_counter()
    solver = held or open_solver(model, solver_name)
    return solver, time.perf_counter() - started


def stall_window(run: StageRun | None, model: Model) -> float | None:
    """Seconds this stage may go without a better plan; None: run to the gap or the limit.

    Only a later whole-post stage is stopped so (optimise/stall.py):
    stage 1 has to prove unmet harm, and a linear program does not stall.
    """
    return run.stall_seconds if run is not None and model.integer else None


def run_stage(
    solver: StageSolver,
    objective: pulp.LpAffineExpression,
    n: int,
    *,
    time_limit: float,
    gap: float,
    stall: float | None,
) -> SolveOutcome:
    """Solve stage `n` (0 = unmet harm); a later stage called infeasible is solved again without presolve.

    The previous stage's plan meets every row of a later stage, its "keep"
    rows included, so "infeasible" there is presolve misjudging the tiny
    stage bound. The property tests found it when stage 1's optimum is 0
    (the bound is then 1e-6), on HiGHS 1.16 through PuLP's HiGHS interface,
    before highspy was held below 1.16 for HiPO's extras (pyproject.toml);
    tests/model/test_model_runs.py keeps that case. On highspy 1.15, through
    optimise/highs.py, and on CBC that case needs no retry; the retry stays,
    as a guard that costs nothing when presolve is right.
    """
    outcome = solver.solve(objective, time_limit=time_limit, gap=gap, stall=stall)
    if n > 0 and outcome.status == SolveStatus.INFEASIBLE:
        outcome = solver.solve(
            objective, time_limit=time_limit, gap=gap, presolve=False, stall=stall
        )
    return outcome


def note_time(run: StageRun, outcome: SolveOutcome, handing_over: float) -> None:
    """The stage's seconds: the solve's, and stage 1's also the model's hand-over."""
    run.outcome = outcome
    run.seconds += outcome.seconds
    run.stage_seconds.append(outcome.seconds + handing_over)


def note_stop(run: StageRun, n: int, outcome: SolveOutcome) -> None:
    """Whether stage `n` stopped early: at the time limit (the first such), or stalled.

    The result's Status and Message depend on which (optimise.plan, optimise.words).
    """
    if outcome.status == SolveStatus.TIME_LIMIT and not run.hit_time_limit:
        run.hit_time_limit, run.stopped_at = True, n
    if outcome.status == SolveStatus.STALLED:
        run.stalled.append(n)


def take_plan(run: StageRun, model: Model, outcome: SolveOutcome) -> float | None:
    """The stage's value, plan and proven gap become the run's; the plan is readied for the next.

    Returns the plan's own post changes (whole posts; None in FTE), which
    stage 2's keep row may use (optimise/whole_post.py, phantom changes).
    """
    run.values.append(float(outcome.objective or 0.0))
    own_changes = whole_post.hand_on(model)
    run.posts, run.unmet = extract.posts(model), extract.unmet(model)
    if outcome.gap is not None and model.integer:
        run.gaps.append(outcome.gap)
    return own_changes


def keep_bound(value: float, own_changes: float | None = None) -> float:
    """The bound of a stage's keep row: its value, as the contract asks.

    Stage 2 of a whole-post plan keeps the plan's own changes when they are
    fewer than the value it found (a phantom pair counted twice), so the plan
    handed on meets its row (optimise/whole_post.py).
    """
    return stage_bound(value if own_changes is None else min(value, own_changes))


def solve_objective(
    model: Model,
    objective: pulp.LpAffineExpression,
    solver_name: str,
    time_limit: float,
    gap: float,
) -> SolveOutcome:
    """One solve of the model with this objective (the baseline, a relaxation, a diagnosis)."""
    return open_solver(model, solver_name).solve(objective, time_limit=time_limit, gap=gap)


def open_solver(model: Model, solver_name: str) -> StageSolver:
    """The route for this Solver setting: HiGHS holds one model across the stages;
    CBC solves PuLP's problem each time (optimise/solver.py)."""
    if solver_name == "HiGHS":
        return HighsModel(model.prob, mip=model.integer)
    return PulpSolves(model, solver_name)
