"""What the stages ask of a solver, and what a solve returns: the solver interface.

Two routes implement `StageSolver`:

- the HiGHS route (`optimise.highs.HighsModel`): the model is handed to
  HiGHS once and each stage only changes the objective and adds a row;
- the PuLP route (`optimise.pulp_route.PulpSolves`): each stage is a fresh
  solve of PuLP's problem, by CBC.

`optimise.solve.open_solver` picks one by the Solver setting. Both write the
solved values back onto PuLP's variables (and, for a linear program on the
HiGHS route, the duals onto PuLP's rows), so everything downstream reads a
plan the same way whichever route found it. Nothing here imports a route, so
the routes, the stages and the tests can all import this module.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import pulp

from optimise.status import SolveStatus


@dataclass(frozen=True)
class SolveOutcome:
    """How one solve ended."""

    status: SolveStatus
    #: PuLP's variables hold a plan (an optimum, or the best found before a stop).
    has_solution: bool
    objective: float | None
    seconds: float
    gap: float | None  # relative MIP gap proven, where the solver says


@runtime_checkable
class StageSolver(Protocol):
    """A model held for solving with one objective after another (docs/rules.md's stages)."""

    def solve(
        self,
        objective: pulp.LpAffineExpression,
        *,
        time_limit: float,
        gap: float = 0.0,
        presolve: bool = True,
        stall: float | None = None,
    ) -> SolveOutcome:
        """Minimise `objective` over the model as it stands; the plan goes onto PuLP's variables.

        `time_limit` is this solve's own, in seconds; `gap` the relative MIP gap
        to stop at. `presolve=False` is the retry after presolve misjudged a
        stage bound (optimise.solve.run_stage). `stall`: a whole-post solve
        stops after this many seconds without a better plan, with status
        STALLED (optimise/stall.py); a route that cannot watch its
        search ignores it and runs to its gap or limit.
        """
        ...

    def keep_at_most(self, objective: pulp.LpAffineExpression, bound: float) -> None:
        """Add the row `objective <= bound` for every later solve (a stage's "keep" row).

        A whole-post route starts the next solve from the plan PuLP's variables
        hold now, which meets that row.
        """
        ...


def available_solvers() -> list[str]:
    """The Solver setting's values that can run here: "HiGHS" and "CBC", if installed.

    Asked once a process: PuLP finds out by trying to import or run every solver
    it knows (a search of PATH per solver), which every plan asked again.
    """
    return list(_available())


@functools.cache
def _available() -> tuple[str, ...]:
    names = pulp.listSolvers(onlyAvailable=True)
    out = []
    if "HiGHS" in names:
        out.append("HiGHS")
    if "PULP_CBC_CMD" in names or "COIN_CMD" in names:
        out.append("CBC")
    return tuple(out)


#: fd 1 is the process's: one redirection at a time, whichever thread asks.
_STDOUT = threading.Lock()


@contextlib.contextmanager
def quiet():
    """Silence what solvers print to the terminal whatever their options (HiGHS's banner)."""
    with _STDOUT:
        try:
            saved = os.dup(1)
        except OSError:  # no real stdout (e.g. inside Excel): nothing to silence
            yield
            return
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            try:
                yield
            finally:
                os.dup2(saved, 1)
                os.close(saved)
