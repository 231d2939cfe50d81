"""Checked rows turned into what the model takes: PlanInputs and the Scenarios with their Overrides."""

from __future__ import annotations

import math

import pandas as pd

from optimise.inputs import (
    BUDGET_COLUMNS,
    COLUMN_ORDER,
    MAX_POST_CHANGES,
    SKILL_COLUMNS,
    Override,
    PlanInputs,
    Scenario,
)
from planner import contract as layout
from planner.check.cell_parse import NUMERIC
from planner.check.input_check import InputCheck
from planner.contract import YEAR, YESNO


def plan_inputs(check: InputCheck) -> PlanInputs:
    """Every input table typed, as optimise.plan takes them.

    The v3 columns (docs/rules.md rules 12 to 16) go in with the rest: a
    workbook made before them reads them as blank, which plans as before.
    """
    assert check.settings is not None
    inputs = PlanInputs(
        settings=check.settings,
        units=table_frame(check, "Units", COLUMN_ORDER["Units"]),
        roles=table_frame(check, "Roles", COLUMN_ORDER["Roles"]),
        establishment=table_frame(check, "Establishment", COLUMN_ORDER["Establishment"]),
        demand=table_frame(check, "Demand", layout.DEMAND.headers),
        skills=table_frame(check, "Skills", SKILL_COLUMNS),
        budget=table_frame(check, "Budget", BUDGET_COLUMNS),
        harm_curve=table_frame(check, "HarmCurve", layout.HARM_CURVE.headers),
    )
    return inputs


def table_frame(check: InputCheck, name: str, columns: list[str]) -> pd.DataFrame:
    """One table as the model takes it: floats with NaN for blank, bool Yes/No."""
    table = layout.TABLES[name]
    data = {}
    for column in columns:
        kind = table.column(column).kind
        values = [row.values.get(column) for row in check.rows.get(name, [])]
        if kind == YEAR:
            data[column] = pd.Series(values, dtype="int64")
        elif kind in NUMERIC:
            data[column] = pd.Series(
                [math.nan if v is None else v for v in values], dtype="float64"
            )
        elif kind == YESNO:
            data[column] = pd.Series(values, dtype=bool)
        else:
            data[column] = pd.Series(values, dtype=object if not values else None)
    return pd.DataFrame(data, columns=columns)


def scenarios(check: InputCheck) -> list[Scenario]:
    """Each Scenarios row with the Overrides that name it, in table order."""
    changes: dict[str, list[Override]] = {}
    for row in check.rows["Overrides"]:
        v = row.values
        override = Override(v["Table"], v["Key 1"], v["Column"], v["Value"], v.get("Key 2"))
        changes.setdefault(v["Scenario"], []).append(override)
    return [
        Scenario(
            name=v["Scenario"],
            description=v.get("Description") or "",
            budget_change=v["Budget change %"],
            demand_growth_adjustment=v["Demand growth adjustment %"],
            protected_units=v.get("Protected units") or (),
            overrides=tuple(changes.get(v["Scenario"], ())),
            run=v["Run"],
            max_post_changes_per_year=v.get(MAX_POST_CHANGES),
        )
        for v in (row.values for row in check.rows["Scenarios"])
    ]
