"""Service floors, the harm curve, spans of control and rule 11, worked by hand.

Each test is a division a planner could draw on a napkin; the comments give
the arithmetic of the optimum, and the model must reach the same numbers in
whole-post and FTE mode.
"""

from __future__ import annotations

import pandas as pd
import pytest

from optimise import Override, PlanInputs, Scenario, plan
from optimise.inputs import DEMAND_COLUMNS, ROLE_COLUMNS
from optimise.model import SERVICE_FLOOR, SUPERVISION
from optimise.result import INFEASIBLE, OPTIMAL
from tests.cases import BOTH_MODES, budget_case, instance, posts, posts_in


def diagnosis(inputs) -> str:
    """What the planner reads when no plan meets every limit (the run says Infeasible)."""
    result = plan(inputs)
    assert result.status == INFEASIBLE
    return result.message


def coverage(result, stream: str, year: int) -> float:
    rows = result.coverage
    row = rows[(rows["Stream"] == stream) & (rows["Year"] == year)]
    return float(row["Coverage %"].iloc[0])


def two_streams(whole: bool, horizon: int = 1, **extra) -> PlanInputs:
    """Public Protection's 10 DCs (1,000 h each) and two streams of 10,000 h a year.

    Rape investigations: 1,000 cases x 10 h, harm 100 each. Victim
    identification: 1,000 cases x 10 h, harm 10 each. The budget (£500k a
    year) holds the unit at its 10 posts, so only 10,000 of 20,000 h are worked.
    """
    streams = {
        "Rape investigations": {"unit": "PPU", "cases": 1_000, "hours": 10, "weight": 100},
        "Victim identification": {"unit": "PPU", "cases": 1_000, "hours": 10, "weight": 10},
    }
    for name, floor in extra.pop("floors", {}).items():
        streams[name]["floor"] = floor
    return instance(
        units={"PPU": {"branch": "Public Protection"}},
        roles={"DC": {"cost": 50_000, "hours": 1_000}},
        posts={("PPU", "DC"): 10},
        streams=streams,
        budget={2027: 500_000},
        horizon=horizon,
        whole_posts=whole,
        **extra,
    )


@BOTH_MODES
def test_a_binding_floor_holds_a_stream_up_and_is_listed_with_its_price(whole):
    # Linear harm puts every hour on rape (100 a case against 10): victim
    # identification would get nothing. Its floor of 30% keeps 3,000 h there,
    # so rape gets 7,000 h. Unmet each year: 300 rape cases x 100 = 30,000 and
    # 700 VI cases x 10 = 7,000, so 37,000 a year, 74,000 over two years.
    # Price: one more point of the floor is 1% of 10,000 h = 100 h = 10 cases
    # moved from rape to VI: +1,000 - 100 = 900 unmet harm a year, 1,800 over
    # the two years (the price sums the years: the floor holds in each).
    inputs = two_streams(whole, horizon=2, floors={"Victim identification": 0.3})
    result = plan(inputs)
    assert result.status == OPTIMAL
    assert result.unmet_harm == pytest.approx(74_000)
    for year in (2027, 2028):
        # (a whole-post solve meets rows to HiGHS's feasibility tolerance, 1e-6 of 10,000 h)
        assert coverage(result, "Victim identification", year) == pytest.approx(0.3, abs=1e-5)
        assert coverage(result, "Rape investigations", year) == pytest.approx(0.7, abs=1e-5)
    floors = [b for b in result.binding_limits if b.family == SERVICE_FLOOR]
    assert len(floors) == 1
    assert floors[0].words == "Min coverage % of Victim identification (30%)"
    assert floors[0].unit == "percentage point"
    assert floors[0].harm_per_unit == pytest.approx(1_800)
    assert result.message.endswith(
        "Min coverage % of Victim identification (30%), "
        "each point of which costs 1,800 unmet harm elsewhere."
    )


@BOTH_MODES
def test_the_harm_curve_spreads_work_that_linear_harm_would_starve(whole):
    # Without a curve: all 10,000 h go to rape (harm 100 a case): VI closes,
    # 1,000 cases x 10 = 10,000 unmet harm.
    # Curve: below 50% coverage each further unmet case weighs 20 times.
    # Unmet shares [0, 50%) weigh x1 and [50%, 100%] x20. Per unmet hour:
    # rape 10 (x1) or 200 (x20); VI 1 (x1) or 20 (x20). The 10,000 h go to the
    # dearest bands first: rape's x20 band (5,000 h), then VI's x20 band
    # (5,000 h). Both streams end at 50%; unmet: 500 rape cases x 100 = 50,000
    # plus 500 VI cases x 10 = 5,000, so 55,000. Today's 10 posts can do the
    # same, so baseline unmet harm is 55,000 too, by the same curve.
    linear = plan(two_streams(whole))
    assert linear.unmet_harm == pytest.approx(10_000)
    assert coverage(linear, "Victim identification", 2027) == pytest.approx(0.0, abs=1e-6)

    curved = plan(two_streams(whole, harm_curve={0.5: 20.0}))
    assert curved.status == OPTIMAL
    assert curved.unmet_harm == pytest.approx(55_000)
    assert curved.baseline_unmet_harm == pytest.approx(55_000)
    assert coverage(curved, "Rape investigations", 2027) == pytest.approx(0.5)
    assert coverage(curved, "Victim identification", 2027) == pytest.approx(0.5)


@pytest.mark.parametrize(
    "whole, supervisors, constables, unmet",
    [(True, 2, 7, 1_000), (False, 1.8, 7.2, 800)],
    ids=["whole posts", "fractional"],
)
def test_a_span_of_control_forces_a_supervisor(whole, supervisors, constables, unmet):
    # The Rape Task Force has 4 DCs and 1 DS; 8,000 h of investigations
    # (800 cases x 10 h, harm 10 each), which only DCs work; both cost £50k
    # and the £450k budget buys 9 posts. Without a span: 8 DCs + 1 DS, nothing
    # unmet. With at most 4 DCs per DS: DC <= 4 DS and DC + DS <= 9.
    # Fractional: DS = 1.8, DC = 7.2: 800 h (80 cases) unmet = 800 harm.
    # Whole posts: DS = 2, DC = 7: 1,000 h (100 cases) unmet = 1,000 harm.
    roles = {"DC": {"cost": 50_000, "hours": 1_000}, "DS": {"cost": 50_000, "hours": 1_000}}
    unit = {"Rape Task Force": {"branch": "Public Protection"}}
    streams = {"Rape": {"unit": "Rape Task Force", "cases": 800, "hours": 10, "weight": 10}}
    staff = {("Rape Task Force", "DC"): 4, ("Rape Task Force", "DS"): 1}
    skills = {("Rape", "DC"): 1.0}
    budget = {2027: 450_000}
    free = plan(instance(unit, roles, staff, streams, skills, budget, horizon=1, whole_posts=whole))
    assert free.unmet_harm == pytest.approx(0)
    assert posts_in(free, "Rape Task Force", 2027, "DC") == posts(8)

    roles["DC"] |= {"boss": "DS", "span": 4}
    spanned = plan(
        instance(unit, roles, staff, streams, skills, budget, horizon=1, whole_posts=whole)
    )
    assert spanned.status == OPTIMAL
    assert spanned.unmet_harm == pytest.approx(unmet)
    assert posts_in(spanned, "Rape Task Force", 2027, "DS") == posts(supervisors)
    assert posts_in(spanned, "Rape Task Force", 2027, "DC") == posts(constables)
    spans = [b for b in spanned.binding_limits if b.family == SUPERVISION]
    assert spans[0].words == "Span of control of DC in Rape Task Force (4 per DS)"


@BOTH_MODES
def test_rule_11_fills_a_min_posts_floor_with_posts_that_have_the_work(whole):
    # Surveillance has 8 Surveillance Officers (£50k) for 6,000 h of work and
    # a Min posts of 10. Case Support Officers (£30k) work only Case Support's
    # stream. Without rule 11 the cheapest padding (stage 3) would be 2 CSOs
    # in Surveillance (£460k there); rule 11 lets no CSO be added where CSOs
    # have no work, so Surveillance gets 2 more SOs: 10 SOs (£500k) and Case
    # Support keeps its 3 CSOs (£90k): £590k.
    inputs = instance(
        units={"Surveillance": {"min": 10}, "Case Support": {}},
        roles={"SO": {"cost": 50_000}, "CSO": {"cost": 30_000}},
        posts={("Surveillance", "SO"): 8, ("Case Support", "CSO"): 3},
        streams={
            "Covert deployments": {"unit": "Surveillance", "cases": 600, "hours": 10},
            "Case files": {"unit": "Case Support", "cases": 300, "hours": 10},
        },
        skills={("Covert deployments", "SO"): 1.0, ("Case files", "CSO"): 1.0},
        budget={2027: 1_000_000},
        horizon=1,
        whole_posts=whole,
    )
    result = plan(inputs)
    assert result.status == OPTIMAL
    assert posts_in(result, "Surveillance", 2027, "SO") == posts(10)
    assert posts_in(result, "Surveillance", 2027, "CSO") == posts(0)
    assert posts_in(result, "Case Support", 2027, "CSO") == posts(3)
    assert result.final_year_cost == pytest.approx(590_000)


@BOTH_MODES
def test_a_floor_that_cannot_be_met_is_diagnosed_with_the_exact_fix(whole):
    # Victim identification: 10,000 cases x 10 h = 100,000 h a year; a DC
    # gives 1,000 h for £50k. Its floor of 60% needs 60 DCs (£3.0m). The 60
    # DCs are affordable in 2027, but the 2028 budget of £2.2m buys 44: 44%.
    # Either lower the floor to 44%, or raise the 2028 budget by £800k.
    inputs = instance(
        units={"OCSA Victim Identification": {"branch": "Public Protection"}},
        roles={"DC": {"cost": 50_000, "hours": 1_000}},
        posts={("OCSA Victim Identification", "DC"): 60},
        streams={
            "Victim identification": {
                "unit": "OCSA Victim Identification",
                "cases": 10_000,
                "hours": 10,
                "weight": 50,
                "floor": 0.6,
            }
        },
        budget={2027: 3_000_000, 2028: 2_200_000},
        horizon=2,
        whole_posts=whole,
    )
    assert diagnosis(inputs) == (
        "No plan meets every limit: they conflict. Any one of these would allow one: "
        "raise the 2028 budget by £800k; "
        "or lower Min coverage % of Victim identification from 60% to 44%."
    )


def test_inputs_made_before_the_new_columns_plan_as_before():
    # The budget case (tests/cases.py), with the tables as
    # callers built them before this issue: no Supervised by, Span of
    # control, Growth low/high %, Min coverage %, Serves, and no harm curve
    # (PlanInputs built from seven tables). £400k buys 8 posts: 2,000 h (200
    # cases x 100) unmet = 20,000; today's 5 posts leave 50,000.
    full = budget_case(whole=False)
    old_roles = full.roles[ROLE_COLUMNS[:6]]
    old_demand = full.demand[DEMAND_COLUMNS[:6]]
    old = PlanInputs(
        full.settings,
        full.units,
        old_roles,
        full.establishment,
        old_demand,
        full.skills,
        full.budget,
    )
    assert "Min coverage %" not in old.demand.columns
    before, now = plan(old), plan(full)
    assert before.status == OPTIMAL
    assert before.unmet_harm == pytest.approx(20_000)
    assert before.baseline_unmet_harm == pytest.approx(50_000)
    assert posts_in(before, "NCAIU", 2027) == posts(8)
    pd.testing.assert_frame_equal(before.plan, now.plan)
    assert before.message == now.message
    assert before.pp_support_hours_after is None
    # A scenario may still set a floor on such inputs: the column reads as blank first.
    floor = Override("Demand", "OCSA", "Min coverage %", 0.9)
    floored = plan(old, Scenario("Floor", overrides=(floor,)))
    assert floored.status == INFEASIBLE
    assert "lower Min coverage % of OCSA from 90% to 80%" in floored.message


def test_support_tasked_to_public_protection_is_counted_before_and_after():
    # Digital Forensics (Specialist Crime Support) has 2 examiners (1,000 h
    # each, £50k); the £250k budget buys 4 with NCAIU's DC. Its child abuse devices (300 x
    # 10 h, harm 50, Serves Public Protection) outweigh drugs devices (200 x
    # 10 h, harm 5). Today's 2,000 h all go to child abuse: 2,000 h of
    # support. The plan's 4,000 h serve all 3,000 h of child abuse and 1,000 h
    # of drugs: 3,000 h. NCAIU's own work (in Public Protection, even marked
    # Serves Public Protection) is not support from outside, so not counted.
    inputs = instance(
        units={
            "Digital Forensics": {"branch": "Specialist Crime Support"},
            "NCAIU": {"branch": "Public Protection"},
        },
        roles={"Examiner": {"cost": 50_000, "hours": 1_000}, "DC": {"cost": 50_000}},
        posts={("Digital Forensics", "Examiner"): 2, ("NCAIU", "DC"): 1},
        streams={
            "Child abuse devices": {
                "unit": "Digital Forensics",
                "cases": 300,
                "hours": 10,
                "weight": 50,
                "serves": "Public Protection",
            },
            "Drugs devices": {"unit": "Digital Forensics", "cases": 200, "hours": 10, "weight": 5},
            "OCSA": {
                "unit": "NCAIU",
                "cases": 100,
                "hours": 10,
                "weight": 100,
                "serves": "Public Protection",
            },
        },
        skills={
            ("Child abuse devices", "Examiner"): 1.0,
            ("Drugs devices", "Examiner"): 1.0,
            ("OCSA", "DC"): 1.0,
        },
        budget={2027: 250_000},
        horizon=1,
        whole_posts=False,
    )
    result = plan(inputs)
    assert result.status == OPTIMAL
    assert posts_in(result, "Digital Forensics", 2027) == posts(4)
    assert result.pp_support_hours_before == pytest.approx(2_000)
    assert result.pp_support_hours_after == pytest.approx(3_000)


@BOTH_MODES
def test_a_span_that_today_breaks_is_diagnosed_in_words(whole):
    # The Rape Task Force has 8 DCs and 1 DS, at most 4 DCs per DS, and may
    # not change at all (Max change % 0). Either let it change by one post (a
    # second DS: 1 post of 9 is 11.1%), or widen the span to the 8 DCs the one
    # DS has today.
    inputs = instance(
        units={"Rape Task Force": {"branch": "Public Protection", "change": 0.0}},
        roles={"DC": {"boss": "DS", "span": 4}, "DS": {}},
        posts={("Rape Task Force", "DC"): 8, ("Rape Task Force", "DS"): 1},
        streams={"Rape": {"unit": "Rape Task Force", "cases": 800, "hours": 10}},
        skills={("Rape", "DC"): 1.0},
        budget={2027: 1_000_000},
        horizon=1,
        whole_posts=whole,
    )
    assert diagnosis(inputs) == (
        "No plan meets every limit: they conflict. Any one of these would allow one: "
        "raise Max change % of Rape Task Force from 0% to 11.1%; "
        "or raise Span of control of DC from 4 to 8."
    )


@BOTH_MODES
def test_rule_11_against_a_min_posts_floor_is_diagnosed_in_words(whole):
    # Surveillance must hold 12 posts; its 8 SOs may not grow (Max growth per
    # year 0) and its 2 CSOs have no work there, so may not grow either.
    # Ways out: lower Min posts by 2, let SOs grow by 2, or give CSOs work in
    # Surveillance so that 2 can be added.
    inputs = instance(
        units={"Surveillance": {"min": 12}},
        roles={"SO": {"growth": 0}, "CSO": {}},
        posts={("Surveillance", "SO"): 8, ("Surveillance", "CSO"): 2},
        streams={"Covert deployments": {"unit": "Surveillance", "cases": 900, "hours": 10}},
        skills={("Covert deployments", "SO"): 1.0},
        budget={2027: 1_000_000},
        horizon=1,
        whole_posts=whole,
    )
    assert diagnosis(inputs) == (
        "No plan meets every limit: they conflict. Any one of these would allow one: "
        "lower Min posts of Surveillance by 2; "
        "or raise Max growth per year of SO from 0 to 2; "
        "or give CSO work in Surveillance (a Skills row for one of its streams), "
        "so that 2 posts can be added there."
    )
