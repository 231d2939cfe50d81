"""Results shaped for the workbook: the output tables and the scenario tabs.

`Report` is what a writer renders, whichever engine it uses (the file writer
in planner.adapters.file, or xlwings in a live book). It holds the output tables
complete (earlier scenarios' rows kept, this run's replaced, the run log
grown), so a writer replaces each output sheet whole and never merges.

Everything here is plain data: numbers, text and pandas frames whose columns
are the contract's (planner.contract). No engine objects, no formulas: a writer
writes every text value as text, so a scenario called "=1+1" stays "=1+1".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from optimise.inputs import PlanInputs, Scenario
from optimise.result import PlanResult
from planner import contract as layout
from planner.read.tables import RawTable
from planner.report import not_current
from planner.report.compare import compare_lines, compare_table
from planner.report.how_sure import CURRENT, study_state
from planner.report.output_rows import (
    comparison_row,
    flag_earlier_results,
    last_runs,
    merge,
    previous_rows,
    result_frame,
    runlog_row,
    scenario_order,
    table_frame,
)
from planner.report.scenario_page import ScenarioSheet
from planner.report.scenario_report import scenario_sheet
from planner.report.sheet_names import resolve_sheet_names
from planner.report.tidy import tidy_report


@dataclass
class Report:
    #: Every output table by its contract name (planner.contract.OUTPUT_TABLES);
    #: a table left out is written empty.
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    scenario_sheets: list[ScenarioSheet] = field(default_factory=list)
    #: When the run happened, as the RunLog writes it.
    run_at: str = ""
    #: Scenarios deleted from the Scenarios table -> the banner for their tabs
    #: (planner.report.not_current): their results stay, marked as not current.
    not_current: dict[str, str] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """An output table by its contract name; with no rows if the report has none."""
        found = self.tables.get(name)
        return found if found is not None else table_frame(layout.TABLES[name], [])

    @property
    def comparison(self) -> pd.DataFrame:
        return self.table(layout.COMPARISON.name)

    @property
    def moves(self) -> pd.DataFrame:
        """Each plan as transfers, recruitment and attrition (a Moves row per move)."""
        return self.table(layout.MOVES.name)

    @property
    def plans(self) -> pd.DataFrame:
        return self.table(layout.PLANS.name)

    @property
    def coverage(self) -> pd.DataFrame:
        return self.table(layout.COVERAGE.name)

    @property
    def runlog(self) -> pd.DataFrame:
        return self.table(layout.RUNLOG.name)


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
    order = scenario_order(scenarios, results, previous)
    ran = {r.scenario for r in results}
    stamp = run_at.strftime("%Y-%m-%d %H:%M:%S")
    # A table this run does not fill keeps its rows as read.
    tables = {
        t.name: table_frame(t, previous_rows(t, previous))
        for t in layout.OUTPUT_TABLES
        if t not in (layout.COMPARISON, layout.RUNLOG)
    }
    new_rows = table_frame(layout.COMPARISON, [comparison_row(r) for r in results])
    comparison = merge(layout.COMPARISON, previous, new_rows, ran, order)
    for table in layout.OUTPUT_TABLES:
        if table.rows_from:
            new = result_frame(results, table.rows_from, table)
            tables[table.name] = merge(table, previous, new, ran, order)
    new_log = [runlog_row(r, stamp, user, inputs_hash) for r in results]
    runlog = table_frame(layout.RUNLOG, previous_rows(layout.RUNLOG, previous) + new_log)
    listed = {s.name for s in scenarios}
    comparison = flag_earlier_results(comparison, ran, listed, runlog)
    deleted = [n for n in not_current.deleted_scenarios(comparison, listed) if n not in ran]
    comparison = not_current.mark_deleted(comparison, deleted)
    comparison = not_current.restore_added_back(comparison, listed, last_runs(runlog, "Status"))
    last_run = last_runs(runlog)
    described = {s.name: s for s in scenarios}
    # What the studies said, and on which plan: each tab's "How sure" (planner.report.how_sure).
    studies = {
        layout.RUNLOG.name: runlog.to_dict("records"),
        layout.SENSITIVITY.name: previous_rows(layout.SENSITIVITY, previous),
        layout.DISRUPTION.name: previous_rows(layout.DISRUPTION, previous),
    }
    sheets = [
        scenario_sheet(
            r, inputs, described.get(r.scenario), run_at=run_at, user=user, studies=studies
        )
        for r in results
    ]
    side_by_side(sheets, comparison, scenarios, studies[layout.RUNLOG.name], inputs_hash)
    resolve_sheet_names(sheets, existing=[], carriers={})
    banners = {name: not_current.banner(name, last_run.get(name)) for name in deleted}
    tables |= {layout.COMPARISON.name: comparison, layout.RUNLOG.name: runlog}
    report = Report(tables, sheets, run_at=stamp, not_current=banners)
    return tidy_report(report)  # one rounding rule for both writers (docs/model.md)


def side_by_side(
    sheets: list[ScenarioSheet],
    comparison: pd.DataFrame,
    scenarios: list[Scenario],
    runlog: list[dict],
    inputs_hash: str,
) -> None:
    """Each first screen's "Beside the other scenarios": the Comparison's figures, as written.

    A scenario whose last own run (the Run log's last line of it) was on other
    inputs than this run's is marked as such.
    """
    names = [str(n) for n in comparison["Scenario"] if n]
    tested = {n: study_state(runlog, n, "sensitivity") == CURRENT for n in names}
    last = {str(r.get("Scenario")): r.get("Inputs hash") for r in runlog}
    earlier = {n for n in names if last.get(n) not in (None, inputs_hash)}
    table = compare_table(comparison, scenarios, tested, earlier)
    for sheet in sheets:
        if sheet.first is None or len(table) < 2:
            continue
        sheet.first.compare = table
        sheet.first.compare_lines = compare_lines(table, sheet.scenario)
