"""The output tables' rows: this run's, merged with those kept from earlier runs.

A scenario that ran replaces its rows; one that did not keeps them, marked
as earlier results; the run log only grows. Every frame has exactly the
contract's columns (planner.contract), object dtype, None for a blank.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from optimise.inputs import Scenario
from optimise.result import PlanResult
from optimise.words import plain_message, run_notes
from planner import contract as layout
from planner.read.tables import RawTable
from planner.read.values import clean, key_text


def comparison_row(result: PlanResult) -> dict[str, Any]:
    """One Comparison row: the result's figures under the contract's headers."""
    return {
        "Scenario": result.scenario,
        "Status": result.status,
        "Unmet harm": clean(result.unmet_harm),
        "Baseline unmet harm": clean(result.baseline_unmet_harm),
        "Harm reduction %": clean(result.harm_reduction_pct),
        "Coverage %": clean(result.coverage_pct),
        "Lowest coverage %": clean(result.lowest_coverage_pct),
        "Post changes": clean(result.post_changes),
        "Transfers": clean(result.transfers),
        "Recruitment": clean(result.recruitment),
        "Attrition": clean(result.attrition),
        "Final-year cost": clean(result.final_year_cost),
        "Final-year budget": clean(result.final_year_budget),
        "PP share before": clean(result.pp_share_before),
        "PP share after": clean(result.pp_share_after),
        "Harm reduction per £1m": clean(result.harm_reduction_per_million),
        "Cases worked change": _whole(result.cases_worked_change),
        "Message": plain_message(result),
    }


def runlog_row(result: PlanResult, stamp: str, user: str, inputs_hash: str) -> dict[str, Any]:
    """One RunLog row: when, who, on which inputs, and how the solve went."""
    return {
        "Run at": stamp,
        "Scenario": result.scenario,
        "Status": result.status,
        "Solver": result.solver,
        "Seconds": round(float(result.seconds or 0.0), 2),
        "Unmet harm": clean(result.unmet_harm),
        "Inputs hash": inputs_hash,
        "User": user,
        "Notes": run_notes(result),
    }


def _whole(value: float | None) -> float | None:
    """Cases a year as a reader counts them: whole."""
    return None if value is None else float(round(value))


EARLIER = "Earlier results"


def flag_earlier_results(
    comparison: pd.DataFrame, ran: set[str], listed: set[str], runlog: pd.DataFrame
) -> pd.DataFrame:
    """Rows kept from an earlier run say so, and when, so no one reads them as current.

    A scenario no longer in the Scenarios table says that too: its results
    came from inputs the workbook no longer holds.
    """
    last_run = last_runs(runlog)
    out = comparison.copy()
    for i, row in out.iterrows():
        name = key_text(row["Scenario"])
        if name in ran:
            continue
        message = key_text(row["Message"]) or ""
        if message.startswith(EARLIER):
            message = message.split(". ", 1)[1] if ". " in message else ""
        when = f" of {last_run[name]}" if last_run.get(name) else ""
        why = "not re-run this time" if name in listed else "no longer in the Scenarios table"
        out.at[i, "Message"] = f"{EARLIER}{when}, {why}. {message}".strip()
    return out


def last_runs(runlog: pd.DataFrame, column: str = "Run at") -> dict[str | None, str | None]:
    """Scenario -> `column` of its last run: when it ran, or its Status (the last row wins)."""
    return {key_text(row["Scenario"]): key_text(row[column]) for _, row in runlog.iterrows()}


def scenario_order(
    scenarios: list[Scenario], results: list[PlanResult], previous: dict[str, RawTable]
) -> list[str]:
    """Scenarios as the Scenarios table lists them, then any others seen."""
    order = [s.name for s in scenarios]
    order += [r.scenario for r in results]
    old = previous.get(layout.COMPARISON.name)
    if old is not None:
        order += [key_text(row.get("Scenario")) for row in old.records()]
    return list(dict.fromkeys(o for o in order if o))


def merge(
    table: layout.Table,
    previous: dict[str, RawTable],
    new: pd.DataFrame,
    ran: set[str],
    order: list[str],
) -> pd.DataFrame:
    """Old rows of scenarios that did not run, plus this run's, in scenario order."""
    old = table_frame(table, previous_rows(table, previous))
    old = old[~old["Scenario"].map(key_text).isin(ran)]
    parts = [f for f in (old, new) if not f.empty]
    if not parts:
        return table_frame(table, [])
    frame = pd.concat(parts, ignore_index=True)
    rank = {name: i for i, name in enumerate(order)}
    position = frame["Scenario"].map(lambda s: rank.get(key_text(s), len(rank)))
    frame = frame.iloc[np.argsort(position.to_numpy(), kind="stable")]
    return frame.reset_index(drop=True).astype(object)


def previous_rows(table: layout.Table, previous: dict[str, RawTable]) -> list[dict[str, Any]]:
    """The rows of an output table as read, by contract column; blank rows dropped."""
    raw = previous.get(table.name)
    if raw is None:
        return []
    at = [raw.headers.index(h) if h in raw.headers else None for h in table.headers]
    rows = []
    for values in raw.rows:
        row = {
            h: (clean(values[i]) if i is not None and i < len(values) else None)
            for h, i in zip(table.headers, at, strict=True)
        }
        if any(v is not None for v in row.values()):
            rows.append(row)
    return rows


def table_frame(table: layout.Table, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame with exactly the contract's columns, object dtype (None = blank)."""
    data = {h: [r.get(h) for r in rows] for h in table.headers}
    return pd.DataFrame(data, columns=table.headers, dtype=object)


def result_frame(results: list[PlanResult], which: str, table: layout.Table) -> pd.DataFrame:
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
        return table_frame(table, [])
    return pd.concat(frames, ignore_index=True).astype(object)
