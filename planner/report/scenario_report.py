"""One result as an executive's page (a ScenarioSheet): what each section of the tab says.

The figures and tables come from planner.report.headlines and planner.report.scenario_tables;
this module puts them together with the limits in words. How the page is
laid out is planner.report.scenario_tab's job.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from optimise.inputs import PlanInputs, Scenario
from optimise.result import INFEASIBLE, PlanResult
from optimise.words import capital, figure, limits_words, status_sentence
from planner.report import trade_offs
from planner.report.first_screen import first_screen
from planner.report.headlines import headlines
from planner.report.moves_words import largest_moves, yearly_totals
from planner.report.scenario_page import ScenarioSheet
from planner.report.scenario_tables import by_unit_table, coverage_before_after, largest_changes

#: How many of the largest moves (transfers, recruitment, attrition) it lists in words.
TOP_MOVES = 10


def scenario_sheet(
    result: PlanResult,
    inputs: PlanInputs,
    scenario: Scenario | None,
    *,
    run_at: datetime,
    user: str,
    studies: dict[str, list[dict]] | None = None,
) -> ScenarioSheet:
    """An executive's page for one result: headlines, tables by unit and stream, limits.

    `studies` holds the Run log, Sensitivity and Disruption tables as rows, for
    what the tab says of how sure the plan is (none: how to find out).
    """
    final_year = _final_year(result)
    infeasible = not result.has_plan
    sheet = ScenarioSheet(
        scenario=result.scenario,
        sheet_name=result.scenario,
        title=result.scenario,
        description=(scenario.description if scenario else "") or "",
        status=result.status,
        message=status_sentence(result),
        final_year=final_year,
        run_info=_run_info(result, run_at, user),
        limits=limit_sentences(result),
        limits_title="How to make this scenario possible"
        if infeasible
        else "What holds the plan back",
    )
    sheet.by_unit = by_unit_table(result, inputs)
    sheet.changes = largest_changes(result)
    coverage, coverage_notes = coverage_before_after(result)
    sheet.coverage = trade_offs.mark_coverage(coverage, trade_offs.service_floors(inputs, scenario))
    sheet.headlines = headlines(result, sheet.by_unit, sheet.coverage, final_year)
    sheet.trade_offs = trade_offs.brief(result, sheet.coverage, final_year)
    sheet.moves_lines, sheet.moves_by_year = moves_sections(result, inputs)
    sheet.notes = coverage_notes + _shadow_note(result)
    sheet.first = first_screen(result, inputs, scenario, final_year, studies or {})
    if infeasible and not sheet.limits:
        sheet.limits = ["The solver found no plan and no single limit to move; check the inputs."]
    return sheet


def moves_sections(result: PlanResult, inputs: PlanInputs) -> tuple[list[str], pd.DataFrame]:
    """The largest moves in words and the totals by year, when the plan moves anyone."""
    moves = result.moves
    if not result.has_plan or moves is None or moves.empty:
        return [], pd.DataFrame()
    branch_of = dict(zip(inputs.units["Unit"], inputs.units["Branch"], strict=False))
    return largest_moves(moves, TOP_MOVES), yearly_totals(moves, branch_of, result.years)


def _final_year(result: PlanResult) -> int | None:
    if result.years:
        return int(max(result.years))
    if result.plan is not None and not result.plan.empty:
        return int(result.plan["Year"].max())
    return None


def _run_info(result: PlanResult, run_at: datetime, user: str) -> str:
    when = run_at.strftime("%d %b %Y %H:%M")
    parts = [result.status, f"run {when}" + (f" by {user}" if user else "")]
    if result.solver:
        parts.append(f"{result.solver}, {float(result.seconds or 0):.1f} s")
    if result.years:
        parts.append(f"plan years {min(result.years)}–{max(result.years)}")
    return " · ".join(parts)


def _shadow_note(result: PlanResult) -> list[str]:
    if result.harm_reduction_per_million is None or not result.shadow_price_from_relaxation:
        return []
    return [
        "Harm reduction per £1m comes from the plan with fractional posts (the relaxation); "
        "with whole posts the true gain from £1m comes in steps of whole posts."
    ]


#: How a limit is relaxed by one of its units, in words, by family (optimise.model).
_RELAXED = {
    "Budget": "£1m more",
    "Min posts": "one post fewer",
    "Max posts": "one post more",
    "Max change %": "one more post allowed to move",
    "Ring-fence": "one post freed",
    "Max growth per year": "one more post of growth",
    "Max attrition %": "one more post allowed to go",
}


def limit_sentences(result: PlanResult) -> list[str]:
    """Binding limits (with what moving each is worth) or, if infeasible, the fixes."""
    if result.status == INFEASIBLE or (result.fixes and not result.has_plan):
        return _ways_out(result.fixes)
    if not result.binding_limits and result.held_by_whole_posts:
        return [limits_words(result)]
    lines = []
    for limit in result.binding_limits:
        if limit.family == trade_offs.FLOOR_COLUMN:
            lines.append(trade_offs.floor_price(limit))
            continue
        per = _RELAXED.get(limit.family, f"relaxing it by one {limit.unit}")
        gain = figure(limit.harm_per_unit)
        lines.append(f"{capital(limit.words)}: {per} would cut unmet harm by {gain}.")
    return lines


def _ways_out(fixes: list) -> list[str]:
    """One line per way out; fixes of one way are needed together, any way will do."""
    ways: dict[int, list[str]] = {}
    for fix in fixes:
        ways.setdefault(fix.way, []).append(fix.words)
    lines = [capital(" and ".join(words)) + "." for words in ways.values()]
    if len(lines) == 1:
        return lines
    return [("Either: " if n == 0 else "Or: ") + line for n, line in enumerate(lines)]
