"""What holds a whole-post plan back: the relaxation's binding limits, each tried with one whole post.

**Why.** A whole-post plan has no duals of its own, so its binding limits
come from its relaxation (the same scenario in FTE, optimise.plan). A dual
prices only the first sliver of a move. In "Online abuse rising" on the
default workbook, "Min posts of Detective Inspector in Undercover Online (1)"
was priced at 8,911 unmet harm a post; the relaxation, given that floor
lowered by a whole post, took 0.48 of it and gained 759, and the whole-post
plan re-planned with the floor at 0 gained nothing (its unmet harm was the
same to within the MIP gap; issue 22): a quarter of an inspector can go, a
whole one cannot, since no plan without one meets the other limits. A board
told the plan is "held back most by" that floor would lower a floor that
does not matter.

**The check.** Each limit counted in posts that the relaxation names (the
dearest first, at most `CHECKED` of them) is moved by one whole post, and the
relaxation must take that whole post: every row of the limit with a dual
(the years it binds) is held at its bound moved by one post, and its other
years' rows are widened by one post. That is the step a whole-post plan
would have to take to gain from the limit. The relaxation is re-solved from
its optimal basis (only bounds move, so the dual simplex needs a few
iterations: 0.01 to 0.02 s a limit on the default workbook, whose five
whole-post scenarios take 22 s). The limit is named only if the whole post
lowers unmet harm, and its gain per post is that re-solved gain, which the
scenario tab quotes ("one post fewer would cut unmet harm by ..."). A limit
that no plan can move by a whole post (each Detective Inspector floor of the
default workbook: held at 0 inspectors, no plan meets the other limits), or
that gains nothing from the whole post, is not named.

On the default workbook, re-planning each whole-post scenario with a limit
moved (a dev check, stage 1 to a 0.2% gap) agreed: Max change % of Internet
Investigations Unit, named, took 3,407 and 1,887 unmet harm off the
whole-post plans of "Rebalance within budget" and "HMICS recommendations";
the Detective Inspector floors, no longer named, took off nothing.

The budget (priced per £1m, some twenty posts' pay) and service floors
(always listed with their price: a trade-off an executive chose) are named
as the relaxation prices them. When every limit the relaxation names fails
the check, the plan is held back by planning in whole posts, and the result
says so (`PlanResult.held_by_whole_posts`, optimise.words).

**What it is not.** A proof: that would re-plan stage 1 in whole posts for
each limit, 2 to 18 s a limit on the default workbook. The rest of the plan
stays in fractions of a post in the check, so a whole-post plan could gain
less from a named limit than its quoted gain (or, by rounding elsewhere,
something from one not named).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import highspy
import pulp

from optimise import compat
from optimise.explain import SIGNIFICANT, Priced, first_and_floors, limit_words, priced_limits
from optimise.highs import HighsModel
from optimise.model import BUDGET, SERVICE_FLOOR, Model
from optimise.result import BindingLimit
from optimise.solver import StageSolver

#: At most this many limits are re-solved for one plan: the Message names three
#: limits and the scenario tab up to ten, budgets and floors among them; each
#: re-solve costs about 16 ms on the default workbook.
CHECKED = 12
#: Priced as the relaxation prices them (see the module's docstring).
AS_PRICED = (BUDGET, SERVICE_FLOOR)
INF = highspy.kHighsInf


def held_back(
    model: Model, held: StageSolver, time_limit: float, most: int = 10
) -> tuple[list[BindingLimit], bool]:
    """The relaxation's binding limits that a whole post moves to less unmet harm, and
    whether some were dropped with none left (then whole posts hold the plan back).

    `model` is the relaxation, solved for unmet harm by `held`, its duals on
    PuLP's rows. Nothing of it changes: PuLP keeps its values and duals, and
    HiGHS its bounds and optimal basis.
    """
    checker = _checker(model, held, time_limit)
    rows = compat.constraints(model.prob)
    kept: list[BindingLimit] = []
    dropped = checked = 0
    for priced in priced_limits(model):
        if priced.key[0] in AS_PRICED or checker is None:
            kept.append(limit_words(model, priced, priced.gain))
            continue
        if len(kept) >= most or checked >= CHECKED:
            continue  # cheaper than the ones listed already, or than every one tried
        checked += 1
        gain = _whole_post_gain(rows, checker, priced, time_limit)
        if gain > SIGNIFICANT:
            kept.append(limit_words(model, priced, gain))
        else:
            dropped += 1
    kept.sort(key=lambda b: (-b.harm_per_unit, b.words))
    return first_and_floors(kept, most), bool(dropped) and not kept


@dataclass(frozen=True)
class _Checker:
    """The relaxation held in HiGHS, and its optimum's unmet harm."""

    highs: HighsModel
    objective: float


def _whole_post_gain(
    rows: dict[str, pulp.LpConstraint], checker: _Checker, priced: Priced, time_limit: float
) -> float:
    """Unmet harm the relaxation sheds when the limit moves by one post and takes all of it.

    -inf if no plan can take the whole post; the dual's price if the re-solve
    stopped short of an answer (the limit is then named as before).
    """
    moved = {name: _one_post_out(rows[name]) for name in priced.rows}
    objective = checker.highs.what_if(moved, time_limit)
    if objective is None:
        return priced.gain
    return -math.inf if math.isinf(objective) else checker.objective - objective


def _one_post_out(row: pulp.LpConstraint) -> tuple[float, float]:
    """A limit's row moved out by one post: held there in a year it binds (it has a
    dual), only widened in a year it does not.

    Out is up for an upper bound, down for a lower bound, and for a
    ring-fence's equality the way its dual says frees a post (both ways, if none).
    """
    low, high, pi = row.getLb(), row.getUb(), row.pi or 0.0
    binds = abs(pi) > SIGNIFICANT
    if low is not None and high is not None and low == high:  # a ring-fence
        if not binds:
            return low - 1.0, high + 1.0
        at = low - 1.0 if pi > 0 else high + 1.0
        return at, at
    if high is not None:
        return (high + 1.0 if binds else -INF), high + 1.0
    return low - 1.0, (low - 1.0 if binds else INF)


def _checker(model: Model, held: StageSolver, time_limit: float) -> _Checker | None:
    """What to re-solve on: `held` itself, or (CBC's route) a copy solved by HiGHS.

    The copy's solve writes its plan onto PuLP's variables and rows; the
    relaxation's own values and duals are put back, since the result reads them.
    """
    if not isinstance(held, HighsModel):
        columns, rows = compat.columns(model.prob), list(compat.constraints(model.prob).values())
        values, duals = [v.varValue for v in columns], [r.pi for r in rows]
        held = HighsModel(model.prob, mip=False)
        outcome = held.solve(model.harm(), time_limit=time_limit)
        for var, value in zip(columns, values, strict=True):
            var.varValue = value
        for row, dual in zip(rows, duals, strict=True):
            row.pi = dual
        if not outcome.has_solution:
            return None
    return _Checker(held, float(held.highs.getInfo().objective_function_value))
