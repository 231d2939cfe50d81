"""How the scenarios compare: what a board needs to choose between them, without choosing.

Planner does not recommend a scenario: which to take is a policy choice. It
lays the options side by side in a board paper's terms (the pay bill against
the budget, cases a year gained, people affected (transfers, recruits and
posts left unfilled as people leave), cases gained for each of them, how much of the unworked harm each cuts, whether its plan has been
tested for how sure it is) and names which scenario leads on each measure.

Every figure is the Comparison table's own (the row written to the Comparison
sheet in this run): the grid copies it, the sentences quote the grid, so
neither can disagree with the Comparison.

A scenario that plans for a different future of demand (a demand growth
adjustment, or a Demand override other than a service floor) is compared
with today's posts under that demand, not with the other scenarios: it is
listed, marked, and left out of the leaders.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from optimise.inputs import Scenario
from optimise.result import OPTIMAL, TIME_LIMIT
from planner.read.values import key_text

SCENARIO = "Scenario"
PAY_BILL, WITHIN = "Pay bill", "Within budget"
GAINED, PEOPLE = "Cases a year gained", "People affected"
PER_PERSON = "Cases per person affected"
HARM_CUT, TESTED = "Unworked harm cut", "Tested how sure"
COLUMNS = [SCENARIO, PAY_BILL, WITHIN, GAINED, PEOPLE, PER_PERSON, HARM_CUT, TESTED]
#: The mark after a scenario planned for another future of demand.
OTHER_DEMAND = " (other demand)"
#: The mark after a scenario whose last plan was made from other inputs than this run's.
EARLIER_INPUTS = " (earlier inputs)"
MARKS = (OTHER_DEMAND, EARLIER_INPUTS)
#: Demand overrides that are policy (a service floor), not another future of demand.
POLICY_COLUMNS = {"Min coverage %"}
#: A pay bill within this of the budget is within it (plans are rounded to whole pounds).
BUDGET_TOLERANCE = 500.0


def other_demand(scenario: Scenario | None) -> bool:
    """True when the scenario plans for demand other than the Demand table's."""
    if scenario is None:
        return False
    if abs(scenario.demand_growth_adjustment or 0.0) > 1e-12:
        return True
    return any(o.table == "Demand" and o.column not in POLICY_COLUMNS for o in scenario.overrides)


def compare_table(
    comparison: pd.DataFrame,
    scenarios: list[Scenario],
    tested: dict[str, bool] | None = None,
    earlier: set[str] | None = None,
) -> pd.DataFrame:
    """One row per scenario with a plan, in the Comparison's order, figures from its row.

    `tested` says, by scenario, whether the Sensitivity study has run on its
    current plan (planner.report.how_sure); `earlier` names the scenarios whose
    last plan was made from other inputs than this run's (marked, not leaders).
    """
    described = {s.name: s for s in scenarios}
    tested, earlier = tested or {}, earlier or set()
    rows = []
    for _, row in comparison.iterrows():
        name = key_text(row.get(SCENARIO))
        gained = _number(row.get("Cases worked change"))
        if not name or row.get("Status") not in (OPTIMAL, TIME_LIMIT) or gained is None:
            continue
        cost, budget = _number(row.get("Final-year cost")), _number(row.get("Final-year budget"))
        people = sum(_number(row.get(c)) or 0.0 for c in ("Transfers", "Recruitment", "Attrition"))
        mark = OTHER_DEMAND if other_demand(described.get(name)) else ""
        mark = EARLIER_INPUTS if name in earlier else mark
        rows.append(
            {
                SCENARIO: f"{name}{mark}",
                PAY_BILL: cost,
                WITHIN: _within(cost, budget),
                GAINED: gained,
                PEOPLE: people,
                PER_PERSON: round(gained / people, 1) if people >= 0.5 else None,
                HARM_CUT: _number(row.get("Harm reduction %")),
                TESTED: "Yes" if tested.get(name) else "Not yet",
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def compare_lines(table: pd.DataFrame, this: str) -> list[str]:
    """Which scenario leads on each measure, then where this one stands; [] for fewer than two.

    Quotes the grid's own figures. Leaders are drawn from the scenarios within
    budget on today's demand; none is called the one to recommend.
    """
    if len(table) < 2:
        return []
    alike = table[~table[SCENARIO].str.endswith(MARKS) & (table[WITHIN] == "Yes")]
    lines = []
    if len(alike) >= 2:
        most = alike.loc[alike[GAINED].idxmax()]
        fewest = alike.loc[alike[PEOPLE].idxmin()]
        per = alike.dropna(subset=[PER_PERSON])
        parts = [
            f"most cases a year gained: {most[SCENARIO]} ({_signed(most[GAINED])})",
            f"fewest people affected: {fewest[SCENARIO]} ({_count(fewest[PEOPLE])})",
        ]
        if not per.empty:
            best = per.loc[per[PER_PERSON].idxmax()]
            parts.append(
                f"most cases gained per person affected: {best[SCENARIO]} ({best[PER_PERSON]:,.1f})"
            )
        lines.append(
            f"Of the {len(alike)} scenarios within budget on today's demand, "
            + "; ".join(parts)
            + ". Which to take is the board's choice: the grid has each one's figures."
        )
    names, count = _marked(table, OTHER_DEMAND)
    if count:
        lines.append(
            f"{names} plan{'s' if count == 1 else ''} for another future of demand: "
            "compared with today's posts under that demand, a test of the plans rather "
            "than an option beside them."
        )
    names, count = _marked(table, EARLIER_INPUTS)
    if count:
        lines.append(
            f"{names}: planned from earlier inputs, not re-run since they changed; "
            "re-run to compare like with like."
        )
    mine = table[table[SCENARIO].map(unmarked) == this]
    if not mine.empty:
        row = mine.iloc[0]
        budget = "within budget" if row[WITHIN] == "Yes" else f"{row[WITHIN]} the budget"
        lines.append(
            f"This scenario: {_signed(row[GAINED])} cases a year for {_count(row[PEOPLE])} "
            f"affected, {budget}."
        )
    return lines


def _within(cost: float | None, budget: float | None) -> str | None:
    """ "Yes", or "£0.4m over"; None when either figure is unknown."""
    if cost is None or budget is None:
        return None
    over = cost - budget
    if over <= BUDGET_TOLERANCE:
        return "Yes"
    return f"£{over / 1e6:,.1f}m over"


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _signed(n: float) -> str:
    return f"{n:+,.0f}" if abs(n) >= 0.5 else "no change in"


def _count(n: float) -> str:
    return f"{n:,.0f} person" if round(n) == 1 else f"{n:,.0f} people"


def unmarked(label: str) -> str:
    """A grid's scenario label without its mark: the scenario's name."""
    for mark in MARKS:
        label = label.removesuffix(mark)
    return label


def _marked(table: pd.DataFrame, mark: str) -> tuple[str, int]:
    """The scenarios whose name in the table carries `mark`, named without it, and how many."""
    marked = [s.removesuffix(mark) for s in table[SCENARIO] if s.endswith(mark)]
    return " and ".join(marked), len(marked)
