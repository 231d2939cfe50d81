"""The input rules are one table: the model's checks and the workbook's read the same bounds."""

from __future__ import annotations

import pytest

from optimise.checks import RULES
from planner import contract as layout


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.table}.{r.column}")
def test_the_workbook_checks_each_number_within_the_models_own_bounds(rule):
    column = layout.TABLES[rule.table].column(rule.column)
    assert (column.low, column.high, column.low_open, column.high_open) == (
        rule.low,
        rule.high,
        rule.low_open,
        rule.high_open,
    )
    assert column.required == rule.required


def test_a_rule_for_a_column_the_workbook_does_not_have_is_refused():
    from dataclasses import replace

    from planner.contract.columns import with_rules

    stray = replace(RULES[0], column="No such column")
    with pytest.raises(ValueError, match="No such column"):
        with_rules(layout.UNITS, [stray])
