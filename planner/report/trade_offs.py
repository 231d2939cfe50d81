"""What a plan trades off, in an executive's words, for the scenario tab.

A plan that is optimal overall can still starve one stream of work, or hold
a service floor that costs harm elsewhere. The scenario tab says so: streams
below their floor (Demand's Min coverage %) or below 60% of their work are
marked in red with the reason; the lowest coverage, the distance from the best
FTE plan and the specialist support re-tasked toward Public Protection are
stated in brief; each binding floor is listed with its price. Every figure
may be missing (an infeasible scenario, an old result, a workbook without
floors): each function then gives nothing rather than a guess.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from optimise.inputs import PlanInputs, Scenario
from optimise.result import BindingLimit, PlanResult
from optimise.scenario import apply_scenario
from optimise.words import capital, figure, rounded_percent
from planner.contract import look
from planner.report.scenario_page import Headline

#: Below this share of its work a stream is marked in red, floor or not.
RED_LINE = 0.60
#: The Demand column of service floors, and its BindingLimit family.
FLOOR_COLUMN = "Min coverage %"
#: Shares within this of a floor count as on it (plans are rounded).
TOLERANCE = 1e-6
WARNING = "Warning"


def service_floors(inputs: PlanInputs, scenario: Scenario | None) -> dict[str, float]:
    """Stream -> its floor (a share), as the scenario planned with it.

    Read defensively: a workbook made before floors existed has no such column.
    """
    demand = inputs.demand
    if scenario is not None and scenario.overrides:
        demand = apply_scenario(inputs, scenario).demand
    if demand is None or FLOOR_COLUMN not in demand.columns:
        return {}
    floors = pd.to_numeric(demand[FLOOR_COLUMN], errors="coerce")
    return {
        str(stream): float(floor)
        for stream, floor in zip(demand["Stream"], floors, strict=True)
        if not math.isnan(floor) and floor > 0
    }


def warning(after: Any, floor: float | None) -> str:
    """Why a stream's final-year coverage is red, or "" when it is not."""
    if not look.is_number(after) or math.isnan(after):
        return ""
    if floor is not None and after < floor - TOLERANCE:
        return f"Below its {rounded_percent(floor)} floor"
    if after < RED_LINE - TOLERANCE:
        return f"Below {rounded_percent(RED_LINE)}"
    return ""


def mark_coverage(coverage: pd.DataFrame, floors: dict[str, float]) -> pd.DataFrame:
    """The coverage table with each stream's floor (when any has one) and a Warning
    column (when any stream is red)."""
    if coverage.empty:
        return coverage
    out = coverage.copy()
    streams = [str(s) for s in out["Stream"]]
    if any(s in floors for s in streams):
        out["Min coverage"] = [floors.get(s) for s in streams]
    reasons = [
        warning(after, floors.get(s))
        for s, after in zip(streams, out["Coverage after"], strict=True)
    ]
    out = out.astype(object)
    if any(reasons):
        out[WARNING] = pd.Series([r or None for r in reasons], index=out.index, dtype=object)
    return out


def brief(result: PlanResult, coverage: pd.DataFrame, year: int | None) -> list[str]:
    """The trade-offs in a few sentences; only those whose figures are known."""
    lines = []
    when = f" in {year}" if year else ""
    if result.lowest_coverage_pct is not None:
        stream = result.lowest_coverage_stream or "one stream"
        lines.append(
            f"Lowest coverage: {stream}, {rounded_percent(result.lowest_coverage_pct)} of its work "
            f"done{when}."
        )
    if not coverage.empty and "Coverage after" in coverage:
        red = int((coverage.get(WARNING, pd.Series(dtype=object)).fillna("") != "").sum())
        floors = "their floor or " if "Min coverage" in coverage else ""
        if red:
            streams = "stream ends" if red == 1 else "streams end"
            lines.append(
                f"{red} {streams} below {floors}{rounded_percent(RED_LINE)} of their work{when}: "
                "marked in red under Coverage."
            )
        else:
            lines.append(
                f"Every stream ends at or above {floors}{rounded_percent(RED_LINE)} of its work."
            )
    if result.fte_gap_pct is not None:
        lines.append(
            f"{result.fte_gap_pct:.1%} above the best FTE plan: whole posts leave that much "
            "more unmet harm than the same scenario planned in fractional posts, which no "
            "whole-post plan can beat."
        )
    support = support_sentence(result)
    if support:
        lines.append(support)
    return lines


def support_sentence(result: PlanResult) -> str:
    """ "Specialist support for Public Protection work: 41,000 → 62,000 hours a year (+51%)"."""
    before, after = result.pp_support_hours_before, result.pp_support_hours_after
    if before is None or after is None:
        return ""
    share = (after - before) / before if before > 0 else None
    if share is None:
        change = ""
    elif abs(share) < 0.005:  # "(-0%)" reads as a typo; a reader wants "about the same"
        change = " (about the same)"
    else:
        change = f" ({share:+.0%})"
    return (
        f"Specialist support for Public Protection work: {_hours(before)} → {_hours(after)} "
        f"hours a year{change}."
    )


def lowest_coverage_figure(result: PlanResult, year: int | None) -> Headline | None:
    """The least covered stream's share: a headline card when known."""
    if result.lowest_coverage_pct is None:
        return None
    when = f" ({year})" if year else ""
    return Headline(
        f"Lowest coverage{when}",
        result.lowest_coverage_pct,
        look.PCT,
        result.lowest_coverage_stream,
        highlight=True,
    )


def fte_gap_figure(result: PlanResult) -> Headline | None:
    """A whole-post plan's distance from the best FTE plan, when known."""
    if result.fte_gap_pct is None:
        return None
    return Headline(
        "Above the best FTE plan",
        result.fte_gap_pct,
        look.PCT,
        "unmet harm above the same scenario planned in fractional posts",
    )


def support_figure(result: PlanResult, year: int | None) -> Headline | None:
    """Hours of specialist support given to Public Protection work, today and planned."""
    if result.pp_support_hours_after is None:
        return None
    when = f" ({year})" if year else ""
    return Headline(
        f"Specialist support for Public Protection{when}",
        result.pp_support_hours_after,
        look.NUM,
        "hours a year units outside Public Protection give to its cases",
        before=result.pp_support_hours_before,
    )


def floor_price(limit: BindingLimit) -> str:
    """A binding service floor and what it costs: unmet harm elsewhere per point."""
    gain = figure(limit.harm_per_unit)
    words = capital(limit.words)
    return (
        f"{words}: each percentage point of this floor costs {gain} unmet harm elsewhere "
        "(one point lower would cut unmet harm by that much)."
    )


def _hours(value: float) -> str:
    """Hours to three significant figures: 41,234 reads as 41,200."""
    if value >= 1000:
        digits = 3 - len(str(int(value)))
        value = round(value, digits)
    return f"{value:,.0f}"
