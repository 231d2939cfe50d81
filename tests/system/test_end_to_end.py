"""The real thing: `planner` on copies of the committed workbook/Planner.xlsm.

A new user's run optimises every default scenario; a broken copy gives exit 2,
every problem at its cell, and a file identical to the byte; a user's own sheet
(text box, picture, chart, comment, formula, names) survives two runs; and
LibreOffice, which none of us wrote, opens and prints the result.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from optimise import plan
from planner import contract as layout
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from planner.cli.commands import main
from planner.template import build
from tests.libreoffice import convert, needs_libreoffice, pdf_text
from tests.package_parts import assert_untouched, below, members, sheets
from tests.processes import fte_copy, fte_workbook, with_settings
from tests.workbook.test_read import edit
from tests.workbook.test_write import USER_SHEET, _user_sheet

WORKBOOK = Path(__file__).resolve().parents[2] / "workbook" / "Planner.xlsm"
DEFAULT_SCENARIOS = [
    "Rebalance within budget",
    "HMICS recommendations",
    "Budget cut 5%",
    "Online abuse rising",
    "Protect drugs and firearms",
]


@pytest.fixture
def copy(tmp_path) -> Path:
    """The default workbook in FTE: exact plans in a second, for every test but the first."""
    return fte_copy(tmp_path / "Planner.xlsm")


@pytest.fixture
def shipped(tmp_path) -> Path:
    """The default workbook as it ships (whole posts, MIP gap 1%), with time to prove its
    gap however loaded the machine: how long it takes is bench/run.py's to print."""
    copy = Path(shutil.copyfile(WORKBOOK, tmp_path / "Planner.xlsm"))
    return with_settings(copy, {"Time limit (s)": 900})


def outputs(path: Path) -> dict:
    tables = FileWorkbook(path).read_tables()
    return {t.name: tables[t.name].records() for t in layout.OUTPUT_TABLES}


@pytest.mark.slow
def test_the_committed_workbook_validates_and_optimises_every_scenario(shipped, capsys):
    """The README's first command: every scenario in whole posts, proven within 1%."""
    copy = shipped
    assert main(["validate", str(copy)]) == 0
    assert main(["optimise", str(copy)]) == 0
    out = outputs(copy)
    comparison = {row["Scenario"]: row for row in out["Comparison"]}
    assert list(comparison) == DEFAULT_SCENARIOS
    for row in comparison.values():
        assert row["Status"] == "Optimal"
        assert row["Unmet harm"] < row["Baseline unmet harm"]
        assert row["Final-year cost"] <= row["Final-year budget"] + 1  # pence of solver tolerance
        assert row["PP share after"] > row["PP share before"]
    assert {row["Scenario"] for row in out["Plans"]} == set(DEFAULT_SCENARIOS)
    for name, row in comparison.items():
        moves = [m for m in out["Moves"] if m["Scenario"] == name]
        transfers = sum(
            m["Posts"] for m in moves if m["From"] != "Recruitment" and m["To"] != "Attrition"
        )
        assert transfers == pytest.approx(row["Transfers"]) and transfers > 0
        moved = 2 * row["Transfers"] + row["Recruitment"] + row["Attrition"]
        # Stage 3 may use stage 2's tolerance; each post is rounded to 6 decimals.
        rounding = 1e-6 * sum(p["Scenario"] == name for p in out["Plans"])
        assert moved == pytest.approx(row["Post changes"], abs=1e-6 * moved + rounding)
        assert 0 <= row["Lowest coverage %"] <= row["Coverage %"]
    assert {row["Scenario"] for row in out["Coverage"]} == set(DEFAULT_SCENARIOS)
    assert [row["Scenario"] for row in out["RunLog"]] == DEFAULT_SCENARIOS
    assert set(DEFAULT_SCENARIOS) <= set(FileWorkbook(copy).sheet_names())
    printed = capsys.readouterr()
    assert "5 of 5 scenarios done in " in printed.err
    assert "Protect drugs and firearms: Optimal in " in printed.err
    assert "Results written to" in printed.out
    assert_whole_posts_no_better_than_fte(out)


def assert_whole_posts_no_better_than_fte(out: dict) -> None:
    """Whole numbers of posts, each scenario's unmet harm at or above the best FTE plan
    (planned here from the same inputs), and its distance from it stated right."""
    assert all(float(row["Posts"]).is_integer() for row in out["Plans"])
    checked = check_workbook(FileWorkbook(fte_workbook()).read_tables())
    for scenario in checked.scenarios:
        fte = plan(checked.inputs, scenario).unmet_harm
        row = next(r for r in out["Comparison"] if r["Scenario"] == scenario.name)
        assert row["Unmet harm"] >= fte * (1 - 1e-9), scenario.name
        stated = f"{row['Unmet harm'] / fte - 1:.1%} above the best FTE plan"
        notes = next(r["Notes"] for r in out["RunLog"] if r["Scenario"] == scenario.name)
        assert stated in notes, (stated, notes)


def test_a_backup_of_the_previous_version_is_kept(copy):
    original = copy.read_bytes()
    assert main(["optimise", str(copy), "--scenario", "Budget cut 5%"]) == 0
    backups = list(copy.parent.glob("* backups/*.xlsm"))
    assert [b.read_bytes() for b in backups] == [original]


def test_one_named_scenario_runs_alone_and_the_others_keep_their_results(copy):
    assert main(["optimise", str(copy)]) == 0
    before = {r["Scenario"]: r for r in outputs(copy)["Comparison"]}
    assert main(["optimise", str(copy), "--scenario", "Budget cut 5%"]) == 0
    after = outputs(copy)
    for row in after["Comparison"]:
        old = before[row["Scenario"]]
        assert {k: v for k, v in row.items() if k != "Message"} == {
            k: v for k, v in old.items() if k != "Message"
        }
        if row["Scenario"] != "Budget cut 5%":  # kept, and flagged as earlier results
            assert row["Message"].startswith("Earlier results of ")
            assert row["Message"].endswith(old["Message"])
    assert [r["Scenario"] for r in after["RunLog"]] == [*DEFAULT_SCENARIOS, "Budget cut 5%"]


def test_an_unknown_scenario_name_is_an_input_error(copy, capsys):
    original = copy.read_bytes()
    assert main(["optimise", str(copy), "--scenario", "Budget cut 50%"]) == 2
    assert 'there is no scenario called "Budget cut 50%"' in capsys.readouterr().err
    assert copy.read_bytes() == original


def test_a_broken_copy_exits_2_names_every_cell_and_is_left_byte_identical(copy, capsys):
    tables = FileWorkbook(copy).read_tables()
    units, roles, demand = tables["Units"], tables["Roles"], tables["Demand"]
    broken = {
        units.cell(0, "Min posts"): 400,  # above the unit's Max posts
        units.cell(0, "Max posts"): 300,
        tables["Establishment"].cell(2, "Role"): "Detective Constabel",
        demand.cell(3, "Annual cases"): "about 900",
        roles.cell(1, "Max attrition %"): 7,  # meant 7%
    }

    def break_it(book):
        for address, value in broken.items():
            sheet, cell = address.split("!")
            book[sheet.strip("'")][cell] = value

    edit(copy, break_it)
    original = copy.read_bytes()
    for command, then in (
        (["validate", str(copy)], "(Fix them, then validate again.)"),
        (["optimise", str(copy)], "(Nothing was optimised or written.)"),
    ):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "4 input problems:" in err and then in err
        for address in broken:
            if address != units.cell(0, "Max posts"):  # reported once, at Min posts
                assert f"  {address}: " in err
        assert "Did you mean 7%?" in err
        assert copy.read_bytes() == original
    assert not list(copy.parent.glob("* backups"))


def test_validate_and_optimise_agree_when_no_scenario_is_set_to_run(copy, capsys):
    scenarios = FileWorkbook(copy).read_tables()["Scenarios"]
    run_cells = [scenarios.cell(n, "Run") for n in range(len(scenarios.rows))]

    def run_none(book):
        for address in run_cells:
            sheet, cell = address.split("!")
            book[sheet.strip("'")][cell] = "No"

    edit(copy, run_none)
    original = copy.read_bytes()
    for command in (["validate", str(copy)], ["optimise", str(copy)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert f"{scenarios.cell(None, 'Run')}: no scenario has Run = Yes" in err
        assert copy.read_bytes() == original


def test_a_missing_column_is_an_input_error_that_names_it(copy, capsys):
    def rename_header(book):
        ws = book["Demand"]
        table = ws.tables["Demand"]
        header = FileWorkbook(copy).read_tables()["Demand"].cell(None, "Harm weight").split("!")[1]
        ws[header] = "Harm"
        table.tableColumns[4].name = "Harm"

    edit(copy, rename_header)
    original = copy.read_bytes()
    assert main(["optimise", str(copy)]) == 2
    assert '"Harm weight"' in capsys.readouterr().err
    assert copy.read_bytes() == original


def test_infeasible_limits_exit_1_and_say_what_to_move(copy):
    def starve_the_budget(book):
        budget = FileWorkbook(copy).read_tables()["Budget"].cell(0, "Budget")
        sheet, cell = budget.split("!")
        book[sheet][cell] = 10_000_000  # below even the ring-fenced unit's pay bill

    edit(copy, starve_the_budget)
    assert main(["optimise", str(copy), "--scenario", "Rebalance within budget"]) == 1
    [row] = outputs(copy)["Comparison"]
    assert row["Status"] == "Infeasible"
    assert "raise the 2027 budget by £" in row["Message"]


def test_a_workbook_open_in_excel_is_refused_and_untouched(copy, capsys):
    lock = copy.parent / f"~${copy.name}"
    lock.write_bytes(b"\x0cA Planner  " + b" " * 40)
    original = copy.read_bytes()
    assert main(["optimise", str(copy)]) == 2
    assert "open" in capsys.readouterr().err.lower()
    assert copy.read_bytes() == original


@pytest.fixture
def with_user_sheet(tmp_path, monkeypatch) -> Path:
    """The template as built, plus a finance officer's own sheet of additions."""
    original = build._set_up

    def set_up_and_add(wb, vba):
        original(wb, vba)
        _user_sheet(wb)

    monkeypatch.setattr(build, "_set_up", set_up_and_add)
    built = build.build_workbook(tmp_path / "Planner.xlsm")
    return with_settings(built, {"Whole posts": "No"})  # FTE: two runs in seconds


def test_a_users_own_sheet_survives_two_runs_byte_for_byte(with_user_sheet):
    before = members(with_user_sheet)
    theirs = below(before, sheets(before)[USER_SHEET])
    assert any(p.startswith("xl/media/") for p in theirs)  # the picture
    assert any(p.startswith("xl/charts/") for p in theirs)  # the chart
    assert main(["optimise", str(with_user_sheet)]) == 0
    assert main(["optimise", str(with_user_sheet), "--scenario", "Budget cut 5%"]) == 0
    after = members(with_user_sheet)
    for part in theirs:
        assert after[part] == before[part], part
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert_untouched(before, after, [*layout.OUTPUT_SHEETS, *DEFAULT_SCENARIOS])
    drawing = next(after[p] for p in theirs if p.startswith("xl/drawings/drawing"))
    assert b"Briefing for the board" in drawing  # the text box


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_opens_the_optimised_workbook_and_prints_its_results(copy, tmp_path):
    assert main(["optimise", str(copy)]) == 0
    convert(copy, "pdf", tmp_path)
    text = pdf_text(tmp_path / "Planner.pdf")
    assert "Scenario comparison" in text
    for scenario in DEFAULT_SCENARIOS:
        assert scenario in text


def test_a_copy_gets_the_python_file_its_buttons_import(copy, tmp_path):
    out = tmp_path / "results" / "Planner_2027.xlsm"
    assert main(["optimise", str(copy), "--out", str(out), "--scenario", "Budget cut 5%"]) == 0
    beside = out.with_suffix(".py").read_text()
    assert "Planner_2027.xlsm" in beside and "def main()" in beside
    compile(beside, "Planner_2027.py", "exec")


def test_a_copy_of_the_wrong_kind_is_refused_before_anything_is_solved(copy, tmp_path, capsys):
    assert main(["optimise", str(copy), "--out", str(tmp_path / "results.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "results.xlsx must end in .xlsm" in err
    assert "Optimising" not in err and "scenarios done" not in err


def test_a_copy_into_a_folder_that_cannot_be_made_is_a_message_not_a_traceback(copy, capsys):
    blocker = copy.parent / "not-a-folder"
    blocker.write_text("a file where the folder would go")
    out = blocker / "Planner.xlsm"
    assert main(["optimise", str(copy), "--out", str(out), "--scenario", "Budget cut 5%"]) == 2
    assert "Cannot make the folder" in capsys.readouterr().err


def test_building_over_a_workbook_keeps_the_previous_file(copy, capsys):
    assert main(["optimise", str(copy), "--scenario", "Budget cut 5%"]) == 0
    optimised = copy.read_bytes()
    assert main(["build", "--out", str(copy)]) == 0
    assert "The previous file is kept as" in capsys.readouterr().out
    assert optimised in [b.read_bytes() for b in copy.parent.glob("* backups/*.xlsm")]


def test_building_to_a_name_python_cannot_import_is_a_message(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path / "my plan.xlsm")]) == 2
    assert "my plan.xlsm" in capsys.readouterr().err


def test_results_kept_from_an_earlier_run_say_so_and_when(copy):
    assert main(["optimise", str(copy)]) == 0
    first_run = outputs(copy)["RunLog"][0]["Run at"]
    assert main(["optimise", str(copy), "--scenario", "Budget cut 5%"]) == 0
    assert main(["optimise", str(copy), "--scenario", "Budget cut 5%"]) == 0
    messages = {r["Scenario"]: r["Message"] for r in outputs(copy)["Comparison"]}
    assert not messages["Budget cut 5%"].startswith("Earlier results")
    kept = messages["Rebalance within budget"]
    assert kept.startswith(f"Earlier results of {first_run}, not re-run this time. ")
    assert kept.count("Earlier results") == 1  # said once, however many runs later


def test_scenarios_planned_together_get_the_plans_they_get_one_at_a_time(copy, tmp_path):
    """The command line plans several scenarios at once; each must come out as it would alone."""
    from planner.adapters.file.adapter import WorkbookFile
    from planner.run.engine import Engine
    from planner.run.planning import run_workbook

    alone = tmp_path / "alone" / "Planner.xlsm"
    alone.parent.mkdir()
    shutil.copyfile(copy, alone)
    said: list[str] = []
    together = WorkbookFile(copy)
    assert run_workbook(together, together, engine=Engine(), progress=said.append).exit_code == 0
    one_by_one = WorkbookFile(alone)
    assert run_workbook(one_by_one, one_by_one).exit_code == 0
    assert said[0] == "Optimising 5 scenarios..."
    done = [s for s in said if " of 5 scenarios done" in s]
    assert [s.split(" of ")[0] for s in done] == ["1", "2", "3", "4", "5"]
    assert all(", about " in s for s in done[:4]) and done[4].startswith("5 of 5 scenarios done in")
    figures = ["Scenario", "Status", "Unmet harm", "Post changes", "Final-year cost"]
    for name in ("Comparison", "Plans", "Coverage"):
        keep = figures if name == "Comparison" else None
        rows = [
            [{k: r[k] for k in (keep or r)} for r in outputs(path)[name]] for path in (copy, alone)
        ]
        assert rows[0] == rows[1], name
