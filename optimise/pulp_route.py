"""The PuLP route to a solver: each stage a fresh solve of PuLP's problem, by CBC.

PuLP writes the whole problem out and CBC reads it in again at every solve,
so this route is slower than the HiGHS one (optimise/highs.py), which hands
the matrix over once. A whole-post stage starts from the last stage's plan
(CBC's warm start), which meets the new "keep" row by construction.
"""

from __future__ import annotations

import pulp

from optimise import compat
from optimise.model import Model
from optimise.solver import SolveOutcome


class PulpSolves:
    """Each stage a fresh solve of the PuLP problem (CBC); a `StageSolver` (optimise.solver)."""

    def __init__(self, model: Model, solver_name: str) -> None:
        self.model, self.solver_name, self.solved = model, solver_name, 0

    def solve(
        self,
        objective: pulp.LpAffineExpression,
        *,
        time_limit: float,
        gap: float = 0.0,
        presolve: bool = True,
        stall: float | None = None,  # HiGHS only: CBC runs each stage to its gap or limit
    ) -> SolveOutcome:
        self.model.prob.setObjective(objective)
        solver = make_solver(
            self.solver_name,
            mip=self.model.integer,
            time_limit=time_limit,
            gap=gap,
            warm_start=self.solved > 0 and self.model.integer,
            presolve=presolve,
        )
        self.solved += 1
        return compat.solve(self.model.prob, solver)

    def keep_at_most(self, objective: pulp.LpAffineExpression, bound: float) -> None:
        self.model.prob.addConstraint(objective <= bound, f"keep_{self.solved}")


def make_solver(
    name: str,
    *,
    mip: bool,
    time_limit: float,
    gap: float,
    warm_start: bool = False,
    presolve: bool = True,
) -> pulp.LpSolver:
    """A CBC solver for one stage, through PuLP. `mip=False` solves the LP relaxation.

    `warm_start` hands the variables' current values to the solver as a first
    plan: after stage 1 they are feasible for stage 2, which saves the MIP
    search from finding one.
    """
    if name == "CBC":
        options = [] if presolve else ["presolve off"]
        return compat.cbc_command()(
            mip=mip,
            msg=False,
            timeLimit=time_limit,
            gapRel=gap,
            warmStart=warm_start,
            options=options,
        )
    raise ValueError(f"unknown solver {name!r}")
