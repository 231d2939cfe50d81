"""What a button press does, through planner.excel.button_press on xlwings' remote engine.

planner.run.planning is replaced here by a stand-in that records how it was called, so
these tests pin down the entry points' own job: deciding what a press means,
telling the user in words, never a traceback, and leaving the workbook as it
was when something goes wrong. test_excel_contract.py runs the real planning path.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Any

import pytest

from planner.excel import button_press as excel
from planner.report.sheet_names import SCENARIO_TAB_MARKER
from tests.conftest import VALID_ROWS
from tests.workbook.test_excel_adapter import report, scenario_page
from tests.xlwings_client import OFFICEJS, VBA, ClientBook, run_remote, write_fixture_workbook


@dataclass
class Problem:
    address: str
    message: str

    def __str__(self) -> str:
        return f"{self.address}: {self.message}"


@dataclass
class Result:
    scenario: str
    status: str = "Optimal"


@dataclass
class Outcome:
    results: list[Result] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 2 if self.problems else 0


class FakeRun:
    """planner.run.planning's interface, recording each call."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.problems: list[Problem] = []
        self.fail: Exception | None = None

    def run_workbook(self, reader, writer, *, only=None, solver=None, progress=None, user=""):
        tables = reader.read_tables()
        self.calls.append({"only": only, "user": user, "tables": tables})
        if progress:
            progress("Planner: optimising...")
        if self.problems:
            return Outcome(problems=self.problems)
        names = only or ["Baseline"]
        writer.write_report(report(names, [scenario_page(n) for n in names]))
        if self.fail:
            raise self.fail
        return Outcome(results=[Result(n) for n in names])

    def review(self, reader):
        self.calls.append({"check": True, "tables": reader.read_tables()})
        return Outcome(problems=self.problems)


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> FakeRun:
    fake = FakeRun()
    module = types.ModuleType("planner.run.planning")
    module.run_workbook = fake.run_workbook
    module.review = fake.review
    monkeypatch.setattr(excel, "run", module)  # the buttons' one planning path
    return fake


@pytest.fixture
def client_book(tmp_path) -> ClientBook:
    return ClientBook.from_xlsm(write_fixture_workbook(tmp_path / "Planner.xlsm", VALID_ROWS))


def press_on(client_book: ClientBook, sheet: str) -> dict:
    client_book.active = client_book.index(sheet)
    return run_remote(excel.press, client_book)


def test_start_optimises_every_scenario(fake_run, client_book):
    response = press_on(client_book, "Start")
    assert fake_run.calls[0]["only"] is None
    assert client_book.records("Comparison")[0]["Scenario"] == "Baseline"
    assert client_book.alerts[-1]["prompt"].startswith("Optimised 1 scenario")
    assert response["actions"][-1]["func"] == "alert"  # the message box comes last


def test_scenarios_sheet_optimises_too(fake_run, client_book):
    press_on(client_book, "Scenarios")
    assert fake_run.calls[0]["only"] is None


@pytest.mark.parametrize("sheet", excel.CHECK_SHEETS)
def test_an_input_sheet_checks_the_inputs(fake_run, client_book, sheet):
    response = press_on(client_book, sheet)
    assert fake_run.calls == [{"check": True, "tables": fake_run.calls[0]["tables"]}]
    assert client_book.alerts[-1]["prompt"].startswith("No problems found")
    assert [a["func"] for a in response["actions"]][-1] == "alert"


def test_a_scenario_tab_reruns_its_scenario(fake_run, client_book):
    press_on(client_book, "Start")
    client_book.sheet("Baseline").name = "Renamed by a user"
    press_on(client_book, "Renamed by a user")
    assert fake_run.calls[-1]["only"] == ["Baseline"]
    assert client_book.cell("Renamed by a user", "A1") == SCENARIO_TAB_MARKER


def test_input_problems_are_listed_and_nothing_else_changes(fake_run, client_book):
    fake_run.problems = [Problem(f"Units!C{4 + i}", f"problem {i}") for i in range(12)]
    before = {s.name: dict(s.cells) for s in client_book.sheets if s.name != "Start"}
    response = press_on(client_book, "Start")
    after = {s.name: dict(s.cells) for s in client_book.sheets if s.name != "Start"}
    assert after == before
    assert client_book.cell("Start", "A21") == "Units!C4: problem 0"
    assert client_book.cell("Start", "A32") == "Units!C15: problem 11"
    alert = client_book.alerts[-1]
    assert alert["mode"] == "critical"
    assert "There are 12 problems" in alert["prompt"] and "4 more" in alert["prompt"]
    assert "Traceback" not in alert["prompt"]
    assert response["actions"][-1]["func"] == "alert"


def test_a_good_run_clears_the_old_problem_list(fake_run, client_book):
    fake_run.problems = [Problem("Units!C4", "bad")]
    press_on(client_book, "Start")
    fake_run.problems = []
    press_on(client_book, "Start")
    assert client_book.cell("Start", "A21") is None


@pytest.mark.parametrize("client", [VBA, OFFICEJS])
def test_a_failure_is_told_in_words_and_nothing_is_written(fake_run, client_book, client):
    client_book.client = client
    fake_run.fail = RuntimeError("the solver stopped")
    before = {s.name: dict(s.cells) for s in client_book.sheets}
    response = press_on(client_book, "Start")
    assert [a["func"] for a in response["actions"]] == ["alert"]
    assert {s.name: dict(s.cells) for s in client_book.sheets} == before
    prompt = client_book.alerts[-1]["prompt"]
    assert "the solver stopped." in prompt and "Nothing in the workbook was changed" in prompt
    assert "Traceback" not in prompt and "RuntimeError" not in prompt


def test_the_server_caps_the_time_limit_without_touching_the_workbook(fake_run, client_book):
    client_book.active = client_book.index("Start")
    run_remote(lambda book: excel.optimise(book, time_cap=5), client_book)
    settings = fake_run.calls[0]["tables"]["Settings"]
    limit = next(r for r in settings.rows if r[0] == "Time limit (s)")
    assert limit[1] == 5
    assert client_book.cell("Settings", "B8") == 60  # the user's own value stays


def test_a_smaller_time_limit_is_kept(fake_run, client_book):
    run_remote(lambda book: excel.optimise(book, time_cap=600), client_book)
    settings = fake_run.calls[0]["tables"]["Settings"]
    assert next(r for r in settings.rows if r[0] == "Time limit (s)")[1] == 60


def test_the_remote_user_is_whoever_the_server_says(fake_run, client_book):
    run_remote(lambda book: excel.optimise(book, user="HR planner"), client_book)
    assert fake_run.calls[0]["user"] == "HR planner"


def test_problem_message_for_one_problem():
    text = excel.problems_message(["Units!C7: Min posts (40) is above Max posts (30)"])
    assert text.startswith("There is 1 problem in the inputs")
    assert "more" not in text
