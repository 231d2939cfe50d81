"""Solved variables -> the plan and coverage tables, and the headline figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimise.data import ModelData
from optimise.model import Model
from optimise.moves import Flows, moves_table
from optimise.result import COVERAGE_COLUMNS, PLAN_COLUMNS
from optimise.rounding import tidy_array


def values(variables: np.ndarray) -> np.ndarray:
    """Solution values of an array of variables, solver noise removed (optimise.rounding)."""
    out = np.array([v.value() or 0.0 for v in variables.ravel()], dtype=float)
    return tidy_array(out.reshape(variables.shape))


def posts(model: Model) -> np.ndarray:
    """x[unit, role, t], whole when the model is."""
    x = values(model.x)
    return np.round(x) if model.integer else x


def unmet(model: Model) -> np.ndarray:
    """Unmet hours s[stream, t]: the harm curve's bands added up (a robust plan: the futures' mean)."""
    if model.futures:
        return np.mean([unmet(future) for future in model.futures], axis=0)
    return values(model.bands).sum(axis=2)


def model_unmet_harm(model: Model) -> float:
    """A solved model's unmet harm, from its unmet hours (a robust plan: the futures' mean).

    The mean of each future's harm, not the harm of the mean unmet hours:
    with a harm curve the two differ.
    """
    if model.futures:
        return float(np.mean([model_unmet_harm(future) for future in model.futures]))
    return unmet_harm(model.data, unmet(model))


def plan_table(data: ModelData, x: np.ndarray) -> pd.DataFrame:
    """Year, Unit, Role, Baseline posts, Posts, Change (Posts - Baseline posts).

    A unit-role pair with no posts today and none planned in a year is left out.
    """
    nu, nr, nt = x.shape
    i, j, t = np.meshgrid(np.arange(nu), np.arange(nr), np.arange(nt), indexing="ij")
    frame = pd.DataFrame(
        {
            "Year": np.array(data.years)[t.ravel()],
            "Unit": np.array(data.units, dtype=object)[i.ravel()],
            "Role": np.array(data.roles, dtype=object)[j.ravel()],
            "Baseline posts": data.baseline[i.ravel(), j.ravel()],
            "Posts": x.ravel(),
        }
    )
    frame["Change"] = frame["Posts"] - frame["Baseline posts"]
    keep = (frame["Baseline posts"] != 0) | (frame["Posts"] != 0)
    return frame[keep].sort_values(["Year", "Unit", "Role"], ignore_index=True)[PLAN_COLUMNS]


def coverage_table(data: ModelData, unmet_hours: np.ndarray) -> pd.DataFrame:
    """Year, Stream, Unit, Demand hours, Served hours, Unmet cases, Coverage %."""
    nd, nt = unmet_hours.shape
    k, t = np.meshgrid(np.arange(nd), np.arange(nt), indexing="ij")
    demand = data.demand_hours.ravel()
    unmet = np.clip(unmet_hours.ravel(), 0.0, demand)
    served = demand - unmet
    frame = pd.DataFrame(
        {
            "Year": np.array(data.years)[t.ravel()],
            "Stream": np.array(data.streams, dtype=object)[k.ravel()],
            "Unit": np.array(data.units, dtype=object)[data.stream_unit[k.ravel()]],
            "Demand hours": demand,
            "Served hours": served,
            "Unmet cases": unmet / data.hours_per_case[k.ravel()],
            "Coverage %": np.divide(served, demand, out=np.ones_like(demand), where=demand > 0),
        }
    )
    return frame.sort_values(["Year", "Stream"], ignore_index=True)[COVERAGE_COLUMNS]


def unmet_harm(data: ModelData, unmet_hours: np.ndarray) -> float:
    """Stage 1's value for these unmet hours: the harm curve's cheapest bands fill first."""
    foot = np.concatenate(
        [[0.0], np.cumsum(data.band_width)[:-1]]
    )  # unmet share where each band starts
    harm = 0.0
    for start, width, multiplier in zip(foot, data.band_width, data.band_multiplier, strict=True):
        in_band = np.clip(unmet_hours - start * data.demand_hours, 0.0, width * data.demand_hours)
        harm += multiplier * float((data.harm_per_hour[:, None] * in_band).sum())
    return harm


def coverage_share(data: ModelData, unmet_hours: np.ndarray, t: int) -> float:
    """Served hours over demand hours, all streams, in year t (0-based)."""
    demand = data.demand_hours[:, t].sum()
    if demand <= 0:
        return 1.0
    return float((demand - np.clip(unmet_hours[:, t], 0, None).sum()) / demand)


def lowest_coverage(data: ModelData, unmet_hours: np.ndarray, t: int) -> tuple[float | None, str]:
    """The least of the streams' own coverage in year t (0-based), and which stream.

    A stream with no demand that year is fully covered; of streams equally low,
    the first in the Demand table is named.
    """
    demand = data.demand_hours[:, t]
    if not len(demand):
        return None, ""
    served = demand - np.clip(unmet_hours[:, t], 0.0, demand)
    share = np.divide(served, demand, out=np.ones_like(demand), where=demand > 0)
    k = int(np.argmin(share))
    return float(share[k]), data.streams[k]


def plan_moves(
    data: ModelData, x: np.ndarray, whole: bool, flows: Flows | None = None
) -> pd.DataFrame:
    """The plan x[unit, role, t] as transfers, recruitment and attrition (optimise.moves).

    `flows`: the plan's gross flows, for the roles with a Turnover % (rule 13).
    """
    return moves_table(
        data.baseline,
        x,
        data.units,
        data.branches,
        data.roles,
        data.years,
        whole=whole,
        months=data.months_to_productive,
        flows=flows,
    )


def flows(model: Model) -> Flows | None:
    """The solved plan's gross flows inc, dec and out, when rule 13 applies (else None)."""
    if not model.out:
        return None
    out = np.zeros(model.x.shape)
    for key, var in model.out.items():
        out[key] = var.value() or 0.0
    found = [values(model.inc), values(model.dec), tidy_array(out)]
    if model.integer:
        found = [np.round(f) for f in found]
    return Flows(*found, turnover=model.data.turnover)


def support_hours(data: ModelData, unmet_hours: np.ndarray) -> float | None:
    """Final-year hours that units outside Public Protection serve to its work.

    The streams counted are those whose Serves is Public Protection; None when
    no stream says so (the inspectorate's question cannot be answered).
    """
    chosen = data.serves_public_protection
    if not chosen.any():
        return None
    served = data.demand_hours[chosen, -1] - np.clip(unmet_hours[chosen, -1], 0.0, None)
    return float(served.sum())


def public_protection_share(data: ModelData, posts_by_unit: np.ndarray) -> float | None:
    total = posts_by_unit.sum()
    if total <= 0:
        return None
    return float(posts_by_unit[data.public_protection].sum() / total)


def pay_bill(data: ModelData, x_year: np.ndarray) -> float:
    """Cost of a year's posts, £: sum over unit and role of cost x (1 - Vacancy %) x posts."""
    return float((x_year * data.pay[None, :]).sum())
