"""plan(inputs, scenario) -> PlanResult: the one way into the model.

Check, prepare, solve the baseline and the three stages, explain, and return
plain tables. Nothing here knows where the inputs came from.
"""

from __future__ import annotations

import copy
import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from optimise import cases, extract
from optimise.checks import raise_for_problems
from optimise.data import ModelData, prepare
from optimise.explain import binding_limits, final_year_budget_dual, fixes
from optimise.extract import (
    coverage_share,
    coverage_table,
    flows,
    lowest_coverage,
    model_unmet_harm,
    pay_bill,
    plan_moves,
    plan_table,
    public_protection_share,
    support_hours,
    unmet,
)
from optimise.held_back import held_back
from optimise.inputs import (
    InputError,
    InputProblem,
    PlanInputs,
    Scenario,
    Settings,
    with_optional_columns,
)
from optimise.model import FAMILIES, ROLE_ATTRITION, TURNOVER, Model, build_model
from optimise.moves import Flows, move_totals
from optimise.result import (
    CASES_COLUMNS,
    INFEASIBLE,
    MILLION_COLUMNS,
    OPTIMAL,
    TIME_LIMIT,
    Fix,
    PlanResult,
)
from optimise.robust import for_uncertain_demand, with_futures
from optimise.scenario import apply_scenario
from optimise.solve import StageRun, open_solver, solve_objective, solve_stages
from optimise.solver import StageSolver, available_solvers
from optimise.status import SolveStatus
from optimise.whole_post import plan_changes
from optimise.words import (
    fixes_words,
    fte_words,
    futures_words,
    gap_words,
    limits_words,
    stalled_words,
    time_limit_words,
)


def plan(
    inputs: PlanInputs,
    scenario: Scenario | None = None,
    *,
    solver: str | None = None,
    checked: bool = False,
) -> PlanResult:
    """The optimal plan for one scenario (docs/rules.md), or why there is none.

    Raises InputError, with every problem, when the inputs cannot be planned.
    `checked`: the caller has run optimise.checks on these inputs with this
    scenario and found nothing (see `start_plan`).
    """
    started = time.perf_counter()
    start = start_plan(inputs, scenario, solver=solver, checked=checked)
    model = build_model(start.data, integer=start.settings.whole_posts)
    result = finish_plan(start, model)
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class PlanStart:
    """What every plan of a scenario shares whatever its budget: data, solver, baseline.

    A budget frontier (optimise.frontier) starts once and finishes many plans.
    """

    data: ModelData
    solver: str
    settings: Settings
    baseline: PlanResult  # the baseline's figures, no plan yet


#: A frontier point with no plan (optimise.frontier): its conflict is not traced.
NO_PLAN_AT_THIS_BUDGET = (
    "No plan meets every limit at this budget. Plan the scenario at this budget to see "
    "which limits to move."
)


def start_plan(
    inputs: PlanInputs,
    scenario: Scenario | None = None,
    *,
    solver: str | None = None,
    checked: bool = False,
) -> PlanStart:
    """Check and prepare the scenario, and plan the baseline (today's posts).

    `checked`: the caller has already found no problem in these inputs with
    this scenario by optimise.checks (planner.check runs them on every
    scenario of a workbook before any is planned), so they are not run again:
    they were a tenth of an FTE scenario's time on the default workbook.
    """
    scenario = scenario or Scenario()
    scenario_inputs = apply_scenario(with_optional_columns(inputs), scenario)
    if not checked:
        raise_for_problems(scenario_inputs, scenario)
    settings = scenario_inputs.settings
    solver_name = _solver(solver or settings.solver)
    data = prepare(scenario_inputs, scenario)
    result = PlanResult(
        scenario=scenario.name, status=OPTIMAL, solver=solver_name, years=data.years
    )
    if for_uncertain_demand(settings):
        data = with_futures(data, scenario_inputs, scenario)
        result.futures = settings.robust_samples
    _baseline(data, result, solver_name, settings.time_limit)
    return PlanStart(data, solver_name, settings, result)


def finish_plan(
    start: PlanStart,
    model: Model,
    held: StageSolver | None = None,
    *,
    figures_only: bool = False,
) -> PlanResult:
    """The three stages on `model` (whose data may carry another budget), explained.

    `held`: a solver already holding `model`, restarted for another budget.
    `figures_only` (a frontier point) leaves out what only a scenario's own
    run shows: the plan, coverage and moves tables and the binding limits
    (about 0.3 s of a warm-started force-size point's 2.5 s), and, when no plan
    meets the limits, the search for what to move (seconds of elastic
    solves): such a point says only that the budget is too small for the limits.
    """
    settings, solver_name, data = start.settings, start.solver, model.data
    result = copy.deepcopy(start.baseline)  # its lists and tables are its own
    run = solve_stages(
        model,
        solver_name,
        settings.time_limit,
        settings.mip_gap,
        on_first_stage=None if model.integer else lambda m: _explain(m, result, figures_only),
        held=held,
    )
    if not run.values:
        _no_plan(data, result, run.outcome.status, solver_name, settings, not figures_only)
    else:
        _fill_plan(data, run, result, figures_only, flows(model))
        relaxed = None
        if model.integer:
            relaxed = _explain_relaxation(data, result, solver_name, settings.time_limit)
        if not figures_only:
            _in_cases(data, run, result, solver_name, settings.time_limit, relaxed, model)
        if run.hit_time_limit or len(run.values) < 3:
            result.status = TIME_LIMIT
            result.mip_gap = max(run.gaps, default=None)
            result.message = time_limit_words(settings.time_limit, run)
        else:
            proven = [g for n, g in enumerate(run.gaps) if n not in run.stalled]
            result.mip_gap = max(proven, default=0.0) if model.integer else None
            result.message = (
                gap_words(settings.mip_gap if model.integer else 0.0, result.mip_gap)
                + stalled_words(run, result.post_changes)
                + limits_words(result)
            )
        result.message = fte_words(result) + result.message
    if result.futures:
        result.message = f"{futures_words(result.futures)} {result.message}".strip()
    return result


def _solver(name: str) -> str:
    """The solver to use, by its Settings name, or an input problem saying why not."""
    wanted = {"highs": "HiGHS", "cbc": "CBC"}.get(name.strip().lower(), name)
    if wanted not in available_solvers():
        have = " or ".join(available_solvers())
        raise InputError(
            [
                InputProblem(
                    "Settings", ("Solver",), "Value", f"{name} is not installed here; choose {have}"
                )
            ]
        )
    return wanted


def _baseline(data: ModelData, result: PlanResult, solver: str, time_limit: float) -> None:
    """Baseline unmet harm and coverage: today's posts, used as well as they can be."""
    today = build_model(data, integer=False, today=True)
    outcome = solve_objective(today, today.harm(), solver, time_limit, 0.0)
    if not outcome.has_solution:
        return
    unmet_hours = unmet(today)
    result.baseline_unmet_harm = model_unmet_harm(today)
    result.baseline_coverage = coverage_table(data, unmet_hours)
    result.pp_support_hours_before = support_hours(data, unmet_hours)
    result.pp_share_before = public_protection_share(data, data.baseline.sum(axis=1))


def _fill_plan(
    data: ModelData,
    run: StageRun,
    result: PlanResult,
    figures_only: bool = False,
    gross: Flows | None = None,
) -> None:
    x, unmet_hours, stage_values = run.posts, run.unmet, run.values
    if not figures_only:
        result.plan = plan_table(data, x)
        result.coverage = coverage_table(data, unmet_hours)
        result.moves = plan_moves(data, x, whole=data.settings.whole_posts, flows=gross)
        result.transfers, result.recruitment, result.attrition = move_totals(result.moves)
    result.unmet_harm = stage_values[0]
    # The plan's own changes, which its moves add up to: with whole posts a
    # stalled stage 2 may count more (optimise.whole_post), and in FTE the two agree.
    # With rule 13, inc and dec are gross flows: the changes are 2 transfers +
    # recruitment + attrition of the moves (the flows' own sum on a frontier point).
    result.post_changes = plan_changes(data.baseline, x)
    if gross is not None:
        if figures_only:
            result.post_changes = round(float(gross.inc.sum() + gross.dec.sum()), 6)
        else:
            moved = 2 * result.transfers + result.recruitment + result.attrition
            result.post_changes = round(moved, 6)
    result.final_year_cost = pay_bill(data, x[:, :, -1])
    result.final_year_budget = float(data.budget[-1])
    result.coverage_pct = coverage_share(data, unmet_hours, data.horizon - 1)
    result.lowest_coverage_pct, result.lowest_coverage_stream = lowest_coverage(
        data, unmet_hours, data.horizon - 1
    )
    result.pp_share_after = public_protection_share(data, x[:, :, -1].sum(axis=1))
    result.pp_support_hours_after = support_hours(data, unmet_hours)


def _explain(model: Model, result: PlanResult, price_only: bool = False) -> None:
    """Shadow price and (unless `price_only`) binding limits from a solved stage-1 LP."""
    dual = final_year_budget_dual(model)
    result.harm_reduction_per_million = None if dual is None else max(dual, 0.0)
    if not price_only:
        result.binding_limits = binding_limits(model)


def _explain_relaxation(
    data: ModelData, result: PlanResult, solver: str, time_limit: float
) -> tuple[Model, StageSolver] | None:
    """The LP relaxation of a whole-post plan: its duals, and the best FTE plan's harm.

    A mixed-integer program gives no duals, so they come from here, and the
    result says so; a binding limit is named only if it holds the relaxation
    back by a whole post (optimise.held_back). The relaxation is the same
    scenario planned in FTE, so its optimum is the lower bound docs/rules.md
    has every whole-post result report its distance from.
    """
    relaxed = build_model(data, integer=False)
    held = open_solver(relaxed, solver)
    outcome = held.solve(relaxed.harm(), time_limit=time_limit)
    if outcome.status != SolveStatus.OPTIMAL:
        return None
    _explain(relaxed, result, price_only=True)
    result.binding_limits, result.held_by_whole_posts = held_back(relaxed, held, time_limit)
    result.shadow_price_from_relaxation = True
    result.fte_unmet_harm = float(outcome.objective or 0.0)
    return relaxed, held


def _in_cases(
    data: ModelData,
    run: StageRun,
    result: PlanResult,
    solver: str,
    time_limit: float,
    relaxed: tuple[Model, StageSolver] | None,
    model: Model,
) -> None:
    """What the plan buys, in cases, and what another £1m would (docs/rules.md; optimise.cases).

    The £1m: the scenario's own FTE plan (a whole-post plan's relaxation, already
    solved; else the stage 1 plan of `model`, which is in FTE) re-planned with
    £1m more in every year's budget, warm from its optimal basis
    (HighsModel.restart, as a frontier's next point), both measured by the same rule.
    """
    final = cases.FinalYear(data, solver, time_limit)
    today = final.cases(None)
    planned = final.cases(run.posts)
    if today is None or planned is None:
        return
    result.cases = cases.frame(data, today, planned, CASES_COLUMNS)
    fte = _fte_plan(model, run, relaxed)
    if fte is None:
        return
    fte_model, held, fte_posts = fte
    if fte_model.data is not data:  # not so today: both are the scenario's own
        final = cases.FinalYear(fte_model.data, solver, time_limit)
    own = final.cases(fte_posts)
    more = cases.with_another_million(fte_model, held, final)
    if own is not None and more is not None:
        result.million_cases = cases.frame(data, own, more, MILLION_COLUMNS)


def _fte_plan(
    model: Model, run: StageRun, relaxed: tuple[Model, StageSolver] | None
) -> tuple[Model, StageSolver, np.ndarray] | None:
    """The scenario's FTE plan of least unmet harm: its model, the solver holding it, its posts.

    A whole-post plan's is its relaxation, solved for unmet harm only. An FTE
    plan's is its own stage 1: the same linear program, so it is not built and
    solved again (about a fifth of an FTE scenario's time on the default
    workbook); its solver kept stage 1's optimal basis, which `restart` starts from.
    None when stage 1 stopped short of its optimum (no FTE plan to measure from).
    """
    if relaxed is not None:
        relaxed_model, held = relaxed
        return relaxed_model, held, extract.posts(relaxed_model)
    if model.integer or run.solver is None or run.first_posts is None or run.stopped_at == 0:
        return None
    return model, run.solver, run.first_posts


def _no_plan(
    data: ModelData, result: PlanResult, status: str, solver: str, settings, trace: bool = True
) -> None:
    if status == SolveStatus.INFEASIBLE:
        result.status = INFEASIBLE
        if trace:
            _diagnose(data, result, solver, settings)
        else:
            result.message = NO_PLAN_AT_THIS_BUDGET
    else:
        result.status = TIME_LIMIT
        result.message = (
            f"No plan was found within the time limit ({settings.time_limit:g} s). "
            "Raise Time limit (s) in Settings, or set Whole posts to No."
        )


def _diagnose(data: ModelData, result: PlanResult, solver: str, settings) -> None:
    """Which limits conflict, and by how much each would have to move.

    First each family of limits on its own (the budget alone, unit minimums
    alone...): every family that could resolve the conflict by itself is a way
    out to offer. Only if none can does the cheapest combined change answer.
    """
    elastic = build_model(data, integer=settings.whole_posts, elastic=True)
    families = sorted({elastic.limits[name].family for name in elastic.slack}, key=FAMILIES.index)
    ways = [_ways_out(elastic, [family], solver, settings) for family in families]
    ways = [w for w in ways if w]
    # Posts a role must shed can be held by its Max attrition % and its
    # turnover at once: moving either alone is no way out, both together may be.
    both = [ROLE_ATTRITION, TURNOVER]
    if all(f in families for f in both) and not any(w[0].family in both for w in ways):
        ways += [w for w in [_ways_out(elastic, both, solver, settings)] if w]
    if not ways:
        ways = [_ways_out(elastic, families, solver, settings)]
    if not ways[0]:
        result.message = "No plan meets every limit, and the conflict could not be traced in time."
        return
    result.fixes = [dataclasses.replace(fix, way=n) for n, way in enumerate(ways) for fix in way]
    result.message = fixes_words(ways)


def _ways_out(elastic: Model, families: list[str], solver: str, settings) -> list[Fix]:
    """The smallest moves of these families' limits that allow a plan ([] if none do)."""
    blocked = [
        var
        for name, slack in elastic.slack.items()
        if elastic.limits[name].family not in families
        for var, _ in slack
    ]
    for var in blocked:
        var.upBound = 0
    try:
        outcome = solve_objective(elastic, elastic.violation(), solver, settings.time_limit, 0.0)
        found = fixes(elastic) if outcome.status == SolveStatus.OPTIMAL else []
    finally:
        for var in blocked:
            var.upBound = None
    return found
