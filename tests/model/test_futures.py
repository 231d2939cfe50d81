"""Futures of demand (optimise/futures.py), drawn from the default workbook's own ranges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from optimise import Override, Scenario
from optimise.data import prepare
from optimise.futures import demand_of, draw_growth, future_hours, triangular
from optimise.scenario import apply_scenario
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from tests.processes import fte_copy


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    path = fte_copy(tmp_path_factory.mktemp("futures") / "Planner.xlsm")
    return check_workbook(FileWorkbook(path).read_tables())


def _ranges(inputs):
    demand = inputs.demand.set_index("Stream")
    mode = demand["Annual growth %"]
    return demand["Growth low %"].fillna(mode), mode, demand["Growth high %"].fillna(mode)


def test_every_draw_lies_in_its_streams_range_plus_the_adjustment(checked):
    scenario = Scenario("Faster demand", demand_growth_adjustment=0.03)
    growth = draw_growth(checked.inputs, scenario, 500, seed=7)
    low, mode, high = _ranges(checked.inputs)
    assert list(growth.columns) == list(checked.inputs.demand["Stream"])
    assert len(growth) == 500
    assert (growth.ge(low + 0.03 - 1e-12, axis=1)).all().all()
    assert (growth.le(high + 0.03 + 1e-12, axis=1)).all().all()
    uncertain = low < high
    assert uncertain.sum() >= 3, "the default workbook gives several streams a range"
    fixed = growth.loc[:, ~uncertain.to_numpy()]
    assert np.allclose(fixed.to_numpy(), (mode[~uncertain] + 0.03).to_numpy()[None, :])


def test_the_mean_of_many_draws_is_the_triangular_mean(checked):
    growth = draw_growth(checked.inputs, Scenario(), 40_000, seed=3)
    low, mode, high = _ranges(checked.inputs)
    expected = (low + mode + high) / 3
    assert np.allclose(growth.mean().to_numpy(), expected.to_numpy(), atol=1e-3)


def test_the_same_seed_draws_the_same_futures_and_another_seed_others(checked):
    one = draw_growth(checked.inputs, Scenario(), 50, seed=1)
    again = draw_growth(checked.inputs, Scenario(), 50, seed=1)
    other = draw_growth(checked.inputs, Scenario(), 50, seed=2)
    pd.testing.assert_frame_equal(one, again)
    assert not np.allclose(one.to_numpy(), other.to_numpy())


def test_giving_one_stream_a_range_leaves_the_other_streams_futures_as_they_were(checked):
    inputs = checked.inputs
    demand = inputs.demand.copy()
    fixed = demand.index[demand["Growth low %"].isna() & demand["Growth high %"].isna()][0]
    demand.loc[fixed, "Growth high %"] = demand.loc[fixed, "Annual growth %"] + 0.05
    before = draw_growth(inputs, Scenario(), 100, seed=5)
    after = draw_growth(inputs.with_tables(demand=demand), Scenario(), 100, seed=5)
    stream = demand.loc[fixed, "Stream"]
    pd.testing.assert_frame_equal(before.drop(columns=stream), after.drop(columns=stream))
    assert after[stream].std() > 0


def test_a_scenarios_override_of_a_range_is_drawn_from(checked):
    inputs = checked.inputs
    stream = inputs.demand["Stream"].iloc[0]

    scenario = Scenario(
        "Wide",
        overrides=(
            Override("Demand", stream, "Growth low %", -0.2),
            Override("Demand", stream, "Growth high %", 0.3),
        ),
    )
    growth = draw_growth(inputs, scenario, 2000, seed=1)[stream]
    assert growth.min() < -0.1 and growth.max() > 0.2


def test_triangular_quantiles_match_the_distribution():
    u = np.linspace(0, 1, 11)
    low, mode, high = np.array(0.0), np.array(0.25), np.array(1.0)
    x = triangular(u, low, mode, high)
    cdf = np.where(x < mode, x**2 / (high * mode), 1 - (high - x) ** 2 / (high * (high - mode)))
    assert np.allclose(cdf, u)
    assert np.allclose(triangular(u, mode, mode, mode), 0.25)


def test_a_future_planned_as_inputs_has_the_demand_hours_of_that_future(checked):
    scenario = Scenario("Faster demand", demand_growth_adjustment=0.02)
    inputs = apply_scenario(checked.inputs, scenario)
    growth = draw_growth(inputs, scenario, 3, seed=11)
    hours = future_hours(inputs, growth)
    for n in range(3):
        data = prepare(demand_of(inputs, growth.iloc[n], scenario), scenario)
        assert np.allclose(data.demand_hours, hours[n], rtol=1e-12)


def test_with_no_uncertainty_every_future_is_the_scenarios_own_demand(checked):
    inputs = checked.inputs
    demand = inputs.demand.assign(**{"Growth low %": np.nan, "Growth high %": np.nan})
    inputs = inputs.with_tables(demand=demand)
    scenario = Scenario("Faster demand", demand_growth_adjustment=0.02)
    hours = future_hours(inputs, draw_growth(inputs, scenario, 4, seed=9))
    own = prepare(inputs, scenario).demand_hours
    assert np.allclose(hours, own[None], rtol=1e-12)


@given(
    st.floats(-0.5, 0.5),
    st.floats(0, 0.5),
    st.floats(0, 0.5),
    st.lists(st.floats(0, 1), min_size=2, max_size=20),
)
def test_quantiles_rise_with_the_draw_and_stay_in_the_range(mode, below, above, draws):
    low, high = np.array(mode - below), np.array(mode + above)
    u = np.sort(np.array(draws))
    x = triangular(u, low, np.array(mode), high)
    assert np.all(np.diff(x) >= -1e-12)
    assert np.all(x >= low - 1e-12) and np.all(x <= high + 1e-12)
