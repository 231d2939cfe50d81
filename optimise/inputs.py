"""The domain tables the model plans from: plain pandas, in the users' words.

Every table keeps the column names of the workbook contract (docs/workbook.md), so a
finance officer, a test and the model all say "Min posts" for the same thing.
Blank cells arrive as NaN and mean "no limit" where docs/rules.md allows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

UNIT_COLUMNS = ["Unit", "Branch", "Min posts", "Max posts", "Max change %", "Ring-fenced"]
ROLE_COLUMNS = [
    "Role",
    "Type",
    "Annual cost",
    "Productive hours",
    "Max growth per year",
    "Max attrition %",
    "Supervised by",
    "Span of control",
]
ESTABLISHMENT_COLUMNS = ["Unit", "Role", "Posts"]
DEMAND_COLUMNS = [
    "Stream",
    "Unit",
    "Annual cases",
    "Hours per case",
    "Harm weight",
    "Annual growth %",
    "Growth low %",
    "Growth high %",
    "Min coverage %",
    "Serves",
]
SKILL_COLUMNS = ["Stream", "Role", "Efficiency"]
BUDGET_COLUMNS = ["Year", "Budget"]
HARM_CURVE_COLUMNS = ["Coverage below", "Harm multiplier"]

#: v3 ("people, not posts", docs/rules.md rules 12 to 16): optional columns of
#: the domain tables, after the contract's own. Blank = the rule does not apply.
UNIT_PEOPLE_COLUMNS = ["Months to productive", "Intake per year"]
ROLE_PEOPLE_COLUMNS = ["Turnover %", "Vacancy %", "Team size"]
ESTABLISHMENT_PEOPLE_COLUMNS = ["Min posts"]
#: Scenarios' v3 column (a Scenario field, `max_post_changes_per_year`).
MAX_POST_CHANGES = "Max post changes per year"

#: Columns added after the first version: a table without them reads them as
#: blank (docs/workbook.md), so a workbook or a caller from before still plans.
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "Units": tuple(UNIT_PEOPLE_COLUMNS),
    "Roles": ("Supervised by", "Span of control", *ROLE_PEOPLE_COLUMNS),
    "Establishment": tuple(ESTABLISHMENT_PEOPLE_COLUMNS),
    "Demand": ("Growth low %", "Growth high %", "Min coverage %", "Serves"),
}
#: Each table's columns in order, optional ones included.
COLUMN_ORDER: dict[str, list[str]] = {
    "Units": UNIT_COLUMNS + UNIT_PEOPLE_COLUMNS,
    "Roles": ROLE_COLUMNS + ROLE_PEOPLE_COLUMNS,
    "Establishment": ESTABLISHMENT_COLUMNS + ESTABLISHMENT_PEOPLE_COLUMNS,
    "Demand": DEMAND_COLUMNS,
}
#: Optional columns that hold text (a role's or a branch's name); the rest are numbers.
TEXT_COLUMNS = {"Supervised by", "Serves"}

#: Key columns of each input table: they pick a row (for overrides and error messages).
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "Settings": ("Setting",),
    "Units": ("Unit",),
    "Roles": ("Role",),
    "Establishment": ("Unit", "Role"),
    "Demand": ("Stream",),
    "Skills": ("Stream", "Role"),
    "Budget": ("Year",),
}
#: The harm curve's rows are picked by their level (kept out of TABLE_KEYS:
#: a repeated level is the curve's own check, with its own words).
HARM_CURVE_KEY = ("Coverage below",)

PUBLIC_PROTECTION = "Public Protection"


@dataclass(frozen=True)
class Settings:
    """The Settings table, typed. Defaults are those of docs/workbook.md."""

    plan_start_year: int = 2027
    horizon: int = 3
    whole_posts: bool = True
    solver: str = "HiGHS"
    time_limit: float = 60.0
    mip_gap: float = 0.0
    #: Around one plan (docs/sweeps.md): the budget frontier, demand risk, robust plans.
    frontier_from: float = -0.10
    frontier_to: float = 0.10
    frontier_points: int = 9
    samples: int = 200
    random_seed: int = 1
    plan_for: str = "Expected demand"
    robust_samples: int = 20
    #: v3 (docs/sweeps.md): how sure (the sensitivity study) and the change frontier.
    sensitivity: float = 0.25
    change_points: int = 5
    sensitivity_chart_scenario: str = ""

    @property
    def years(self) -> list[int]:
        """Calendar years of the plan, t = 1..H."""
        return [self.plan_start_year + t for t in range(self.horizon)]


#: Setting names in the workbook -> Settings field.
SETTING_FIELDS = {
    "Plan start year": "plan_start_year",
    "Horizon (years)": "horizon",
    "Whole posts": "whole_posts",
    "Solver": "solver",
    "Time limit (s)": "time_limit",
    "MIP gap": "mip_gap",
    "Frontier from %": "frontier_from",
    "Frontier to %": "frontier_to",
    "Frontier points": "frontier_points",
    "Samples": "samples",
    "Random seed": "random_seed",
    "Plan for": "plan_for",
    "Robust samples": "robust_samples",
    "Sensitivity %": "sensitivity",
    "Change points": "change_points",
    "Sensitivity chart scenario": "sensitivity_chart_scenario",
}


@dataclass
class PlanInputs:
    """Everything the model needs, before any scenario is applied.

    Tables use a plain RangeIndex and the contract's columns; `Ring-fenced` is
    bool, numbers are float with NaN for blank. `harm_curve` has no rows when
    the workbook gives no curve (every unmet case weighs its harm weight).
    """

    settings: Settings
    units: pd.DataFrame
    roles: pd.DataFrame
    establishment: pd.DataFrame
    demand: pd.DataFrame
    skills: pd.DataFrame
    budget: pd.DataFrame
    harm_curve: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=HARM_CURVE_COLUMNS, dtype=float)
    )

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, "harm_curve" if name == "HarmCurve" else name.lower())

    def with_tables(self, **tables: pd.DataFrame) -> PlanInputs:
        return replace(self, **tables)

    def baseline_posts(self) -> pd.Series:
        """P_ur over every unit x role pair (missing pair = 0), indexed (Unit, Role)."""
        grid = pd.MultiIndex.from_product(
            [self.units["Unit"], self.roles["Role"]], names=["Unit", "Role"]
        )
        given = self.establishment.groupby(["Unit", "Role"])["Posts"].sum()
        return given.reindex(grid, fill_value=0.0).astype(float)

    def baseline_cost(self) -> float:
        """Today's pay bill: sum over unit and role of cost x (1 - Vacancy %) x baseline posts.

        An empty post draws no pay (docs/rules.md rule 8); a blank Vacancy % is none empty.
        """
        posts = self.baseline_posts()
        roles = self.roles.set_index("Role")
        cost = pd.to_numeric(roles["Annual cost"], errors="coerce")
        if "Vacancy %" in roles.columns:
            cost = cost * (1.0 - pd.to_numeric(roles["Vacancy %"], errors="coerce").fillna(0.0))
        return float((posts * cost.reindex(posts.index.get_level_values("Role")).values).sum())


def with_optional_columns(inputs: PlanInputs) -> PlanInputs:
    """The inputs with every optional column present, in contract order.

    Old workbooks and callers written before the columns existed leave them
    out; they read as blank (NaN, or None for text), so such inputs plan as
    they did, apart from docs/rules.md's rule 11, which applies to every plan.
    """
    tables = {}
    for name, optional in OPTIONAL_COLUMNS.items():
        frame = inputs.table(name)
        missing = [c for c in optional if c not in frame.columns]
        if missing:
            frame = frame.copy()
            for column in missing:
                frame[column] = None if column in TEXT_COLUMNS else np.nan
            order = COLUMN_ORDER[name]
            extra = [c for c in frame.columns if c not in order]
            tables[name.lower()] = frame[[c for c in order if c in frame.columns] + extra]
    curve = inputs.harm_curve
    if curve is None or any(c not in curve.columns for c in HARM_CURVE_COLUMNS):
        tables["harm_curve"] = pd.DataFrame(columns=HARM_CURVE_COLUMNS, dtype=float)
    return inputs.with_tables(**tables) if tables else inputs


@dataclass(frozen=True)
class Override:
    """One Overrides row: replace one input cell for one scenario."""

    table: str
    key1: object
    column: str
    value: object
    key2: object = None


@dataclass(frozen=True)
class Scenario:
    """A question put to the model: changes applied to the inputs before building it."""

    name: str = "Baseline"
    description: str = ""
    budget_change: float = 0.0
    demand_growth_adjustment: float = 0.0
    protected_units: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = field(default_factory=tuple)
    run: bool = True
    #: Scenarios.Max post changes per year (docs/rules.md rule 16): None or NaN = no cap.
    max_post_changes_per_year: float | None = None

    @property
    def change_cap(self) -> float:
        """Rule 16's M, NaN when the scenario sets none."""
        cap = self.max_post_changes_per_year
        return float("nan") if cap is None else float(cap)


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with the inputs, located by table, row key and column.

    The workbook layer maps (table, key, column) to a cell address; `key` is the
    row's key values (empty for a table-level problem), `column` None for a
    whole-row or whole-table problem.
    """

    table: str
    key: tuple
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.table
        if self.key:
            where += " " + " / ".join(str(k) for k in self.key)
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class InputError(ValueError):
    """Raised with every input problem found, never just the first."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} input problem(s):\n{lines}")
