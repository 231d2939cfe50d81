"""Excel's data validation on the input columns, from the contract (planner.contract).

A drop-down or a bound in Excel stops a slip as it is typed; planner.check.validate
still checks every cell, since a paste skips Excel's rules.
"""

from __future__ import annotations

from typing import Any

from planner import contract as layout

#: The workbook name of the list the Overrides Column drop-down offers.
OVERRIDE_COLUMNS = "OverrideColumns"


#: Excel's validation cannot say "above 0" with an upper bound: above this instead.
OPEN_BOUND = 1e-9


def validation(table: layout.Table, column: layout.Column) -> dict[str, Any] | None:
    """An Excel data validation rule for a column, from the contract; None if free."""
    if column.refers_to:
        if column.kind == layout.LIST:
            return {
                "validate": "any",
                "input_title": column.name[:32],
                "input_message": "Unit names from the Units sheet, separated by ;",
            }
        source = f'=INDIRECT("{_list_of(column.refers_to)}")'
        return rule_with_words(
            {"validate": "list", "source": source}, column, "Choose one from the list."
        )
    if column.choices:
        return rule_with_words({"validate": "list", "source": list(column.choices)}, column, "")
    if table is layout.OVERRIDES and column.name == "Column":
        names = override_columns()
        fits = len(",".join(names)) <= 255  # Excel's limit for a list typed into the rule
        source = names if fits else f"={OVERRIDE_COLUMNS}"
        return rule_with_words({"validate": "list", "source": source}, column, "")
    numeric = (layout.NUMBER, layout.WHOLE, layout.MONEY, layout.PERCENT, layout.YEAR)
    if column.kind not in numeric or (column.low is None and column.high is None):
        return None
    kind = "integer" if column.kind in (layout.WHOLE, layout.YEAR) else "decimal"
    rule: dict[str, Any] = {"validate": kind}
    if column.low is not None and column.high is not None:
        # Excel has no "above x" or "below y" with "between": an open bound moves in by a hair.
        low = column.low + OPEN_BOUND if column.low_open else column.low
        high = column.high - OPEN_BOUND if column.high_open else column.high
        rule.update(criteria="between", minimum=low, maximum=high)
    elif column.low is not None:
        rule.update(criteria=">" if column.low_open else ">=", value=column.low)
    else:
        rule.update(criteria="<" if column.high_open else "<=", value=column.high)
    return rule_with_words(rule, column, bounds_words(column))


def rule_with_words(rule: dict[str, Any], column: layout.Column, words: str) -> dict[str, Any]:
    message = f"{column.note} {words}".strip()
    rule.update(error_title=f"{column.name}"[:32], error_message=message[:255])
    return rule


def _list_of(table: str) -> str:
    key = layout.TABLES[table].keys[0]
    return f"{table}[{key}]"


def override_columns() -> list[str]:
    """Columns an Overrides row may change: the non-key columns of the tables it names."""
    names: list[str] = []
    for table_name in layout.OVERRIDES.column("Table").choices:
        table = layout.TABLES[table_name]
        for header in table.headers:
            if header not in table.keys and header != "Notes" and header not in names:
                names.append(header)
    return names


def bounds_words(column: layout.Column) -> str:
    """'Between 0% and 100%.' in the column's own units, or ''."""

    def shown(value: float) -> str:
        if column.kind == layout.PERCENT:
            return f"{value:.0%}"
        if column.kind == layout.MONEY:
            return f"£{value:,.0f}"
        return f"{value:g}"

    low, high = column.low, column.high
    above = "above" if column.low_open else "at least"
    below = "below" if column.high_open else "at most"
    if low is not None and high is not None:
        return f"Must be {above} {shown(low)} and {below} {shown(high)}."
    if low is not None:
        return f"Must be {above} {shown(low)}."
    if high is not None:
        return f"Must be {below} {shown(high)}."
    return ""
