"""Results of scenarios deleted from the Scenarios table: marked so nobody reads them as current.

A deleted scenario's results stay in the workbook (nothing Planner wrote is
thrown away without asking), but they came from inputs the workbook no longer
holds. So its Comparison row says so in Status, its tab carries a banner above
everything else, the Plans and Coverage sheets say whose rows are not current,
and the run says so on the console.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from planner import contract as layout

#: Comparison Status of a scenario no longer in the Scenarios table.
DELETED_STATUS = "Not current: scenario deleted"


def deleted_scenarios(comparison: pd.DataFrame, listed: Iterable[str]) -> list[str]:
    """Scenarios with a Comparison row that are no longer in the Scenarios table, in row order."""
    known = set(listed)
    names = [str(n) for n in comparison["Scenario"] if n is not None and str(n) not in known]
    return list(dict.fromkeys(names))


def mark_deleted(comparison: pd.DataFrame, deleted: list[str]) -> pd.DataFrame:
    """The Comparison with each deleted scenario's Status set to DELETED_STATUS."""
    out = comparison.copy()
    out.loc[out["Scenario"].astype(str).isin(deleted), "Status"] = DELETED_STATUS
    return out


def restore_added_back(
    comparison: pd.DataFrame, listed: Iterable[str], last_status: dict[str | None, str | None]
) -> pd.DataFrame:
    """A scenario deleted, then added back to the Scenarios table, gets its last run's Status.

    Its rows are its last results again, from a scenario the workbook lists;
    the Message says they are earlier results, and running it redraws its tab.
    """
    known = set(listed)
    out = comparison.copy()
    back = (out["Status"] == DELETED_STATUS) & out["Scenario"].astype(str).isin(known)
    for i in out.index[back]:
        name = str(out.at[i, "Scenario"])
        out.at[i, "Status"] = last_status.get(name) or ""
        message = str(out.at[i, "Message"] or "")
        out.at[i, "Message"] = f"{message} Added back to the Scenarios table: run it to make "
        out.at[i, "Message"] += "these results and its tab current."
    return out


#: How every banner starts: what tells Planner's banner from a user's note there.
BANNER_START = "NOT CURRENT: the scenario "


def banner(scenario: str, last_run: str | None) -> str:
    """The warning at the top of a deleted scenario's tab."""
    when = f" of {last_run}" if last_run else ""
    return (
        f'{BANNER_START}"{scenario}" has been deleted from the Scenarios table. '
        f"These are the results of its run{when}, from inputs the workbook no longer holds: "
        "do not use them. Delete this tab when it is no longer needed."
    )


def sheet_note(deleted: list[str]) -> str:
    """The line above the Plans, Coverage and Comparison tables when some rows are not current."""
    if not deleted:
        return ""
    names = ", ".join(f'"{n}"' for n in deleted)
    those = "that scenario has" if len(deleted) == 1 else "those scenarios have"
    return (
        f"Not current: the rows of {names} are from an earlier run; {those} since been "
        "deleted from the Scenarios table."
    )


def output_note(report: Any, table: layout.Table) -> str:
    """The note above an output table: which rows are not current (the run log is history)."""
    if table is layout.RUNLOG:
        return ""
    return sheet_note(list(report.not_current))


def console_message(deleted: list[str]) -> str:
    """What the run says about them, once, after its own results."""
    if not deleted:
        return ""
    count = len(deleted)
    names = ", ".join(f'"{n}"' for n in deleted)
    which, their, tabs = (
        ("scenario is", "Its", "its tab")
        if count == 1
        else (
            "scenarios are",
            "Their",
            "their tabs",
        )
    )
    return (
        f"Not current: {count} {which} no longer in the Scenarios table ({names}). {their} "
        f'earlier results stay in the workbook, marked "{DELETED_STATUS}", with a banner on '
        f"{tabs}."
    )
