"""The workbook contract (docs/workbook.md) as data.

One description of every table, its sheet, its columns and what each column
holds. The builder styles and validates cells from it, the reader checks
headers against it, the validator checks values against it, and the writers lay
out the output tables from it. Change the contract here, and only here.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of column: what a cell may hold.
TEXT = "text"  # free text (blank allowed only where `required` is False)
NAME = "name"  # a key name: unit, role, stream, scenario
NUMBER = "number"  # a number >= minimum
WHOLE = "whole"  # a whole number
PERCENT = "percent"  # a fraction shown as %, 0.05 = 5%
MONEY = "money"  # £
YESNO = "yesno"  # Yes / No
YEAR = "year"  # calendar year
CHOICE = "choice"  # one of `choices`
LIST = "list"  # names separated by ";"
ANY = "any"  # an override value: checked against the column it replaces


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    note: str
    required: bool = True  # False: blank means "none" (docs/rules.md)
    low: float | None = None  # smallest allowed value
    high: float | None = None  # largest allowed value
    low_open: bool = False  # True: the value must be strictly above `low`
    choices: tuple[str, ...] = ()
    refers_to: str | None = None  # "Units", "Roles", "Demand", "Scenarios": must exist there
    #: True for a column added after the first version: a table without it (a workbook
    #: made earlier) reads it as blank, so old workbooks keep working (docs/workbook.md).
    optional: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    sheet: str
    columns: tuple[Column, ...]
    keys: tuple[str, ...]
    note: str
    output: bool = False
    #: True for a table added after the first version: a workbook without it reads it
    #: as a table with no rows.
    optional: bool = False

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


SOLVERS = ("HiGHS", "CBC")
YES_NO = ("Yes", "No")
ROLE_TYPES = ("Officer", "Staff")
PLAN_FOR = ("Expected demand", "Uncertain demand")

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

UNITS = Table(
    "Units",
    "Units",
    (
        Column("Unit", NAME, "The unit's name, used everywhere else in the workbook."),
        Column("Branch", TEXT, "The branch the unit belongs to, e.g. Public Protection."),
        Column(
            "Min posts",
            NUMBER,
            "The fewest posts the unit may have in any year. Blank: no minimum.",
            required=False,
            low=0,
        ),
        Column(
            "Max posts",
            NUMBER,
            "The most posts the unit may have in any year. Blank: no maximum.",
            required=False,
            low=0,
        ),
        Column(
            "Max change %",
            PERCENT,
            "The largest share of today's posts that may move in or out in one year. "
            "Blank: no limit.",
            required=False,
            low=0,
            high=1,
        ),
        Column(
            "Ring-fenced",
            YESNO,
            "Yes: every post in this unit stays exactly as it is.",
            choices=YES_NO,
        ),
    ),
    ("Unit",),
    "The organisational units of the Specialist Crime Division and their limits.",
)

ROLES = Table(
    "Roles",
    "Roles",
    (
        Column("Role", NAME, "The post type, e.g. Detective Constable."),
        Column("Type", CHOICE, "Officer or Staff.", choices=ROLE_TYPES),
        Column(
            "Annual cost",
            MONEY,
            "Fully loaded cost of one post for a year: pay, pension, national insurance.",
            low=0,
            low_open=True,
        ),
        Column(
            "Productive hours",
            NUMBER,
            "Hours one post spends on casework in a year, after leave, training and other duties.",
            low=0,
            low_open=True,
            high=8760,
        ),
        Column(
            "Max growth per year",
            NUMBER,
            "The most posts of this role that can be added across the division in a year "
            "(recruitment and training). Blank: no limit.",
            required=False,
            low=0,
        ),
        Column(
            "Max attrition %",
            PERCENT,
            "The largest share of this role's posts that may go in a year (natural "
            "turnover). Blank: no limit.",
            required=False,
            low=0,
            high=1,
        ),
        Column(
            "Supervised by",
            NAME,
            "The role that supervises this one inside a unit, e.g. Detective Sergeant for "
            "Detective Constable. Blank: not supervised.",
            required=False,
            refers_to="Roles",
            optional=True,
        ),
        Column(
            "Span of control",
            NUMBER,
            "The most posts of this role one supervisor post can lead in a unit, e.g. 6. "
            "Needs Supervised by. Blank: no limit.",
            required=False,
            low=0,
            low_open=True,
            optional=True,
        ),
    ),
    ("Role",),
    "The roles (post types), what each costs and how many hours it gives.",
)

ESTABLISHMENT = Table(
    "Establishment",
    "Establishment",
    (
        Column("Unit", NAME, "A unit from the Units sheet.", refers_to="Units"),
        Column("Role", NAME, "A role from the Roles sheet.", refers_to="Roles"),
        Column("Posts", NUMBER, "Posts (FTE) of this role in this unit today.", low=0),
    ),
    ("Unit", "Role"),
    "Today's posts: how many of each role each unit has. A missing pair means none.",
)

DEMAND = Table(
    "Demand",
    "Demand",
    (
        Column("Stream", NAME, "A kind of work, e.g. OCSA investigations."),
        Column("Unit", NAME, "The unit that works this stream.", refers_to="Units"),
        Column("Annual cases", NUMBER, "Cases a year today.", low=0),
        Column(
            "Hours per case",
            NUMBER,
            "Hours of work one case takes (must be above 0).",
            low=0,
            low_open=True,
        ),
        Column(
            "Harm weight",
            NUMBER,
            "The harm of one case left unworked, on the force's scale (child at risk = 100).",
            low=0,
        ),
        Column(
            "Annual growth %",
            PERCENT,
            "How fast cases grow each year (negative: falling).",
            low=-0.5,
            high=1,
        ),
        Column(
            "Growth low %",
            PERCENT,
            "The lowest annual growth that is plausible, for plans under uncertain demand. "
            "Blank: Annual growth %.",
            required=False,
            low=-0.5,
            high=1,
            optional=True,
        ),
        Column(
            "Growth high %",
            PERCENT,
            "The highest annual growth that is plausible, for plans under uncertain demand. "
            "Blank: Annual growth %.",
            required=False,
            low=-0.5,
            high=1,
            optional=True,
        ),
        Column(
            "Min coverage %",
            PERCENT,
            "The least share of this stream's work that must be done in every plan year "
            "(a statutory or public duty). Blank: no floor.",
            required=False,
            low=0,
            high=1,
            optional=True,
        ),
        Column(
            "Serves",
            TEXT,
            "The branch whose cases this work serves, e.g. Public Protection for digital "
            "forensics on child abuse cases. Blank: the unit's own branch. It does not change "
            "the plan; it shows how much support is tasked to each branch.",
            required=False,
            optional=True,
        ),
    ),
    ("Stream",),
    "The work: cases a year, hours each, and the harm of leaving one unworked.",
)

SKILLS = Table(
    "Skills",
    "Skills",
    (
        Column("Stream", NAME, "A stream from the Demand sheet.", refers_to="Demand"),
        Column("Role", NAME, "A role from the Roles sheet.", refers_to="Roles"),
        Column(
            "Efficiency",
            PERCENT,
            "How much of a case-hour one hour of this role delivers (100% = fully "
            "skilled). A role not listed for a stream cannot work it.",
            low=0,
            low_open=True,
            high=1,
        ),
    ),
    ("Stream", "Role"),
    "Which roles can work which streams, and how well.",
)

HARM_CURVE = Table(
    "HarmCurve",
    "Settings",
    (
        Column(
            "Coverage below",
            PERCENT,
            "A coverage level, above 0% and below 100%. Work left undone below this level "
            "of a stream's coverage weighs more.",
            low=0,
            low_open=True,
            high=1,
        ),
        Column(
            "Harm multiplier",
            NUMBER,
            "How many times its harm weight each further unworked case counts below this "
            "coverage (at least 1; never smaller at a lower coverage).",
            low=1,
        ),
    ),
    ("Coverage below",),
    "As a stream's coverage falls, each further case left unworked weighs more (the cases "
    "left last are the riskiest). No rows: every case weighs its harm weight.",
    optional=True,
)

BUDGET = Table(
    "Budget",
    "Budget",
    (
        Column("Year", YEAR, "A plan year.", low=2000, high=2100),
        Column("Budget", MONEY, "The pay budget for that year, £.", low=0),
    ),
    ("Year",),
    "The pay budget by year. A year without a row takes the latest earlier year's.",
)

SCENARIOS = Table(
    "Scenarios",
    "Scenarios",
    (
        Column("Scenario", NAME, "The scenario's name; its results tab takes this name."),
        Column("Description", TEXT, "The question this scenario asks.", required=False),
        Column(
            "Budget change %",
            PERCENT,
            "Changes every year's budget by this share (-5% is a 5% cut).",
            low=-0.9,
            high=1,
        ),
        Column(
            "Demand growth adjustment %",
            PERCENT,
            "Added to every stream's annual growth (2% makes 3% growth 5%).",
            low=-0.5,
            high=1,
        ),
        Column(
            "Protected units",
            LIST,
            "Units whose posts must not change in this scenario, separated by ';'.",
            required=False,
            refers_to="Units",
        ),
        Column("Run", YESNO, "Yes: optimise this scenario on the next run.", choices=YES_NO),
    ),
    ("Scenario",),
    "The questions to put to the model. Only scenarios with Run = Yes are optimised.",
)

OVERRIDES = Table(
    "Overrides",
    "Overrides",  # its own sheet: deleting a scenario's row must not delete an override
    (
        Column("Scenario", NAME, "The scenario this change belongs to.", refers_to="Scenarios"),
        Column(
            "Table",
            CHOICE,
            "The input table to change.",
            choices=("Settings", "Units", "Roles", "Establishment", "Demand", "Skills", "Budget"),
        ),
        Column("Key 1", ANY, "The row: unit, role, stream, setting or year."),
        Column(
            "Key 2",
            ANY,
            "Second key: the role, for Establishment and Skills.",
            required=False,
        ),
        Column("Column", TEXT, "The column to change."),
        Column("Value", ANY, "The value it takes in this scenario."),
    ),
    ("Scenario", "Table", "Key 1", "Key 2", "Column"),
    "Changes to single input cells for one scenario. A missing Establishment, Skills or "
    "Budget row is added.",
)

INPUT_TABLES: tuple[Table, ...] = (
    SETTINGS,
    HARM_CURVE,
    UNITS,
    ROLES,
    ESTABLISHMENT,
    DEMAND,
    SKILLS,
    BUDGET,
    SCENARIOS,
    OVERRIDES,
)

# --- Outputs -----------------------------------------------------------------

COMPARISON = Table(
    "Comparison",
    "Comparison",
    (
        Column("Scenario", NAME, "The scenario."),
        Column("Status", TEXT, "Optimal, Infeasible, Time limit or Invalid input."),
        Column("Unmet harm", NUMBER, "Harm-weighted cases left unworked over the plan."),
        Column(
            "Baseline unmet harm",
            NUMBER,
            "The same with today's posts, used as well as they can be.",
        ),
        Column(
            "Harm reduction %", PERCENT, "How much of the baseline unmet harm the plan removes."
        ),
        Column("Coverage %", PERCENT, "Share of demand hours served in the final year."),
        Column(
            "Lowest coverage %",
            PERCENT,
            "The least-covered stream's share of its demand hours served in the final year.",
        ),
        Column("Post changes", NUMBER, "Posts moved in and out over the plan, summed."),
        Column(
            "Transfers",
            NUMBER,
            "Posts moved from one unit to another over the plan (see the Moves sheet).",
        ),
        Column("Recruitment", NUMBER, "Posts filled by recruiting over the plan."),
        Column(
            "Attrition",
            NUMBER,
            "Posts not refilled when people leave, over the plan.",
        ),
        Column("Final-year cost", MONEY, "Pay bill of the plan in its final year."),
        Column("Final-year budget", MONEY, "Budget of the final year."),
        Column("PP share before", PERCENT, "Public Protection's share of all posts today."),
        Column("PP share after", PERCENT, "Public Protection's share in the final year."),
        Column(
            "Harm reduction per £1m",
            NUMBER,
            "How much unmet harm one more £1m of final-year budget would remove.",
        ),
        Column("Message", TEXT, "What limits the plan, or why there is none."),
    ),
    ("Scenario",),
    "Every scenario side by side.",
    output=True,
)

MOVES = Table(
    "Moves",
    "Moves",
    (
        Column("Scenario", NAME, ""),
        Column("Year", YEAR, ""),
        Column("Role", NAME, ""),
        Column("From", NAME, "A unit, or Recruitment."),
        Column("To", NAME, "A unit, or Attrition (posts not refilled when people leave)."),
        Column("Posts", NUMBER, ""),
    ),
    ("Scenario", "Year", "Role", "From", "To"),
    "Each plan as the steps HR takes: posts moved between units (inside a branch where they "
    "can be), recruited, or not refilled when people leave.",
    output=True,
)

PLANS = Table(
    "Plans",
    "Plans",
    (
        Column("Scenario", NAME, ""),
        Column("Year", YEAR, ""),
        Column("Unit", NAME, ""),
        Column("Role", NAME, ""),
        Column("Baseline posts", NUMBER, ""),
        Column("Posts", NUMBER, ""),
        Column("Change", NUMBER, ""),
    ),
    ("Scenario", "Year", "Unit", "Role"),
    "Posts by unit, role and year in each scenario's plan.",
    output=True,
)

COVERAGE = Table(
    "Coverage",
    "Coverage",
    (
        Column("Scenario", NAME, ""),
        Column("Year", YEAR, ""),
        Column("Stream", NAME, ""),
        Column("Unit", NAME, ""),
        Column("Demand hours", NUMBER, ""),
        Column("Served hours", NUMBER, ""),
        Column("Unmet cases", NUMBER, ""),
        Column("Coverage %", PERCENT, ""),
    ),
    ("Scenario", "Year", "Stream"),
    "How much of each stream's work each plan serves.",
    output=True,
)

RUNLOG = Table(
    "RunLog",
    "Run log",
    (
        Column("Run at", TEXT, ""),
        Column("Scenario", NAME, ""),
        Column("Status", TEXT, ""),
        Column("Solver", TEXT, ""),
        Column("Seconds", NUMBER, ""),
        Column("Unmet harm", NUMBER, ""),
        Column("Inputs hash", TEXT, ""),
        Column("User", TEXT, ""),
    ),
    ("Run at", "Scenario"),
    "Every run, newest last. It only ever grows.",
    output=True,
)

OUTPUT_TABLES: tuple[Table, ...] = (COMPARISON, MOVES, PLANS, COVERAGE, RUNLOG)

FRONTIER = Table(
    "Frontier",
    "Frontier",
    (
        Column("Scenario", NAME, ""),
        Column("Budget change %", PERCENT, "The scenario's own budget change plus this point's."),
        Column("Final-year budget", MONEY, ""),
        Column("Status", TEXT, ""),
        Column("Unmet harm", NUMBER, ""),
        Column("Harm reduction %", PERCENT, ""),
        Column("Coverage %", PERCENT, ""),
        Column("Lowest coverage %", PERCENT, ""),
        Column("PP share after", PERCENT, ""),
        Column("Harm reduction per £1m", NUMBER, ""),
    ),
    ("Scenario", "Budget change %"),
    "Each scenario planned again at a row of budgets around its own: what more budget buys, "
    "and what less costs, in unmet harm.",
    output=True,
)

#: Tables a study writes (planner.studies: `planner frontier`), each on its own sheet.
#: `optimise` never rewrites them; a study rewrites only its own and the Run log.
STUDY_TABLES: tuple[Table, ...] = (FRONTIER,)
TABLES: dict[str, Table] = {t.name: t for t in INPUT_TABLES + OUTPUT_TABLES}

#: Sheets that hold the inputs, in workbook order. Workbooks made before
#: Overrides had its own sheet keep it beside Scenarios: tables are found by name.
INPUT_SHEETS = (
    "Settings",
    "Units",
    "Roles",
    "Establishment",
    "Demand",
    "Skills",
    "Budget",
    "Scenarios",
    "Overrides",
)
OUTPUT_SHEETS = ("Comparison", "Moves", "Plans", "Coverage", "Run log")
STUDY_SHEETS = tuple(t.sheet for t in STUDY_TABLES)
#: The output sheets in workbook order: each study's sheet follows Comparison.
OUTPUT_SHEET_ORDER = (OUTPUT_SHEETS[0], *STUDY_SHEETS, *OUTPUT_SHEETS[1:])
START_SHEET = "Start"
SOURCES_SHEET = "Sources"
CONF_SHEET = "xlwings.conf"
