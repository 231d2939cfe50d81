"""optimise.checks.scenario_problems: the same problems as checking a scenario's inputs whole.

planner.check checks every scenario before a run; a scenario without overrides is
not checked whole again, only its own fields. That shortcut must never find other
problems than the whole check, with overrides or without, with problems or none.
"""

from __future__ import annotations

import numpy as np
import pytest

from optimise.checks import check_inputs, scenario_problems
from optimise.inputs import Override, Scenario
from optimise.scenario import apply_scenario
from tests.cases import instance


def _inputs(broken: bool):
    """Two units, one role; `broken`: a Min posts above Max posts (a problem of the inputs)."""
    return instance(
        units={
            "NCAIU": {"branch": "Public Protection", "min": 9 if broken else np.nan, "max": 6},
            "Drugs": {"branch": "Crime"},
        },
        roles={"DC": {"cost": 50_000, "hours": 1_000}},
        posts={("NCAIU", "DC"): 5, ("Drugs", "DC"): 3},
        streams={
            "OCSA": {"unit": "NCAIU", "cases": 100, "hours": 10, "weight": 100},
            "Supply": {"unit": "Drugs", "cases": 50, "hours": 20, "weight": 10},
        },
        budget={2027: 500_000},
        horizon=1,
    )


SCENARIOS = [
    Scenario("As it is"),
    Scenario("Cut", budget_change=-0.05),
    Scenario("Protect a unit that is not there", protected_units=("Firearms",)),
    Scenario("Overridden", overrides=(Override("Units", "Drugs", "Max posts", 1.0),)),
    Scenario(
        "Overridden badly",
        protected_units=("Nowhere",),
        overrides=(Override("Units", "NCAIU", "Min posts", 8.0),),
    ),
]


@pytest.mark.parametrize("broken", [False, True], ids=["sound inputs", "a problem in the inputs"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_the_same_problems_as_the_whole_check(broken, scenario):
    inputs = _inputs(broken)
    base = check_inputs(inputs)
    assert bool(base) == broken  # the instance is what it says
    whole = check_inputs(apply_scenario(inputs, scenario), scenario)
    assert scenario_problems(inputs, scenario, base) == whole


def test_a_scenario_of_its_own_fields_only_is_still_checked():
    found = scenario_problems(_inputs(False), SCENARIOS[2], [])
    assert len(found) == 1 and "Firearms" in found[0].message
