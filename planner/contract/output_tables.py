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
            "Posts left unfilled as people leave (no one recruited or moved in), over the plan.",
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
        Column("To", kind.NAME, "A unit, or Attrition (posts left unfilled as people leave)."),
        Column("Posts", kind.NUMBER, ""),
        Column(
            "Productive from",
            kind.TEXT,
            "For a transfer or a recruit: the month the people arriving start to work in the "
            "unit, after its Months to productive (e.g. Jul 2027). Blank for attrition.",
        ),
    ),
    ("Scenario", "Year", "Role", "From", "To"),
    "Each plan as the steps HR takes: posts moved between units (inside a branch where they "
    "can be), recruited, or left unfilled as people leave.",
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

SENSITIVITY = Table(
    "Sensitivity",
    "Sensitivity",
    (
        Column("Scenario", kind.NAME, ""),
        Column(
            "Assumption",
            kind.TEXT,
            "The estimate moved: a stream's Harm weight or Hours per case, a role's Productive "
            "hours or Annual cost.",
        ),
        Column("Change %", kind.PERCENT, "How far it was moved: Sensitivity % less, or more."),
        Column("Status", kind.TEXT, "Optimal, or Infeasible when no plan meets every limit."),
        Column("Unmet harm", kind.NUMBER, "The least unmet harm with the estimate moved."),
        Column(
            "Unmet harm change %",
            kind.PERCENT,
            "Against the scenario's own unmet harm (planned in FTE).",
        ),
        Column(
            "Harm re-planning saves",
            kind.NUMBER,
            "Unmet harm the written plan's posts would leave with the estimate moved, less the "
            "unmet harm of a plan made for it: what acting on the new estimate is worth.",
        ),
        Column(
            "Posts placed differently",
            kind.NUMBER,
            "The fewest posts (final year) that must move from the written plan to reach a plan "
            "that is best for the moved estimate.",
        ),
        Column(
            "Unit that changes most",
            kind.TEXT,
            "In that closest plan; for a point with no plan, what fails.",
            required=False,
        ),
        Column(
            "Its change",
            kind.NUMBER,
            "That unit's posts, more (+) or fewer (-) than in the written plan.",
            required=False,
        ),
    ),
    ("Scenario", "Assumption", "Change %"),
    "How sure: each estimate a plan rests on moved by Sensitivity % either way, one at a time. "
    "The rows that move most posts come first: the plan rests most on them. In FTE.",
    output=True,
)

DISRUPTION = Table(
    "Disruption",
    "Disruption",
    (
        Column("Scenario", kind.NAME, ""),
        Column(
            "Max post changes per year",
            kind.NUMBER,
            "The cap on posts moved in and out in any one year (a transfer counts twice).",
        ),
        Column("Status", kind.TEXT, ""),
        Column("Unmet harm", kind.NUMBER, ""),
        Column("Harm reduction %", kind.PERCENT, "Of the baseline unmet harm (today's posts)."),
        Column(
            "Share of the benefit %",
            kind.PERCENT,
            "How much of the plan's gain over the fewest changes possible this cap delivers.",
            required=False,
        ),
        Column("Post changes", kind.NUMBER, "Posts moved in and out over the plan, summed."),
        Column("Lowest coverage %", kind.PERCENT, ""),
    ),
    ("Scenario", "Max post changes per year"),
    "The change frontier: each scenario planned again with a cap on post changes a year, from "
    "the fewest any plan needs to the fewest that still reach its own unmet harm. In FTE.",
    output=True,
)

#: Tables a study writes (planner.studies: `planner frontier`, `planner risk`), each on
#: its own sheet. `optimise` never rewrites them; a study rewrites only its own and the Run log.
STUDY_TABLES: tuple[Table, ...] = (FRONTIER, RISK, SENSITIVITY, DISRUPTION)
