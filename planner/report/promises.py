"""A scenario's stated intents, beyond "no ... posts lost", checked against its plan.

The default scenarios say what they want in words: "a larger Internet
Investigations Unit", "more undercover online officers", "a Public Protection
analysis team", "Drugs and firearms units keep every post", "at least 90% of
their demand met". Each phrase of those shapes is read, the units it names
found by the start of their words (as roles are for "no analyst posts lost"),
and the plan's own tables asked whether it holds: the Plans' posts by unit,
the Coverage's served and demand hours. A phrase naming no unit says so and is
not checked; a phrase of another shape is not read at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from optimise.inputs import PlanInputs, Scenario
from optimise.result import PlanResult
from optimise.words import rounded_percent
from planner.report.trade_offs import service_floors

Line = tuple[int, str]  # where in the description, what it says

#: "a larger Internet Investigations Unit", "a bigger Surveillance Unit".
LARGER = re.compile(r"\ban? (?:larger|bigger) (?P<what>[A-Za-z][A-Za-z ]*?)(?=[,.;:]| and |$)")
#: "more undercover online officers", "more Digital Forensics staff".
MORE = re.compile(
    r"\bmore (?P<what>[A-Za-z][A-Za-z ]*?) (?:officers|staff|posts|detectives|investigators)\b"
)
#: "a Public Protection analysis team".
TEAM = re.compile(r"\ban? (?P<what>[A-Z][A-Za-z ]*?) team\b")
#: "Drugs and firearms units keep every post".
KEEP = re.compile(
    r"\b(?P<what>[A-Za-z][A-Za-z ]*?) units? keeps? (?:every|all (?:their|its)) posts?\b"
)
#: "at least 90% of their demand met".
FLOOR = re.compile(r"\bat least (?P<pct>\d+(?:\.\d+)?)% of (?:their|its) demand (?:is )?met\b")


def intent_lines(
    scenario: Scenario | None, result: PlanResult, year: int, inputs: PlanInputs | None
) -> list[Line]:
    """Every intent of these shapes in the description, each checked, with where it was said."""
    text = (scenario.description if scenario else "") or ""
    if not text or result.plan is None or result.plan.empty:
        return []
    posts = _posts_by_unit(result.plan)
    units = list(dict.fromkeys(str(u) for u in result.plan["Unit"]))
    checks: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
        (LARGER, lambda m: _grows(m, units, posts, year)),
        (MORE, lambda m: _grows(m, units, posts, year)),
        (TEAM, lambda m: _has_posts(m, units, posts, year)),
        (KEEP, lambda m: _keeps(m, units, posts)),
        (FLOOR, lambda m: _floor_met(m, result, scenario, inputs, year)),
    ]
    return [(m.start(), check(m)) for pattern, check in checks for m in pattern.finditer(text)]


def units_named(what: str, units: list[str]) -> list[str]:
    """Units whose name holds the phrase's words, each a word's start ("drugs" -> Drugs
    Investigation); "drugs and firearms" names the units of either."""
    found: list[str] = []
    for part in re.split(r"\s+and\s+|,\s*", what.strip()):
        words = part.casefold().split()
        if words and words[-1].rstrip("s") == "unit" and len(words) > 1:
            words = words[:-1] if not _named_exactly(part, units) else words
        stem = [w.removesuffix("s") for w in words]
        for unit in units:
            name = unit.casefold().split()
            if any(_starts(name[i : i + len(stem)], stem) for i in range(len(name))):
                found.append(unit)
    return list(dict.fromkeys(found))


def _named_exactly(part: str, units: list[str]) -> bool:
    return part.strip().casefold() in {u.casefold() for u in units}


def _starts(name: list[str], words: list[str]) -> bool:
    return len(name) == len(words) and all(
        n.startswith(w) for n, w in zip(name, words, strict=True)
    )


def _posts_by_unit(plan: pd.DataFrame) -> pd.DataFrame:
    """Year x Unit: Baseline posts and Posts summed over roles (the Plans table's own)."""
    frame = plan.assign(
        Year=plan["Year"].astype(int),
        **{c: pd.to_numeric(plan[c]) for c in ("Baseline posts", "Posts")},
    )
    return frame.groupby(["Year", "Unit"])[["Baseline posts", "Posts"]].sum()


def _said(match: re.Match) -> str:
    return f'"{match.group(0).strip()}"'


def _unnamed(match: re.Match, what: str) -> str:
    return f"The description says {_said(match)}, but no unit is called {what}: not checked."


def _posts_of(
    match: re.Match, units: list[str], posts: pd.DataFrame, year: int
) -> tuple[str, float, float] | str:
    """The units a promise names, with their posts today and in `year`, or why not checked."""
    what = match.group("what").strip()
    named = units_named(what, units)
    if not named:
        return _unnamed(match, what)
    final = posts.loc[year].reindex(named)
    return " and ".join(named), float(final["Baseline posts"].sum()), float(final["Posts"].sum())


def _grows(match: re.Match, units: list[str], posts: pd.DataFrame, year: int) -> str:
    """ "a larger X", "more X officers": X's posts in the final year above today's."""
    found = _posts_of(match, units, posts, year)
    if isinstance(found, str):
        return found
    where, before, after = found
    verdict = "Kept" if after > before + 0.5 else "Not kept"
    return f"{verdict}: {_said(match)}; {where} posts {before:,.0f} → {after:,.0f} by {year}."


def _has_posts(match: re.Match, units: list[str], posts: pd.DataFrame, year: int) -> str:
    """ "a X team": X has posts in the final year."""
    found = _posts_of(match, units, posts, year)
    if isinstance(found, str):
        return found
    where, before, after = found
    verdict = "Kept" if after >= 0.5 else "Not kept"
    return f"{verdict}: {_said(match)}; {where} {before:,.0f} → {after:,.0f} posts by {year}."


def _keeps(match: re.Match, units: list[str], posts: pd.DataFrame) -> str:
    """ "X units keep every post": X's posts equal today's in every plan year."""
    what = match.group("what").strip()
    named = units_named(what, units)
    if not named:
        return _unnamed(match, what)
    mine = posts[posts.index.get_level_values("Unit").isin(named)]
    changed = mine[(mine["Posts"] - mine["Baseline posts"]).abs() >= 0.5]
    where = " and ".join(named)
    if changed.empty:
        return f"Kept: {_said(match)}; {where} keep today's posts in every plan year."
    parts = "; ".join(
        f"{unit} {b:,.0f} → {a:,.0f} in {y}"
        for (y, unit), b, a in zip(
            changed.index, changed["Baseline posts"], changed["Posts"], strict=True
        )
    )
    return f"Not kept: {_said(match)}, but {parts}."


def _floor_met(
    match: re.Match,
    result: PlanResult,
    scenario: Scenario | None,
    inputs: PlanInputs | None,
    year: int,
) -> str:
    """ "at least 90% of their demand met": the streams with that floor, their coverage."""
    share = float(match.group("pct")) / 100
    floors = service_floors(inputs, scenario) if inputs is not None else {}
    streams = sorted(s for s, f in floors.items() if abs(f - share) < 1e-9)
    coverage = result.coverage
    if not streams or coverage is None or coverage.empty:
        return f"The description says {_said(match)}, but no stream has that floor: not checked."
    final = coverage[coverage["Year"].astype(int) == year]
    sums = final.groupby("Stream")[["Demand hours", "Served hours"]].sum().reindex(streams)
    shares = (sums["Served hours"] / sums["Demand hours"]).dropna()
    if shares.empty:
        return (
            f"The description says {_said(match)}, but those streams have no demand: not checked."
        )
    low = shares.idxmin()
    verdict = "Kept" if shares.min() >= share - 1e-6 else "Not kept"
    count = (
        "stream with that floor gets"
        if len(shares) == 1
        else (f"{len(shares)} streams with that floor get")
    )
    return (
        f"{verdict}: {_said(match)}; the {count} at least "
        f"{rounded_percent(shares.min())} of their demand hours in {year} (lowest: {low})."
    )
