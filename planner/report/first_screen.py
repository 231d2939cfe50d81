"""A scenario tab's first screen: what a chief officer takes to the board (docs/workbook.md).

In order: the decision the scenario asks (its description, and whether the
plan keeps what it promises); the change by branch within the budget, beside
today's pay bill; what the plan buys and gives up in cases a year; people
year by year; how sure; what another £1m would buy, in cases. Every figure is
in cases, posts, people or £, never in harm points, and no solver's word
appears here: that detail is under "How this plan was found".

Each sentence takes its figures from the one table it summarises (the branch
table's totals, PlanResult.cases, the moves by year), so a sentence and its
table cannot disagree.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from optimise.inputs import PlanInputs, Scenario
from optimise.result import (
    CASES_COLUMNS,
    MILLION_COLUMNS,
    PRODUCTIVE_FROM,
    PlanResult,
)
from optimise.words import futures_words, money
from planner.report.how_sure import how_sure
from planner.report.moves_words import LEFT_UNFILLED, RECRUITED, move_kinds, yearly_totals
from planner.report.promises import intent_lines
from planner.report.scenario_page import FirstScreen

#: How many streams the gains and the losses each name.
TOP_STREAMS = 3
#: A change in cases smaller than this reads as none.
NO_CHANGE = 0.5
BRANCH_COLUMNS = ["Branch", "Posts today", "Posts", "Change", "Pay bill today", "Pay bill"]
CASES_TODAY, CASES_PLAN = "Cases a year today", "Cases a year"


def first_screen(
    result: PlanResult,
    inputs: PlanInputs,
    scenario: Scenario | None,
    final_year: int | None,
    studies: dict[str, list[dict]] | None = None,
) -> FirstScreen | None:
    """The first screen of a scenario that has a plan; None for one that has none."""
    if not result.has_plan or result.plan is None or result.plan.empty:
        return None
    year = final_year or int(result.plan["Year"].max())
    branches = branch_table(result, inputs, year)
    screen = FirstScreen(year=year, branches=branches)
    if result.futures:
        screen.reading = futures_words(result.futures)
    screen.promises = promise_lines(scenario, result, year, inputs)
    screen.does = does_line(branches, year)
    screen.budget = budget_line(result, branches, year)
    screen.buys = buys_lines(result, year)
    screen.people = people_lines(result, inputs)
    screen.how_sure = how_sure(studies or {}, result.scenario)
    screen.million = million_lines(result, year)
    return screen


# --- The change by branch ---------------------------------------------------------------


def branch_table(result: PlanResult, inputs: PlanInputs, year: int) -> pd.DataFrame:
    """Posts and pay bill by branch, today and in the final year, cases a year beside; a total."""
    plan = result.plan[result.plan["Year"].astype(int) == year]
    branch_of = _branch_of(inputs)
    pay = _pay_per_post(inputs)
    frame = pd.DataFrame(
        {
            "Branch": [branch_of.get(u, "") for u in plan["Unit"]],
            "Posts today": pd.to_numeric(plan["Baseline posts"]).to_numpy(dtype=float),
            "Posts": pd.to_numeric(plan["Posts"]).to_numpy(dtype=float),
        }
    )
    per_post = plan["Role"].map(pay).fillna(0.0).to_numpy(dtype=float)
    frame["Pay bill today"] = frame["Posts today"] * per_post
    frame["Pay bill"] = frame["Posts"] * per_post
    order = list(dict.fromkeys(branch_of.get(u, "") for u in inputs.units["Unit"]))
    sums = frame.groupby("Branch", sort=False).sum().reindex(order).dropna(how="all")
    sums["Change"] = sums["Posts"] - sums["Posts today"]
    out = sums.reset_index()[BRANCH_COLUMNS]
    if not result.cases.empty:
        cases = result.cases.assign(Branch=result.cases["Unit"].map(branch_of).fillna(""))
        by = cases.groupby("Branch")[[CASES_COLUMNS[2], CASES_COLUMNS[3]]].sum()
        out[CASES_TODAY] = out["Branch"].map(by[CASES_COLUMNS[2]]).fillna(0.0)
        out[CASES_PLAN] = out["Branch"].map(by[CASES_COLUMNS[3]]).fillna(0.0)
    total = out.drop(columns="Branch").sum()
    if not result.cases.empty:  # every stream, whatever its unit's branch: the buys' total
        total[CASES_TODAY] = float(result.cases[CASES_COLUMNS[2]].sum())
        total[CASES_PLAN] = float(result.cases[CASES_COLUMNS[3]].sum())
    out.loc[len(out)] = ["All branches", *total.tolist()]
    return out.rename(columns={"Posts": f"Posts {year}", "Pay bill": f"Pay bill {year}"}).rename(
        columns={CASES_PLAN: f"{CASES_PLAN}, {year}"}
    )


def does_line(branches: pd.DataFrame, year: int) -> str:
    """What the plan does, from the branch table: the branches gaining and losing posts."""
    rows = branches.iloc[:-1]
    change = pd.to_numeric(rows["Change"], errors="coerce").fillna(0.0)
    up = [(b, c) for b, c in zip(rows["Branch"], change, strict=True) if c >= 0.5]
    down = [(b, c) for b, c in zip(rows["Branch"], change, strict=True) if c <= -0.5]
    if not up and not down:
        return f"Keeps each branch's posts as they are today, to {year}."
    grows = f"grows {_named(up)}" if up else ""
    shrinks = f"shrinks {_named(down)}" if down else ""
    return f"By {year} the plan {grows}{'; it ' if grows and shrinks else ''}{shrinks} (posts)."


def _named(pairs: list[tuple[str, float]]) -> str:
    """ "Public Protection (+83), Specialist Crime Support (+18) and Major Crime (+2)"."""
    words = [f"{b} ({c:+,.0f})" for b, c in sorted(pairs, key=lambda p: -abs(p[1]))]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def budget_line(result: PlanResult, branches: pd.DataFrame, year: int) -> str:
    """The plan's pay bill against the budget and today's, from the branch table's total."""
    total = branches.iloc[-1]
    bill, today = float(total[f"Pay bill {year}"]), float(total["Pay bill today"])
    posts, before = float(total[f"Posts {year}"]), float(total["Posts today"])
    budget = result.final_year_budget
    within = ""
    if budget is not None and math.isfinite(budget):
        side = "within" if bill <= budget + 500 else "over"
        within = f", {side} the {year} budget of {money(budget)}"
    return (
        f"Pay bill {money(bill)} in {year}{within}; {money(today)} today. "
        f"Posts {before:,.0f} today, {posts:,.0f} in {year} ({_signed(posts - before)})."
    )


# --- What it buys and gives up, in cases ------------------------------------------------


def buys_lines(result: PlanResult, year: int) -> list[str]:
    """All streams' cases a year, then the streams gaining and losing most."""
    cases = result.cases
    if cases.empty:
        return []
    today, planned = cases[CASES_COLUMNS[2]].sum(), cases[CASES_COLUMNS[3]].sum()
    change = planned - today
    lines = [
        f"{_cases(change)} a year worked in {year} than with today's posts best used "
        f"({today:,.0f} → {planned:,.0f} cases a year, all streams)."
    ]
    delta = cases.assign(gain=cases[CASES_COLUMNS[3]] - cases[CASES_COLUMNS[2]])
    gains = delta[delta["gain"] >= NO_CHANGE].sort_values("gain", ascending=False).head(TOP_STREAMS)
    losses = delta[delta["gain"] <= -NO_CHANGE].sort_values("gain").head(TOP_STREAMS)
    if not gains.empty:
        lines.append(
            "Gains most: " + "; ".join(_stream_change(r) for r in gains.itertuples()) + "."
        )
    if losses.empty:
        lines.append("Gives up: no stream works fewer cases than with today's posts best used.")
    else:
        lines.append(
            "Gives up most: " + "; ".join(_stream_change(r) for r in losses.itertuples()) + "."
        )
    return lines


def _stream_change(row) -> str:
    return f"{row.gain:+,.0f} {_stream_cases(row.Stream)} a year ({row.Unit})"


def _stream_cases(stream: str) -> str:
    """ "Fraud cases", and "Referral triage cases" not "... cases cases"."""
    name = str(stream).strip()
    return name if name.casefold().endswith(("cases", "referrals", "reports")) else f"{name} cases"


def million_lines(result: PlanResult, year: int) -> list[str]:
    """What another £1m in every year's budget would buy, in cases (docs/rules.md)."""
    frame = result.million_cases
    change = result.million_cases_change
    if frame.empty or change is None:
        return []
    if abs(change) < NO_CHANGE:
        return [
            f"£1m more in each year's budget would work about the same number of cases a year "
            f"in {year}."
        ]
    delta = frame.assign(gain=frame[MILLION_COLUMNS[3]] - frame[MILLION_COLUMNS[2]])
    top = delta[delta["gain"] >= NO_CHANGE].sort_values("gain", ascending=False).head(TOP_STREAMS)
    most = "; ".join(f"{r.gain:+,.0f} {r.Stream}" for r in top.itertuples())
    lines = [
        f"£1m more in each year's budget would work about {_cases(change)} a year in {year} "
        "(like for like: both plans made with fractions of a post allowed, so the figure does "
        "not depend on how posts round)."
    ]
    if most:
        lines.append(f"Most of them in: {most}.")
    return lines


# --- People ----------------------------------------------------------------------------


def people_lines(result: PlanResult, inputs: PlanInputs) -> list[str]:
    """Transfers, recruits and posts left unfilled year by year; training places; productive from."""
    moves = result.moves
    if moves is None or moves.empty:
        return ["No one moves: the plan keeps today's posts."]
    # The Moves totals by year and kind, the sums the tab's "Moves by year" shows.
    totals = yearly_totals(moves)
    by_kind = [totals[c].to_numpy(float) for c in ("Transfers", RECRUITED, LEFT_UNFILLED)]
    lines = [
        f"{year}: {_people(moved)} transferred, {_people(hired)} recruited, "
        f"{_posts(gone)} left unfilled as people leave."
        for year, moved, hired, gone in zip(totals["Year"], *by_kind, strict=True)
    ]
    moved, hired, gone = (float(column.sum()) for column in by_kind)
    lines.append(
        f"In all, {_people(moved + hired + gone)} are affected: {moved:,.0f} transfers, "
        f"{hired:,.0f} recruits and {gone:,.0f} posts left unfilled "
        f"({_posts(2 * moved + hired + gone)} changed: a transfer changes two)."
    )
    # Row by row for the arrivals' lines: each row's posts, year and whether it arrives.
    posts = pd.to_numeric(moves["Posts"], errors="coerce").fillna(0.0).to_numpy(float)
    kinds = move_kinds(moves)
    arriving = kinds["transfer"] | kinds["recruited"]
    year_of = moves["Year"].astype(int).to_numpy()
    arriving_lines = training_lines(moves, posts, arriving, inputs, year_of)
    arriving_lines += productive_lines(moves, arriving, year_of)
    if arriving_lines:  # one line: the first screen fits one printed page
        lines.append(" ".join(arriving_lines))
    return lines


def training_lines(
    moves: pd.DataFrame,
    posts: np.ndarray,
    arriving: np.ndarray,
    inputs: PlanInputs,
    year_of: np.ndarray,
) -> list[str]:
    """Posts filled by people arriving in units with an intake, against the places (rule 12)."""
    units = inputs.units
    if "Intake per year" not in units.columns:
        return []
    intake = pd.to_numeric(units["Intake per year"], errors="coerce")
    places = dict(zip(units["Unit"], intake, strict=False))
    places = {u: float(p) for u, p in places.items() if pd.notna(p)}
    if not places:
        return []
    into = arriving & moves["To"].isin(places).to_numpy()
    parts = []
    for year in sorted(set(year_of.tolist())):
        used = posts[into & (year_of == year)].sum()
        parts.append(f"{year} {used:,.0f} of {sum(places.values()):,.0f}")
    return ["Training places used: " + "; ".join(parts) + "."]


def productive_lines(moves: pd.DataFrame, arriving: np.ndarray, year_of: np.ndarray) -> list[str]:
    """When each year's new people work fully, from the Moves' Productive from (v3)."""
    if PRODUCTIVE_FROM not in moves.columns:
        return []
    dates = pd.to_datetime(moves[PRODUCTIVE_FROM], format="%b %Y", errors="coerce")
    parts = []
    for year in sorted(set(year_of.tolist())):
        these = dates[arriving & (year_of == year)].dropna()
        if not these.empty:
            parts.append(f"{year}'s by {these.max():%b %Y}")
    if not parts:
        return []
    return ["New people productive: " + "; ".join(parts) + "."]


# --- How sure ---------------------------------------------------------------------------


# --- What the scenario promises ---------------------------------------------------------

#: "no analyst posts lost", "No detective posts cut": a promise a plan can be checked against.
NO_POSTS_LOST = re.compile(
    r"\bno (?P<what>[a-z][a-z -]*?) posts? (?:are |will be |is )?(?:lost|cut|reduced|removed)\b",
    re.IGNORECASE,
)


def promise_lines(
    scenario: Scenario | None, result: PlanResult, year: int, inputs: PlanInputs | None = None
) -> list[str]:
    """The description's intents checked against the plan, in words, in the order it says them.

    "no ... posts lost" here; the other shapes (a larger unit, more officers
    of a unit, a team, units that keep every post, a share of demand met) in
    planner.report.promises.
    """
    said = posts_lost_lines(scenario, result, year) + intent_lines(scenario, result, year, inputs)
    return [line for _, line in sorted(said, key=lambda p: p[0])]


def posts_lost_lines(
    scenario: Scenario | None, result: PlanResult, year: int
) -> list[tuple[int, str]]:
    """Each "no ... posts lost" of the description checked against the plan, with where it is said.

    The words before "posts" name roles by the start of a word ("analyst"
    finds Intelligence Analyst); kept when the roles' posts in total are not
    fewer in the final year, broken otherwise, naming the units that lose them.
    """
    description = (scenario.description if scenario else "") or ""
    lines: list[tuple[int, str]] = []
    for found in NO_POSTS_LOST.finditer(description):
        lines.append((found.start(), _posts_lost(found, result, year)))
    return lines


def _posts_lost(found: re.Match, result: PlanResult, year: int) -> str:
    """One "no ... posts lost", kept or not, naming the units that lose posts."""
    what = found.group("what").strip()
    said = f'"{found.group(0)}"'
    roles = matching_roles(what, list(result.plan["Role"].unique()))
    if not roles:
        return f"The description says {said}, but no role is called {what}: not checked."
    plan = result.plan[(result.plan["Year"].astype(int) == year) & result.plan["Role"].isin(roles)]
    before = float(pd.to_numeric(plan["Baseline posts"]).sum())
    after = float(pd.to_numeric(plan["Posts"]).sum())
    named = " and ".join(roles)
    by_unit = plan.groupby("Unit", sort=False)[["Baseline posts", "Posts"]].sum()
    losing = by_unit[by_unit["Posts"] < by_unit["Baseline posts"] - 1e-6]
    where = "; ".join(
        f"{u} {b:,.0f} → {a:,.0f}"
        for u, b, a in zip(losing.index, losing["Baseline posts"], losing["Posts"], strict=True)
    )
    if after < before - 1e-6:
        return (
            f"Not kept: the description says {said}, but the plan has "
            f"{before - after:,.0f} fewer {named} posts by {year} ({before:,.0f} → "
            f"{after:,.0f}): {where}."
        )
    if where:
        return (
            f"Kept in total: {said}; {named} posts {before:,.0f} → {after:,.0f} by {year}, "
            f"though some move between units ({where})."
        )
    return f"Kept: {said}; {named} posts {before:,.0f} → {after:,.0f} by {year}, none lost in any unit."


def matching_roles(what: str, roles: list[str]) -> list[str]:
    """Roles with a word starting as `what` does (plural "s" dropped): "analyst" -> Intelligence Analyst."""
    stem = what.casefold().removesuffix("s")
    words = stem.split()
    found = []
    for role in roles:
        name = str(role).casefold().split()
        if any(name[i : i + len(words)] and _starts(name[i : i + len(words)], words)
               for i in range(len(name))):  # fmt: skip
            found.append(str(role))
    return found


def _starts(name: list[str], words: list[str]) -> bool:
    return len(name) == len(words) and all(
        n.startswith(w) for n, w in zip(name, words, strict=True)
    )


# --- Words -----------------------------------------------------------------------------


def _signed(n: float) -> str:
    return "no change" if abs(n) < 0.5 else f"{n:+,.0f}"


def _cases(n: float) -> str:
    """ "843 more cases", "12 fewer cases"."""
    if abs(n) < NO_CHANGE:
        return "no more cases"
    return f"{abs(n):,.0f} {'more' if n > 0 else 'fewer'} cases"


def _people(n: float) -> str:
    return f"{n:,.0f} person" if round(n) == 1 else f"{n:,.0f} people"


def _posts(n: float) -> str:
    return f"{n:,.0f} post" if round(n) == 1 else f"{n:,.0f} posts"


def _branch_of(inputs: PlanInputs) -> dict[str, str]:
    units = inputs.units
    return {u: str(b or "").strip() for u, b in zip(units["Unit"], units["Branch"], strict=False)}


def _pay_per_post(inputs: PlanInputs) -> dict[str, float]:
    """£ a year one post of each role draws: cost x (1 - Vacancy %) (rule 8)."""
    roles = inputs.roles
    if roles.empty or "Annual cost" not in roles.columns:
        return {}
    cost = pd.to_numeric(roles["Annual cost"], errors="coerce").fillna(0.0)
    if "Vacancy %" in roles.columns:
        cost = cost * (1.0 - pd.to_numeric(roles["Vacancy %"], errors="coerce").fillna(0.0))
    return dict(zip(roles["Role"], cost, strict=False))
