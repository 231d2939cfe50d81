"""The one rounding rule for every figure Planner writes (docs/model.md, "Rounding").

Solvers and sums leave noise in the last bits (1.8189894035458565e-12 served
hours, 13891.500000000002 demand hours). A value within a millionth of a whole
number is that number; any other keeps 6 decimals. Rounding harder was tried
and pushed plans over their limits (a pound over budget), so 6 it stays.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Values this close to a whole number are that number: solver noise.
SNAP = 1e-6
#: Decimals kept otherwise.
DECIMALS = 6


def tidy_array(values: np.ndarray) -> np.ndarray:
    """An array of floats under the rule; NaN stays NaN, and -0.0 becomes 0.0."""
    values = np.asarray(values, dtype=float)
    nearest = np.round(values)
    out = np.where(np.abs(values - nearest) < SNAP, nearest, np.round(values, DECIMALS))
    return out + 0.0


def tidy(value: Any) -> Any:
    """One value under the rule: floats (numpy's too) rounded, anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, float | np.floating):
        return value
    return float(tidy_array(np.array([float(value)]))[0])
