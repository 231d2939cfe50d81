"""The Settings table and its rows: each setting's kind, default, bounds and note."""

from __future__ import annotations

from planner.layout.columns import (
    ANY,
    CHOICE,
    NAME,
    NUMBER,
    PERCENT,
    PLAN_FOR,
    SOLVERS,
    TEXT,
    WHOLE,
    YEAR,
    YES_NO,
    YESNO,
    Column,
    Table,
)

SETTINGS = Table(
    "Settings",
    "Settings",
    (
        Column("Setting", NAME, "The name of the setting. Do not rename these rows."),
        Column("Value", ANY, "Your choice for this setting. See Notes for what it may be."),
        Column("Notes", TEXT, "What the setting does.", required=False),
    ),
    ("Setting",),
    "How the optimiser runs: the plan's years and how exact it must be.",
)

#: Each setting row: name -> (kind, default, low, high, choices, note).
SETTING_ROWS: dict[str, tuple[str, object, float | None, float | None, tuple[str, ...], str]] = {
    "Plan start year": (YEAR, 2027, 2000, 2100, (), "The first year of the plan, e.g. 2027."),
    "Horizon (years)": (WHOLE, 3, 1, 10, (), "How many years the plan covers (1 to 10)."),
    "Whole posts": (
        YESNO,
        "Yes",
        None,
        None,
        YES_NO,
        "Yes: plan in whole posts. No: allow fractions of a post (FTE), which solves faster.",
    ),
    "Solver": (
        CHOICE,
        "HiGHS",
        None,
        None,
        SOLVERS,
        "The solver that finds the plan: HiGHS (default) or CBC.",
    ),
    "Time limit (s)": (
        NUMBER,
        60,
        1,
        86400,
        (),
        "Longest time, in seconds, for each stage of each scenario. The best plan found "
        "by then is reported, marked 'Time limit'.",
    ),
    "MIP gap": (
        PERCENT,
        0,
        0,
        0.5,
        (),
        "How far from the proven best a whole-post plan may be (0 = exactly the best).",
    ),
    "Frontier from %": (
        PERCENT,
        -0.10,
        -0.9,
        1,
        (),
        "The budget frontier's first point: this much above or below each scenario's own "
        "budget (-10% = a tenth less).",
    ),
    "Frontier to %": (
        PERCENT,
        0.10,
        -0.9,
        1,
        (),
        "The budget frontier's last point, above or below each scenario's own budget.",
    ),
    "Frontier points": (
        WHOLE,
        9,
        2,
        101,
        (),
        "How many budgets the frontier plans, evenly spaced from the first to the last.",
    ),
    "Samples": (
        WHOLE,
        200,
        1,
        100_000,
        (),
        "How many futures of demand the risk run draws for each scenario.",
    ),
    "Random seed": (
        WHOLE,
        1,
        0,
        2_147_483_647,
        (),
        "Fixes the futures drawn: the same seed gives the same figures, run after run.",
    ),
    "Plan for": (
        CHOICE,
        "Expected demand",
        None,
        None,
        PLAN_FOR,
        "Expected demand: plan for each stream's Annual growth %. Uncertain demand: plan one "
        "set of posts that does best on average over many futures of demand (Growth low % "
        "to Growth high %).",
    ),
    "Robust samples": (
        WHOLE,
        20,
        1,
        500,
        (),
        "With Plan for = Uncertain demand: how many futures of demand the plan is made for.",
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
)
