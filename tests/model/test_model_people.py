"""v3, people not posts (docs/rules.md rules 12 to 16), worked by hand.

Each test is a division a planner could draw on a napkin: months to
productive, vacancies, intake, turnover, the role mix, team size and the cap
on post changes, each on its own, with the arithmetic of the optimum in the
comments. Every case runs in whole posts and in FTE.
"""

from __future__ import annotations

import pandas as pd
import pytest

from optimise import PlanInputs, Scenario, plan
from optimise.checks import check_inputs
from optimise.data import prepare
from optimise.model import build_model
from optimise.result import ATTRITION, INFEASIBLE, OPTIMAL, RECRUITMENT
from tests.cases import BOTH_MODES, instance, posts_in, with_people

NCAIU = "National Child Abuse Investigation Unit"
MIT = "Major Investigation Teams"
UCO = "Undercover Online"
DC, DS, PIO = "Detective Constable", "Detective Sergeant", "Police Investigator"


def one_unit(whole: bool, *, budget: float, posts_today: float = 5, horizon: int = 1, **extra):
    """NCAIU's Detective Constables (£50k, 1,000 h) and 10,000 h of work a year, harm 1 a case."""
    return instance(
        units={NCAIU: {"branch": "Public Protection", **extra.pop("unit", {})}},
        roles={DC: {"cost": 50_000, "hours": 1_000}},
        posts={(NCAIU, DC): posts_today},
        streams={"OCSA": {"unit": NCAIU, "cases": 1_000, "hours": 10, "weight": 1}},
        budget={2027: budget},
        horizon=horizon,
        whole_posts=whole,
        **extra,
    )


def about(n: float):
    """Posts to within what the stage tolerance lets a fractional plan drift.

    Stage 3 may spend stage 1's tolerance, a millionth of the unmet harm (here
    thousands), on a cheaper plan: a few hundred-thousandths of a post.
    """
    return pytest.approx(n, abs=1e-4)


def comparable(result) -> tuple:
    """The figures a v2 result reports, to compare two runs exactly."""
    return (
        result.status,
        result.unmet_harm,
        result.baseline_unmet_harm,
        result.post_changes,
        result.final_year_cost,
        result.final_year_budget,
        result.plan.to_dict("list"),
        result.coverage.to_dict("list"),
        result.moves.to_dict("list"),
        result.message,
    )


# --- A v2 input plans as before ----------------------------------------------------


@BOTH_MODES
def test_blank_people_columns_plan_to_the_same_figures_and_the_same_model(whole):
    inputs = instance(
        units={NCAIU: {"branch": "Public Protection", "max": 12}, MIT: {"change": 0.5}},
        roles={DS: {"cost": 60_000}, DC: {"boss": DS, "span": 6.0, "attrition": 0.2}},
        posts={(NCAIU, DS): 1, (NCAIU, DC): 4, (MIT, DS): 2, (MIT, DC): 10},
        streams={
            "OCSA": {"unit": NCAIU, "cases": 900, "weight": 100, "floor": 0.3},
            "Homicide": {"unit": MIT, "cases": 500, "weight": 20},
        },
        budget={2027: 900_000, 2028: 950_000},
        horizon=2,
        whole_posts=whole,
    )
    blank = with_people(inputs)
    assert comparable(plan(inputs)) == comparable(plan(blank))
    before, after = (
        build_model(prepare(i, Scenario()), integer=whole).prob for i in (inputs, blank)
    )
    assert before.numVariables() == after.numVariables()
    assert before.numConstraints() == after.numConstraints()


# --- Rule 1: months to productive and vacancies ---------------------------------------


@BOTH_MODES
def test_a_post_added_with_six_months_to_productive_works_half_its_first_year(whole):
    # The budget buys 8 posts; 3 are added in 2027. Without a delay they work
    # 8,000 h: 200 of 1,000 cases unworked each year. With 6 months to
    # productive the 3 newcomers work half of 2027: 5,000 + 1,500 = 6,500 h,
    # 350 cases unworked; fully in 2028: 200. Unmet harm 550, not 400.
    inputs = one_unit(whole, budget=400_000, horizon=2)
    assert plan(inputs).unmet_harm == pytest.approx(400)
    result = plan(with_people(inputs, months={NCAIU: 6}))
    assert result.status == OPTIMAL
    assert result.unmet_harm == pytest.approx(550)
    assert posts_in(result, NCAIU, 2027) == about(8)
    recruits = result.moves[result.moves["From"] == RECRUITMENT]
    assert recruits["Productive from"].tolist() == ["Jul 2027"]


def test_a_plans_posts_held_as_they_are_work_as_the_plan_said():
    # The demand-risk study re-plans the hours of a plan's posts
    # (optimise.risk): the 3 posts added in 2027 still work half of it.
    from optimise.risk import plan_posts
    from optimise.solve import solve_objective

    inputs = with_people(one_unit(False, budget=400_000, horizon=2), months={NCAIU: 6})
    data = prepare(inputs, Scenario())
    held = build_model(data, integer=False, posts=plan_posts(data, plan(inputs).plan))
    outcome = solve_objective(held, held.harm(), "HiGHS", 60.0, 0.0)
    assert outcome.objective == pytest.approx(550, abs=1e-2)


@BOTH_MODES
def test_an_empty_post_neither_works_nor_draws_pay(whole):
    # 10% of posts stand empty: a post works 900 h and costs £45k. With no
    # Budget rows the budget is today's pay bill, 10 x £45k = £450k, and the
    # plan keeps its 10 posts: 9,000 of 20,000 h worked, 1,100 cases unworked
    # (today's posts too). A £540k budget buys 12 posts: 10,800 h, 920 cases.
    inputs = one_unit(whole, budget=0, posts_today=10)
    inputs.demand.loc[0, "Annual cases"] = 2_000
    no_rows = inputs.with_tables(budget=inputs.budget.iloc[0:0])
    result = plan(with_people(no_rows, vacancy={DC: 0.1}))
    assert result.status == OPTIMAL
    assert result.baseline_unmet_harm == pytest.approx(1_100)
    assert result.unmet_harm == pytest.approx(1_100)
    assert result.final_year_budget == pytest.approx(450_000)
    assert result.final_year_cost == pytest.approx(450_000)
    more = inputs.with_tables(budget=pd.DataFrame({"Year": [2027.0], "Budget": [540_000.0]}))
    result = plan(with_people(more, vacancy={DC: 0.1}))
    assert posts_in(result, NCAIU, 2027) == about(12)
    assert result.unmet_harm == pytest.approx(920)
    assert result.final_year_cost == pytest.approx(540_000, abs=1)


# --- Rule 12: intake ------------------------------------------------------------------


@BOTH_MODES
def test_intake_caps_the_posts_a_unit_fills_in_a_year(whole):
    # The budget buys 12 posts and the work needs them, but the unit can take
    # in 4 people a year: 9 in 2027, 12 in 2028.
    inputs = with_people(one_unit(whole, budget=600_000, horizon=2), intake={NCAIU: 4})
    inputs.demand.loc[0, "Annual cases"] = 2_000
    result = plan(inputs)
    assert result.status == OPTIMAL
    assert posts_in(result, NCAIU, 2027) == about(9)
    assert posts_in(result, NCAIU, 2028) == about(12)
    held_back = [b.words for b in result.binding_limits]
    assert f"Intake per year of {NCAIU} (4)" in held_back


@BOTH_MODES
def test_the_diagnosis_names_an_intake_too_small_for_a_unit_minimum(whole):
    # Undercover Online has 5 posts, must have 12 (Min posts) and can take in
    # only 4 people a year: raise its intake from 4 to 7, or lower its minimum by 3.
    inputs = instance(
        units={UCO: {"min": 12}},
        roles={DC: {}},
        posts={(UCO, DC): 5},
        streams={"Online grooming": {"unit": UCO, "cases": 2_000}},
        budget={2027: 1_000_000},
        horizon=1,
        whole_posts=whole,
    )
    result = plan(with_people(inputs, intake={UCO: 4}))
    assert result.status == INFEASIBLE
    words = [f.words for f in result.fixes]
    assert f"raise Intake per year of {UCO} from 4 to 7" in words
    assert f"lower Min posts of {UCO} by 3" in words
    assert f"raise Intake per year of {UCO} from 4 to 7" in result.message


# --- Rule 13: turnover ----------------------------------------------------------------


def shrinking_mit(
    whole: bool, budget_posts: float, horizon: int = 1, later: dict | None = None
) -> PlanInputs:
    """MIT's 30 Detective Sergeants (£50k), 10% of whom leave a year; the budget buys fewer."""
    inputs = instance(
        units={MIT: {}},
        roles={DS: {"cost": 50_000}},
        posts={(MIT, DS): 30},
        streams={"Homicide": {"unit": MIT, "cases": 5_000}},
        budget={2027: budget_posts * 50_000, **(later or {})},
        horizon=horizon,
        whole_posts=whole,
    )
    return with_people(inputs, turnover={DS: 0.1})


@BOTH_MODES
def test_turnover_of_ten_percent_of_thirty_lets_three_posts_go_unfilled_not_nine(whole):
    # The budget buys 27: the 3 leavers are not replaced (Attrition 3).
    result = plan(shrinking_mit(whole, 27))
    assert result.status == OPTIMAL
    assert posts_in(result, MIT, 2027) == about(27)
    assert result.attrition == pytest.approx(3, abs=1e-5)
    # The budget buys 21: 9 would have to go, and only 3 leave. No plan; the
    # ways out are 6 more unfilled posts than turnover allows, or £300k more.
    result = plan(shrinking_mit(whole, 21))
    assert result.status == INFEASIBLE
    words = [f.words for f in result.fixes]
    assert f"let 6 more {DS} posts in {MIT} go unfilled than turnover allows" in words
    assert "raise the 2027 budget by £300k" in words


def test_where_max_attrition_and_turnover_both_hold_a_role_the_diagnosis_names_both():
    # Max attrition % of 5% keeps 28.5 of the 30; turnover keeps 27. Moving
    # either alone leaves the other: the way out moves both (or the budget).
    inputs = shrinking_mit(False, 21)
    inputs.roles.loc[0, "Max attrition %"] = 0.05
    result = plan(inputs)
    assert result.status == INFEASIBLE
    ways: dict[int, list[str]] = {}
    for fix in result.fixes:
        ways.setdefault(fix.way, []).append(fix.words)
    assert sorted(ways.values()) == [
        [
            f"raise Max attrition % of {DS} from 5% to 30%",
            f"let 6 more {DS} posts in {MIT} go unfilled than turnover allows",
        ],
        ["raise the 2027 budget by £375k"],
    ]


@BOTH_MODES
def test_turnover_is_counted_cumulatively_over_the_plan(whole):
    # Year 1: 27 (3 leave). Year 2: leavers so far 10% of (30 + 27) = 5.7, so
    # 25 posts (5 unfilled) is possible in whole posts and in FTE.
    result = plan(shrinking_mit(whole, 27, horizon=2, later={2028: 25 * 50_000}))
    assert result.status == OPTIMAL
    assert posts_in(result, MIT, 2028) == about(25)


@BOTH_MODES
def test_a_unit_takes_in_transferees_while_its_own_leavers_go_unreplaced(whole):
    # A must fall from 30 to 24 Detective Sergeants but only 3 of them leave;
    # the other 3 move to B, which is held at 30 and lets its own 3 leavers go
    # unreplaced. Post changes 12 = A's 6 out + B's 3 in and 3 out:
    # 2 x 3 transfers + 6 attrition. The transferees work in B from July.
    inputs = instance(
        units={"A": {"max": 24}, "B": {"min": 30, "max": 30}},
        roles={DS: {}},
        posts={("A", DS): 30, ("B", DS): 30},
        streams={"Homicide": {"unit": "A", "cases": 0}},
        horizon=1,
        whole_posts=whole,
    )
    result = plan(with_people(inputs, turnover={DS: 0.1}, months={"B": 6}))
    assert result.status == OPTIMAL
    assert result.post_changes == pytest.approx(12)
    assert result.moves.values.tolist() == [
        [2027, DS, "A", "B", 3.0, "Jul 2027"],
        [2027, DS, "A", ATTRITION, 3.0, None],
        [2027, DS, "B", ATTRITION, 3.0, None],
    ]
    assert 2 * result.transfers + result.recruitment + result.attrition == 12


# --- Rule 14: role mix ---------------------------------------------------------------


@BOTH_MODES
def test_a_unit_keeps_its_min_posts_of_a_role(whole):
    # Sergeants work the stream at half a constable's rate; the budget buys 6
    # posts. Best: 6 constables, 6,000 of 10,000 h, 400 cases unworked. With
    # Min posts 2 for sergeants: 2 sergeants and 4 constables, 4,000 + 1,000 h,
    # 500 cases unworked.
    inputs = instance(
        units={MIT: {}},
        roles={DS: {}, DC: {}},
        posts={(MIT, DS): 3, (MIT, DC): 5},
        streams={"Homicide": {"unit": MIT, "cases": 1_000}},
        skills={("Homicide", DS): 0.5, ("Homicide", DC): 1.0},
        budget={2027: 300_000},
        horizon=1,
        whole_posts=whole,
    )
    assert plan(inputs).unmet_harm == pytest.approx(400)
    result = plan(with_people(inputs, min_posts={(MIT, DS): 2}))
    assert result.unmet_harm == pytest.approx(500)
    assert posts_in(result, MIT, 2027, DS) == about(2)


def test_min_posts_are_checked_against_max_posts_and_work():
    inputs = instance(
        units={MIT: {"max": 5}, NCAIU: {}},
        roles={DS: {}, DC: {}},
        posts={(MIT, DS): 1, (MIT, DC): 3},
        streams={"Homicide": {"unit": MIT, "cases": 100}},
        skills={("Homicide", DC): 1.0},
    )
    problems = check_inputs(with_people(inputs, min_posts={(MIT, DS): 2, (MIT, DC): 4}))
    assert [(p.table, p.column) for p in problems] == [
        ("Units", "Max posts"),
        ("Establishment", "Min posts"),
    ]
    assert "add up to 6, above its Max posts (5)" in problems[0].message
    assert "Detective Sergeant has no work in Major Investigation Teams" in problems[1].message


# --- Rule 15: team size ---------------------------------------------------------------


@BOTH_MODES
def test_a_sergeants_team_of_six_spans_both_roles_it_leads(whole):
    # A sergeant leads constables and investigators: 6 in all. The budget
    # buys 14 posts and there is work for any number: 2 sergeants and 12 in
    # their teams, 12,000 of 40,000 h, 2,800 cases unworked. Without a team
    # size nothing needs a sergeant: 14 constables and investigators, 2,600.
    inputs = instance(
        units={MIT: {}},
        roles={DS: {}, DC: {"boss": DS}, PIO: {"boss": DS}},
        posts={(MIT, DS): 1, (MIT, DC): 3, (MIT, PIO): 2},
        streams={
            "Homicide": {"unit": MIT, "cases": 2_000},
            "Fraud": {"unit": MIT, "cases": 2_000},
        },
        skills={("Homicide", DC): 1.0, ("Fraud", PIO): 1.0},
        budget={2027: 700_000},
        horizon=1,
        whole_posts=whole,
    )
    assert plan(inputs).unmet_harm == pytest.approx(2_600)
    result = plan(with_people(inputs, team={DS: 6}))
    assert result.unmet_harm == pytest.approx(2_800)
    team = posts_in(result, MIT, 2027, DC) + posts_in(result, MIT, 2027, PIO)
    assert team == about(12) and posts_in(result, MIT, 2027, DS) == about(2)
    # A unit that must have 18 posts in the teams of its one sergeant, who
    # cannot be joined by another (Max posts 19), needs teams of 18.
    inputs.units.loc[0, ["Min posts", "Max posts"]] = [19.0, 19.0]
    inputs.budget.loc[0, "Budget"] = 2_000_000.0
    inputs.roles.loc[0, "Max growth per year"] = 0.0
    result = plan(with_people(inputs, team={DS: 6}))
    assert result.status == INFEASIBLE
    assert f"raise Team size of {DS} from 6 to 18" in [f.words for f in result.fixes]


def test_team_size_is_only_for_a_role_that_leads_one():
    inputs = instance(
        units={MIT: {}},
        roles={DS: {}, DC: {"boss": DS}},
        posts={(MIT, DC): 1},
        streams={"Homicide": {"unit": MIT, "cases": 100}},
    )
    problems = check_inputs(with_people(inputs, team={DC: 4, DS: 0}))
    assert sorted(p.message for p in problems) == [
        "Team size (0) should be above 0",
        "Team size is given for Detective Constable but no role has Supervised by = "
        "Detective Constable: clear it, or put Detective Constable in Supervised by of the "
        "roles it leads",
    ]


# --- Rule 16: the change cap ----------------------------------------------------------


@BOTH_MODES
def test_a_cap_of_sixteen_post_changes_moves_eight_posts_a_transfer_counting_twice(whole):
    # Drugs' 20 constables have no harmful work; NCAIU's stream would take 20
    # more. The budget holds the division at 25 posts, so posts move: with a
    # cap of 16 changes a year, 8 transfers (out of Drugs, into NCAIU) a year.
    inputs = instance(
        units={NCAIU: {"branch": "Public Protection"}, "Drugs": {}},
        roles={DC: {}},
        posts={(NCAIU, DC): 5, ("Drugs", DC): 20},
        streams={
            "OCSA": {"unit": NCAIU, "cases": 2_500, "weight": 10},
            "Cannabis": {"unit": "Drugs", "cases": 2_000, "weight": 0},
        },
        budget={2027: 25 * 50_000},
        horizon=2,
        whole_posts=whole,
    )
    capped = Scenario("Capped", max_post_changes_per_year=16)
    result = plan(inputs, capped)
    assert result.status == OPTIMAL
    assert posts_in(result, NCAIU, 2027) == about(13)
    assert posts_in(result, NCAIU, 2028) == about(21)
    assert result.transfers == about(16)
    assert result.post_changes == about(32)
    by_year = result.moves.groupby("Year")["Posts"].sum()
    assert by_year.tolist() == [about(8), about(8)]


def test_the_diagnosis_names_a_change_cap_too_small_for_a_unit_minimum():
    inputs = instance(
        units={NCAIU: {"min": 10}, "Drugs": {}},
        roles={DC: {}},
        posts={(NCAIU, DC): 5, ("Drugs", DC): 20},
        streams={"OCSA": {"unit": NCAIU, "cases": 100}},
        budget={2027: 25 * 50_000},
        horizon=1,
        whole_posts=True,
    )
    result = plan(inputs, Scenario("Capped", max_post_changes_per_year=6))
    assert result.status == INFEASIBLE
    assert "raise Max post changes per year from 6 to 10" in [f.words for f in result.fixes]
    problems = check_inputs(inputs, Scenario("Odd", max_post_changes_per_year=-1))
    assert [p.message for p in problems] == ["Max post changes per year (-1) should be at least 0"]


# --- The inputs ------------------------------------------------------------------------


def test_people_inputs_are_checked_at_their_cells():
    inputs = with_people(
        one_unit(True, budget=250_000),
        months={NCAIU: 13},
        intake={NCAIU: -1},
        turnover={DC: 1.0},
        vacancy={DC: -0.1},
    )
    found = {(p.table, p.column): p.message for p in check_inputs(inputs)}
    assert found == {
        ("Units", "Months to productive"): "Months to productive (13) should be at most 12",
        ("Units", "Intake per year"): "Intake per year (-1) should be at least 0",
        ("Roles", "Turnover %"): "Turnover % (1) should be below 1",
        ("Roles", "Vacancy %"): "Vacancy % (-0.1) should be at least 0",
    }


@BOTH_MODES
def test_a_scenario_override_sets_a_people_input(whole):
    from optimise import Override

    inputs = with_people(one_unit(whole, budget=600_000))
    inputs.demand.loc[0, "Annual cases"] = 2_000
    slow = Scenario("Slow intake", overrides=(Override("Units", NCAIU, "Intake per year", 2),))
    assert posts_in(plan(inputs, slow), NCAIU, 2027) == about(7)
    mix = Scenario("Role mix", overrides=(Override("Establishment", NCAIU, "Min posts", 6, DC),))
    result = plan(inputs.with_tables(budget=inputs.budget.assign(Budget=200_000.0)), mix)
    assert result.status == INFEASIBLE  # 6 posts kept, 4 paid for
    assert f"lower Min posts of {DC} in {NCAIU} from 6 to 4" in result.message
    # A pair with no Establishment row gets one: no posts today, 2 at least.
    analysts = inputs.with_tables(
        roles=pd.concat([inputs.roles, inputs.roles.assign(Role="IA")], ignore_index=True),
        skills=pd.concat([inputs.skills, inputs.skills.assign(Role="IA")], ignore_index=True),
    )
    new = Scenario("Analysts", overrides=(Override("Establishment", NCAIU, "Min posts", 2, "IA"),))
    assert posts_in(plan(analysts, new), NCAIU, 2027, "IA") == about(2)


def test_turnover_of_nought_and_a_first_year_cut_beyond_turnover_are_warned_of():
    from optimise.people import people_warnings

    inputs = shrinking_mit(True, 21)
    found = people_warnings(inputs, Scenario("Cut"))
    assert [(p.table, p.key, p.column) for p in found] == [
        ("Scenarios", ("Cut",), "Budget change %")
    ]
    assert found[0].message.startswith(
        "the 2027 budget (£1.1m) is £450k below today's pay bill (£1.5m), but the people who "
        "leave in a year free at most £150k (10% of it; Roles.Turnover %)"
    )
    assert people_warnings(shrinking_mit(True, 27), Scenario("Cut")) == []
    inputs.roles.loc[0, "Turnover %"] = 0.0
    assert [p.column for p in people_warnings(inputs)] == ["Turnover %"]
