"""The model's own checks of the new inputs: each problem at its table, key and column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimise import InputError, plan
from optimise.checks import check_inputs
from tests.cases import instance


def division(roles=None, streams=None, curve=None):
    """One unit, two roles and a stream, with whatever the test changes."""
    return instance(
        units={"NCAIU": {"branch": "Public Protection"}},
        roles=roles or {"DC": {}, "DS": {}},
        posts={("NCAIU", "DC"): 6, ("NCAIU", "DS"): 1},
        streams=streams or {"OCSA": {"unit": "NCAIU", "cases": 100}},
        harm_curve=curve,
        horizon=1,
        whole_posts=False,
    )


def found(inputs) -> list[tuple]:
    return [(p.table, p.key, p.column, p.message) for p in check_inputs(inputs)]


def test_a_sound_curve_spans_and_growth_range_pass():
    inputs = division(
        roles={"DC": {"boss": "DS", "span": 6}, "DS": {}},
        streams={"OCSA": {"unit": "NCAIU", "cases": 100, "floor": 0.6}},
        curve={0.6: 2.0, 0.3: 2.0, 0.8: 1.0},
    )
    assert found(inputs) == []


@pytest.mark.parametrize(
    "curve, problem",
    [
        (
            {0.8: 3.0, 0.4: 2.0},
            (
                "HarmCurve",
                (0.4,),
                "Harm multiplier",
                "Harm multiplier (2) below 40% coverage is smaller than below 80% (3): "
                "it should not fall as coverage falls",
            ),
        ),
        (
            {0.5: 0.5},
            (
                "HarmCurve",
                (0.5,),
                "Harm multiplier",
                "Harm multiplier (0.5) should be at least 1: "
                "work left below a level weighs at least its harm weight",
            ),
        ),
        (
            {1.0: 2.0},
            (
                "HarmCurve",
                (1.0,),
                "Coverage below",
                "Coverage below (100%) should be above 0% and below 100%",
            ),
        ),
        (
            {0.0: 2.0},
            (
                "HarmCurve",
                (0.0,),
                "Coverage below",
                "Coverage below (0%) should be above 0% and below 100%",
            ),
        ),
    ],
    ids=["falls", "below 1", "level 100%", "level 0%"],
)
def test_a_curve_the_model_cannot_use_is_refused_at_its_row(curve, problem):
    assert found(division(curve=curve)) == [problem]


def test_a_repeated_curve_level_is_refused_at_the_repeat():
    inputs = division()
    inputs = inputs.with_tables(
        harm_curve=pd.DataFrame({"Coverage below": [0.5, 0.5], "Harm multiplier": [2.0, 2.0]})
    )
    assert found(inputs) == [
        ("HarmCurve", (0.5,), "Coverage below", "the level 50% appears more than once")
    ]


@pytest.mark.parametrize(
    "roles, problem",
    [
        (
            {"DC": {"boss": "DCI", "span": 6}, "DS": {}},
            ("Roles", ("DC",), "Supervised by", '"DCI" is not a role in the Roles table'),
        ),
        (
            {"DC": {"boss": "DC", "span": 6}, "DS": {}},
            ("Roles", ("DC",), "Supervised by", "DC cannot supervise itself"),
        ),
        (
            {"DC": {"boss": "DS", "span": 0}, "DS": {}},
            ("Roles", ("DC",), "Span of control", "Span of control (0) should be above 0"),
        ),
        (
            {"DC": {"span": 6}, "DS": {}},
            (
                "Roles",
                ("DC",),
                "Span of control",
                "Span of control is given for DC but Supervised by is blank",
            ),
        ),
        (
            {"DC": {"boss": "DS", "span": 6}, "DS": {"boss": "DC"}},
            (
                "Roles",
                ("DC",),
                "Supervised by",
                "supervision goes round in a circle (DC by DS, DS by DC): "
                "one of them must have no supervisor",
            ),
        ),
    ],
    ids=["unknown", "itself", "span 0", "span alone", "circle"],
)
def test_supervision_that_makes_no_sense_is_refused_at_its_cell(roles, problem):
    assert found(division(roles=roles)) == [problem]


def test_growth_range_and_floor_outside_their_bounds_are_refused():
    inputs = division(streams={"OCSA": {"unit": "NCAIU", "cases": 100, "floor": 1.2}})
    demand = inputs.demand.copy()
    demand["Annual growth %"] = 0.05
    demand["Growth low %"] = 0.1
    demand["Growth high %"] = 0.02
    assert sorted(found(inputs.with_tables(demand=demand))) == [
        (
            "Demand",
            ("OCSA",),
            "Growth high %",
            "Growth high % (2%) is below Annual growth % (5%)",
        ),
        ("Demand", ("OCSA",), "Growth low %", "Growth low % (10%) is above Annual growth % (5%)"),
        ("Demand", ("OCSA",), "Min coverage %", "Min coverage % (1.2) should be at most 1"),
    ]


def test_plan_refuses_inconsistent_inputs_with_every_problem():
    inputs = division(roles={"DC": {"boss": "DC", "span": -1.0}, "DS": {}}, curve={0.5: 0.9})
    with pytest.raises(InputError) as error:
        plan(inputs)
    assert len(error.value.problems) == 3
    assert np.isnan(inputs.demand["Min coverage %"].iloc[0])
