"""The tables on a scenario tab: posts by unit, the largest changes, coverage by stream.

Each is before (today's posts) and after (the plan's final year), so an
executive reads the change without subtracting.
"""

from __future__ import annotations

import pandas as pd

from optimise.inputs import PlanInputs
from optimise.result import PlanResult
from planner.read.values import clean

#: How many of the largest changes (unit and role) a scenario tab lists.
TOP_CHANGES = 15


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
        rows.append([unit, clean(branch.get(unit)) or "", before, after, after - before])
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
    return {s: clean(c) for s, c in zip(first["Stream"], first["Coverage %"], strict=True)}


def coverage_share(frame: pd.DataFrame | None) -> float | None:
    """Served over demand hours, all streams, final year (None if not known)."""
    final = _final_rows(frame)
    if final is None:
        return None
    demand = float(final["Demand hours"].sum())
    return float(final["Served hours"].sum()) / demand if demand > 0 else None
