"""What a plan buys, in cases (docs/rules.md; optimise/cases.py), worked by hand."""

from __future__ import annotations

import pytest

from optimise import plan
from tests.cases import BOTH_MODES, instance


def _two_streams(budget: float, whole: bool, *, weight_b: float = 20):
    # One unit, one role: a DC works 1,000 h a year and costs £50k; today 2 DCs.
    # Stream A: 100 cases x 10 h (1,000 h); stream B: 100 cases x 20 h (2,000 h).
    return instance(
        units={"NCAIU": {}},
        roles={"DC": {"cost": 50_000, "hours": 1_000}},
        posts={("NCAIU", "DC"): 2},
        streams={
            "A": {"unit": "NCAIU", "cases": 100, "hours": 10, "weight": 10},
            "B": {"unit": "NCAIU", "cases": 100, "hours": 20, "weight": weight_b},
        },
        budget={2027: budget},
        horizon=1,
        whole_posts=whole,
    )


#: Harm is kept within the stages' own bound (a millionth of it), which lets a
#: hair of an hour move: cases to a hundredth.
CASES = {"abs": 0.01}


def _cases(result, column: str) -> dict[str, float]:
    return dict(zip(result.cases["Stream"], result.cases[column], strict=True))


@BOTH_MODES
def test_equal_harm_an_hour_goes_where_it_works_most_cases(whole):
    # A and B cost the same harm an unworked hour (10/10 = 20/20 = 1), so unmet
    # harm is 1,000 h whichever stream they leave. Today's 2,000 h: A's 1,000 h
    # work its 100 cases (10 h each), the other 1,000 h work 50 of B's (20 h
    # each): 150 cases, not 100 (all in B). The £150k budget buys 3 DCs, 3,000 h:
    # every case, 200. Cases worked change +50. £1m more (20 DCs) buys nothing
    # more: every case is already worked.
    result = plan(_two_streams(150_000, whole))
    assert _cases(result, "Cases today") == pytest.approx({"A": 100, "B": 50}, **CASES)
    assert _cases(result, "Cases with the plan") == pytest.approx({"A": 100, "B": 100}, **CASES)
    assert result.cases_worked_change == pytest.approx(50, **CASES)
    assert result.million_cases_change == pytest.approx(0, **CASES)


def test_harm_is_held_at_its_optimum_before_cases_count():
    # B's unworked hour now costs 2 harm (weight 40 / 20 h) against A's 1: the
    # best use of 2,000 h is all of B (100 cases), though A would give more
    # cases an hour. Harm first: 100 cases, all B's, not 150.
    result = plan(_two_streams(100_000, False, weight_b=40))
    assert _cases(result, "Cases today") == pytest.approx({"A": 0, "B": 100}, **CASES)
    assert result.cases_worked_change == pytest.approx(0, **CASES)


def test_another_million_is_measured_against_the_fte_plan():
    # A budget of £75k buys 1.5 DCs in FTE: 1,500 h, all to B (harm 2 an hour):
    # 75 cases. £1m more buys 3 DCs and more: B's 2,000 h (100 cases) first,
    # then A's 1,000 h (100 cases): 200 cases, 125 more than the FTE plan's 75.
    result = plan(_two_streams(75_000, False, weight_b=40))
    frame = result.million_cases
    assert dict(zip(frame["Stream"], frame["Cases, FTE plan"], strict=True)) == pytest.approx(
        {"A": 0, "B": 75}, **CASES
    )
    assert result.million_cases_change == pytest.approx(125, **CASES)
