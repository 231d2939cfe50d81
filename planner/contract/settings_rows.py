"""The Settings table and its rows: each setting's kind, default, bounds and note."""

from __future__ import annotations

from planner.contract import kind
from planner.contract.columns import Column, Table

SOLVERS = ("HiGHS", "CBC")
PLAN_FOR = ("Expected demand", "Uncertain demand")

SETTINGS = Table(
    "Settings",
    "Settings",
    (
        Column("Setting", kind.NAME, "The name of the setting. Do not rename these rows."),
        Column("Value", kind.ANY, "Your choice for this setting. See Notes for what it may be."),
        Column("Notes", kind.TEXT, "What the setting does.", required=False),
    ),
    ("Setting",),
    "How the optimiser runs: the plan's years and how exact it must be.",
)

#: Each setting row: name -> (kind, default, low, high, choices, note).
SETTING_ROWS: dict[str, tuple[str, object, float | None, float | None, tuple[str, ...], str]] = {
    "Plan start year": (kind.YEAR, 2027, 2000, 2100, (), "The first year of the plan, e.g. 2027."),
    "Horizon (years)": (kind.WHOLE, 3, 1, 10, (), "How many years the plan covers (1 to 10)."),
    "Whole posts": (
        kind.YESNO,
        "Yes",
        None,
        None,
        kind.YES_NO,
        "Yes: plan in whole posts. No: allow fractions of a post (FTE), which solves faster.",
    ),
    "Solver": (
        kind.CHOICE,
        "HiGHS",
        None,
        None,
        SOLVERS,
        "The solver that finds the plan: HiGHS (default) or CBC.",
    ),
    "Time limit (s)": (
        kind.NUMBER,
        60,
        1,
        86400,
        (),
        "Longest time, in seconds, for each stage of each scenario. The best plan found "
        "by then is reported, marked 'Time limit'.",
    ),
    "MIP gap": (
        kind.PERCENT,
        0,
        0,
        0.5,
        (),
        "How far from the proven best a whole-post plan may be (0 = exactly the best).",
    ),
    "Frontier from %": (
        kind.PERCENT,
        -0.10,
        -0.9,
        1,
        (),
        "The budget frontier's first point: this much above or below each scenario's own "
        "budget (-10% = a tenth less).",
    ),
    "Frontier to %": (
        kind.PERCENT,
        0.10,
        -0.9,
        1,
        (),
        "The budget frontier's last point, above or below each scenario's own budget.",
    ),
    "Frontier points": (
        kind.WHOLE,
        9,
        2,
        101,
        (),
        "How many budgets the frontier plans, evenly spaced from the first to the last.",
    ),
    "Samples": (
        kind.WHOLE,
        200,
        1,
        100_000,
        (),
        "How many futures of demand the risk run draws for each scenario.",
    ),
    "Random seed": (
        kind.WHOLE,
        1,
        0,
        2_147_483_647,
        (),
        "Fixes the futures drawn: the same seed gives the same figures, run after run.",
    ),
    "Plan for": (
        kind.CHOICE,
        "Expected demand",
        None,
        None,
        PLAN_FOR,
        "Expected demand: plan for each stream's Annual growth %. Uncertain demand: plan one "
        "set of posts that does best on average over many futures of demand (Growth low % "
        "to Growth high %).",
    ),
    "Robust samples": (
        kind.WHOLE,
        20,
        1,
        500,
        (),
        "With Plan for = Uncertain demand: how many futures of demand the plan is made for.",
    ),
    "Sensitivity %": (
        kind.PERCENT,
        0.25,
        0,
        0.9,
        (),
        "How sure: how far the sensitivity run moves each estimate (harm weights, hours per "
        "case, productive hours, annual costs), less and more, one at a time (0% to 90%).",
    ),
    "Change points": (
        kind.WHOLE,
        5,
        2,
        101,
        (),
        "How many caps on post changes a year the change frontier plans, from the fewest any "
        "plan needs to the fewest that reach the scenario's own unmet harm.",
    ),
    "Sensitivity chart scenario": (
        kind.TEXT,
        "",
        None,
        None,
        (),
        "The scenario whose assumptions the Sensitivity chart shows. Blank: the first one run.",
    ),
}

#: Settings added after the first version (docs/sweeps.md): a workbook without
#: their rows plans as before, each missing one taking its default.
LATER_SETTINGS = (
    "Frontier from %",
    "Frontier to %",
    "Frontier points",
    "Samples",
    "Random seed",
    "Plan for",
    "Robust samples",
    "Sensitivity %",
    "Change points",
    "Sensitivity chart scenario",
)

#: Settings whose value names a row of another table (a list to choose from in Excel).
SETTING_REFERS = {"Sensitivity chart scenario": "Scenarios"}
