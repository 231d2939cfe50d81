"""`planner sensitivity` and `planner disruption` end to end on real workbook files.

The default workbook (in FTE) is copied and the real studies run on it: only
their sheet and the Run log change; the Sensitivity sheet holds the tornado's
rows and a bar chart, the Disruption sheet a line per scenario; nothing is
written on an input problem; Sensitivity % = 0 moves no post; the words for
a scenario's tab are current only for the plan the study ran on (a study of
an earlier plan is stale); a real Dask cluster gives the same tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import contract as layout
from planner.adapters.file.file_reader import FileWorkbook
from planner.report.how_sure import CURRENT, NOT_RUN, STALE, how_sure, study_state
from planner.studies.disruption import DISRUPTION
from planner.studies.sensitivity import CHART, SENSITIVITY
from tests.dask_cluster import dask_cluster
from tests.package_parts import assert_untouched, below, members, sheets
from tests.processes import fte_copy, run_planner, with_settings
from tests.studies import ONE, TWO, study_on

POINTS = 148  # the default workbook: (28 streams x 2 + 9 roles x 2) x 2 directions


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return fte_copy(tmp_path / "Planner.xlsm")


def test_sensitivity_writes_its_sheet_and_the_run_log_and_nothing_else(copy):
    before = members(copy)
    outcome, _ = study_on(SENSITIVITY, copy, [ONE])
    assert outcome.exit_code == 0 and not outcome.problems
    after = members(copy)
    assert_untouched(before, after, [layout.SENSITIVITY.sheet, layout.RUNLOG.sheet])
    tables = FileWorkbook(copy).read_tables()
    assert tables["Sensitivity"].headers == layout.SENSITIVITY.headers
    rows = tables["Sensitivity"].records()
    assert len(rows) == POINTS and {r["Scenario"] for r in rows} == {ONE}
    assert {r["Change %"] for r in rows} == {-0.25, 0.25}
    feasible = [r["Status"] == "Optimal" for r in rows]
    assert feasible == sorted(feasible)
    moved = [r["Posts placed differently"] for r in rows if r["Status"] == "Optimal"]
    assert moved == sorted(moved, reverse=True)
    assert all(r["Unit that changes most"] for r in rows if r["Status"] != "Optimal")
    log = tables["RunLog"].records()[-1]
    assert log["Scenario"] == f"{ONE} (sensitivity)" and log["Status"].startswith(
        f"{POINTS} points"
    )
    chart = next(
        after[p].decode()
        for p in below(after, sheets(after)["Sensitivity"])
        if "/charts/chart" in p
    )
    assert "<c:barChart>" in chart and CHART.title in chart and ONE in chart


def test_sensitivity_of_nothing_moves_no_post(copy):
    with_settings(copy, {"Sensitivity %": 0})
    outcome, _ = study_on(SENSITIVITY, copy, [ONE])
    assert outcome.exit_code == 0
    rows = FileWorkbook(copy).read_tables()["Sensitivity"].records()
    assert len(rows) == POINTS
    assert all(r["Status"] == "Optimal" for r in rows)
    assert all(abs(r["Posts placed differently"]) < 1e-3 for r in rows)
    assert all(r["Unit that changes most"] is None for r in rows)


def test_a_bad_setting_is_named_at_its_cell_and_nothing_is_written(copy):
    with_settings(copy, {"Sensitivity %": 2, "Change points": 1})
    before = members(copy)
    for study in (SENSITIVITY, DISRUPTION):
        outcome, _ = study_on(study, copy, [ONE])
        assert outcome.exit_code == 2
        said = " ".join(str(p) for p in outcome.problems)
        assert "Sensitivity %" in said and "Change points" in said
    assert members(copy) == before


def test_disruption_writes_the_change_frontier_a_line_per_scenario(copy):
    before = members(copy)
    outcome, _ = study_on(DISRUPTION, copy, [ONE, TWO])
    assert outcome.exit_code == 0
    after = members(copy)
    assert_untouched(before, after, [layout.DISRUPTION.sheet, layout.RUNLOG.sheet])
    rows = FileWorkbook(copy).read_tables()["Disruption"].records()
    assert [r["Scenario"] for r in rows] == [ONE] * 5 + [TWO] * 5
    for name in (ONE, TWO):
        mine = [r for r in rows if r["Scenario"] == name]
        caps = [r["Max post changes per year"] for r in mine]
        harm = [r["Unmet harm"] for r in mine]
        assert caps == sorted(caps) and harm == sorted(harm, reverse=True)
        assert mine[0]["Share of the benefit %"] == 0
        assert mine[-1]["Share of the benefit %"] == pytest.approx(1, abs=1e-4)
    chart = next(
        after[p].decode() for p in below(after, sheets(after)["Disruption"]) if "/charts/chart" in p
    )
    assert "<c:scatterChart>" in chart and chart.count("<c:ser>") == 2


@pytest.mark.slow
def test_the_tabs_words_are_current_only_for_the_plan_the_study_ran_on(copy):
    def tables():
        read = FileWorkbook(copy).read_tables()
        return {k: read[k].records() for k in ("RunLog", "Sensitivity", "Disruption")}

    assert study_state(tables()["RunLog"], ONE, "sensitivity") == NOT_RUN
    assert run_planner("optimise", str(copy), "--scenario", ONE).returncode == 0
    study_on(SENSITIVITY, copy, [ONE])
    study_on(DISRUPTION, copy, [ONE])
    now = tables()
    assert study_state(now["RunLog"], ONE, "sensitivity") == CURRENT
    said = how_sure(now, ONE)
    assert said[0].startswith("This plan rests most on: ")
    assert said[1].startswith("At most ") and said[1].endswith("of the benefit.")
    # A new plan from changed inputs: the studies were of the earlier one.
    with_settings(copy, {"Frontier points": 7})
    assert run_planner("optimise", str(copy), "--scenario", ONE).returncode == 0
    later = tables()
    assert study_state(later["RunLog"], ONE, "sensitivity") == STALE
    assert study_state(later["RunLog"], ONE, "disruption") == STALE
    said = how_sure(later, ONE)
    assert all("earlier plan" in s for s in said)
    assert not any("rests most on" in s for s in said)


@pytest.mark.slow
def test_both_studies_on_a_real_dask_cluster_have_this_computers_figures(copy, tmp_path):
    here = {s.command: tmp_path / f"here-{s.command}.xlsm" for s in (SENSITIVITY, DISRUPTION)}
    for study in (SENSITIVITY, DISRUPTION):
        study_on(study, copy, [ONE], out=here[study.command])
    with dask_cluster(workers=2) as address:
        for study in (SENSITIVITY, DISRUPTION):
            there = tmp_path / f"there-{study.command}.xlsm"
            command = [study.command, str(copy), "--scenario", ONE, "--out", str(there)]
            done = run_planner(*command, "--scheduler", address)
            assert done.returncode == 0, done.stderr
            ours = FileWorkbook(here[study.command]).read_tables()[study.table.name].rows
            theirs = FileWorkbook(there).read_tables()[study.table.name].rows
            assert theirs == ours


@pytest.mark.slow
@pytest.mark.parametrize("study", [SENSITIVITY, DISRUPTION], ids=lambda s: s.command)
def test_the_button_on_the_studys_sheet_runs_it_through_xlwings_with_the_file_routes_figures(
    copy, study
):
    from planner.excel import button_press as excel
    from tests.studies import assert_same_rows, only_run
    from tests.xlwings_client import VBA, ClientBook, run_remote

    book = ClientBook.from_xlsm(copy, client=VBA, active_sheet=study.table.sheet)
    only_run(book, TWO)
    run_remote(excel.press, book)  # the button on the study's sheet
    assert book.alerts[-1]["mode"] == "info", book.alerts
    assert book.alerts[-1]["prompt"].startswith("Done:")
    live = book.records(study.table.name)
    study_on(study, copy, [TWO])
    on_file = FileWorkbook(copy).read_tables()[study.table.name].records()
    assert_same_rows(live, on_file, study.table.headers)
    assert book.records(layout.RUNLOG.name)[-1]["Scenario"] == f"{TWO} ({study.command})"
