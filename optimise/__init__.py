"""The planning model: which posts go where, to leave the least harm unaddressed.

Pure Python on pandas and PuLP; it knows nothing of Excel. `plan(inputs,
scenario)` takes the domain tables and returns a `PlanResult`.
"""

from optimise.inputs import (
    InputError,
    InputProblem,
    Override,
    PlanInputs,
    Scenario,
    Settings,
)
from optimise.plan import plan
from optimise.result import BindingLimit, Fix, PlanResult

__all__ = [
    "BindingLimit",
    "Fix",
    "InputError",
    "InputProblem",
    "Override",
    "PlanInputs",
    "PlanResult",
    "Scenario",
    "Settings",
    "plan",
]
