"""Applying a scenario's overrides to the inputs, before the model is built.

Budget change, demand growth adjustment and protected units are applied when
the model's data is prepared (optimise.data); overrides replace single input
cells here, so every later step sees one consistent set of tables.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from optimise.inputs import (
    SETTING_FIELDS,
    TABLE_KEYS,
    InputError,
    InputProblem,
    Override,
    PlanInputs,
    Scenario,
    Settings,
)

#: Tables where an override of a missing row adds the row (docs/workbook.md).
ADDABLE = {"Establishment", "Skills", "Budget"}


def apply_scenario(inputs: PlanInputs, scenario: Scenario) -> PlanInputs:
    """The inputs as this scenario sees them: every override applied.

    Raises InputError naming each override that cannot be applied (unknown
    table, column or row), all at once.
    """
    problems: list[InputProblem] = []
    result = inputs
    for override in scenario.overrides:
        try:
            result = _apply_one(result, override)
        except _OverrideProblem as problem:
            problems.append(
                InputProblem(
                    "Overrides",
                    (scenario.name, override.table, override.key1, override.key2, override.column),
                    "Value",
                    str(problem),
                )
            )
    if problems:
        raise InputError(problems)
    return result


class _OverrideProblem(Exception):
    pass


def _apply_one(inputs: PlanInputs, override: Override) -> PlanInputs:
    if override.table == "Settings":
        return replace(inputs, settings=_override_setting(inputs.settings, override))
    if override.table not in TABLE_KEYS:
        raise _OverrideProblem(f'there is no input table called "{override.table}"')
    table = inputs.table(override.table)
    keys = TABLE_KEYS[override.table]
    if override.column not in table.columns or override.column in keys:
        raise _OverrideProblem(
            f'"{override.column}" is not a column of {override.table} that can be changed'
        )
    key_values = (override.key1, override.key2)[: len(keys)]
    match = np.ones(len(table), dtype=bool)
    for column, value in zip(keys, key_values, strict=True):
        match &= _same_key(table[column], value)
    table = table.copy()
    if table[override.column].dtype == bool:
        override = replace(override, value=_yes(override.value))
    if match.any():
        table.loc[match, override.column] = override.value
    elif override.table in ADDABLE:
        row = {c: np.nan for c in table.columns}
        if override.table == "Establishment":
            row["Posts"] = 0.0  # a pair with no row has no posts (a Min posts row adds none)
        row.update(dict(zip(keys, key_values, strict=True)))
        row[override.column] = override.value
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    else:
        shown = " / ".join(str(k) for k in key_values)
        raise _OverrideProblem(f'{override.table} has no row "{shown}"')
    return inputs.with_tables(**{override.table.lower(): table})


def _same_key(column: pd.Series, value: object) -> np.ndarray:
    """Key match that treats 2028 and 2028.0 (a Budget year) as the same."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (pd.to_numeric(column, errors="coerce") == float(value)).to_numpy()
    return (column.astype(str) == str(value)).to_numpy()


def _override_setting(settings: Settings, override: Override) -> Settings:
    field = SETTING_FIELDS.get(str(override.key1))
    if field is None or override.column != "Value":
        raise _OverrideProblem(f'there is no setting "{override.key1}" to change')
    value = override.value
    current = getattr(settings, field)
    if isinstance(current, bool):
        value = _yes(value)
    elif isinstance(current, int):
        value = int(value)
    elif isinstance(current, float):
        value = float(value)
    return replace(settings, **{field: value})


def _yes(value: object) -> bool:
    return value is True or str(value).strip().lower() in ("yes", "true", "1")
