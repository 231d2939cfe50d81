"""The solver layer: statuses as enums, one interface for both routes, the stages' steps."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import pytest

from optimise import compat, result
from optimise.data import prepare
from optimise.highs import HighsModel
from optimise.inputs import Scenario
from optimise.model import build_model
from optimise.pulp_route import PulpSolves
from optimise.solve import (
    StageRun,
    keep_bound,
    note_stop,
    open_solver,
    run_stage,
    solve_stages,
    stage_bound,
    stall_window,
)
from optimise.solver import SolveOutcome, StageSolver, available_solvers
from optimise.stall import AT_LEAST
from optimise.status import SolveStatus, Status
from tests.model.test_model_runs import two_units

OPTIMISE = Path(__file__).resolve().parent.parent / "optimise"
needs_cbc = pytest.mark.skipif(
    "CBC" not in available_solvers(), reason="CBC is not installed: pip install pulp[cbc]"
)


def test_a_status_is_the_string_the_workbook_writes():
    assert [str(s) for s in Status] == ["Optimal", "Infeasible", "Time limit", "Invalid input"]
    assert Status.TIME_LIMIT == "Time limit" and f"{Status.OPTIMAL}" == "Optimal"
    assert {"Optimal": "green"}[Status.OPTIMAL] == "green"  # planner/look.py's colours
    assert json.dumps([Status.INFEASIBLE]) == '["Infeasible"]'
    assert Status("Invalid input") is Status.INVALID_INPUT


def test_result_keeps_its_status_names_as_the_enums_members():
    assert result.OPTIMAL is Status.OPTIMAL and result.INVALID_INPUT is Status.INVALID_INPUT
    assert result.STATUSES == ("Optimal", "Infeasible", "Time limit", "Invalid input")


def test_a_solve_status_keeps_its_old_strings():
    assert [str(s) for s in SolveStatus] == [
        "optimal",
        "time limit",
        "stalled",
        "infeasible",
        "unbounded",
        "not solved",
    ]


def _signature(method) -> list[tuple[str, object, object]]:
    params = list(inspect.signature(method).parameters.values())[1:]  # without self
    return [(p.name, p.kind, p.default) for p in params]


@pytest.mark.parametrize("route", [HighsModel, PulpSolves])
def test_each_route_declares_the_interface(route):
    for name in ("solve", "keep_at_most"):
        assert _signature(getattr(route, name)) == _signature(getattr(StageSolver, name))


@pytest.mark.parametrize("solver", ["HiGHS", pytest.param("CBC", marks=needs_cbc)])
@pytest.mark.parametrize("whole_posts", [False, True])
def test_both_routes_solve_a_tiny_model_through_the_interface(solver, whole_posts):
    # Two units, one role: 3 posts move from Drugs to NCAIU, which then meets OCSA.
    model = build_model(prepare(two_units(horizon=1), Scenario()), integer=whole_posts)
    route = open_solver(model, solver)
    assert isinstance(route, StageSolver)
    assert isinstance(route, HighsModel if solver == "HiGHS" else PulpSolves)
    harm = route.solve(model.harm(), time_limit=60)
    assert isinstance(harm, SolveOutcome)
    assert harm.status == SolveStatus.OPTIMAL and harm.has_solution
    assert harm.objective == pytest.approx(0.0, abs=1e-6)
    route.keep_at_most(model.harm(), stage_bound(harm.objective))
    changes = route.solve(model.changes(), time_limit=60)
    assert changes.status == SolveStatus.OPTIMAL
    assert changes.objective == pytest.approx(6.0)  # 3 out of Drugs, 3 into NCAIU
    assert [v.varValue for v in model.x.ravel()] == pytest.approx([5.0, 5.0])


def test_compat_still_answers_which_solvers_are_installed():
    # planner/run.py imports available_solvers from optimise.compat.
    assert compat.available_solvers() == available_solvers()
    assert "HiGHS" in available_solvers()


class _Presolving:
    """A StageSolver whose presolve calls every solve infeasible, as HiGHS 1.16's did."""

    def __init__(self) -> None:
        self.calls: list[bool] = []

    def solve(self, objective, *, time_limit, gap=0.0, presolve=True, stall=None):
        self.calls.append(presolve)
        if presolve:
            return SolveOutcome(SolveStatus.INFEASIBLE, False, None, 0.1, None)
        return SolveOutcome(SolveStatus.OPTIMAL, True, 1.0, 0.1, None)

    def keep_at_most(self, objective, bound):
        pass


def test_a_later_stage_called_infeasible_is_solved_again_without_presolve():
    fake = _Presolving()
    assert isinstance(fake, StageSolver)
    later = run_stage(fake, None, 1, time_limit=1.0, gap=0.0, stall=None)
    assert later.status == SolveStatus.OPTIMAL and fake.calls == [True, False]
    fake.calls.clear()
    first = run_stage(fake, None, 0, time_limit=1.0, gap=0.0, stall=None)
    assert first.status == SolveStatus.INFEASIBLE and fake.calls == [True]  # stage 1 is believed


def test_stage_2_keeps_the_plans_own_changes_when_fewer():
    assert keep_bound(402.0, 400.0) == stage_bound(400.0)
    assert keep_bound(400.0, 402.0) == stage_bound(400.0)
    assert keep_bound(7.5) == stage_bound(7.5)


def test_only_a_later_whole_post_stage_has_a_stall_window():
    whole = build_model(prepare(two_units(whole_posts=True), Scenario()), integer=True)
    fte = build_model(prepare(two_units(), Scenario()), integer=False)
    run = StageRun(SolveOutcome(SolveStatus.OPTIMAL, True, 0.0, 1.0, 0.0), stage_seconds=[10.0])
    assert stall_window(None, whole) is None  # stage 1
    assert stall_window(run, fte) is None
    assert stall_window(run, whole) == 5.0
    run.stage_seconds = [1.0]
    assert stall_window(run, whole) == AT_LEAST


def test_the_first_stage_at_the_time_limit_is_the_one_reported():
    run = StageRun(SolveOutcome(SolveStatus.OPTIMAL, True, 0.0, 1.0, None))
    note_stop(run, 0, run.outcome)
    note_stop(run, 1, SolveOutcome(SolveStatus.STALLED, True, 9.0, 3.0, 0.2))
    note_stop(run, 2, SolveOutcome(SolveStatus.TIME_LIMIT, True, 1.0, 3.0, 0.1))
    assert (run.hit_time_limit, run.stopped_at, run.stalled) == (True, 2, [1])


def test_a_held_solver_runs_the_stages():
    # The frontier's way in: the stages on a route opened beforehand.
    model = build_model(prepare(two_units(horizon=1), Scenario()), integer=False)
    run = solve_stages(model, "HiGHS", 60, 0.0, held=open_solver(model, "HiGHS"))
    assert run.values[:2] == pytest.approx([0.0, 6.0])
    assert len(run.stage_seconds) == 3 and not run.hit_time_limit


def _imports(path: Path) -> set[str]:
    """optimise modules a module imports when it is imported or run (not TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "optimise":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("optimise."):
            found.add(node.module.split(".")[1])
    return found


def test_no_import_cycle_in_optimise():
    modules = {p.stem: p for p in OPTIMISE.glob("*.py") if p.stem != "__init__"}
    graph = {name: _imports(path) & modules.keys() for name, path in modules.items()}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        if name not in done:
            for imported in sorted(graph[name]):
                visit(imported, (*path, name))
            done.add(name)

    for name in sorted(graph):
        visit(name, ())
