"""Plan for = Uncertain demand with nothing uncertain: every future is the expected one.

The plan is then the expected-demand plan, made as many times over as
Robust samples says: slower, and no more robust. Most likely the ranges
(Demand's Growth low % and Growth high %) were never filled in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimise.robust import for_uncertain_demand
from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of


def uncertain_demand_without_ranges(
    tables: dict[str, RawTable], checked: CheckedInputs
) -> list[CellProblem]:
    inputs = checked.inputs
    if not for_uncertain_demand(inputs.settings) or _any_range(inputs.demand):
        return []
    futures = inputs.settings.robust_samples
    return [
        CellProblem(
            cell_of(tables["Settings"], {"Setting": "Plan for"}, "Value"),
            "Plan for is Uncertain demand, but no stream in the Demand table has a Growth "
            "low % or Growth high % other than its Annual growth %: every future of demand is "
            f"the expected one, so each scenario's plan is the expected-demand plan, made for "
            f"{futures} identical futures. Give the streams whose growth is uncertain a range, "
            "or set Plan for to Expected demand.",
        )
    ]


def _any_range(demand: pd.DataFrame) -> bool:
    """Some stream whose low or high growth differs from its Annual growth %."""
    mode = demand["Annual growth %"].to_numpy(float)
    for column in ("Growth low %", "Growth high %"):
        if column not in demand:
            continue
        bound = pd.to_numeric(demand[column], errors="coerce").to_numpy(float)
        if np.any(~np.isnan(bound) & (bound != mode)):
            return True
    return False
