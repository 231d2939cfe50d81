"""Results shaped for the workbook: the output tables and the scenario tabs.

`Report` is what a writer renders, whichever engine it uses. It holds the
output tables complete (earlier scenarios' rows kept, this run's replaced, the
run log grown), so a writer replaces each output sheet whole and never merges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Headline:
    """One headline figure on a scenario tab: label, value, Excel number format."""

    label: str
    value: float | str | None
    number_format: str = "General"
    note: str = ""


@dataclass
class ScenarioSheet:
    """An executive's page for one scenario that ran."""

    scenario: str
    sheet_name: str  # safe for Excel: 31 characters at most, unique
    title: str
    description: str
    status: str
    message: str
    headlines: list[Headline] = field(default_factory=list)
    #: Unit, Branch, Posts before, Posts after, Change (final year), one row per unit.
    by_unit: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Unit, Role, Posts before, Posts after, Change: the largest moves first.
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Stream, Unit, Coverage before, Coverage after (final year).
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Binding limits, or for an infeasible scenario the fixes, in words.
    limits: list[str] = field(default_factory=list)


@dataclass
class Report:
    comparison: pd.DataFrame
    plans: pd.DataFrame
    coverage: pd.DataFrame
    runlog: pd.DataFrame
    scenario_sheets: list[ScenarioSheet] = field(default_factory=list)
