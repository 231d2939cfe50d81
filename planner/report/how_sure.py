"""How sure: the words a chief officer reads about a plan's assumptions and its disruption.

Plain sentences from the Sensitivity and Disruption tables (docs/sweeps.md, v3),
for a scenario's tab:

- "This plan rests most on: the hours a case of OCSA investigations takes (25% more
  would put 31 posts elsewhere, mostly into the National Child Abuse
  Investigation Unit); ..." (the three estimates that move most posts);
- "At most 110 post changes a year (about two thirds of the plan's) would deliver
  83% of the benefit." (the smallest cap with at least 80% of the benefit).

A study is current for a scenario only when it ran on the inputs the
scenario's plan was made from: the Run log's Inputs hash of the study's line
("<name> (sensitivity)") equals that of the scenario's last own run. A study
of an earlier plan is stale: its figures are never told as current.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from planner.contract.words import DISRUPTION_CAPTION, SENSITIVITY_CAPTION

Row = dict[str, Any]

CURRENT, STALE, NOT_RUN = "current", "stale", "not run"
#: Said while the Sensitivity study has not run on any plan of the scenario.
NOT_TESTED = (
    f"Not yet tested: press '{SENSITIVITY_CAPTION}' on the Sensitivity sheet (or run "
    "planner sensitivity at a command prompt) to see which estimates would change this plan most."
)
#: A cap delivering at least this share of the benefit is named.
BENEFIT_NAMED = 0.8


def study_state(runlog: Iterable[Row], scenario: str, study: str) -> str:
    """CURRENT, STALE or NOT_RUN: the study's last run for `scenario` against the plan's.

    `study` is the Run log's tag ("sensitivity", "disruption"). With no plan
    run of the scenario logged, the study cannot be matched to a plan: stale.
    """
    lines = list(runlog)
    own = [r for r in lines if str(r.get("Scenario")) == scenario]
    ran = [r for r in lines if str(r.get("Scenario")) == f"{scenario} ({study})"]
    if not ran:
        return NOT_RUN
    if not own or own[-1].get("Inputs hash") != ran[-1].get("Inputs hash"):
        return STALE
    return CURRENT


def assumption_words(assumption: str) -> str:
    """ "Hours per case: OCSA investigations" -> "the hours a case of OCSA investigations takes"."""
    column, _, name = str(assumption).partition(": ")
    return {
        "Hours per case": f"the hours a case of {name} takes",
        "Harm weight": f"the harm weight of {name}",
        "Productive hours": f"the hours a {name} works in a year",
        "Annual cost": f"the cost of a {name}",
    }.get(column, str(assumption))


def _change_words(change: float) -> str:
    return f"{abs(change):.0%} {'less' if change < 0 else 'more'}"


def _posts(n: float) -> str:
    rounded = round(n)
    return f"{rounded:,.0f} post{'s' * (rounded != 1)}"


def rests_on(rows: Iterable[Row], scenario: str, most: int = 3) -> str:
    """ "This plan rests most on: ..." for the scenario's rows of the Sensitivity table ("" if none).

    The three estimates that move most posts (an estimate with no plan at all
    first, as the table has them), each in its direction that moves most.
    """
    mine = [r for r in rows if str(r.get("Scenario")) == scenario and r.get("Assumption")]
    chosen: dict[str, Row] = {}
    for r in mine:  # the table's order: no plan first, then the most posts moved
        name = str(r["Assumption"])
        if name not in chosen and (
            r.get("Status") != "Optimal" or (r.get("Posts placed differently") or 0) >= 0.5
        ):
            chosen[name] = r
        if len(chosen) == most:
            break
    if not chosen:
        return (
            "No estimate moves a post: this plan does not rest on any one of them." if mine else ""
        )
    parts = []
    for name, r in chosen.items():
        change = _change_words(float(r.get("Change %") or 0.0))
        if r.get("Status") != "Optimal":
            parts.append(
                f"{assumption_words(name)} ({change} would leave no plan within the limits)"
            )
            continue
        unit, its = r.get("Unit that changes most"), r.get("Its change")
        where = ""
        if unit and its:
            where = f", mostly {'into' if its > 0 else 'out of'} {_the(str(unit))}"
        moved = _posts(float(r["Posts placed differently"]))
        parts.append(f"{assumption_words(name)} ({change} would put {moved} elsewhere{where})")
    return "This plan rests most on: " + "; ".join(parts) + "."


def _the(unit: str) -> str:
    return unit if unit.lower().startswith("the ") else f"the {unit}"


def _fraction_words(share: float) -> str:
    """ "about half", "about two thirds", ... of a share; "" when it is near all of it."""
    named = (
        (1 / 4, "about a quarter"),
        (1 / 3, "about a third"),
        (1 / 2, "about half"),
        (2 / 3, "about two thirds"),
        (3 / 4, "about three quarters"),
    )
    for value, words in named:
        if abs(share - value) <= 0.05:
            return words
    return f"{share:.0%}"


def disruption_words(rows: Iterable[Row], scenario: str) -> str:
    """ "At most 110 post changes a year (about half the plan's) would deliver 83% of the benefit."

    The smallest cap of the scenario's change frontier with at least 80% of the
    benefit, against the last cap (the least that reaches the plan's own unmet
    harm); "" when the frontier has no such point.
    """
    mine = [
        r
        for r in rows
        if str(r.get("Scenario")) == scenario and r.get("Max post changes per year") is not None
    ]
    if not mine:
        return ""
    full = max(float(r["Max post changes per year"]) for r in mine)
    enough = sorted(
        (r for r in mine if (r.get("Share of the benefit %") or 0.0) >= BENEFIT_NAMED),
        key=lambda r: float(r["Max post changes per year"]),
    )
    if not enough:
        return ""
    r = enough[0]
    cap, share = float(r["Max post changes per year"]), float(r["Share of the benefit %"])
    if cap >= full - 1e-9:
        return f"Every one of the plan's {cap:,.0f} post changes a year is needed for its full benefit."
    of_plan = f"{_fraction_words(cap / full)} of the plan's" if full > 0 else "of the plan's"
    return (
        f"At most {cap:,.0f} post changes a year ({of_plan}) would deliver "
        f"{share:.0%} of the benefit."
    )


def how_sure(tables: dict[str, list[Row]], scenario: str) -> list[str]:
    """The "How sure" block of a scenario's tab: sentences, each current or saying why not.

    `tables` holds the Run log, Sensitivity and Disruption tables as rows (records).
    """
    runlog = tables.get("RunLog", [])
    said = []
    state = study_state(runlog, scenario, "sensitivity")
    if state == CURRENT:
        said.append(rests_on(tables.get("Sensitivity", []), scenario))
    elif state == STALE:
        said.append(
            "The Sensitivity sheet was worked out for an earlier plan of this scenario: press "
            f"'{SENSITIVITY_CAPTION}' on it again to see what this plan rests on."
        )
    else:
        said.append(NOT_TESTED)
    state = study_state(runlog, scenario, "disruption")
    if state == CURRENT:
        said.append(disruption_words(tables.get("Disruption", []), scenario))
    elif state == STALE:
        said.append(
            "The Disruption sheet was worked out for an earlier plan of this scenario: press "
            f"'{DISRUPTION_CAPTION}' on it again to see what fewer post changes would cost."
        )
    return [s for s in said if s]
