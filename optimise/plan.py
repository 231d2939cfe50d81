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

from optimise import compat
from optimise.checks import raise_for_problems
from optimise.data import ModelData, prepare
from optimise.explain import binding_limits, final_year_budget_dual, fixes
from optimise.extract import (
    coverage_share,
    coverage_table,
    lowest_coverage,
    pay_bill,
    plan_moves,
    plan_table,
    public_protection_share,
    support_hours,
    unmet,
    unmet_harm,
)
from optimise.highs import HighsModel
from optimise.inputs import (
    InputError,
    InputProblem,
    PlanInputs,
    Scenario,
    Settings,
    with_optional_columns,
)
from optimise.model import BUDGET, FAMILIES, SERVICE_FLOOR, Model, build_model
from optimise.moves import move_totals
from optimise.result import INFEASIBLE, OPTIMAL, TIME_LIMIT, BindingLimit, Fix, PlanResult
from optimise.scenario import apply_scenario
from optimise.solve import PulpSolves, StageRun, solve_objective, solve_stages


def plan(
    inputs: PlanInputs, scenario: Scenario | None = None, *, solver: str | None = None
) -> PlanResult:
    """The optimal plan for one scenario (docs/rules.md), or why there is none.

    Raises InputError, with every problem, when the inputs cannot be planned.
    """
    started = time.perf_counter()
    start = start_plan(inputs, scenario, solver=solver)
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


def start_plan(
    inputs: PlanInputs, scenario: Scenario | None = None, *, solver: str | None = None
) -> PlanStart:
    """Check and prepare the scenario, and plan the baseline (today's posts)."""
    scenario = scenario or Scenario()
    scenario_inputs = apply_scenario(with_optional_columns(inputs), scenario)
    raise_for_problems(scenario_inputs, scenario)
    settings = scenario_inputs.settings
    solver_name = _solver(solver or settings.solver)
    data = prepare(scenario_inputs, scenario)
    result = PlanResult(
        scenario=scenario.name, status=OPTIMAL, solver=solver_name, years=data.years
    )
    _baseline(data, result, solver_name, settings.time_limit)
    return PlanStart(data, solver_name, settings, result)


def finish_plan(
    start: PlanStart, model: Model, held: HighsModel | PulpSolves | None = None
) -> PlanResult:
    """The three stages on `model` (whose data may carry another budget), explained.

    `held`: a solver already holding `model`, restarted for another budget.
    """
    settings, solver_name, data = start.settings, start.solver, model.data
    result = copy.deepcopy(start.baseline)  # its lists and tables are its own
    run = solve_stages(
        model,
        solver_name,
        settings.time_limit,
        settings.mip_gap,
        on_first_stage=None if model.integer else lambda m: _explain(m, result),
        held=held,
    )
    if not run.values:
        _no_plan(data, result, run.outcome.status, solver_name, settings)
    else:
        _fill_plan(data, run, result)
        if model.integer:
            _explain_relaxation(data, result, solver_name, settings.time_limit)
        if run.hit_time_limit or len(run.values) < 3:
            result.status = TIME_LIMIT
            result.mip_gap = max(run.gaps, default=None)
            result.message = _time_limit_words(settings.time_limit, run)
        else:
            result.mip_gap = max(run.gaps, default=0.0) if model.integer else None
            result.message = _gap_words(settings.mip_gap, result.mip_gap) + _limits_words(result)
        result.message = _fte_words(result) + result.message
    return result


def _solver(name: str) -> str:
    """The solver to use, by its Settings name, or an input problem saying why not."""
    wanted = {"highs": "HiGHS", "cbc": "CBC"}.get(name.strip().lower(), name)
    if wanted not in compat.available_solvers():
        have = " or ".join(compat.available_solvers())
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
    result.baseline_unmet_harm = unmet_harm(data, unmet_hours)
    result.baseline_coverage = coverage_table(data, unmet_hours)
    result.pp_support_hours_before = support_hours(data, unmet_hours)
    result.pp_share_before = public_protection_share(data, data.baseline.sum(axis=1))


def _fill_plan(data: ModelData, run: StageRun, result: PlanResult) -> None:
    x, unmet_hours, stage_values = run.posts, run.unmet, run.values
    result.plan = plan_table(data, x)
    result.coverage = coverage_table(data, unmet_hours)
    result.unmet_harm = stage_values[0]
    if len(stage_values) > 1:
        result.post_changes = float(stage_values[1])
    else:  # stage 2 stopped without a plan: count the changes of stage 1's
        path = np.concatenate([data.baseline[:, :, None], x], axis=2)
        result.post_changes = float(np.abs(np.diff(path, axis=2)).sum())
    result.final_year_cost = pay_bill(data, x[:, :, -1])
    result.final_year_budget = float(data.budget[-1])
    result.coverage_pct = coverage_share(data, unmet_hours, data.horizon - 1)
    result.lowest_coverage_pct, result.lowest_coverage_stream = lowest_coverage(
        data, unmet_hours, data.horizon - 1
    )
    result.moves = plan_moves(data, x, whole=data.settings.whole_posts)
    result.transfers, result.recruitment, result.attrition = move_totals(result.moves)
    result.pp_share_after = public_protection_share(data, x[:, :, -1].sum(axis=1))
    result.pp_support_hours_after = support_hours(data, unmet_hours)


def _explain(model: Model, result: PlanResult) -> None:
    """Shadow price and binding limits from a solved stage-1 linear program."""
    dual = final_year_budget_dual(model)
    result.harm_reduction_per_million = None if dual is None else max(dual, 0.0)
    result.binding_limits = binding_limits(model)


def _explain_relaxation(
    data: ModelData, result: PlanResult, solver: str, time_limit: float
) -> None:
    """The LP relaxation of a whole-post plan: its duals, and the best FTE plan's harm.

    A mixed-integer program gives no duals, so they come from here, and the
    result says so. The relaxation is the same scenario planned in FTE, so
    its optimum is the lower bound docs/rules.md has every whole-post result
    report its distance from.
    """
    relaxed = build_model(data, integer=False)
    outcome = solve_objective(relaxed, relaxed.harm(), solver, time_limit, 0.0)
    if outcome.status == compat.OPTIMAL:
        _explain(relaxed, result)
        result.shadow_price_from_relaxation = True
        result.fte_unmet_harm = float(outcome.objective or 0.0)


def _no_plan(data: ModelData, result: PlanResult, status: str, solver: str, settings) -> None:
    if status == compat.INFEASIBLE:
        result.status = INFEASIBLE
        _diagnose(data, result, solver, settings)
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
    if not ways:
        ways = [_ways_out(elastic, families, solver, settings)]
    if not ways[0]:
        result.message = "No plan meets every limit, and the conflict could not be traced in time."
        return
    result.fixes = [dataclasses.replace(fix, way=n) for n, way in enumerate(ways) for fix in way]
    result.message = _fixes_words(ways)


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
        found = fixes(elastic) if outcome.status == compat.OPTIMAL else []
    finally:
        for var in blocked:
            var.upBound = None
    return found


def _fixes_words(ways: list[list[Fix]]) -> str:
    options = [" and ".join(f.words for f in way) for way in ways]
    if len(options) == 1:
        return f"No plan meets every limit: they conflict. To allow one, {options[0]}."
    listed = "; or ".join(options)
    return f"No plan meets every limit: they conflict. Any one of these would allow one: {listed}."


def _limits_words(result: PlanResult, most: int = 3) -> str:
    """The limits that hold the plan back most, budgets of several years as one."""
    if not result.binding_limits:
        return "No limit holds the plan back: every stream's demand that can be met is met."
    budgets = [b for b in result.binding_limits if b.family == BUDGET]
    phrases = [_budgets_words(budgets)] if budgets else []
    phrases += [_limit_words(b) for b in result.binding_limits if b.family != BUDGET]
    return f"Held back most by: {'; '.join(phrases[:most])}."


def _limit_words(limit: BindingLimit) -> str:
    """A binding floor says what it costs: the unmet harm one more point of it adds elsewhere."""
    if limit.family != SERVICE_FLOOR:
        return limit.words
    return (
        f"{limit.words}, each point of which costs {limit.harm_per_unit:,.0f} unmet harm elsewhere"
    )


def _budgets_words(budgets: list[BindingLimit]) -> str:
    if len(budgets) == 1:
        return budgets[0].words
    years = sorted(b.year for b in budgets)
    listed = ", ".join(map(str, years[:-1])) + f" and {years[-1]}"
    return f"the budget in {listed}"


def _gap_words(allowed: float, proven: float | None) -> str:
    """docs/rules.md: when Settings gives a MIP gap, the result says so."""
    if not allowed:
        return ""
    within = f" (proven within {proven:.2%})" if proven is not None else ""
    return f"Whole-post plan within the {allowed:.2%} MIP gap set in Settings{within}. "


def _fte_words(result: PlanResult) -> str:
    """docs/rules.md: a whole-post result says how far it is above the best FTE plan."""
    gap = result.fte_gap_pct
    if gap is None:
        return ""
    # Whole posts are never better than FTE; a hair below is the solvers' tolerance.
    if gap < 0.0005:
        return "Unmet harm is as low as the best FTE plan's. "
    return f"Unmet harm is {gap:.1%} above the best FTE plan (fractions of a post allowed). "


#: What each stage was doing, and what it was cutting, in a planner's words.
_STAGE_WORDS = (
    ("finding the least unmet harm", "unmet harm"),
    ("cutting post changes", "number of post changes"),
    ("cutting cost", "pay bill"),
)


def _time_limit_words(limit: float, run: StageRun) -> str:
    """Which stage the time limit stopped, and what is proven all the same.

    A whole-post stage 2 that stops at the limit still keeps stage 1's unmet
    harm proven within its gap: the message says so rather than quoting
    stage 2's gap as if it were about harm.
    """
    n = run.stopped_at if run.stopped_at is not None else len(run.values)
    doing, cutting = _STAGE_WORDS[min(n, 2)]
    words = f"Stopped at the time limit ({limit:g} s per stage) while {doing}: "
    words += "this is the best plan found, not proven the best."
    if n < len(run.gaps) and run.gaps[n]:
        words += f" Its {cutting} is within {run.gaps[n]:.1%} of the best possible."
    if n > 0 and run.gaps:
        least = "the least possible in whole posts"
        words += f" Its unmet harm is proven within {run.gaps[0]:.1%} of {least}."
    elif n > 0:
        words += " Its unmet harm is the least possible."
    return words + " Raise Time limit (s) in Settings for a proven plan."
