"""`planner frontier` end to end on real workbook files: the study plumbing and the Frontier sheet.

The default workbook is copied and the real study runs on it (file route,
command line as a real process, and the Frontier button through xlwings'
remote engine). Only the Frontier and Run log sheets change; every other
part of the package is byte for byte as it was. With an input problem
nothing is written. LibreOffice opens the result and draws the chart, and a
file LibreOffice saved takes another run.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from optimise.frontier import budget_changes
from planner import contract as layout
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from planner.excel import button_press as excel
from planner.excel.study_press import run_in_book
from planner.studies.frontier import BUTTON, CHART, FRONTIER
from tests.dask_cluster import dask_cluster
from tests.libreoffice import needs_libreoffice, saved_by_libreoffice, undrawn
from tests.package_parts import assert_untouched, below, members, sheets
from tests.processes import fte_copy, run_planner
from tests.studies import ONE, TWO, assert_same_rows, only_run, study_on
from tests.xlwings_client import OFFICEJS, VBA, ClientBook, run_remote


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return fte_copy(tmp_path / "Planner.xlsm")


def frontier_on(path: Path, only: list[str], out: Path | None = None):
    return study_on(FRONTIER, path, only, out=out)


def changes_of(path: Path, name: str) -> list[float]:
    checked = check_workbook(FileWorkbook(path).read_tables())
    scenario = next(s for s in checked.scenarios if s.name == name)
    return budget_changes(scenario, checked.inputs.settings)


def test_the_file_route_writes_the_frontier_and_the_run_log_and_nothing_else(copy):
    before = members(copy)
    runs_before = len(FileWorkbook(copy).read_tables()["RunLog"].rows)
    outcome, _ = frontier_on(copy, [ONE])
    assert outcome.exit_code == 0 and not outcome.problems
    after = members(copy)
    assert_untouched(before, after, [layout.FRONTIER.sheet, layout.RUNLOG.sheet])
    tables = FileWorkbook(copy).read_tables()
    rows = tables["Frontier"].records()
    assert tables["Frontier"].headers == layout.FRONTIER.headers
    assert [r["Scenario"] for r in rows] == [ONE] * 9
    assert np.allclose([r["Budget change %"] for r in rows], changes_of(copy, ONE))
    planned = [r for r in rows if r["Status"] == "Optimal"]
    harm = [r["Unmet harm"] for r in planned]
    assert planned and harm == sorted(harm, reverse=True)
    budgets = [r["Final-year budget"] for r in rows]
    assert budgets == sorted(budgets)
    log = tables["RunLog"].records()
    assert len(log) == runs_before + 1
    assert log[-1]["Scenario"] == f"{ONE} (frontier)" and log[-1]["User"] == "tester"
    assert log[-1]["Status"].startswith("9 points:")


def test_the_frontier_sheet_has_its_chart_a_line_per_scenario_and_its_button(copy):
    frontier_on(copy, [ONE, TWO])
    files = members(copy)
    part = sheets(files)["Frontier"]
    drawn = below(files, part)
    charts = [files[p] for p in drawn if "/charts/chart" in p]
    assert len(charts) == 1
    chart = charts[0].decode()
    assert "<c:scatterChart>" in chart and CHART.title in chart
    assert chart.count("<c:ser>") == 2  # one line per scenario
    assert "'Frontier'!$C$6:$C$14" in chart or "Frontier!$C$6:$C$14" in chart
    vml = [files[p] for p in drawn if p.endswith(".vml")]
    assert vml and BUTTON.encode() in vml[0]
    rows = FileWorkbook(copy).read_tables()["Frontier"].records()
    assert [r["Scenario"] for r in rows] == [ONE] * 9 + [TWO] * 9


def test_another_scenarios_frontier_keeps_the_first_ones_rows(copy):
    frontier_on(copy, [TWO])
    first = FileWorkbook(copy).read_tables()["Frontier"].records()
    frontier_on(copy, [ONE])
    rows = FileWorkbook(copy).read_tables()["Frontier"].records()
    # Scenarios-table order: Rebalance within budget comes before Budget cut 5%.
    assert [r["Scenario"] for r in rows] == [ONE] * 9 + [TWO] * 9
    assert rows[9:] == first


def test_an_input_problem_writes_nothing(copy):
    before = copy.read_bytes()
    outcome, workbook = frontier_on(copy, ["Rebalance within budgt"])
    assert outcome.exit_code == 2 and workbook.written is None
    assert outcome.problems[0].address == "--scenario"
    assert 'Did you mean "Rebalance within budget"' in str(outcome.problems[0])
    assert copy.read_bytes() == before


def test_the_command_runs_as_a_process_and_writes_a_copy(copy, tmp_path):
    out = tmp_path / "results" / "Frontier_2027.xlsm"
    before = copy.read_bytes()
    done = run_planner(
        "frontier", str(copy), "--scenario", TWO, "--out", str(out), "--workers", "1"
    )
    assert done.returncode == 0, done.stderr
    assert "Frontier written to" in done.stdout and TWO in done.stdout
    assert "2 of 2 frontier parts done" in done.stderr  # 9 points: parts of 5 and 4
    assert copy.read_bytes() == before
    rows = FileWorkbook(out).read_tables()["Frontier"].records()
    assert [r["Scenario"] for r in rows] == [TWO] * 9
    assert out.with_suffix(".py").exists()  # the buttons of a copy work too


def test_an_unknown_scenario_on_the_command_line_exits_2(copy):
    done = run_planner("frontier", str(copy), "--scenario", "Nope", timeout=300)
    assert done.returncode == 2
    assert 'there is no scenario called "Nope"' in done.stderr
    assert "nothing was computed or written" in done.stderr.lower()


def test_the_frontier_button_runs_it_through_xlwings_with_the_file_routes_figures(copy):
    book = ClientBook.from_xlsm(copy, client=VBA, active_sheet=layout.FRONTIER.sheet)
    only_run(book, TWO)
    run_remote(excel.press, book)  # the button on the Frontier sheet
    assert book.alerts[-1]["mode"] == "info", book.alerts
    assert "9 points" in book.alerts[-1]["prompt"]
    live = book.records(layout.FRONTIER.name)
    frontier_on(copy, [TWO])
    on_file = FileWorkbook(copy).read_tables()["Frontier"].records()
    assert len(on_file) == 9
    assert_same_rows(live, on_file, layout.FRONTIER.headers)
    assert book.records(layout.RUNLOG.name)[-1]["Scenario"] == f"{TWO} (frontier)"


def test_the_servers_press_on_the_frontier_sheet_plans_the_frontier(copy, monkeypatch):
    """xlwings Server's `press` script follows the same rule as the desktop button."""
    from planner.server.worker import Job, run_job

    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    book = ClientBook.from_xlsm(copy, client=VBA, active_sheet=layout.FRONTIER.sheet)
    only_run(book, TWO)
    optimised_before = book.records(layout.COMPARISON.name)
    book.apply(run_job(Job("press", book.payload(selection="A1"), [], "tester", 60.0)))
    assert "9 points" in book.alerts[-1]["prompt"], book.alerts
    assert book.records(layout.RUNLOG.name)[-1]["Scenario"] == f"{TWO} (frontier)"
    assert book.records(layout.COMPARISON.name) == optimised_before


def test_input_problems_through_xlwings_are_listed_and_nothing_is_written(copy):
    book = ClientBook.from_xlsm(copy, client=VBA, active_sheet=layout.FRONTIER.sheet)
    before = book.records(layout.RUNLOG.name)
    run_remote(lambda b: run_in_book(b, FRONTIER, only=["Nope"]), book)
    assert book.alerts[-1]["mode"] == "critical"
    assert book.records(layout.RUNLOG.name) == before
    assert not any(r["Scenario"] for r in book.records(layout.FRONTIER.name))


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_draws_the_frontier_chart(copy, tmp_path):
    frontier_on(copy, [ONE, TWO])
    lines = ["#1F3864", "#C55A11"]  # the two scenarios' lines
    assert undrawn(copy, "Frontier", lines, tmp_path / "png") == []


@pytest.mark.slow
@needs_libreoffice
def test_a_workbook_libreoffice_saved_takes_another_frontier(copy, tmp_path):
    frontier_on(copy, [ONE])
    saved = saved_by_libreoffice(copy, tmp_path)
    outcome, workbook = frontier_on(saved, [TWO])  # Planner's chart is known for its own
    assert outcome.exit_code == 0 and workbook.written == saved
    rows = FileWorkbook(saved).read_tables()["Frontier"].records()
    assert [r["Scenario"] for r in rows] == [ONE] * 9 + [TWO] * 9
    assert re.search(r"\(frontier\)", str(FileWorkbook(saved).read_tables()["RunLog"].rows[-1]))


def test_office_js_draws_the_chart_from_the_block_beside_the_table(copy):
    book = ClientBook.from_xlsm(copy, client=OFFICEJS, active_sheet=layout.FRONTIER.sheet)
    only_run(book, TWO)
    run_remote(excel.press, book)
    assert book.alerts[-1]["mode"] == "info", book.alerts
    # The table's header is on row 5, columns A to J; the block starts at L5.
    assert book.cell("Frontier", "L5") == CHART.x_title
    assert book.cell("Frontier", "M5") == TWO
    budgets = [book.cell("Frontier", f"L{row}") for row in range(6, 15)]
    rows = book.records(layout.FRONTIER.name)
    assert budgets == [r["Final-year budget"] for r in rows]
    charts = book.sheet("Frontier").charts
    assert [(c["type"], c["source"]) for c in charts] == [("XYScatterLines", "Frontier!$L$5:$M$14")]


@pytest.mark.slow
def test_a_frontier_on_a_real_dask_cluster_has_this_computers_figures(copy, tmp_path):
    here = tmp_path / "here.xlsm"
    frontier_on(copy, [ONE], out=here)
    there = tmp_path / "there.xlsm"
    with dask_cluster(workers=2) as address:
        command = ["frontier", str(copy), "--scenario", ONE, "--out", str(there)]
        done = run_planner(*command, "--scheduler", address)
    assert done.returncode == 0, done.stderr
    ours = FileWorkbook(here).read_tables()["Frontier"].rows
    theirs = FileWorkbook(there).read_tables()["Frontier"].rows
    assert theirs == ours
