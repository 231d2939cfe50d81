"""What one scenario's optimisation reports: plain tables and figures.

The model fills it; the workbook writers (file or xlwings) only read it. Field
names follow the Comparison columns of docs/workbook.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from optimise.status import Status

# The names callers use; each is a Status, equal to its string ("Optimal"...).
OPTIMAL = Status.OPTIMAL
INFEASIBLE = Status.INFEASIBLE
TIME_LIMIT = Status.TIME_LIMIT
INVALID_INPUT = Status.INVALID_INPUT
STATUSES = tuple(Status)

PLAN_COLUMNS = ["Year", "Unit", "Role", "Baseline posts", "Posts", "Change"]
#: docs/rules.md's moves: From is a unit or "Recruitment", To a unit or "Attrition".
MOVES_COLUMNS = ["Year", "Role", "From", "To", "Posts"]
RECRUITMENT = "Recruitment"
ATTRITION = "Attrition"
#: v3: the month a person moved or recruited into a unit works there fully ("Jul 2027").
PRODUCTIVE_FROM = "Productive from"

#: docs/rules.md, "What a plan buys, in cases": cases worked a year per stream in
#: the final plan year, with today's posts best used and with the plan's posts.
CASES_COLUMNS = ["Stream", "Unit", "Cases today", "Cases with the plan"]
#: The same rule for the scenario's own FTE plan and for it re-planned with £1m
#: more in every plan year's budget ("what another £1m would buy").
MILLION_COLUMNS = ["Stream", "Unit", "Cases, FTE plan", "Cases with £1m more"]

COVERAGE_COLUMNS = [
    "Year",
    "Stream",
    "Unit",
    "Demand hours",
    "Served hours",
    "Unmet cases",
    "Coverage %",
]


@dataclass(frozen=True)
class BindingLimit:
    """A limit that holds the plan back, in a planner's words.

    `harm_per_unit` is how much unmet harm falls if the limit moves by one of
    its units (one post, one pound, one percentage point...); `unit` names it.
    """

    family: str  # "Budget", "Max posts", "Min posts", "Unit change", "Ring-fence", ...
    words: str  # "the 2029 budget (£41.2m)"
    year: int | None
    harm_per_unit: float
    unit: str  # "post", "£1m", ...


@dataclass(frozen=True)
class Fix:
    """One way out of an infeasible scenario: move this limit by this much."""

    family: str
    words: str  # "raise the 2028 budget by £1.2m"
    amount: float
    unit: str  # "£" or "posts"
    #: Which way out this fix belongs to: fixes with the same `way` are needed
    #: together; any one way alone allows a plan.
    way: int = 0


@dataclass
class PlanResult:
    """One scenario's answer. Figures are None where the status gives none."""

    scenario: str
    status: str  # a Status: "Optimal", "Infeasible", "Time limit" or "Invalid input"
    message: str = ""
    plan: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PLAN_COLUMNS))
    coverage: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COVERAGE_COLUMNS))
    #: The same for today's posts, used as well as they can be (the baseline).
    baseline_coverage: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=COVERAGE_COLUMNS)
    )
    #: The plan as HR would issue it (optimise.moves): transfers, recruitment, attrition.
    moves: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=[*MOVES_COLUMNS, PRODUCTIVE_FROM])
    )
    #: Cases worked a year, final plan year (CASES_COLUMNS); empty when not computed.
    cases: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CASES_COLUMNS))
    #: What another £1m a year would buy, in cases (MILLION_COLUMNS); empty when not computed.
    million_cases: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=MILLION_COLUMNS)
    )
    unmet_harm: float | None = None
    #: Whole posts only: the same scenario's unmet harm planned in FTE, a lower
    #: bound for every whole-post plan ("2.8% above the best FTE plan").
    fte_unmet_harm: float | None = None
    baseline_unmet_harm: float | None = None
    post_changes: float | None = None
    final_year_cost: float | None = None
    final_year_budget: float | None = None
    coverage_pct: float | None = None
    #: The least of the streams' own final-year coverage, and which stream.
    lowest_coverage_pct: float | None = None
    lowest_coverage_stream: str = ""
    #: Moves summed over the years (docs/rules.md: Post changes = 2 x Transfers + Recruitment + Attrition).
    transfers: float | None = None
    recruitment: float | None = None
    attrition: float | None = None
    #: Final-year hours that units outside Public Protection give to work that
    #: serves Public Protection (Demand's Serves column), today and in the plan:
    #: the inspectorate's "support tasked where the harm is".
    pp_support_hours_before: float | None = None
    pp_support_hours_after: float | None = None
    pp_share_before: float | None = None
    pp_share_after: float | None = None
    harm_reduction_per_million: float | None = None
    #: True when the shadow price comes from the LP relaxation of a whole-post plan.
    shadow_price_from_relaxation: bool = False
    binding_limits: list[BindingLimit] = field(default_factory=list)
    #: Whole posts only: none of the relaxation's binding limits, moved by one
    #: whole post, lowered its unmet harm, so none is named; planning in whole
    #: posts is what holds the plan back (optimise.held_back).
    held_by_whole_posts: bool = False
    fixes: list[Fix] = field(default_factory=list)
    solver: str = ""
    seconds: float = 0.0
    #: Relative MIP gap proven at the end (0 when optimal; None for an LP).
    mip_gap: float | None = None
    years: list[int] = field(default_factory=list)
    #: Plan for = Uncertain demand: how many futures of demand the plan was
    #: made for (its figures are their averages); None for expected demand.
    futures: int | None = None

    @property
    def harm_reduction_pct(self) -> float | None:
        """Share of baseline unmet harm the plan removes."""
        if self.unmet_harm is None or not self.baseline_unmet_harm:
            return None
        return (self.baseline_unmet_harm - self.unmet_harm) / self.baseline_unmet_harm

    @property
    def fte_gap_pct(self) -> float | None:
        """How far a whole-post plan's unmet harm is above the best FTE plan's."""
        if self.unmet_harm is None or self.fte_unmet_harm is None:
            return None
        return (self.unmet_harm - self.fte_unmet_harm) / max(abs(self.fte_unmet_harm), 1e-9)

    @property
    def cases_worked_change(self) -> float | None:
        """Cases worked a year, final year, all streams: the plan's minus today's posts best used."""
        if self.cases.empty:
            return None
        return float(self.cases[CASES_COLUMNS[3]].sum() - self.cases[CASES_COLUMNS[2]].sum())

    @property
    def million_cases_change(self) -> float | None:
        """Cases a year another £1m in every year's budget would add (in FTE; docs/rules.md)."""
        if self.million_cases.empty:
            return None
        frame = self.million_cases
        return float(frame[MILLION_COLUMNS[3]].sum() - frame[MILLION_COLUMNS[2]].sum())

    @property
    def has_plan(self) -> bool:
        return self.status in (OPTIMAL, TIME_LIMIT)
