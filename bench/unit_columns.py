"""The unit decomposition's bound (Dantzig-Wolfe), a measurement for docs/model.md.

A whole-post plan splits by unit: a unit's posts, changes, hours worked and
unmet hours meet its own rows (hours, demand, its limits), and only a few
rows link units (each year's budget, each role's growth and attrition, and
in stage 2 the row keeping stage 1's unmet harm). The decomposition's master
linear program picks, for each unit, a mix of whole-post plans of that unit
that meets the linking rows; each pricing problem is the unit's own small MIP
with the master's prices. When no unit has a plan that would lower the
master, the master's value is a lower bound for every whole-post plan, and
it is at least the linear relaxation's (the units' plans are whole).

It was measured to see whether that bound could prove a 1% gap where HiGHS's
branch and bound cannot. It could not (docs/model.md has the figures), so it
lives here and not in optimise/.
"""

from __future__ import annotations

import time
from itertools import pairwise

import highspy
import numpy as np
import scipy.sparse as sp

from optimise.highs import HighsModel
from optimise.model import Model

INF = highspy.kHighsInf


def column_bound(
    model: Model, solver: HighsModel, objective: np.ndarray, start: list[float]
) -> str:
    """The master's bound for `objective` over the model held in `solver`, in words.

    `start` is a whole-post plan meeting every row (the last stage's), so
    the master has a feasible column per unit from its first solve.
    """
    started = time.perf_counter()
    matrix, lower, upper = _rows(solver.highs)
    unit = _unit_of_columns(model, solver)
    linking = _linking_rows(matrix, unit)
    pricing = [
        _unit_problem(solver.highs, matrix, lower, upper, unit, u, linking)
        for u in range(unit.max() + 1)
    ]
    master = _master(lower[linking], upper[linking], len(pricing))
    link = matrix[linking]
    for u, (columns, _) in enumerate(pricing):
        _add_column(master, link, objective, columns, np.asarray(start)[columns], u)
    rounds, best = 0, -np.inf
    while True:
        rounds += 1
        master.run()
        value = master.getInfo().objective_function_value
        duals = np.array(master.getSolution().row_dual)
        prices, per_unit = duals[: link.shape[0]], duals[link.shape[0] :]
        reduced = objective - link.T @ prices
        lowest, added = 0.0, 0
        for u, (columns, highs) in enumerate(pricing):
            plan, plan_value, bound = _price(highs, reduced[columns])
            lowest += min(0.0, bound - per_unit[u])
            if plan_value - per_unit[u] < -1e-7:
                _add_column(master, link, objective, columns, plan, u)
                added += 1
        best = max(best, value + lowest)  # Lagrangian bound: valid at every round
        if not added:
            break
    return (
        f"bound {best:,.1f} (master {value:,.1f}) after {rounds} rounds, "
        f"{master.getNumCol()} columns, {linking.sum()} linking rows, "
        f"{time.perf_counter() - started:.0f} s"
    )


def _rows(highs: highspy.Highs) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    lp = highs.getLp()
    a = lp.a_matrix_
    shape = (lp.num_row_, lp.num_col_)
    matrix = sp.csc_matrix((a.value_, a.index_, a.start_), shape=shape).tocsr()
    return matrix, np.array(lp.row_lower_), np.array(lp.row_upper_)


def _unit_of_columns(model: Model, solver: HighsModel) -> np.ndarray:
    """Each column's unit: posts and changes by their unit, work and unmet by their stream's."""
    owner = {}
    for (i, j, t), var in np.ndenumerate(model.x):
        owner[var.name] = owner[model.inc[i, j, t].name] = owner[model.dec[i, j, t].name] = i
    for (k, _, _), var in model.y.items():
        owner[var.name] = model.data.stream_unit[k]
    for (k, _, _), var in np.ndenumerate(model.bands):
        owner[var.name] = model.data.stream_unit[k]
    return np.array([owner[var.name] for var in solver.columns])


def _linking_rows(matrix: sp.csr_matrix, unit: np.ndarray) -> np.ndarray:
    """Rows whose columns belong to more than one unit."""
    return np.array([len(set(unit[matrix.indices[s:e]])) > 1 for s, e in pairwise(matrix.indptr)])


def _unit_problem(highs, matrix, lower, upper, unit, u, linking):
    """Unit u's own rows and columns, whole posts kept whole, as a HiGHS model."""
    columns = np.flatnonzero(unit == u)
    rows = [
        r
        for r in np.flatnonzero(~linking)
        if matrix.indptr[r] < matrix.indptr[r + 1] and unit[matrix.indices[matrix.indptr[r]]] == u
    ]
    lp = highs.getLp()
    own = matrix[rows][:, columns].tocsr()
    pricing = highspy.Highs()
    pricing.setOptionValue("output_flag", False)
    pricing.setOptionValue("mip_rel_gap", 0.0)
    n = len(columns)
    empty = np.zeros(0, np.int32)
    low, high = np.array(lp.col_lower_)[columns], np.array(lp.col_upper_)[columns]
    pricing.addCols(n, np.zeros(n), low, high, 0, empty, empty, np.zeros(0))
    pricing.addRows(
        len(rows), lower[rows], upper[rows], own.nnz, own.indptr.astype(np.int32),
        own.indices.astype(np.int32), own.data,
    )  # fmt: skip
    whole = np.flatnonzero(np.array(lp.integrality_)[columns] == highspy.HighsVarType.kInteger)
    kinds = np.full(len(whole), highspy.HighsVarType.kInteger)
    pricing.changeColsIntegrality(len(whole), whole.astype(np.int32), kinds)
    return columns, pricing


def _master(lower: np.ndarray, upper: np.ndarray, units: int) -> highspy.Highs:
    """The linking rows' bounds, then one 'a plan per unit' row each, with no columns yet."""
    master = highspy.Highs()
    master.setOptionValue("output_flag", False)
    low = np.concatenate([np.where(np.isfinite(lower), lower, -INF), np.ones(units)])
    high = np.concatenate([np.where(np.isfinite(upper), upper, INF), np.ones(units)])
    empty = np.zeros(len(low), np.int32)
    master.addRows(len(low), low, high, 0, empty, np.zeros(0, np.int32), np.zeros(0))
    return master


def _add_column(master, link, objective, columns, plan, u) -> None:
    full = np.zeros(link.shape[1])
    full[columns] = plan
    coefficients = link @ full
    rows = np.flatnonzero(np.abs(coefficients) > 1e-12)
    index = np.append(rows, link.shape[0] + u).astype(np.int32)
    master.addCol(
        float(objective @ full), 0.0, INF, len(index), index, np.append(coefficients[rows], 1.0)
    )


def _price(highs: highspy.Highs, cost: np.ndarray) -> tuple[np.ndarray, float, float]:
    """The unit's best plan at these prices, its value and the proven bound on it."""
    highs.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
    highs.run()
    info = highs.getInfo()
    return (
        np.array(highs.getSolution().col_value),
        info.objective_function_value,
        info.mip_dual_bound,
    )
