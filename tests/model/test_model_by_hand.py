"""Small plans whose optimum is worked out by hand, in the test.

Each test sets up a division a planner could draw on a napkin, states the
arithmetic in its comments, and checks the model gets the same numbers in both
whole-post and continuous mode.
"""

from __future__ import annotations

import pytest

from optimise import Scenario, plan
from optimise.result import INFEASIBLE, OPTIMAL
from tests.cases import BOTH_MODES, budget_case, instance, posts, posts_in


@BOTH_MODES
def test_a_binding_budget_caps_posts_and_prices_the_next_million(whole):
    # The budget case (tests/cases.py). One unit needs 10,000 hours a year
    # (1,000 cases x 10 h); a post gives 1,000 h and costs £50k; the £400k
    # budget buys 8 posts, so 2,000 hours, 200 cases, go unworked at harm 100
    # each: 20,000 a year.
    # Today's 5 posts leave 500 cases: 50,000. Each £ buys 1/50,000 post =
    # 0.02 h = 0.002 cases = 0.2 harm, so £1m would remove 200,000 harm.
    result = plan(budget_case(whole))
    assert result.status == OPTIMAL
    assert posts_in(result, "NCAIU", 2027) == posts(8)
    assert result.unmet_harm == pytest.approx(20_000)
    assert result.baseline_unmet_harm == pytest.approx(50_000)
    assert result.harm_reduction_pct == pytest.approx(0.6)
    assert result.post_changes == pytest.approx(3)
    assert result.final_year_cost == pytest.approx(400_000)
    assert result.harm_reduction_per_million == pytest.approx(200_000)
    assert result.shadow_price_from_relaxation is whole
    assert result.coverage_pct == pytest.approx(0.8)
    assert result.binding_limits[0].words == "the 2027 budget (£400k)"


@BOTH_MODES
def test_a_unit_floor_forces_posts_that_the_work_does_not_need(whole):
    # Major Investigation Teams have 100 h of work a year and 3 posts (3,000 h);
    # their Min posts of 5 forces 2 more (DCs can work MIT's stream, so rule 11
    # lets them be added). NCAIU's work (2,000 h) needs its 2 posts.
    # Nothing is unmet; the plan changes 2 posts and costs 7 x £50k.
    inputs = instance(
        units={"NCAIU": {}, "MIT": {"min": 5}},
        roles={"DC": {}},
        posts={("NCAIU", "DC"): 2, ("MIT", "DC"): 3},
        streams={
            "OCSA": {"unit": "NCAIU", "cases": 200, "hours": 10},
            "Homicide": {"unit": "MIT", "cases": 10, "hours": 10},
        },
        budget={2027: 1_000_000},
        horizon=1,
        whole_posts=whole,
    )
    result = plan(inputs)
    assert result.unmet_harm == pytest.approx(0)
    assert posts_in(result, "MIT", 2027) == posts(5)
    assert posts_in(result, "NCAIU", 2027) == posts(2)
    assert result.post_changes == pytest.approx(2)
    assert result.final_year_cost == pytest.approx(350_000)


@BOTH_MODES
def test_a_change_limit_spreads_a_move_over_two_years(whole):
    # NCAIU has 10 posts and needs 14 (14,000 h). It may change by 20% of its
    # 10 posts, 2 a year: 12 in 2027, 14 in 2028. 2027 leaves 2,000 h
    # (200 cases) unmet at weight 1; 2028 none. Post changes: 2 + 2.
    inputs = instance(
        units={"NCAIU": {"change": 0.2}},
        roles={"DC": {}},
        posts={("NCAIU", "DC"): 10},
        streams={"OCSA": {"unit": "NCAIU", "cases": 1_400, "hours": 10, "weight": 1}},
        budget={2027: 10_000_000},
        horizon=2,
        whole_posts=whole,
    )
    result = plan(inputs)
    assert posts_in(result, "NCAIU", 2027) == posts(12)
    assert posts_in(result, "NCAIU", 2028) == posts(14)
    assert result.unmet_harm == pytest.approx(200)
    assert result.post_changes == pytest.approx(4)
    assert any(b.words == "Max change % of NCAIU (20% a year)" for b in result.binding_limits)


@BOTH_MODES
def test_posts_move_from_low_harm_to_high_harm_work_within_the_budget(whole):
    # Two units, one role, £500k buys 10 posts, all already employed.
    # Drugs has 8 posts for 2,000 h of work (harm 1 a case of 20 h);
    # NCAIU 2 posts for 5,000 h (harm 100 a case of 50 h). Moving 3 posts
    # meets both: 5 and 5, nothing unmet, 6 post changes (3 in, 3 out).
    inputs = instance(
        units={"NCAIU": {"branch": "Public Protection"}, "Drugs": {"branch": "Organised Crime"}},
        roles={"DC": {}},
        posts={("NCAIU", "DC"): 2, ("Drugs", "DC"): 8},
        streams={
            "OCSA": {"unit": "NCAIU", "cases": 100, "hours": 50, "weight": 100},
            "Drug supply": {"unit": "Drugs", "cases": 100, "hours": 20, "weight": 1},
        },
        budget={2027: 500_000},
        horizon=2,
        whole_posts=whole,
    )
    result = plan(inputs)
    assert result.unmet_harm == pytest.approx(0)
    # Today: NCAIU serves 2,000 of 5,000 h: 60 cases x 100 harm a year, two years.
    assert result.baseline_unmet_harm == pytest.approx(12_000)
    assert posts_in(result, "NCAIU", 2028) == posts(5)
    assert posts_in(result, "Drugs", 2028) == posts(5)
    assert result.post_changes == pytest.approx(6)
    assert result.pp_share_before == pytest.approx(0.2)
    assert result.pp_share_after == pytest.approx(0.5)


def test_a_floor_above_the_budget_is_diagnosed_in_pounds_and_posts():
    # MIT must keep 10 posts at £50k, but the 2027 budget is £400k: 8 posts.
    # Either raise the budget by £100k, or lower Min posts by 2.
    inputs = instance(
        units={"MIT": {"min": 10}},
        roles={"DC": {}},
        posts={("MIT", "DC"): 10},
        streams={"Homicide": {"unit": "MIT", "cases": 100, "hours": 10}},
        budget={2027: 400_000},
        horizon=1,
    )
    result = plan(inputs)
    assert result.status == INFEASIBLE
    words = [f.words for f in result.fixes]
    assert words == ["raise the 2027 budget by £100k", "lower Min posts of MIT by 2"]
    assert [(f.amount, f.unit) for f in result.fixes] == [(100_000, "£"), (2, "posts")]
    assert [f.way for f in result.fixes] == [0, 1]  # either one alone will do
    assert "raise the 2027 budget by £100k; or lower Min posts of MIT by 2" in result.message
    assert result.plan.empty


def test_a_protected_unit_that_the_budget_cannot_pay_for_says_so():
    # Protecting Drugs keeps its 10 posts (£500k) but the scenario cuts the
    # £500k budget by 10% to £450k: only lifting the protection, or £50k
    # more, would allow a plan.
    inputs = instance(
        units={"Drugs": {}},
        roles={"DC": {}},
        posts={("Drugs", "DC"): 10},
        streams={"Drug supply": {"unit": "Drugs", "cases": 100, "hours": 10}},
        budget={2027: 500_000},
        horizon=1,
    )
    scenario = Scenario("Cut and protect", budget_change=-0.1, protected_units=("Drugs",))
    result = plan(inputs, scenario)
    assert result.status == INFEASIBLE
    assert "raise the 2027 budget by £50k" in result.message
    assert "stop protecting Drugs (1 post would have to change)" in result.message


def test_a_ring_fence_is_worth_one_post_of_its_best_role_every_year():
    # PP is ring-fenced at 2 DCs and 2 DSs (4,000 h) against 10,000 h of work
    # a year at 1 harm an hour (weight 10, 10 h a case). Freeing one post
    # (of either role) removes 1,000 unmet hours a year: 2,000 over two years,
    # not 4,000 (as if one post of each role were freed) or 8,000.
    inputs = instance(
        units={"PP": {"fenced": True, "branch": "public protection "}},
        roles={"DC": {}, "DS": {}},
        posts={("PP", "DC"): 2, ("PP", "DS"): 2},
        streams={"OCSA": {"unit": "PP", "cases": 1_000, "hours": 10, "weight": 10}},
        budget={2027: 10_000_000},
        horizon=2,
        whole_posts=False,
    )
    result = plan(inputs)
    [fence] = [b for b in result.binding_limits if b.family == "Ring-fence"]
    assert fence.words == "PP being ring-fenced"
    assert fence.harm_per_unit == pytest.approx(2_000)
    assert result.pp_share_before == pytest.approx(1.0)  # the branch, whatever its capitals


def test_lifting_a_ring_fence_counts_the_posts_that_move_in_the_worst_year():
    # CT is ring-fenced at 5 DCs and 5 DSs but must have 12 posts: 2 more
    # each year. Lifting the fence moves 2 posts (not 2 a year summed to 4);
    # or Min posts comes down by 2.
    inputs = instance(
        units={"CT": {"fenced": True, "min": 12}},
        roles={"DC": {}, "DS": {}},
        posts={("CT", "DC"): 5, ("CT", "DS"): 5},
        streams={"Terrorism": {"unit": "CT", "cases": 100, "hours": 10}},
        budget={2027: 10_000_000},
        horizon=2,
    )
    result = plan(inputs)
    assert [f.words for f in result.fixes] == [
        "lower Min posts of CT by 2",
        "lift the ring-fence on CT (2 posts would have to change)",
    ]


def test_whole_posts_round_a_fractional_fte_plan_and_say_how_far_it_is():
    # One role: a post gives 1,000 h and costs £50k; the £450k budget buys 9.
    # NCAIU's work is 3,500 h (350 cases of 10 h, harm 100 each: 10 an hour);
    # Drugs' 6,000 h (300 cases of 20 h, harm 20 each: 1 an hour).
    # In FTE: 3.5 posts meet NCAIU exactly and the other 5.5 go to Drugs,
    # leaving 500 h of Drugs work at 1 an hour: unmet harm 500.
    # In whole posts NCAIU gets 3 or 4: 3 leaves 500 h at 10 an hour (5,000);
    # 4 meets it with 500 h to spare and leaves Drugs 5 posts, 1,000 h short
    # (1,000). So 4 and 5, harm 1,000: (1,000 - 500) / 500 = 100% above the
    # best FTE plan. Today's 2 and 7 become 4 and 5: 4 post changes.
    def division(whole: bool):
        return instance(
            units={"NCAIU": {"branch": "Public Protection"}, "Drugs": {}},
            roles={"DC": {}},
            posts={("NCAIU", "DC"): 2, ("Drugs", "DC"): 7},
            streams={
                "OCSA": {"unit": "NCAIU", "cases": 350, "hours": 10, "weight": 100},
                "Drug supply": {"unit": "Drugs", "cases": 300, "hours": 20, "weight": 20},
            },
            budget={2027: 450_000},
            horizon=1,
            whole_posts=whole,
        )

    fte = plan(division(whole=False))
    assert posts_in(fte, "NCAIU", 2027) == posts(3.5)
    assert fte.unmet_harm == pytest.approx(500)
    assert fte.fte_unmet_harm is None  # an FTE plan has no distance to report

    whole = plan(division(whole=True))
    assert whole.status == OPTIMAL
    assert posts_in(whole, "NCAIU", 2027) == 4
    assert posts_in(whole, "Drugs", 2027) == 5
    assert whole.unmet_harm == pytest.approx(1_000)
    assert whole.post_changes == pytest.approx(4)
    assert whole.fte_unmet_harm == pytest.approx(500)
    assert whole.fte_gap_pct == pytest.approx(1.0)
    assert whole.message.startswith("Unmet harm is 100.0% above the best FTE plan")
