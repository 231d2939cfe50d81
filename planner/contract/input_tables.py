"""The input tables finance staff fill in, Units to Overrides, and INPUT_TABLES: all of them
with Settings, in workbook order."""

from __future__ import annotations

from optimise.checks import RULES
from planner.contract import kind
from planner.contract.columns import Column, Table, with_rules
from planner.contract.settings_rows import SETTINGS

ROLE_TYPES = ("Officer", "Staff")

UNITS = Table(
    "Units",
    "Units",
    (
        Column("Unit", kind.NAME, "The unit's name, used everywhere else in the workbook."),
        Column("Branch", kind.TEXT, "The branch the unit belongs to, e.g. Public Protection."),
        Column(
            "Min posts",
            kind.NUMBER,
            "The fewest posts the unit may have in any year. Blank: no minimum.",
            required=False,
        ),
        Column(
            "Max posts",
            kind.NUMBER,
            "The most posts the unit may have in any year. Blank: no maximum.",
            required=False,
        ),
        Column(
            "Max change %",
            kind.PERCENT,
            "The largest share of today's posts that may move in or out in one year. "
            "Blank: no limit.",
            required=False,
        ),
        Column(
            "Ring-fenced",
            kind.YESNO,
            "Yes: every post in this unit stays exactly as it is.",
            choices=kind.YES_NO,
        ),
        Column(
            "Months to productive",
            kind.NUMBER,
            "Months before someone arriving in the unit works there (selection, training, "
            "accreditation, vetting), 0 to 12: a post filled in a year works the rest of it. "
            "Blank: from day one.",
            required=False,
            optional=True,
        ),
        Column(
            "Intake per year",
            kind.NUMBER,
            "The most posts the unit can fill with new arrivals in one year, whatever their "
            "role (course places, a volunteer pool). Blank: no limit.",
            required=False,
            optional=True,
        ),
    ),
    ("Unit",),
    "The organisational units of the Specialist Crime Division and their limits.",
)

ROLES = Table(
    "Roles",
    "Roles",
    (
        Column("Role", kind.NAME, "The post type, e.g. Detective Constable."),
        Column("Type", kind.CHOICE, "Officer or Staff.", choices=ROLE_TYPES),
        Column(
            "Annual cost",
            kind.MONEY,
            "Fully loaded cost of one post for a year: pay, pension, national insurance.",
        ),
        Column(
            "Productive hours",
            kind.NUMBER,
            "Hours one post spends on casework in a year, after leave, training and other duties.",
        ),
        Column(
            "Max growth per year",
            kind.NUMBER,
            "The most posts of this role that can be added across the division in a year "
            "(recruitment and training). Blank: no limit.",
            required=False,
        ),
        Column(
            "Max attrition %",
            kind.PERCENT,
            "The largest share of this role's posts that may go in a year (natural "
            "turnover). Blank: no limit.",
            required=False,
        ),
        Column(
            "Supervised by",
            kind.NAME,
            "The role that supervises this one inside a unit, e.g. Detective Sergeant for "
            "Detective Constable. Blank: not supervised.",
            required=False,
            refers_to="Roles",
            optional=True,
        ),
        Column(
            "Span of control",
            kind.NUMBER,
            "The most posts of this role one supervisor post can lead in a unit, e.g. 6. "
            "Needs Supervised by. Blank: no limit.",
            required=False,
            low=0,
            low_open=True,
            optional=True,
        ),
        Column(
            "Turnover %",
            kind.PERCENT,
            "The share of this role's posts whose holders leave their unit in a year "
            "(retirement, promotion, back to local policing): a post can be left unfilled "
            "only as its holder leaves. Blank: posts may be left unfilled anywhere.",
            required=False,
            optional=True,
        ),
        Column(
            "Vacancy %",
            kind.PERCENT,
            "The share of this role's posts standing empty at any time: an empty post "
            "neither works nor draws pay. Blank: every post filled.",
            required=False,
            optional=True,
        ),
        Column(
            "Team size",
            kind.NUMBER,
            "The most posts one post of this role leads, across every role it supervises "
            "(e.g. 6 constables and staff per sergeant). Blank: no limit.",
            required=False,
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
        Column("Unit", kind.NAME, "A unit from the Units sheet.", refers_to="Units"),
        Column("Role", kind.NAME, "A role from the Roles sheet.", refers_to="Roles"),
        Column("Posts", kind.NUMBER, "Posts (FTE) of this role in this unit today."),
        Column(
            "Min posts",
            kind.NUMBER,
            "The fewest posts of this role the unit keeps in every plan year: the role mix "
            "it cannot work without (an incident room, an analyst). Blank: none.",
            required=False,
            optional=True,
        ),
    ),
    ("Unit", "Role"),
    "Today's posts: how many of each role each unit has. A missing pair means none.",
)

DEMAND = Table(
    "Demand",
    "Demand",
    (
        Column("Stream", kind.NAME, "A kind of work, e.g. OCSA investigations."),
        Column("Unit", kind.NAME, "The unit that works this stream.", refers_to="Units"),
        Column("Annual cases", kind.NUMBER, "Cases a year today."),
        Column(
            "Hours per case",
            kind.NUMBER,
            "Hours of work one case takes (must be above 0).",
        ),
        Column(
            "Harm weight",
            kind.NUMBER,
            "The harm of one case left unworked, on the force's scale (child at risk = 100).",
        ),
        Column(
            "Annual growth %",
            kind.PERCENT,
            "How fast cases grow each year (negative: falling).",
        ),
        Column(
            "Growth low %",
            kind.PERCENT,
            "The lowest annual growth that is plausible, for plans under uncertain demand. "
            "Blank: Annual growth %.",
            required=False,
            optional=True,
        ),
        Column(
            "Growth high %",
            kind.PERCENT,
            "The highest annual growth that is plausible, for plans under uncertain demand. "
            "Blank: Annual growth %.",
            required=False,
            optional=True,
        ),
        Column(
            "Min coverage %",
            kind.PERCENT,
            "The least share of this stream's work that must be done in every plan year "
            "(a statutory or public duty). Blank: no floor.",
            required=False,
            optional=True,
        ),
        Column(
            "Serves",
            kind.TEXT,
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
        Column("Stream", kind.NAME, "A stream from the Demand sheet.", refers_to="Demand"),
        Column("Role", kind.NAME, "A role from the Roles sheet.", refers_to="Roles"),
        Column(
            "Efficiency",
            kind.PERCENT,
            "How much of a case-hour one hour of this role delivers (100% = fully "
            "skilled). A role not listed for a stream cannot work it.",
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
            kind.PERCENT,
            "A coverage level, above 0% and below 100%. Work left undone below this level "
            "of a stream's coverage weighs more.",
            low=0,
            low_open=True,
            high=1,
        ),
        Column(
            "Harm multiplier",
            kind.NUMBER,
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
        Column("Year", kind.YEAR, "A plan year."),
        Column("Budget", kind.MONEY, "The pay budget for that year, £."),
    ),
    ("Year",),
    "The pay budget by year. A year without a row takes the latest earlier year's.",
)

SCENARIOS = Table(
    "Scenarios",
    "Scenarios",
    (
        Column("Scenario", kind.NAME, "The scenario's name; its results tab takes this name."),
        Column("Description", kind.TEXT, "The question this scenario asks.", required=False),
        Column(
            "Budget change %",
            kind.PERCENT,
            "Changes every year's budget by this share (-5% is a 5% cut).",
            low=-0.9,
            high=1,
        ),
        Column(
            "Demand growth adjustment %",
            kind.PERCENT,
            "Added to every stream's annual growth (2% makes 3% growth 5%).",
            low=-0.5,
            high=1,
        ),
        Column(
            "Protected units",
            kind.LIST,
            "Units whose posts must not change in this scenario, separated by ';'.",
            required=False,
            refers_to="Units",
        ),
        Column(
            "Run", kind.YESNO, "Yes: optimise this scenario on the next run.", choices=kind.YES_NO
        ),
        Column(
            "Max post changes per year",
            kind.NUMBER,
            "The most post changes in any one plan year (a transfer counts twice: out of one "
            "unit, into another). Blank: no cap.",
            required=False,
            low=0,
            optional=True,
        ),
    ),
    ("Scenario",),
    "The questions to put to the model. Only scenarios with Run = Yes are optimised.",
)

OVERRIDES = Table(
    "Overrides",
    "Overrides",  # its own sheet: deleting a scenario's row must not delete an override
    (
        Column(
            "Scenario", kind.NAME, "The scenario this change belongs to.", refers_to="Scenarios"
        ),
        Column(
            "Table",
            kind.CHOICE,
            "The input table to change.",
            choices=("Settings", "Units", "Roles", "Establishment", "Demand", "Skills", "Budget"),
        ),
        Column("Key 1", kind.ANY, "The row: unit, role, stream, setting or year."),
        Column(
            "Key 2",
            kind.ANY,
            "Second key: the role, for Establishment and Skills.",
            required=False,
        ),
        Column("Column", kind.TEXT, "The column to change."),
        Column("Value", kind.ANY, "The value it takes in this scenario."),
    ),
    ("Scenario", "Table", "Key 1", "Key 2", "Column"),
    "Changes to single input cells for one scenario. A missing Establishment, Skills or "
    "Budget row is added.",
)

# Numeric bounds come from the model's one table of rules (optimise.checks.RULES).
UNITS, ROLES, ESTABLISHMENT, DEMAND, SKILLS, BUDGET = (
    with_rules(t, RULES) for t in (UNITS, ROLES, ESTABLISHMENT, DEMAND, SKILLS, BUDGET)
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
