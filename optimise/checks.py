"""Checks that belong to the model: numbers it cannot plan with, keys that do not exist.

The workbook layer checks cells (text in a number, a bad Yes/No) first; these
checks guard the model whoever calls it, and report every problem at once with
its table, row key and column, so the workbook layer can point at the cell.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimise.consistency import check_consistency
from optimise.inputs import (
    TABLE_KEYS,
    InputError,
    InputProblem,
    PlanInputs,
    Scenario,
    with_optional_columns,
)
from optimise.result import ATTRITION, RECRUITMENT
from optimise.robust import PLAN_FOR
from optimise.scenario import apply_scenario


@dataclass(frozen=True)
class Rule:
    """A number a column must hold: required or blank-allowed, and its range."""

    table: str
    column: str
    required: bool
    low: float | None = None
    high: float | None = None
    low_open: bool = False  # the value must be strictly above `low`
    high_open: bool = False  # the value must be strictly below `high`


#: The one table of numeric bounds: the model checks them here, and the workbook's
#: contract (planner.contract) takes each column's bounds from it, for its own
#: checks at the cell and Excel's data validation. A growth rate or a year outside
#: these is refused as a typo, though the model could plan with it.
RULES = (
    Rule("Units", "Min posts", False, 0),
    Rule("Units", "Max posts", False, 0),
    Rule("Units", "Max change %", False, 0, 1),
    Rule("Roles", "Annual cost", True, 0, low_open=True),
    Rule("Roles", "Productive hours", True, 0, 8760, low_open=True),
    Rule("Roles", "Max growth per year", False, 0),
    Rule("Roles", "Max attrition %", False, 0, 1),
    Rule("Establishment", "Posts", True, 0),
    Rule("Demand", "Annual cases", True, 0),
    Rule("Demand", "Hours per case", True, 0, low_open=True),
    Rule("Demand", "Harm weight", True, 0),
    Rule("Demand", "Annual growth %", True, -0.5, 1),
    Rule("Demand", "Growth low %", False, -0.5, 1),
    Rule("Demand", "Growth high %", False, -0.5, 1),
    Rule("Demand", "Min coverage %", False, 0, 1),
    Rule("Skills", "Efficiency", True, 0, 1, low_open=True),
    Rule("Budget", "Year", True, 2000, 2100),
    Rule("Budget", "Budget", True, 0),
    # v3, people not posts (docs/rules.md rules 12 to 16)
    Rule("Units", "Months to productive", False, 0, 12),
    Rule("Units", "Intake per year", False, 0),
    Rule("Roles", "Turnover %", False, 0, 1, high_open=True),
    Rule("Roles", "Vacancy %", False, 0, 1, high_open=True),
    Rule("Roles", "Team size", False, 0, low_open=True),
    Rule("Establishment", "Min posts", False, 0),
)

#: Which table each referring column points into.
REFERENCES = (
    ("Establishment", "Unit", "Units"),
    ("Establishment", "Role", "Roles"),
    ("Demand", "Unit", "Units"),
    ("Skills", "Stream", "Demand"),
    ("Skills", "Role", "Roles"),
    ("Roles", "Supervised by", "Roles"),
)


def check_inputs(inputs: PlanInputs, scenario: Scenario | None = None) -> list[InputProblem]:
    """Every problem that would stop the model planning these inputs."""
    inputs = with_optional_columns(inputs)
    problems = _check_settings(inputs)
    problems += _check_keys(inputs)
    problems += _check_references(inputs)
    for rule in RULES:
        problems += _check_rule(inputs.table(rule.table), rule)
    problems += _check_unit_sizes(inputs)
    problems += _check_move_words(inputs)
    problems += check_consistency(inputs)
    if inputs.settings.whole_posts:
        problems += _check_whole_posts(inputs)
    if scenario is not None:
        problems += _check_scenario(inputs, scenario)
    return problems


def scenario_problems(
    inputs: PlanInputs, scenario: Scenario, base: list[InputProblem]
) -> list[InputProblem]:
    """`check_inputs` on the inputs as `scenario` sees them, given `base`, the problems of
    `inputs` themselves (`check_inputs(inputs)`).

    A scenario without overrides sees the very same inputs: their problems are `base`,
    and only the scenario's own fields (budget change, protected units...) are checked
    again. Three of the default workbook's five scenarios are such; checking each
    whole again was half the model's checks before a run.

    Raises InputError when an override cannot be applied (optimise.scenario).
    """
    seen = apply_scenario(inputs, scenario)
    if seen is not inputs:
        return check_inputs(seen, scenario)
    return base + _check_scenario(with_optional_columns(inputs), scenario)


def raise_for_problems(inputs: PlanInputs, scenario: Scenario | None = None) -> None:
    problems = check_inputs(inputs, scenario)
    if problems:
        raise InputError(problems)


def row_key(table: str, row: pd.Series) -> tuple:
    return tuple(row[k] for k in TABLE_KEYS[table])


def _check_settings(inputs: PlanInputs) -> list[InputProblem]:
    s = inputs.settings
    found = []

    def bad(setting: str, message: str) -> None:
        found.append(InputProblem("Settings", (setting,), "Value", message))

    if int(s.horizon) != s.horizon or not 1 <= s.horizon <= 50:
        bad(
            "Horizon (years)",
            f"the horizon ({s.horizon}) should be a whole number of years, 1 or more",
        )
    if s.solver not in ("HiGHS", "CBC"):
        bad("Solver", f'the solver should be HiGHS or CBC, not "{s.solver}"')
    if not s.time_limit > 0:
        bad("Time limit (s)", f"the time limit ({s.time_limit}) should be above 0 seconds")
    if not 0 <= s.mip_gap < 1:
        bad("MIP gap", f"the MIP gap ({s.mip_gap}) should be between 0% and 100%")
    if not s.frontier_from < s.frontier_to:
        bad(
            "Frontier to %",
            f"the frontier's last point ({s.frontier_to:.0%}) should be above its first "
            f"(Frontier from %, {s.frontier_from:.0%})",
        )
    if s.plan_for.strip().casefold() not in (p.casefold() for p in PLAN_FOR):
        bad("Plan for", f'Plan for should be {" or ".join(PLAN_FOR)}, not "{s.plan_for}"')
    if int(s.robust_samples) != s.robust_samples or not 1 <= s.robust_samples <= 500:
        bad(
            "Robust samples",
            f"the futures a robust plan is made for ({s.robust_samples}) should be a whole "
            "number from 1 to 500",
        )
    return found


def _check_keys(inputs: PlanInputs) -> list[InputProblem]:
    found = []
    for table, keys in TABLE_KEYS.items():
        if table == "Settings":
            continue
        frame = inputs.table(table)
        missing = [k for k in keys if k not in frame.columns]
        if missing:
            found.append(
                InputProblem(table, (), missing[0], f'the column "{missing[0]}" is missing')
            )
            continue
        found += _key_problems(table, frame[list(keys)])
    return found


def _key_problems(table: str, keys: pd.DataFrame) -> list[InputProblem]:
    """Blank and repeated keys; the rows are walked only when there is one."""
    blank = keys.isna().any(axis=1).to_numpy()
    duplicated = np.zeros(len(keys), dtype=bool)
    duplicated[~blank] = keys[~blank].duplicated(keep="first").to_numpy()
    found = [
        InputProblem(table, tuple(keys.iloc[n]), keys.columns[0], "the key is blank")
        for n in np.flatnonzero(blank)
    ]
    for n in np.flatnonzero(duplicated):
        key = tuple(keys.iloc[n])
        shown = " / ".join(str(k) for k in key)
        found.append(
            InputProblem(table, key, keys.columns[-1], f'"{shown}" appears more than once')
        )
    return found


def _check_references(inputs: PlanInputs) -> list[InputProblem]:
    found = []
    for table, column, target in REFERENCES:
        known = set(inputs.table(target)[TABLE_KEYS[target][0]])
        frame = inputs.table(table)
        for _, row in frame[~frame[column].isin(known)].iterrows():
            if pd.isna(row[column]):
                continue
            what = target.lower().rstrip("s") if target != "Demand" else "stream"
            found.append(
                InputProblem(
                    table,
                    row_key(table, row),
                    column,
                    f'"{row[column]}" is not a {what} in the {target} table',
                )
            )
    return found


def _check_rule(frame: pd.DataFrame, rule: Rule) -> list[InputProblem]:
    """Rows whose value breaks the rule, in row order.

    A float column is screened with whole-array comparisons, so only the rows
    with a problem are worded (100k Establishment rows in milliseconds, where
    a row-by-row walk took seconds); any other column is walked value by value.
    """
    column = frame[rule.column]
    if column.dtype == np.float64:
        rows = np.flatnonzero(~_in_range(column.to_numpy(), rule))
    else:
        rows = range(len(frame))
    found = []
    for n in rows:
        message = _rule_problem(rule, column.iat[n])
        if message:
            key = tuple(frame[k].iat[n] for k in TABLE_KEYS[rule.table])
            found.append(InputProblem(rule.table, key, rule.column, message))
    return found


def _in_range(values: np.ndarray, rule: Rule) -> np.ndarray:
    """True where a float value needs no word: within range, or blank and allowed."""
    ok = np.ones(len(values), dtype=bool)
    with np.errstate(invalid="ignore"):
        if rule.low is not None:
            ok &= (values > rule.low) if rule.low_open else (values >= rule.low)
        if rule.high is not None:
            ok &= (values < rule.high) if rule.high_open else (values <= rule.high)
    blank = np.isnan(values)
    return (ok & ~blank) | (blank & (not rule.required))


def _rule_problem(rule: Rule, value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"{rule.column} is blank" if rule.required else None
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        return f'{rule.column} should be a number, not "{value}"'
    if rule.low is not None and (value < rule.low or (rule.low_open and value == rule.low)):
        relation = "above" if rule.low_open else "at least"
        return f"{rule.column} ({_show(value)}) should be {relation} {_show(rule.low)}"
    if rule.high is not None and (value > rule.high or (rule.high_open and value == rule.high)):
        relation = "below" if rule.high_open else "at most"
        return f"{rule.column} ({_show(value)}) should be {relation} {_show(rule.high)}"
    return None


def _show(value: float) -> str:
    return f"{value:g}"


def _check_move_words(inputs: PlanInputs) -> list[InputProblem]:
    """No unit may be called Recruitment or Attrition: the Moves table's words for outside."""
    found = []
    for unit in inputs.units["Unit"]:
        word = next((w for w in (RECRUITMENT, ATTRITION) if _same_name(unit, w)), None)
        if word is not None:
            meaning = (
                "new recruits" if word == RECRUITMENT else "posts not refilled when people leave"
            )
            found.append(
                InputProblem(
                    "Units",
                    (unit,),
                    "Unit",
                    f'a unit may not be called "{unit}": on the Moves sheet "{word}" means '
                    f'{meaning}, not a unit; rename it, e.g. "{word} Unit"',
                )
            )
    return found


def _same_name(name: object, word: str) -> bool:
    return isinstance(name, str) and name.strip().casefold() == word.casefold()


def _check_unit_sizes(inputs: PlanInputs) -> list[InputProblem]:
    found = []
    units = inputs.units
    both = units["Min posts"].notna() & units["Max posts"].notna()
    for _, row in units[both].iterrows():
        low, high = row["Min posts"], row["Max posts"]
        if isinstance(low, numbers.Real) and isinstance(high, numbers.Real) and low > high:
            found.append(
                InputProblem(
                    "Units",
                    (row["Unit"],),
                    "Min posts",
                    f'Min posts ({_show(low)}) is above Max posts ({_show(high)}) for "{row["Unit"]}"',
                )
            )
    return found


def _check_whole_posts(inputs: PlanInputs) -> list[InputProblem]:
    found = []
    establishment = inputs.establishment
    posts = pd.to_numeric(establishment["Posts"], errors="coerce").to_numpy(float)
    with np.errstate(invalid="ignore"):
        broken = np.flatnonzero(np.isfinite(posts) & (posts != np.round(posts)))
    for n in broken:
        value = establishment["Posts"].iat[n]
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
            continue
        found.append(
            InputProblem(
                "Establishment",
                (establishment["Unit"].iat[n], establishment["Role"].iat[n]),
                "Posts",
                f"Posts ({_show(value)}) is not a whole number, and Whole posts is Yes",
            )
        )
    return found


def _check_scenario(inputs: PlanInputs, scenario: Scenario) -> list[InputProblem]:
    found = []
    key = (scenario.name,)
    known = set(inputs.units["Unit"])
    for unit in scenario.protected_units:
        if unit not in known:
            found.append(
                InputProblem(
                    "Scenarios",
                    key,
                    "Protected units",
                    f'"{unit}" is not a unit in the Units table',
                )
            )
    if not scenario.budget_change > -1:
        found.append(
            InputProblem(
                "Scenarios",
                key,
                "Budget change %",
                "a budget change must leave some budget (above -100%)",
            )
        )
    cap = scenario.change_cap
    if not math.isnan(cap) and cap < 0:
        found.append(
            InputProblem(
                "Scenarios",
                key,
                "Max post changes per year",
                f"Max post changes per year ({_show(cap)}) should be at least 0",
            )
        )
    growth = inputs.demand["Annual growth %"] + scenario.demand_growth_adjustment
    if (growth <= -1).any():
        found.append(
            InputProblem(
                "Scenarios",
                key,
                "Demand growth adjustment %",
                "with this adjustment some stream's demand would fall by 100% or more a year",
            )
        )
    return found
