"""One scenario's page, as plain data: what its tab shows, before any layout.

planner.report.workbook_report fills it from a result; planner.report.scenario_tab lays it out for
both writers. Plain figures, text and pandas frames only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Headline:
    """One headline figure on a scenario tab: label, value, Excel number format.

    `before` is the same figure with today's posts, where that means something;
    `highlight` marks the few figures an executive should see first (cards).
    """

    label: str
    value: float | str | None
    number_format: str = "General"
    note: str = ""
    before: float | None = None
    highlight: bool = False


@dataclass
class FirstScreen:
    """What a chief officer reads first (docs/workbook.md), built by planner.report.first_screen.

    Figures in cases, posts, people and £ only; no solver's words.
    """

    year: int
    #: Said before any figure, when the figures need it: a plan made for uncertain
    #: demand reports averages over its futures.
    reading: str = ""
    #: Branch, Posts today, Posts <year>, Change, Pay bill today, Pay bill <year>
    #: (and cases a year today and in <year> when known); the last row the total.
    branches: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The description's promises checked against the plan ("no analyst posts lost").
    promises: list[str] = field(default_factory=list)
    #: The pay bill against the budget and today's.
    budget: str = ""
    #: What the plan buys and gives up, in cases a year.
    buys: list[str] = field(default_factory=list)
    #: People year by year: transfers, recruits, posts left unfilled as people leave.
    people: list[str] = field(default_factory=list)
    #: How sure: the Sensitivity study's sentences, or how to run it.
    how_sure: list[str] = field(default_factory=list)
    #: What another £1m would buy, in cases.
    million: list[str] = field(default_factory=list)
    #: What the plan does, in a sentence: where posts go, from the branch table.
    does: str = ""
    #: The scenarios side by side (planner.report.compare): figures from the Comparison.
    compare: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Which scenario leads on each measure, and where this one stands.
    compare_lines: list[str] = field(default_factory=list)


@dataclass
class ScenarioSheet:
    """An executive's page for one scenario that ran.

    `sheet_name` is proposed by build_report (safe for Excel, unique among the
    scenarios of this report and the contract's sheets); the writer settles it
    against the real workbook with `resolve_sheet_names`, which keeps the tab
    that already carries this scenario.
    """

    scenario: str
    sheet_name: str
    title: str
    description: str
    status: str
    message: str
    headlines: list[Headline] = field(default_factory=list)
    #: Unit, Branch, Posts before, Posts after, Change (final year), one row per unit.
    by_unit: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Unit, Role, Posts before, Posts after, Change: the largest moves first.
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Stream, Unit, Coverage before, Coverage after (final year); then Min
    #: coverage when a stream has a floor, and Warning when a stream is in red.
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Binding limits, or for an infeasible scenario the fixes, in words.
    limits: list[str] = field(default_factory=list)
    #: "What holds the plan back" or "How to make this scenario possible".
    limits_title: str = "What holds the plan back"
    #: One line under the title: status, when, by whom, solver.
    run_info: str = ""
    #: The final plan year (the "after" of every before/after), if there is a plan.
    final_year: int | None = None
    #: Caveats a reader needs (e.g. a figure that is not available).
    notes: list[str] = field(default_factory=list)
    #: A warning across the top when these results are not current (e.g. the
    #: scenario was deleted from the Scenarios table); blank for none.
    banner: str = ""
    #: The trade-offs in brief: lowest coverage, distance from the best FTE
    #: plan, support re-tasked toward Public Protection, streams in red.
    trade_offs: list[str] = field(default_factory=list)
    #: The largest moves in words ("12 Detective Constables from ... , 2027").
    moves_lines: list[str] = field(default_factory=list)
    #: Year, Transfers, Recruited, Left unfilled as people leave, Cross-branch transfers.
    moves_by_year: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: What an executive reads first, above "How this plan was found" (None: no plan).
    first: FirstScreen | None = None
