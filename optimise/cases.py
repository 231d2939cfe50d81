"""What a plan buys, in cases (docs/rules.md, "What a plan buys, in cases").

Cases worked a year, per stream, in the final plan year, for posts held
fixed: first the least unmet harm those posts allow that year, then, with
unmet harm kept at that optimum (the stages' own "keep" bound,
optimise.solve.stage_bound), the hours go where they work the most cases:
minimise sum_d (unmet hours_d / e_d), which is maximising
sum_d (served hours_d / e_d), since each stream's demand is fixed.

With posts fixed the years do not share a variable, so the final year is
planned on its own: a model of one year (optimise.model.build_model with
`posts`), whose posts filled by people arriving are the final year's
increases over the year before (rule 1's lambda). Harm stays the objective
of every plan; cases are how a reader is told what the plan buys.

Used for the plan's posts, for today's posts best used (the same year's
demand), and for "what another £1m would buy": the scenario planned in FTE
with £1m added to every year's budget (optimise.plan), against its own FTE plan.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pulp

from optimise.compat import linear
from optimise.data import ModelData
from optimise.extract import posts as extract_posts
from optimise.extract import unmet
from optimise.highs import HighsModel
from optimise.model import MONEY_SCALE, Model, build_model, held_hours_rows
from optimise.solve import open_solver, solve_objective, stage_bound
from optimise.solver import StageSolver
from optimise.status import SolveStatus


class FinalYear:
    """Cases worked a year per stream in the final plan year, for one posts held fixed
    after another, on one model.

    A plan is measured for today's posts, its own, the scenario's FTE plan and
    that plan with £1m more. Those models differ only in rule 1's right-hand
    sides (the hours the posts work), so the model is built and handed to HiGHS
    once, and re-bounded for each set of posts (`HighsModel.afresh`), each
    solved from nothing as a model built for it would be. Another solver builds
    each model anew.
    """

    def __init__(self, data: ModelData, solver: str, time_limit: float) -> None:
        self.data, self.solver, self.time_limit = data, solver, time_limit
        self._model: Model | None = None
        self._held: StageSolver | None = None

    def cases(self, posts: np.ndarray | None) -> np.ndarray | None:
        """Cases worked a year per stream, final plan year; None if the solver found none.

        `posts` [unit, role, t] are a plan's (all its years, for the final year's
        arrivals); None means today's posts, none arriving. A robust plan's data
        is read at its expected demand.
        """
        year = one_year(self.data, posts)
        fixed = None if posts is None else np.asarray(posts, dtype=float)[:, :, -1:]
        if self._model is not None and isinstance(self._held, HighsModel):
            self._held.afresh(held_hours_rows(self._model, year, fixed))
        else:
            self._model = build_model(year, integer=False, today=posts is None, posts=fixed)
            self._held = open_solver(self._model, self.solver)
        model, held = self._model, self._held
        harm = model.harm()
        first = held.solve(harm, time_limit=self.time_limit)
        if first.status != SolveStatus.OPTIMAL:
            return None
        held.keep_at_most(harm, stage_bound(float(first.objective or 0.0)))
        second = held.solve(unmet_cases(model), time_limit=self.time_limit)
        if second.status != SolveStatus.OPTIMAL:
            return None
        left = unmet(model)[:, 0]
        return np.clip(year.demand_hours[:, 0] - left, 0.0, None) / year.hours_per_case


def one_year(data: ModelData, posts: np.ndarray | None) -> ModelData:
    """The final plan year alone, at expected demand; `baseline` the posts of the year before."""
    before = data.baseline
    if posts is not None and data.horizon > 1:
        before = np.asarray(posts, dtype=float)[:, :, -2]
    return dataclasses.replace(
        data,
        years=data.years[-1:],
        demand_hours=data.demand_hours[:, -1:],
        demand_futures=None,
        budget=np.asarray(data.budget)[-1:],
        baseline=before if posts is not None else data.baseline,
    )


def unmet_cases(model) -> pulp.LpAffineExpression:
    """Cases left unworked in the model's years: unmet hours over hours per case."""
    per_case = model.data.hours_per_case
    return linear([(v, 1.0 / per_case[k]) for (k, _, _), v in np.ndenumerate(model.bands)])


#: What "another £1m" adds to every plan year's budget, in £.
MILLION = 1_000_000.0


def with_another_million(model: Model, held: StageSolver, final: FinalYear) -> np.ndarray | None:
    """Cases worked a year per stream, final year, with £1m more in every year's budget.

    `model` is the scenario in FTE, solved for unmet harm by `held`: HiGHS
    restarts it from that optimal basis with the budget rows raised (only
    their right-hand sides move); another solver plans the raised budget anew.
    The plan is stage 1's, as is the FTE plan it is measured against.
    `final` measures it: the final year of `model`'s own data.
    """
    if final.data is not model.data:
        raise ValueError("the final year measured must be the model's own")
    solver, time_limit = final.solver, final.time_limit
    budget = np.asarray(model.data.budget, dtype=float) + MILLION
    if isinstance(held, HighsModel):
        held.restart({f"budget_{t}": b / MONEY_SCALE for t, b in enumerate(budget)})
        outcome = held.solve(model.harm(), time_limit=time_limit)
        richer = model
    else:
        richer = build_model(dataclasses.replace(model.data, budget=budget), integer=False)
        outcome = solve_objective(richer, richer.harm(), solver, time_limit, 0.0)
    if outcome.status != SolveStatus.OPTIMAL:
        return None
    return final.cases(extract_posts(richer))


def frame(
    data: ModelData, first: np.ndarray, second: np.ndarray, columns: list[str]
) -> pd.DataFrame:
    """Stream, Unit and the two figures, one row per stream."""
    return pd.DataFrame(
        {
            columns[0]: data.streams,
            columns[1]: [data.units[i] for i in data.stream_unit],
            columns[2]: first,
            columns[3]: second,
        }
    )
