"""The output tables Planner writes: the results of `optimise` and each study's table."""

from __future__ import annotations

from planner.contract import kind
from planner.contract.columns import Column, Table

COMPARISON = Table(
    "Comparison",
    "Comparison",
    (
        Column("Scenario", kind.NAME, "The scenario."),
        Column("Status", kind.TEXT, "Optimal, Infeasible, Time limit or Invalid input."),
        Column("Unmet harm", kind.NUMBER, "Harm-weighted cases left unworked over the plan."),
        Column(
            "Baseline unmet harm",
            kind.NUMBER,
            "The same with today's posts, used as well as they can be.",
        ),
        Column(
            "Harm reduction %",
            kind.PERCENT,
            "How much of the baseline unmet harm the plan removes.",
        ),
        Column("Coverage %", kind.PERCENT, "Share of demand hours served in the final year."),
        Column(
            "Lowest coverage %",
            kind.PERCENT,
            "The least-covered stream's share of its demand hours served in the final year.",
        ),
        Column("Post changes", kind.NUMBER, "Posts moved in and out over the plan, summed."),
        Column(
            "Transfers",
            kind.NUMBER,
            "Posts moved from one unit to another over the plan (see the Moves sheet).",
        ),
        Column("Recruitment", kind.NUMBER, "Posts filled by recruiting over the plan."),
        Column(
            "Attrition",
            kind.NUMBER,
            "Posts not refilled when people leave, over the plan.",
        ),
        Column("Final-year cost", kind.MONEY, "Pay bill of the plan in its final year."),
        Column("Final-year budget", kind.MONEY, "Budget of the final year."),
        Column("PP share before", kind.PERCENT, "Public Protection's share of all posts today."),
        Column("PP share after", kind.PERCENT, "Public Protection's share in the final year."),
        Column(
            "Harm reduction per £1m",
            kind.NUMBER,
            "How much unmet harm one more £1m of final-year budget would remove.",
        ),
        Column(
            "Cases worked change",
            kind.NUMBER,
            "Cases worked a year in the final year, all streams: the plan's minus today's "
            "posts best used.",
        ),
        Column("Message", kind.TEXT, "The plan in one plain sentence, or why there is none."),
    ),
    ("Scenario",),
    "Every scenario side by side.",
    output=True,
    title="Scenario comparison",
)

MOVES = Table(
    "Moves",
    "Moves",
    (
        Column("Scenario", kind.NAME, ""),
        Column("Year", kind.YEAR, ""),
        Column("Role", kind.NAME, ""),
        Column("From", kind.NAME, "A unit, or Recruitment."),
        Column("To", kind.NAME, "A unit, or Attrition (posts not refilled when people leave)."),
        Column("Posts", kind.NUMBER, ""),
    ),
    ("Scenario", "Year", "Role", "From", "To"),
    "Each plan as the steps HR takes: posts moved between units (inside a branch where they "
    "can be), recruited, or not refilled when people leave.",
    output=True,
    title="Moves: transfers, recruitment and attrition by year and role",
    rows_from="moves",
)

PLANS = Table(
    "Plans",
    "Plans",
    (
        Column("Scenario", kind.NAME, ""),
        Column("Year", kind.YEAR, ""),
        Column("Unit", kind.NAME, ""),
        Column("Role", kind.NAME, ""),
        Column("Baseline posts", kind.NUMBER, ""),
        Column("Posts", kind.NUMBER, ""),
        Column("Change", kind.NUMBER, ""),
    ),
    ("Scenario", "Year", "Unit", "Role"),
    "Posts by unit, role and year in each scenario's plan.",
    output=True,
    title="Plans: posts by unit, role and year",
    rows_from="plan",
)

COVERAGE = Table(
    "Coverage",
    "Coverage",
    (
        Column("Scenario", kind.NAME, ""),
        Column("Year", kind.YEAR, ""),
        Column("Stream", kind.NAME, ""),
        Column("Unit", kind.NAME, ""),
        Column("Demand hours", kind.NUMBER, ""),
        Column("Served hours", kind.NUMBER, ""),
        Column("Unmet cases", kind.NUMBER, ""),
        Column("Coverage %", kind.PERCENT, ""),
    ),
    ("Scenario", "Year", "Stream"),
    "How much of each stream's work each plan serves.",
    output=True,
    title="Coverage: how much of each stream's work each plan serves",
    rows_from="coverage",
)

RUNLOG = Table(
    "RunLog",
    "Run log",
    (
        Column("Run at", kind.TEXT, ""),
        Column("Scenario", kind.NAME, ""),
        Column("Status", kind.TEXT, ""),
        Column("Solver", kind.TEXT, ""),
        Column("Seconds", kind.NUMBER, ""),
        Column("Unmet harm", kind.NUMBER, ""),
        Column("Inputs hash", kind.TEXT, ""),
        Column("User", kind.TEXT, ""),
        Column(
            "Notes",
            kind.TEXT,
            "The solver's detail for the run: proven gap, distance from the best FTE plan, "
            "the post-changes bound.",
        ),
    ),
    ("Run at", "Scenario"),
    "Every run, newest last. It only ever grows.",
    output=True,
    title="Run log",
)

#: Every output table, in workbook order. A new output table is one entry
#: here (its sheet comes with it) plus the code that makes its rows: the
#: builder, both writers and the reader take the list from here.
OUTPUT_TABLES: tuple[Table, ...] = (COMPARISON, MOVES, PLANS, COVERAGE, RUNLOG)

FRONTIER = Table(
    "Frontier",
    "Frontier",
    (
        Column("Scenario", kind.NAME, ""),
        Column(
            "Budget change %", kind.PERCENT, "The scenario's own budget change plus this point's."
        ),
        Column("Final-year budget", kind.MONEY, ""),
        Column("Status", kind.TEXT, ""),
        Column("Unmet harm", kind.NUMBER, ""),
        Column("Harm reduction %", kind.PERCENT, ""),
        Column("Coverage %", kind.PERCENT, ""),
        Column("Lowest coverage %", kind.PERCENT, ""),
        Column("PP share after", kind.PERCENT, ""),
        Column("Harm reduction per £1m", kind.NUMBER, ""),
    ),
    ("Scenario", "Budget change %"),
    "Each scenario planned again at a row of budgets around its own: what more budget buys, "
    "and what less costs, in unmet harm. In FTE (fractions of a post): whole-post plans leave "
    "a few % more.",
    output=True,
)

RISK = Table(
    "Risk",
    "Risk",
    (
        Column("Scenario", kind.NAME, ""),
        Column("Samples", kind.WHOLE, "How many futures of demand were drawn."),
        Column(
            "Unmet harm P10", kind.NUMBER, "A good future: 1 in 10 futures leave less than this."
        ),
        Column("Unmet harm P50", kind.NUMBER, "The middle future: half leave less, half more."),
        Column(
            "Unmet harm P90", kind.NUMBER, "A bad future: 1 in 10 futures leave more than this."
        ),
        Column("Mean unmet harm", kind.NUMBER, "The average over the futures."),
        Column(
            "Chance a floor is missed %",
            kind.PERCENT,
            "Share of futures where some stream falls below its Min coverage %.",
        ),
        Column(
            "Stream most often below its floor",
            kind.TEXT,
            "Blank when no stream ever falls below its floor.",
            required=False,
        ),
    ),
    ("Scenario",),
    "Each scenario's plan held as planned while demand grows faster or slower (between "
    "Demand's Growth low % and Growth high %): the unmet harm it leaves across many futures.",
    output=True,
)

#: Tables a study writes (planner.studies: `planner frontier`, `planner risk`), each on
#: its own sheet. `optimise` never rewrites them; a study rewrites only its own and the Run log.
STUDY_TABLES: tuple[Table, ...] = (FRONTIER, RISK)
