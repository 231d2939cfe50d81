"""`planner risk` end to end on real workbook files: the Risk sheet, its chart and button.

The default workbook is copied and the real study runs on it: the file route,
the command as a real process, a local Dask cluster of real worker processes,
and the Risk button through xlwings' remote engine. Only the Risk and Run log
sheets change. The figures are those of optimise.risk run directly, the same
on one worker as on two, and with no uncertainty in the workbook they are the
scenario's own Unmet harm as `planner optimise` writes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from optimise import plan
from optimise.risk import demand_risk
from planner import contract as layout
from planner.adapters.file.file_reader import FileWorkbook
from planner.adapters.file.range_chart import COLOURS
from planner.check.validate import check_workbook
from planner.excel import button_press as excel
from planner.run.engine import Engine
from planner.studies.risk import BUTTON, CHART, RISK
from tests.libreoffice import needs_libreoffice, saved_by_libreoffice, undrawn
from tests.package_parts import assert_untouched, below, members, sheets
from tests.processes import fte_copy, run_planner
from tests.studies import HERE, ONE, TWO, assert_same_rows, only_run, study_on
from tests.xlwings_client import VBA, ClientBook, run_remote

FIGURES = [h for h in layout.RISK.headers if h != "Scenario"]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return fte_copy(tmp_path / "Planner.xlsm")


def risk_on(path: Path, only: list[str], engine: Engine = HERE, out: Path | None = None):
    return study_on(RISK, path, only, engine, out)


def edit_table(path: Path, name: str, edit) -> None:
    """Change a table's cells with openpyxl, as a user's edit: edit(row, {column: cell})."""
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book[layout.TABLES[name].sheet]
    top, bottom = sheet.tables[name].ref.split(":")
    first, last = sheet[top].row, sheet[bottom].row
    headers = [c.value for c in sheet[first]]
    for row in sheet.iter_rows(min_row=first + 1, max_row=last):
        edit({h: cell for h, cell in zip(headers, row, strict=False) if h})
    book.save(path)


def risk_rows(path: Path) -> list[dict]:
    return FileWorkbook(path).read_tables()["Risk"].records()


def test_the_file_route_writes_the_model_figures_into_risk_and_the_run_log_only(copy):
    before = members(copy)
    runs_before = len(FileWorkbook(copy).read_tables()["RunLog"].rows)
    outcome, _ = risk_on(copy, [ONE, TWO])
    assert outcome.exit_code == 0 and not outcome.problems
    assert_untouched(before, members(copy), [layout.RISK.sheet, layout.RUNLOG.sheet])
    tables = FileWorkbook(copy).read_tables()
    assert tables["Risk"].headers == layout.RISK.headers
    rows = tables["Risk"].records()
    assert [r["Scenario"] for r in rows] == [ONE, TWO]
    checked = check_workbook(tables)
    for row in rows:
        scenario = next(s for s in checked.scenarios if s.name == row["Scenario"])
        direct = demand_risk(checked.inputs, scenario, plan(checked.inputs, scenario))
        assert row["Samples"] == direct.samples == 200
        assert row["Unmet harm P10"] == pytest.approx(direct.p10, rel=1e-9)
        assert row["Unmet harm P50"] == pytest.approx(direct.p50, rel=1e-9)
        assert row["Unmet harm P90"] == pytest.approx(direct.p90, rel=1e-9)
        assert row["Mean unmet harm"] == pytest.approx(direct.mean, rel=1e-9)
        assert row["Chance a floor is missed %"] == pytest.approx(direct.floor_missed)
        assert (row["Stream most often below its floor"] or "") == direct.most_often_below
        assert row["Unmet harm P10"] < row["Unmet harm P50"] < row["Unmet harm P90"]
    assert rows[1]["Chance a floor is missed %"] > 0  # Online abuse rising misses floors
    log = tables["RunLog"].records()
    assert len(log) == runs_before + 2
    assert [r["Scenario"] for r in log[-2:]] == [f"{ONE} (risk)", f"{TWO} (risk)"]
    assert log[-1]["Status"] == "200 futures, plan Optimal" and log[-1]["User"] == "tester"


def test_two_worker_processes_give_the_same_figures_as_one(copy, tmp_path):
    other = Path(shutil.copy(copy, tmp_path / "Other.xlsm"))
    risk_on(copy, [ONE, TWO])
    outcome, _ = risk_on(other, [ONE, TWO], engine=Engine(workers=2))
    assert outcome.exit_code == 0
    assert risk_rows(other) == risk_rows(copy)


def test_with_no_uncertainty_p10_p50_p90_are_the_scenarios_unmet_harm(copy):
    def blank(row):
        row["Growth low %"].value = row["Growth high %"].value = None

    edit_table(copy, "Demand", blank)
    outcome, _ = risk_on(copy, [ONE, TWO])
    assert outcome.exit_code == 0
    checked = check_workbook(FileWorkbook(copy).read_tables())
    assert checked.inputs.demand["Growth low %"].isna().all()
    for row in risk_rows(copy):
        scenario = next(s for s in checked.scenarios if s.name == row["Scenario"])
        harm = plan(checked.inputs, scenario).unmet_harm
        allowed = 2e-6 * max(1.0, harm)  # the stages' own tolerance (docs/rules.md)
        for column in ("Unmet harm P10", "Unmet harm P50", "Unmet harm P90", "Mean unmet harm"):
            assert row[column] == pytest.approx(harm, abs=allowed), (row["Scenario"], column)
        assert row["Chance a floor is missed %"] == 0


def test_a_scenario_with_no_plan_has_a_blank_row_and_the_run_log_says_why(copy):
    def cut(row):
        if row["Scenario"].value == TWO:
            row["Budget change %"].value = -0.9  # no plan fits a tenth of the money

    edit_table(copy, "Scenarios", cut)
    outcome, _ = risk_on(copy, [ONE, TWO])
    assert outcome.exit_code == 1
    rows = {r["Scenario"]: r for r in risk_rows(copy)}
    assert rows[ONE]["Samples"] == 200
    assert all(rows[TWO][h] is None for h in FIGURES)
    log = FileWorkbook(copy).read_tables()["RunLog"].records()[-1]
    assert log["Scenario"] == f"{TWO} (risk)" and log["Status"] == "No plan to test (Infeasible)"


def test_the_risk_sheet_has_its_chart_of_p10_p50_p90_and_its_button(copy):
    risk_on(copy, [ONE, TWO])
    files = members(copy)
    drawn = below(files, sheets(files)["Risk"])
    charts = [files[p].decode() for p in drawn if "/charts/chart" in p]
    assert len(charts) == 1
    chart = charts[0]
    assert "<c:barChart>" in chart and CHART.title in chart
    assert chart.count("<c:ser>") == 3  # P10, P50, P90
    for column in ("C", "D", "E"):
        assert f"Risk!${column}$6:${column}$7" in chart.replace("'", "")
    vml = [files[p] for p in drawn if p.endswith(".vml")]
    assert vml and BUTTON.encode() in vml[0]


def test_another_scenarios_risk_keeps_the_first_ones_row(copy):
    risk_on(copy, [TWO])
    first = risk_rows(copy)
    risk_on(copy, [ONE])
    rows = risk_rows(copy)
    assert [r["Scenario"] for r in rows] == [ONE, TWO]
    assert rows[1:] == first


def test_an_input_problem_writes_nothing(copy):
    before = copy.read_bytes()
    outcome, workbook = risk_on(copy, ["Online abuse risng"])
    assert outcome.exit_code == 2 and workbook.written is None
    assert 'Did you mean "Online abuse rising"' in str(outcome.problems[0])
    assert copy.read_bytes() == before


def test_the_command_runs_as_a_process_and_writes_a_copy(copy, tmp_path):
    out = tmp_path / "results" / "Risk_2027.xlsm"
    before = copy.read_bytes()
    done = run_planner("risk", str(copy), "--scenario", TWO, "--out", str(out), "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert "Risk written to" in done.stdout and TWO in done.stdout
    assert "4 of 4 risk parts done" in done.stderr and "1 of 1 plan done" in done.stderr
    assert copy.read_bytes() == before
    rows = risk_rows(out)
    assert [r["Scenario"] for r in rows] == [TWO]
    assert f"{rows[0]['Unmet harm P50']:,.0f}" in done.stdout


def test_the_risk_button_runs_it_through_xlwings_with_the_file_routes_figures(copy):
    book = ClientBook.from_xlsm(copy, client=VBA, active_sheet=layout.RISK.sheet)
    only_run(book, TWO)
    run_remote(excel.press, book)  # the button on the Risk sheet
    assert book.alerts[-1]["mode"] == "info", book.alerts
    assert "1 of 1 scenario tested against 200 futures" in book.alerts[-1]["prompt"]
    live = [r for r in book.records(layout.RISK.name) if r["Scenario"]]
    risk_on(copy, [TWO])
    on_file = risk_rows(copy)
    assert len(on_file) == 1
    assert_same_rows(live, on_file, layout.RISK.headers)
    assert book.records(layout.RUNLOG.name)[-1]["Scenario"] == f"{TWO} (risk)"


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_draws_the_risk_chart(copy, tmp_path):
    risk_on(copy, [ONE, TWO])
    columns = list(COLOURS)  # P10, P50 and P90
    assert undrawn(copy, "Risk", columns, tmp_path / "png") == []


@pytest.mark.slow
@needs_libreoffice
def test_a_workbook_libreoffice_saved_takes_another_risk_run(copy, tmp_path):
    risk_on(copy, [ONE])
    saved = saved_by_libreoffice(copy, tmp_path)
    outcome, workbook = risk_on(saved, [TWO])  # Planner's chart and button known for its own
    assert outcome.exit_code == 0 and workbook.written == saved
    assert [r["Scenario"] for r in risk_rows(saved)] == [ONE, TWO]
