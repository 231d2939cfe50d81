"""A budget far from today's pay bill: most likely typed in £m or £k, or with a digit too many.

A Budget of 74.6 (meant £74.6m) passes every check and makes every scenario
infeasible; 746,000,000 (a zero too many) makes the budget no limit at all.
"""

from __future__ import annotations

from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable
from planner.warn.where import cell_of, money

#: A budget below this share of today's pay bill, or above its multiple, is odd.
FAR_BELOW = 0.5
FAR_ABOVE = 3.0
#: The scales a budget is typed in by mistake, and their names.
SCALES = ((1e6, "£m"), (1e3, "£k"))


def budgets_far_from_pay_bill(
    tables: dict[str, RawTable], checked: CheckedInputs
) -> list[CellProblem]:
    pay_bill = checked.inputs.baseline_cost()
    if pay_bill <= 0:
        return []
    out = []
    for _, row in checked.inputs.budget.iterrows():
        year, budget = int(row["Year"]), float(row["Budget"])
        if FAR_BELOW * pay_bill <= budget <= FAR_ABOVE * pay_bill:
            continue
        where = cell_of(tables["Budget"], {"Year": year}, "Budget")
        bill = f"today's pay bill of {money(pay_bill)} (Establishment posts x Annual cost)"
        if budget < FAR_BELOW * pay_bill:
            message = (
                f"the {year} budget is {money(budget)}, far below {bill}. Budgets are in "
                f"pounds{_meant(budget, pay_bill)}. As it is, the plan must cut posts to fit "
                "it, and where limits stop that, no plan is possible."
            )
        else:
            message = (
                f"the {year} budget is {money(budget)}, more than {FAR_ABOVE:g} times {bill}; "
                "check for a digit too many. As it is, the budget will hold nothing back."
            )
        out.append(CellProblem(where, message))
    return out


def _meant(budget: float, pay_bill: float) -> str:
    """ "; if you meant £74.6m, type 74600000" when a scale brings it near the pay bill."""
    for factor, name in SCALES:
        scaled = budget * factor
        if FAR_BELOW * pay_bill <= scaled <= FAR_ABOVE * pay_bill:
            return f": if you meant {budget:,.10g}{name[1:]} ({name}), type {scaled:.0f}"
    return ""
