"""The command line on a first day: help with defaults, names suggested, words not tracebacks.

Each test runs `planner` (planner.cli.commands.main, or the installed command in a real
process) on copies of the committed workbook.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli.commands import harm_change, main
from tests.processes import fte_copy

WORKBOOK = Path(__file__).resolve().parents[2] / "workbook" / "Planner.xlsm"
ROOT = WORKBOOK.parent.parent


@pytest.fixture
def copy(tmp_path) -> Path:
    return fte_copy(tmp_path / "Planner.xlsm")


def test_a_mistyped_scenario_gets_did_you_mean_and_the_list_not_a_cell(copy, capsys):
    original = copy.read_bytes()
    assert main(["optimise", str(copy), "--scenario", "budget cut 5"]) == 2
    err = capsys.readouterr().err
    assert (
        'planner: --scenario: there is no scenario called "budget cut 5" in the Scenarios '
        'table. Did you mean "Budget cut 5%"? The scenarios are: "Rebalance within budget", '
        '"HMICS recommendations", "Budget cut 5%", "Online abuse rising" and '
        '"Protect drugs and firearms".'
    ) in err
    assert "Scenarios!" not in err and "input problem" not in err
    assert copy.read_bytes() == original


@pytest.mark.parametrize("solver", ["CBC", "cbc", "HiGHS", "HIGHS"])
def test_the_solver_is_accepted_as_settings_spells_it_or_in_any_case(copy, tmp_path, solver):
    out = tmp_path / "out.xlsm"
    args = ["optimise", str(copy), "--scenario", "Budget cut 5%", "--out", str(out)]
    assert main([*args, "--solver", solver]) == 0


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("validate", ["Nothing is written", "path"]),
        ("build", ["--out PATH", "default: workbook/Planner.xlsm under the current folder"]),
        ("serve", ["(default: 127.0.0.1)", "(default: 8000)", "HTTPS"]),
        ("optimise", ["default: those with Run = Yes", "capitals do not matter"]),
        ("smoke-test", ["default: the PLANNER_SERVER_TOKEN", "--write-sample FILE"]),
    ],
)
def test_every_command_has_help_with_its_defaults(command, shown):
    done = subprocess.run(
        [sys.executable, "-m", "planner.cli", command, "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    for words in shown:
        assert words in text, (words, done.stdout)


def test_build_says_where_it_wrote_and_how_the_default_is_chosen(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    written = tmp_path / "workbook" / "Planner.xlsm"
    assert written.exists() and written.with_suffix(".py").exists()
    assert f"Built {written}, with Planner.py beside it" in out
    assert (
        f"No --out was given, so it went to workbook/Planner.xlsm under the current folder, {tmp_path}"
        in out
    )


def test_build_with_out_names_the_absolute_path(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--out", "workbook/Planner.xlsm"]) == 0
    assert "No --out was given" not in capsys.readouterr().out
    assert main(["build", "--out", "mine/Plan2027.xlsm"]) == 0
    out = capsys.readouterr().out
    assert f"Built {tmp_path / 'mine' / 'Plan2027.xlsm'}, with Plan2027.py beside it" in out
    assert "No --out was given" not in out


def test_a_failed_validate_does_not_claim_to_have_written_nothing(copy, capsys):
    from tests.workbook.test_read import edit

    edit(copy, lambda book: book["Units"].__setitem__("C6", "lots"))
    assert main(["validate", str(copy)]) == 2
    err = capsys.readouterr().err
    assert "written" not in err
    assert "Units!C6" in err and "(Fix it, then validate again.)" in err  # one problem


@pytest.mark.parametrize(
    ("reduction", "words"),
    [(0.497, "49.7% less"), (-0.083, "8.3% more"), (0.0, "no change"), (None, "")],
)
def test_a_harm_reduction_reads_as_less_or_more_harm(reduction, words):
    assert harm_change(reduction) == words


def test_the_summary_says_more_harm_rather_than_a_negative_reduction(capsys):
    from optimise.result import OPTIMAL, PlanResult
    from planner.cli.commands import _print_results

    rising = PlanResult("Deep cut", OPTIMAL, unmet_harm=108_300.0, baseline_unmet_harm=100_000.0)
    _print_results([rising])
    line = capsys.readouterr().out.splitlines()[1]
    assert "8.3% more" in line and "-8.3%" not in line, line


def test_serve_without_the_server_extra_says_what_to_install():
    code = (
        "import sys; sys.modules['fastapi'] = None; from planner.cli.commands import main; "
        "sys.exit(main(['serve']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "planner serve needs the server extra" in done.stderr
    assert 'pip install ".[server]"' in done.stderr


def test_every_study_has_its_command_and_optimise_loads_no_study():
    """The command line offers the studies from their command words
    (planner.studies.commands); `planner optimise` never imports the studies."""
    from planner.studies.commands import COMMANDS
    from planner.studies.registry import STUDIES

    assert [c.name for c in COMMANDS] == [s.command for s in STUDIES]
    assert all(s.cli in COMMANDS for s in STUDIES)
    code = (
        "import sys; from planner.cli.commands import _parser; _parser(); "
        "print(sorted(m for m in sys.modules if m.startswith('planner.studies.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "['planner.studies.commands']"


def test_imports_are_left_to_the_collector_again_after_a_command():
    """A command's imports are frozen out of the collector's walks for the run only, so a
    process that calls `main` again and again (these tests) keeps collecting as before."""
    import gc

    from planner.cli.options import imports_done

    gc.unfreeze()
    with imports_done():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
