"""The Settings table: each known setting once, with a value of its kind."""

from __future__ import annotations

from typing import Any

from optimise.inputs import SETTING_FIELDS, Settings
from planner.check.cell_parse import Spec
from planner.check.input_check import InputCheck
from planner.check.names import did_you_mean as _did_you_mean
from planner.contract import LATER_SETTINGS, SETTING_ROWS


def check_settings(check: InputCheck) -> Settings | None:
    """Each known setting once, with a value of its kind; unknown settings named."""
    if "Settings" not in check.complete:
        return None
    rows = check.rows["Settings"]
    seen: dict[str, Any] = {}
    for row in rows:
        name = row.values.get("Setting")
        if name is None or name in seen:
            continue  # blank is reported; a repeat is reported as a duplicate
        if name not in SETTING_ROWS:
            check.add(
                row.address("Setting"),
                f'"{name}" is not a setting Planner knows{_did_you_mean(name, SETTING_ROWS)}. '
                f"The settings are: {', '.join(SETTING_ROWS)}",
            )
            continue
        seen[name] = None
        if check.parse_cell(row, "Value", Spec.of_setting(name), name):
            value = row.values["Value"]
            seen[name] = SETTING_ROWS[name][1] if value is None else value
    check.setting_values = {k: v for k, v in seen.items() if v is not None}
    raw = check.found["Settings"]
    for name, (_kind, default, *_rest) in SETTING_ROWS.items():
        if name not in seen and name in LATER_SETTINGS:
            seen[name] = default
        elif name not in seen:
            check.add(
                raw.cell(None, "Setting"),
                f'the setting "{name}" is missing; add a row with Setting "{name}" '
                f"and Value {default}",
            )
    if any(seen.get(name) is None for name in SETTING_ROWS):
        return None
    return Settings(**{SETTING_FIELDS[name]: seen[name] for name in SETTING_ROWS})
