"""What holds a whole-post plan back names only limits a whole post moves (optimise.held_back).

Issue 22: a whole-post plan said it was "held back most by" a unit's floor of
one Detective Inspector, priced from the relaxation, where a quarter of an
inspector can go; in whole posts the inspector stays whatever the floor says.
"""

from __future__ import annotations

import pytest

from optimise import plan
from optimise.model import ROLE_MIX
from optimise.result import OPTIMAL
from optimise.words import limits_words
from tests.cases import instance, posts, posts_in, with_people

UCO, NCAIU = "Undercover Online", "NCAIU"
DC, DI, PC = "Detective Constable", "Detective Inspector", "Police Constable"


def division(whole: bool, floor: float):
    """Undercover Online: 3 DCs, each supervised (span 4) by a DI, whom the unit must keep
    `floor` of; NCAIU: PCs, with more work than the £500k budget pays for.

    Grooming (UCO) needs 3,000 h: exactly 3 DCs (1,000 h each), at harm 100
    a case, so it is always met first. OCSA (NCAIU) needs 10,000 h, harm 1 a
    case of 10 h. DCs and PCs cost £50k, a DI £80k; DIs do no casework.
    """
    return with_people(
        instance(
            units={UCO: {}, NCAIU: {}},
            roles={
                DC: {"cost": 50_000, "boss": DI, "span": 4},
                DI: {"cost": 80_000},
                PC: {"cost": 50_000},
            },
            posts={(UCO, DC): 3, (UCO, DI): 1, (NCAIU, PC): 4},
            streams={
                "Grooming": {"unit": UCO, "cases": 300, "hours": 10, "weight": 100},
                "OCSA": {"unit": NCAIU, "cases": 1_000, "hours": 10, "weight": 1},
            },
            skills={("Grooming", DC): 1.0, ("OCSA", PC): 1.0},
            budget={2027: 500_000},
            horizon=1,
            whole_posts=whole,
        ),
        min_posts={(UCO, DI): floor},
    )


FLOOR_WORDS = f"Min posts of {DI} in {UCO}"


def test_a_floor_the_supervision_needs_anyway_is_not_named_in_whole_posts():
    # Grooming keeps 3 DCs (£150k), who need 3/4 of a DI; the floor keeps 1
    # (£80k). In FTE the floor binds: without it 0.75 DI (£60k) frees £20k,
    # 0.4 PC, 400 h of OCSA: 40 cases = 40 harm; its dual says 160 a post
    # (a whole DI's £80k is 1.6 PCs, 160 cases), but only a quarter can go.
    # In whole posts the 3 DCs need 1 DI whatever the floor: with floor 1 or
    # 0, the plan is 3 DCs, 1 DI and 5 PCs (£480k), 5,000 h of OCSA unmet,
    # 500 harm. The floor holds back nothing; the budget does (£1m more pays
    # for the 5 PCs that would meet OCSA).
    fte = plan(division(whole=False, floor=1))
    assert any(b.words == f"{FLOOR_WORDS} (1)" for b in fte.binding_limits)
    assert fte.unmet_harm == pytest.approx(460)

    result = plan(division(whole=True, floor=1))
    assert result.status == OPTIMAL
    assert result.unmet_harm == pytest.approx(500)
    assert posts_in(result, UCO, 2027, DI) == posts(1)
    assert [b.words for b in result.binding_limits] == ["the 2027 budget (£500k)"]
    assert limits_words(result) == "Held back most by: the 2027 budget (£500k)."
    assert "Detective Inspector" not in result.message

    # Re-planned with the floor moved by the whole post: the same unmet harm.
    assert plan(division(whole=True, floor=0)).unmet_harm == pytest.approx(result.unmet_harm)


def test_a_floor_that_holds_back_a_whole_post_is_still_named_in_whole_posts():
    # A floor of 2 DIs keeps one more than the 3 DCs need: £160k of DIs
    # leaves £190k, 3 PCs, so 7,000 h of OCSA go unmet: 700 harm. Lowered by
    # one post to 1, the plan of the test above: 500 harm. In FTE a whole post
    # of it is worth 1.6 PCs, 160 harm, which is what the result says.
    result = plan(division(whole=True, floor=2))
    assert result.unmet_harm == pytest.approx(700)
    assert plan(division(whole=True, floor=1)).unmet_harm == pytest.approx(500)
    [floor] = [b for b in result.binding_limits if b.family == ROLE_MIX]
    assert floor.words == f"{FLOOR_WORDS} (2)"
    assert floor.harm_per_unit == pytest.approx(160)
    assert f"{FLOOR_WORDS} (2)" in limits_words(result)
    assert not result.held_by_whole_posts
