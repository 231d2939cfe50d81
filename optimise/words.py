"""The words the plan's results are told in: numbers, money, and the result's sentences.

One home for them, so the optimiser's own messages (optimise.plan) and the
workbook's (planner's Comparison and scenario tabs) say a figure the same way
and a change of wording is made once.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from optimise.model import BUDGET, SERVICE_FLOOR
from optimise.result import INFEASIBLE, OPTIMAL, TIME_LIMIT, BindingLimit, Fix, PlanResult

if TYPE_CHECKING:
    from optimise.solve import StageRun

# --- Number words ---------------------------------------------------------------


def money(pounds: float) -> str:
    """Pounds as a board paper rounds them: £74.6m, £540k, £300."""
    if abs(pounds) >= 1e6:
        return f"£{pounds / 1e6:,.1f}m"
    if abs(pounds) >= 1e3:
        return f"£{pounds / 1e3:,.0f}k"
    return f"£{pounds:,.0f}"


def number(value: float) -> str:
    """Whole numbers bare, others to a tenth: posts and spans read 12 or 2.5, never 12.0."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def posts_words(n: float) -> str:
    """ "1 post", "2.5 posts"."""
    return f"{number(n)} post" if n == 1 else f"{number(n)} posts"


def percent(share: float) -> str:
    """A limit's exact percentage: 60% for 0.6, 42.5% for 0.425 (a tenth is never lost)."""
    return f"{share * 100:.0f}%" if round(share * 100, 6).is_integer() else f"{share * 100:.1f}%"


def rounded_percent(share: float) -> str:
    """A coverage figure: 60% for 0.6 and for 0.6004; 42.5% for 0.425."""
    points = share * 100
    return f"{points:.0f}%" if abs(points - round(points)) < 0.05 else f"{points:.1f}%"


def capital(text: str) -> str:
    """A phrase made the start of a sentence (limit words begin in lower case)."""
    return text[:1].upper() + text[1:] if text else text


def figure(value: float) -> str:
    """Harm per unit: whole from 10 up, two significant figures below (0.37, 4.2)."""
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.2g}"


# --- The optimiser's messages ------------------------------------------------------


def fixes_words(ways: list[list[Fix]]) -> str:
    """An infeasible scenario's message: the ways out, any one of which allows a plan."""
    options = [" and ".join(f.words for f in way) for way in ways]
    if len(options) == 1:
        return f"No plan meets every limit: they conflict. To allow one, {options[0]}."
    listed = "; or ".join(options)
    return f"No plan meets every limit: they conflict. Any one of these would allow one: {listed}."


#: A whole-post plan none of whose relaxation's binding limits, moved by one
#: whole post, lowers unmet harm (optimise.held_back): none is named, and the
#: plan is not "held back by nothing".
WHOLE_POSTS_HOLD_BACK = (
    "held back most by planning in whole posts: no limit holds the plan back by a whole post"
)


def limits_words(result: PlanResult, most: int = 3) -> str:
    """The limits that hold the plan back most, budgets of several years as one."""
    if not result.binding_limits and result.held_by_whole_posts:
        return capital(WHOLE_POSTS_HOLD_BACK) + "."
    if not result.binding_limits:
        return "No limit holds the plan back: every stream's demand that can be met is met."
    budgets = [b for b in result.binding_limits if b.family == BUDGET]
    phrases = [_budgets_words(budgets)] if budgets else []
    phrases += [_limit_words(b) for b in result.binding_limits if b.family != BUDGET]
    return f"Held back most by: {'; '.join(phrases[:most])}."


def _limit_words(limit: BindingLimit) -> str:
    """A binding floor says what it costs: the unmet harm one more point of it adds elsewhere."""
    if limit.family != SERVICE_FLOOR:
        return limit.words
    return (
        f"{limit.words}, each point of which costs {limit.harm_per_unit:,.0f} unmet harm elsewhere"
    )


def _budgets_words(budgets: list[BindingLimit]) -> str:
    """Budgets binding in several years read as one limit: "the budget in 2028 and 2029"."""
    if len(budgets) == 1:
        return budgets[0].words
    years = sorted(b.year for b in budgets)
    listed = ", ".join(map(str, years[:-1])) + f" and {years[-1]}"
    return f"the budget in {listed}"


def gap_words(allowed: float, proven: float | None) -> str:
    """docs/rules.md: when Settings gives a MIP gap, the result says so."""
    if not allowed:
        return ""
    within = f" (proven within {proven:.2%})" if proven is not None else ""
    return f"Whole-post plan within the {allowed:.2%} MIP gap set in Settings{within}. "


def fte_words(result: PlanResult) -> str:
    """docs/rules.md: a whole-post result says how far it is above the best FTE plan."""
    gap = result.fte_gap_pct
    if gap is None:
        return ""
    # Whole posts are never better than FTE; a hair below is the solvers' tolerance.
    if gap < 0.0005:
        return "Unmet harm is as low as the best FTE plan's. "
    return f"Unmet harm is {gap:.1%} above the best FTE plan (fractions of a post allowed). "


def stalled_words(run: StageRun, post_changes: float) -> str:
    """What is proven of a whole-post stage 2 or 3 that stopped when its search stalled.

    Its plan is the best found; the bound says how far from the best it can
    be, in the planner's own unit (posts moved, or the pay bill). The plan's
    `post_changes` are its own (its moves add up to them); stage 2's value and
    proven gap give the bound, which holds for every plan.
    """
    words = ""
    for n in run.stalled:
        value, gap = run.values[n], run.gaps[n] if n < len(run.gaps) else None
        waited = f"found nothing better in {run.stall_seconds:.0f} s"
        if gap is None or not 0 <= gap < 1:  # stopped before it had a bound
            cutting = ("fewer post changes", "a lower pay bill")[n - 1]
            words += f"The search for {cutting} {waited}, with no bound proven. "
        elif n == 1:
            fewest = math.ceil(value * (1 - gap) - 1e-6)
            words += (
                f"Post changes: {post_changes:,.0f}; no plan with this unmet harm has fewer than "
                f"{fewest:,} (proven; the search for fewer {waited}). "
            )
        else:
            words += (
                f"Pay bill within {gap:.1%} of the lowest possible for this unmet harm and "
                f"these post changes (proven; the search for a cheaper plan {waited}). "
            )
    return words


#: What each stage was doing, and what it was cutting, in a planner's words.
_STAGE_WORDS = (
    ("finding the least unmet harm", "unmet harm"),
    ("cutting post changes", "number of post changes"),
    ("cutting cost", "pay bill"),
)


def time_limit_words(limit: float, run: StageRun) -> str:
    """Which stage the time limit stopped, and what is proven all the same.

    A whole-post stage 2 that stops at the limit still keeps stage 1's unmet
    harm proven within its gap: the message says so rather than quoting
    stage 2's gap as if it were about harm.
    """
    n = run.stopped_at if run.stopped_at is not None else len(run.values)
    doing, cutting = _STAGE_WORDS[min(n, 2)]
    words = f"Stopped at the time limit ({limit:g} s per stage) while {doing}: "
    words += "this is the best plan found, not proven the best."
    if n < len(run.gaps) and run.gaps[n]:
        words += f" Its {cutting} is within {run.gaps[n]:.1%} of the best possible."
    if n > 0 and run.gaps:
        least = "the least possible in whole posts"
        words += f" Its unmet harm is proven within {run.gaps[0]:.1%} of {least}."
    elif n > 0:
        words += " Its unmet harm is the least possible."
    return words + " Raise Time limit (s) in Settings for a proven plan."


# --- A result in a sentence --------------------------------------------------------


def status_sentence(result: PlanResult) -> str:
    """The result's own message, or what its status means, as one sentence."""
    if result.message:
        return result.message.strip()
    if result.status == OPTIMAL:
        return "Optimal: no plan within the limits leaves less harm unaddressed."
    if result.status == TIME_LIMIT:
        gap = f", within {result.mip_gap:.1%} of the best possible" if result.mip_gap else ""
        return f"Stopped at the time limit: the best plan found{gap}."
    if result.status == INFEASIBLE:
        return "No plan meets every limit of this scenario."
    return f"{result.status}: no plan was made."


def run_notes(result: PlanResult) -> str:
    """The Run log's Notes: the solver's detail for the run, and where the £1m price comes from."""
    notes = status_sentence(result)
    if result.harm_reduction_per_million is not None and result.shadow_price_from_relaxation:
        notes += (
            " Harm reduction per £1m comes from the same scenario planned in fractional posts "
            "(the relaxation)."
        )
    return notes


def people_words(result: PlanResult) -> str:
    """ ", for 236 people affected" (transfers, recruits and posts left unfilled), or ""."""
    counts = (result.transfers, result.recruitment, result.attrition)
    if any(c is None for c in counts):
        return ""
    people = sum(float(c) for c in counts)
    return f", for {people:,.0f} {'person' if round(people) == 1 else 'people'} affected"


def cases_words(change: float) -> str:
    """Cases a year as a signed count a reader can quote: "+843", "-12", "no change in"."""
    if abs(change) < 0.5:
        return "no change in"
    return f"{change:+,.0f}"


def plain_message(result: PlanResult) -> str:
    """The Comparison's Message (docs/workbook.md): the plan in one plain sentence.

    What it buys in cases a year and what holds it back; for no plan, the ways
    out. No solver's word: the detail (proven gap, distance from the FTE plan,
    the post-changes bound, where the Harm reduction per £1m comes from) is in
    the Run log's Notes (run_notes) and the tab's "How this plan was found".
    """
    if result.status == INFEASIBLE or (result.fixes and not result.has_plan):
        if not result.fixes:
            return status_sentence(result)
        ways: dict[int, list[str]] = {}
        for fix in result.fixes:
            ways.setdefault(fix.way, []).append(fix.words)
        options = [" and ".join(words) for words in ways.values()]
        if len(options) == 1:
            return f"No plan meets every limit; to allow one, {options[0]}."
        return (
            f"No plan meets every limit; any one of these would allow one: {'; or '.join(options)}."
        )
    if not result.has_plan:
        return status_sentence(result)
    held = limits_words(result, most=2)[len("Held back most by: ") :].rstrip(".")
    if not result.binding_limits:
        held = WHOLE_POSTS_HOLD_BACK if result.held_by_whole_posts else "nothing holds it back"
    lead = ""
    change = result.cases_worked_change
    if change is not None:
        year = f" in {max(result.years)}" if result.years else ""
        lead = f"{cases_words(change)} cases worked a year{year} against today's posts best used"
        lead += people_words(result)
    if result.status == TIME_LIMIT:
        lead = "The best plan found in the time allowed" + (f" ({lead})" if lead else "")
    if lead:
        sentence = (
            f"{lead}; held back most by {held}" if result.binding_limits else f"{lead}; {held}"
        )
    else:
        sentence = f"Held back most by: {held}" if result.binding_limits else capital(held)
    if result.futures:  # the figures are averages: a reader must know first
        return f"{futures_words(result.futures)} {sentence}."
    return sentence + "."


def futures_words(futures: int) -> str:
    """What the scenario tab and the Comparison say of a robust plan, first."""
    return (
        f"Planned for uncertain demand: one set of posts for {futures:,} futures of demand "
        "(each stream's growth drawn between its Growth low % and Growth high %); "
        "unmet harm, coverage and the baseline are averages over those futures."
    )
