"""Results shaped for the workbook: the output tables and the scenario tabs.

`Report` is what a writer renders, whichever engine it uses (the file writer
in planner.xlsx, or xlwings in a live book). It holds the output tables
complete (earlier scenarios' rows kept, this run's replaced, the run log
grown), so a writer replaces each output sheet whole and never merges.

Everything here is plain data: numbers, text and pandas frames whose columns
are the contract's (planner.layout). No engine objects, no formulas: a writer
writes every text value as text, so a scenario called "=1+1" stays "=1+1".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from optimise.explain import money
from optimise.inputs import PlanInputs, Scenario
from optimise.result import INFEASIBLE, OPTIMAL, TIME_LIMIT, PlanResult
from planner import layout, not_current, trade_offs
from planner.look import GBP_M, NUM, ONE_DP, PCT
from planner.moves_words import largest_moves, yearly_totals
from planner.scenario_page import Headline, ScenarioSheet
from planner.tables import RawTable, Unreadable
from planner.tidy import tidy_report

# --- Scenario tabs: how a writer recognises its own tab ----------------------

#: Cell A1 of every scenario tab holds this text, and cell A2 the scenario's
#: name, exactly. A re-run finds the tab that carries its scenario this way,
#: even after the tab was renamed or its name was shortened to 31 characters.
SCENARIO_TAB_MARKER = "Planner scenario results"
MARKER_CELL = "A1"
SCENARIO_CELL = "A2"

#: Sheet names a scenario tab may never take (the contract's own sheets).
RESERVED_SHEETS = (
    *layout.INPUT_SHEETS,
    *layout.OUTPUT_SHEETS,
    *layout.STUDY_SHEETS,
    layout.START_SHEET,
    layout.SOURCES_SHEET,
    layout.CONF_SHEET,
    "_xlwings.conf",
)

_BAD_SHEET_CHARS = set("[]:*?/\\")
MAX_SHEET_NAME = 31

#: How many of the largest changes (unit and role) a scenario tab lists.
TOP_CHANGES = 15
#: How many of the largest moves (transfers, recruitment, attrition) it lists in words.
TOP_MOVES = 10
#: How many binding limits the Comparison message names.
TOP_LIMITS = 3


@dataclass
class Report:
    comparison: pd.DataFrame
    plans: pd.DataFrame
    coverage: pd.DataFrame
    runlog: pd.DataFrame
    scenario_sheets: list[ScenarioSheet] = field(default_factory=list)
    #: When the run happened, as the RunLog writes it.
    run_at: str = ""
    #: Each plan as transfers, recruitment and attrition (a Moves row per move).
    moves: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=layout.MOVES.headers, dtype=object)
    )
    #: Scenarios deleted from the Scenarios table -> the banner for their tabs
    #: (planner.not_current): their results stay, marked as not current.
    not_current: dict[str, str] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """An output table by its contract name (Comparison, Moves, Plans, Coverage, RunLog)."""
        return {
            layout.COMPARISON.name: self.comparison,
            layout.MOVES.name: self.moves,
            layout.PLANS.name: self.plans,
            layout.COVERAGE.name: self.coverage,
            layout.RUNLOG.name: self.runlog,
        }[name]


# --- Building the report -------------------------------------------------------


def build_report(
    results: list[PlanResult],
    inputs: PlanInputs,
    scenarios: list[Scenario],
    previous: dict[str, RawTable],
    *,
    run_at: datetime,
    user: str,
    inputs_hash: str,
) -> Report:
    """The complete output tables and one scenario tab per result.

    `previous` holds the workbook's output tables as read (by table name).
    Scenarios that did not run keep their last rows; those that ran are
    replaced; the run log gains one row per result and loses none.
    """
    order = _scenario_order(scenarios, results, previous)
    ran = {r.scenario for r in results}
    stamp = run_at.strftime("%Y-%m-%d %H:%M:%S")
    new_rows = _frame(layout.COMPARISON, [comparison_row(r) for r in results])
    comparison = _merge(layout.COMPARISON, previous, new_rows, ran, order)
    plans = _merge(layout.PLANS, previous, _result_frame(results, "plan", layout.PLANS), ran, order)
    moves = _merge(
        layout.MOVES, previous, _result_frame(results, "moves", layout.MOVES), ran, order
    )
    new_coverage = _result_frame(results, "coverage", layout.COVERAGE)
    coverage = _merge(layout.COVERAGE, previous, new_coverage, ran, order)
    new_log = [_runlog_row(r, stamp, user, inputs_hash) for r in results]
    runlog = _frame(layout.RUNLOG, _previous_rows(layout.RUNLOG, previous) + new_log)
    listed = {s.name for s in scenarios}
    comparison = _flag_earlier_results(comparison, ran, listed, runlog)
    deleted = [n for n in not_current.deleted_scenarios(comparison, listed) if n not in ran]
    comparison = not_current.mark_deleted(comparison, deleted)
    comparison = not_current.restore_added_back(comparison, listed, _last_runs(runlog, "Status"))
    last_runs = _last_runs(runlog)
    described = {s.name: s for s in scenarios}
    sheets = [
        scenario_sheet(r, inputs, described.get(r.scenario), run_at=run_at, user=user)
        for r in results
    ]
    resolve_sheet_names(sheets, existing=[], carriers={})
    banners = {name: not_current.banner(name, last_runs.get(name)) for name in deleted}
    report = Report(
        comparison, plans, coverage, runlog, sheets, run_at=stamp, moves=moves, not_current=banners
    )
    return tidy_report(report)  # one rounding rule for both writers (docs/model.md)


EARLIER = "Earlier results"


def _flag_earlier_results(
    comparison: pd.DataFrame, ran: set[str], listed: set[str], runlog: pd.DataFrame
) -> pd.DataFrame:
    """Rows kept from an earlier run say so, and when, so no one reads them as current.

    A scenario no longer in the Scenarios table says that too: its results
    came from inputs the workbook no longer holds.
    """
    last_run = _last_runs(runlog)
    out = comparison.copy()
    for i, row in out.iterrows():
        name = _text(row["Scenario"])
        if name in ran:
            continue
        message = _text(row["Message"]) or ""
        if message.startswith(EARLIER):
            message = message.split(". ", 1)[1] if ". " in message else ""
        when = f" of {last_run[name]}" if last_run.get(name) else ""
        why = "not re-run this time" if name in listed else "no longer in the Scenarios table"
        out.at[i, "Message"] = f"{EARLIER}{when}, {why}. {message}".strip()
    return out


def _last_runs(runlog: pd.DataFrame, column: str = "Run at") -> dict[str | None, str | None]:
    """Scenario -> `column` of its last run: when it ran, or its Status (the last row wins)."""
    return {_text(row["Scenario"]): _text(row[column]) for _, row in runlog.iterrows()}


def _scenario_order(
    scenarios: list[Scenario], results: list[PlanResult], previous: dict[str, RawTable]
) -> list[str]:
    """Scenarios as the Scenarios table lists them, then any others seen."""
    order = [s.name for s in scenarios]
    order += [r.scenario for r in results]
    old = previous.get(layout.COMPARISON.name)
    if old is not None:
        order += [_text(row.get("Scenario")) for row in old.records()]
    return list(dict.fromkeys(o for o in order if o))


def _merge(
    table: layout.Table,
    previous: dict[str, RawTable],
    new: pd.DataFrame,
    ran: set[str],
    order: list[str],
) -> pd.DataFrame:
    """Old rows of scenarios that did not run, plus this run's, in scenario order."""
    old = _frame(table, _previous_rows(table, previous))
    old = old[~old["Scenario"].map(_text).isin(ran)]
    parts = [f for f in (old, new) if not f.empty]
    if not parts:
        return _frame(table, [])
    frame = pd.concat(parts, ignore_index=True)
    rank = {name: i for i, name in enumerate(order)}
    position = frame["Scenario"].map(lambda s: rank.get(_text(s), len(rank)))
    frame = frame.iloc[np.argsort(position.to_numpy(), kind="stable")]
    return frame.reset_index(drop=True).astype(object)


def _previous_rows(table: layout.Table, previous: dict[str, RawTable]) -> list[dict[str, Any]]:
    """The rows of an output table as read, by contract column; blank rows dropped."""
    raw = previous.get(table.name)
    if raw is None:
        return []
    at = [raw.headers.index(h) if h in raw.headers else None for h in table.headers]
    rows = []
    for values in raw.rows:
        row = {
            h: (_clean(values[i]) if i is not None and i < len(values) else None)
            for h, i in zip(table.headers, at, strict=True)
        }
        if any(v is not None for v in row.values()):
            rows.append(row)
    return rows


def _frame(table: layout.Table, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame with exactly the contract's columns, object dtype (None = blank)."""
    data = {h: [r.get(h) for r in rows] for h in table.headers}
    return pd.DataFrame(data, columns=table.headers, dtype=object)


def _result_frame(results: list[PlanResult], which: str, table: layout.Table) -> pd.DataFrame:
    """This run's rows of Plans, Moves or Coverage: each result's table, its scenario in front."""
    frames = []
    for result in results:
        frame = getattr(result, which)
        if frame is None or frame.empty:
            continue
        body = frame.reindex(columns=table.headers[1:]).astype(object)
        body = body.where(body.notna(), None)
        body.insert(0, "Scenario", result.scenario)
        frames.append(body)
    if not frames:
        return _frame(table, [])
    return pd.concat(frames, ignore_index=True).astype(object)


def _runlog_row(result: PlanResult, stamp: str, user: str, inputs_hash: str) -> dict[str, Any]:
    return {
        "Run at": stamp,
        "Scenario": result.scenario,
        "Status": result.status,
        "Solver": result.solver,
        "Seconds": round(float(result.seconds or 0.0), 2),
        "Unmet harm": _clean(result.unmet_harm),
        "Inputs hash": inputs_hash,
        "User": user,
    }


def comparison_row(result: PlanResult) -> dict[str, Any]:
    """One Comparison row: the result's figures under the contract's headers."""
    return {
        "Scenario": result.scenario,
        "Status": result.status,
        "Unmet harm": _clean(result.unmet_harm),
        "Baseline unmet harm": _clean(result.baseline_unmet_harm),
        "Harm reduction %": _clean(result.harm_reduction_pct),
        "Coverage %": _clean(result.coverage_pct),
        "Lowest coverage %": _clean(result.lowest_coverage_pct),
        "Post changes": _clean(result.post_changes),
        "Transfers": _clean(result.transfers),
        "Recruitment": _clean(result.recruitment),
        "Attrition": _clean(result.attrition),
        "Final-year cost": _clean(result.final_year_cost),
        "Final-year budget": _clean(result.final_year_budget),
        "PP share before": _clean(result.pp_share_before),
        "PP share after": _clean(result.pp_share_after),
        "Harm reduction per £1m": _clean(result.harm_reduction_per_million),
        "Message": comparison_message(result),
    }


# --- Words ---------------------------------------------------------------------


def status_sentence(result: PlanResult) -> str:
    """The result's own message, or what its status means, as one sentence."""
    if result.message:
        return result.message.strip()
    if result.status == OPTIMAL:
        return "Optimal: no plan within the limits leaves less harm unaddressed."
    if result.status == TIME_LIMIT:
        gap = f", within {result.mip_gap:.1%} of the best possible" if result.mip_gap else ""
        return f"Stopped at the time limit: the best plan found{gap}."
    if result.status == INFEASIBLE:
        return "No plan meets every limit of this scenario."
    return f"{result.status}: no plan was made."


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
    lines = []
    for limit in result.binding_limits:
        if limit.family == trade_offs.FLOOR_COLUMN:
            lines.append(trade_offs.floor_price(limit))
            continue
        per = _RELAXED.get(limit.family, f"relaxing it by one {limit.unit}")
        gain = _number(limit.harm_per_unit)
        lines.append(f"{_capital(limit.words)}: {per} would cut unmet harm by {gain}.")
    return lines


def _ways_out(fixes: list) -> list[str]:
    """One line per way out; fixes of one way are needed together, any way will do."""
    ways: dict[int, list[str]] = {}
    for fix in fixes:
        ways.setdefault(fix.way, []).append(fix.words)
    lines = [_capital(" and ".join(words)) + "." for words in ways.values()]
    if len(lines) == 1:
        return lines
    return [("Either: " if n == 0 else "Or: ") + line for n, line in enumerate(lines)]


def comparison_message(result: PlanResult) -> str:
    """Status in words plus the top binding limits (or the fixes), for the Comparison.

    The optimiser's own message already names them; without one, they are
    composed here from the result.
    """
    parts = [status_sentence(result)]
    if not result.message:
        if result.status == INFEASIBLE or (result.fixes and not result.has_plan):
            if result.fixes:
                fixes = "; ".join(f.words for f in result.fixes[:TOP_LIMITS])
                parts.append(f"To make it possible: {fixes}.")
        elif result.binding_limits:
            top = "; ".join(b.words for b in result.binding_limits[:TOP_LIMITS])
            parts.append(f"Held back most by: {top}.")
    if result.harm_reduction_per_million is not None and result.shadow_price_from_relaxation:
        parts.append(
            "Harm reduction per £1m is from the plan with fractional posts (the relaxation)."
        )
    return " ".join(p if p.endswith(".") else p + "." for p in parts)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.2g}"


# --- The scenario tab ----------------------------------------------------------


def scenario_sheet(
    result: PlanResult,
    inputs: PlanInputs,
    scenario: Scenario | None,
    *,
    run_at: datetime,
    user: str,
) -> ScenarioSheet:
    """An executive's page for one result: headlines, tables by unit and stream, limits."""
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


def by_unit_table(result: PlanResult, inputs: PlanInputs) -> pd.DataFrame:
    """Posts by unit, today and in the final plan year, in the Units table's order."""
    columns = ["Unit", "Branch", "Posts before", "Posts after", "Change"]
    plan = result.plan
    if not result.has_plan or plan is None or plan.empty:
        return pd.DataFrame(columns=columns, dtype=object)
    final = plan[plan["Year"] == plan["Year"].max()]
    sums = final.groupby("Unit", sort=False)[["Baseline posts", "Posts"]].sum()
    branch = dict(zip(inputs.units["Unit"], inputs.units["Branch"], strict=False))
    units = list(dict.fromkeys([*inputs.units["Unit"], *sums.index]))
    rows = []
    for unit in units:
        before = float(sums["Baseline posts"].get(unit, 0.0))
        after = float(sums["Posts"].get(unit, 0.0))
        rows.append([unit, _clean(branch.get(unit)) or "", before, after, after - before])
    return pd.DataFrame(rows, columns=columns, dtype=object)


def largest_changes(result: PlanResult, most: int = TOP_CHANGES) -> pd.DataFrame:
    """The biggest moves (unit and role) by the final year, largest first."""
    columns = ["Unit", "Role", "Posts before", "Posts after", "Change"]
    plan = result.plan
    if not result.has_plan or plan is None or plan.empty:
        return pd.DataFrame(columns=columns, dtype=object)
    final = plan[plan["Year"] == plan["Year"].max()]
    moved = final[final["Change"].abs() > 1e-9].copy()
    moved["size"] = moved["Change"].abs()
    moved = moved.sort_values(["size", "Unit", "Role"], ascending=[False, True, True]).head(most)
    frame = moved.rename(columns={"Baseline posts": "Posts before", "Posts": "Posts after"})
    return frame[columns].astype(object).reset_index(drop=True)


def coverage_before_after(result: PlanResult) -> tuple[pd.DataFrame, list[str]]:
    """Final-year coverage by stream with today's posts and with the plan."""
    columns = ["Stream", "Unit", "Coverage before", "Coverage after"]
    after = _final_rows(result.coverage)
    before = _final_rows(getattr(result, "baseline_coverage", None))
    notes: list[str] = []
    if before is None and after is not None:
        notes.append(
            "Coverage with today's posts is not in this result, so only the plan's is shown."
        )
    base = after if after is not None else before
    if base is None:
        return pd.DataFrame(columns=columns, dtype=object), notes
    before_by_stream, after_by_stream = _by_stream(before), _by_stream(after)
    rows = [
        [stream, unit, before_by_stream.get(stream), after_by_stream.get(stream)]
        for stream, unit in zip(base["Stream"], base["Unit"], strict=False)
    ]
    return pd.DataFrame(rows, columns=columns, dtype=object), notes


def _final_rows(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    if frame is None or frame.empty or "Year" not in frame:
        return None
    return frame[frame["Year"] == frame["Year"].max()]


def _by_stream(frame: pd.DataFrame | None) -> dict[object, float | None]:
    """Coverage % by stream (a stream listed twice keeps its first row)."""
    if frame is None:
        return {}
    first = frame.drop_duplicates("Stream")
    return {s: _clean(c) for s, c in zip(first["Stream"], first["Coverage %"], strict=True)}


def coverage_share(frame: pd.DataFrame | None) -> float | None:
    """Served over demand hours, all streams, final year (None if not known)."""
    final = _final_rows(frame)
    if final is None:
        return None
    demand = float(final["Demand hours"].sum())
    return float(final["Served hours"].sum()) / demand if demand > 0 else None


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
            _clean(result.harm_reduction_pct),
            PCT,
            "of the unmet harm with today's posts",
            highlight=True,
        ),
        Headline(
            "Unmet harm",
            _clean(result.unmet_harm),
            NUM,
            f"harm-weighted cases left unworked, {span}",
            before=_clean(result.baseline_unmet_harm),
        ),
        trade_offs.fte_gap_figure(result),
        Headline(
            f"Coverage of demand{year}",
            _clean(result.coverage_pct),
            PCT,
            "share of demand hours served",
            before=before_cov,
            highlight=True,
        ),
        lowest,
        Headline(
            "Post changes",
            _clean(result.post_changes),
            NUM,
            "posts moved in and out over the plan",
            highlight=lowest is None,  # the fourth card when the lowest coverage is unknown
        ),
        Headline(f"Posts in total{year}", posts_after, NUM, "", before=posts_before),
        Headline(
            f"Pay bill{year}",
            _clean(result.final_year_cost),
            GBP_M,
            _budget_note(result),
            highlight=True,
        ),
        Headline(f"Budget{year}", _clean(result.final_year_budget), GBP_M, ""),
        Headline(
            "Public Protection share of posts",
            _clean(result.pp_share_after),
            PCT,
            "",
            before=_clean(result.pp_share_before),
        ),
        trade_offs.support_figure(result, final_year),
        Headline(
            "Harm reduction per extra £1m",
            _clean(result.harm_reduction_per_million),
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


# --- Sheet names -----------------------------------------------------------------


def safe_sheet_name(name: object, taken: Iterable[str] = ()) -> str:
    """A legal, unused sheet name for `name`: no []:*?/\\, 31 characters at most,
    not blank, not 'History', not starting or ending with an apostrophe, and
    unique among `taken` ignoring case (as Excel compares them)."""
    text = "".join("_" if ch in _BAD_SHEET_CHARS or ord(ch) < 32 else ch for ch in str(name))
    text = text.strip().strip("'").strip()[:MAX_SHEET_NAME].strip().strip("'")
    if not text or text.casefold() == "history":
        text = "Scenario"
    used = {t.casefold() for t in taken}
    candidate, n = text, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate = text[: MAX_SHEET_NAME - len(suffix)].rstrip().rstrip("'") + suffix
        n += 1
    return candidate


def resolve_sheet_names(
    sheets: Sequence[ScenarioSheet], existing: Sequence[str], carriers: Mapping[str, str]
) -> None:
    """Settle each scenario tab's name against the workbook it is written into.

    `existing`: every sheet name in the workbook. `carriers`: scenario -> the
    name of the tab that already carries it (found by its marker cells). A
    scenario keeps its tab; a new one gets a safe name that clashes with no
    sheet, no contract sheet and no other scenario tab of this run.
    """
    taken = [*existing, *RESERVED_SHEETS, *carriers.values()]
    for sheet in sheets:
        own = carriers.get(sheet.scenario)
        if own is not None:
            sheet.sheet_name = own
            continue
        sheet.sheet_name = safe_sheet_name(sheet.scenario, taken)
        taken.append(sheet.sheet_name)


def tab_scenario(marker: object, name: object) -> str | None:
    """The scenario a sheet carries, from its marker cells (A1, A2), or None."""
    if marker != SCENARIO_TAB_MARKER or name is None:
        return None
    return _text(name) or None


# --- Values ----------------------------------------------------------------------


def _clean(value: Any) -> Any:
    """None for blanks, NaN and unreadable cells; plain Python numbers for numpy ones."""
    kind = type(value)
    if kind is str or kind is int:
        return value
    if kind is float:
        return None if math.isnan(value) or math.isinf(value) else value
    if value is None or isinstance(value, Unreadable):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item") and not isinstance(value, str):
        return _clean(value.item())
    return value


def _text(value: Any) -> str:
    """A key as text: 2027.0 read from a cell is the name "2027"."""
    value = _clean(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
