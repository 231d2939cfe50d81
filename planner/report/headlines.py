"""The headline figures at the top of a scenario tab, before and after where it means something."""

from __future__ import annotations

import pandas as pd

from optimise.result import PlanResult
from optimise.words import money
from planner.contract.look import GBP_M, NUM, ONE_DP, PCT
from planner.read.values import clean
from planner.report import trade_offs
from planner.report.scenario_page import Headline
from planner.report.scenario_tables import coverage_share


def headlines(
    result: PlanResult, by_unit: pd.DataFrame, coverage: pd.DataFrame, final_year: int | None
) -> list[Headline]:
    """The figures an executive asks for first, before and after where it means something."""
    year = f" ({final_year})" if final_year else ""
    span = f"{min(result.years)}–{max(result.years)}" if result.years else "the plan"
    before_cov = coverage_share(getattr(result, "baseline_coverage", None))
    posts_before = _column_sum(by_unit, "Posts before")
    posts_after = _column_sum(by_unit, "Posts after")
    lowest = trade_offs.lowest_coverage_figure(result, final_year)
    figures = [
        Headline(
            "Harm reduction",
            clean(result.harm_reduction_pct),
            PCT,
            "of the unmet harm with today's posts",
            highlight=True,
        ),
        Headline(
            "Unmet harm",
            clean(result.unmet_harm),
            NUM,
            f"harm-weighted cases left unworked, {span}",
            before=clean(result.baseline_unmet_harm),
        ),
        trade_offs.fte_gap_figure(result),
        Headline(
            f"Coverage of demand{year}",
            clean(result.coverage_pct),
            PCT,
            "share of demand hours served",
            before=before_cov,
            highlight=True,
        ),
        lowest,
        Headline(
            "Post changes",
            clean(result.post_changes),
            NUM,
            "posts moved in and out over the plan",
            highlight=lowest is None,  # the fourth card when the lowest coverage is unknown
        ),
        Headline(f"Posts in total{year}", posts_after, NUM, "", before=posts_before),
        Headline(
            f"Pay bill{year}",
            clean(result.final_year_cost),
            GBP_M,
            _budget_note(result),
            highlight=True,
        ),
        Headline(f"Budget{year}", clean(result.final_year_budget), GBP_M, ""),
        Headline(
            "Public Protection share of posts",
            clean(result.pp_share_after),
            PCT,
            "",
            before=clean(result.pp_share_before),
        ),
        trade_offs.support_figure(result, final_year),
        Headline(
            "Harm reduction per extra £1m",
            clean(result.harm_reduction_per_million),
            ONE_DP,
            _per_million_note(result),
        ),
    ]
    return [h for h in figures if h is not None]


def _column_sum(frame: pd.DataFrame, column: str) -> float | None:
    if frame.empty or column not in frame:
        return None
    return float(pd.to_numeric(frame[column], errors="coerce").sum())


def _budget_note(result: PlanResult) -> str:
    cost, budget = result.final_year_cost, result.final_year_budget
    if cost is None or budget is None:
        return ""
    gap = budget - cost
    if abs(gap) < 500:
        return f"exactly the budget of {money(budget)}"
    side = "under" if gap > 0 else "over"
    return f"{money(abs(gap))} {side} the budget of {money(budget)}"


def _per_million_note(result: PlanResult) -> str:
    note = "unmet harm removed by £1m more final-year budget"
    if result.shadow_price_from_relaxation and result.harm_reduction_per_million is not None:
        note += " (from the fractional-post relaxation)"
    return note
