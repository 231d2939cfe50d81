"""The workbook's own words: the Start, Sources and xlwings.conf sheets, buttons' captions, chart titles.

Kept apart from planner.template.build, which lays the workbook out, so that a writer
who changes what the Start sheet says finds all of it in one place.
"""

from __future__ import annotations

OPTIMISE_CAPTION = "Optimise all scenarios"
CHECK_CAPTION = "Check inputs"
RERUN_CAPTION = "Re-run this scenario"
FRONTIER_CAPTION = "Plan the budget frontier"
RISK_CAPTION = "Test the plans against demand"
SENSITIVITY_CAPTION = "Test how sure the plans are"
DISRUPTION_CAPTION = "Plan the change frontier"
#: Captions of the buttons Planner draws on the sheets it rewrites (known as Planner's
#: by their caption once LibreOffice has saved the file without their description).
PLANNER_CAPTIONS = (
    RERUN_CAPTION,
    FRONTIER_CAPTION,
    RISK_CAPTION,
    SENSITIVITY_CAPTION,
    DISRUPTION_CAPTION,
)
#: How Planner's chart titles begin: the painters draw them, and the writer knows
#: Planner's own charts by them.
CHART_TITLES = (
    "Unmet harm by scenario",
    "Posts by unit, today and",
    "Share of demand hours served",
    "Unmet harm against final-year budget",
    "Unmet harm across futures of demand",
    "What the plan rests on",
    "Unmet harm against post changes a year",
)

START_TEXT = (
    (
        "What this workbook is for",
        "HM Inspectorate of Constabulary in Scotland found in 2020 that online child sexual abuse "
        "was under-prioritised and that Public Protection, the part of the Specialist Crime "
        "Division best placed to respond, had the least resources. Planner finds the plan that "
        "moves posts between units, year by year, so that the least harm is left unworked: within "
        "the pay budget and the limits you set (how fast a unit may change, the smallest and "
        "largest a unit may be, how many people can be recruited and how many leave, the least "
        "share of each stream's work that must be done, how many posts one supervisor leads). Each "
        "scenario puts one question to it, such as a budget cut or rising online abuse.",
    ),
    (
        "About the figures",
        "The figures in this workbook illustrate the Specialist Crime Division from published "
        "sources; they are not its real establishment, which is not published unit by unit. The "
        "Sources sheet lists every figure, where it comes from and whether it is published or an "
        "assumption. Harm weights are on a relative scale (one child at risk = 100) that the force "
        "sets. Plans are in whole posts, as HR issues them; each scenario takes seconds to half a "
        "minute. For quick exploration set Whole posts = No on the Settings sheet: full-time "
        "equivalent posts (fractions allowed), about a second a scenario.",
    ),
)

HOW_TO = (
    (
        "Finance staff",
        "Keep the yellow cells up to date: Units, Roles (costs and hours), Establishment (today's "
        "posts), Demand, Skills and Budget. Add a row by typing below a table; it grows by itself. "
        "Hover over a column heading to see what it means and what values it takes.",
    ),
    (
        "HR planners",
        "Put the questions on the Scenarios sheet, with Run = Yes for those to optimise. Press "
        "Check inputs on any input sheet and fix anything listed under Input problems below, then "
        "press Optimise all scenarios.",
    ),
    (
        "Executives",
        "Read Comparison for every scenario side by side, and each scenario's own tab for its "
        "plan, the changes that matter and what holds it back.",
    ),
)

BUTTONS = (
    (
        OPTIMISE_CAPTION,
        "Here and on the Scenarios sheet. Checks every input, then optimises each scenario with "
        "Run = Yes: rewrites Comparison, Moves, Plans and Coverage, makes a tab per scenario and "
        "adds to the Run log.",
    ),
    (
        CHECK_CAPTION,
        "On each input sheet. Checks every input and lists the problems below. Nothing else "
        "changes.",
    ),
    (
        "Re-run this scenario",
        "On each scenario's tab. Optimises that scenario alone and replaces its tab.",
    ),
    (
        "Before the first press",
        "The buttons start Python on this computer: it needs Python with the planner package, "
        "and its location on the xlwings.conf sheet (IT sets this up once; see docs/excel.md). "
        "Keep Planner.py in the same folder as this workbook and the two names alike (the "
        "buttons run the Python file named after the workbook), and enable macros when Excel "
        "asks.",
    ),
)

NO_RESULTS_YET = "No results yet: press Optimise all scenarios on the Start or Scenarios sheet."

SOURCES_NOTE = (
    "Published figures come from the sources named. Every other figure is an assumption for the "
    "force to replace with its own. The division in this workbook is an illustration, not "
    "Police Scotland's real establishment."
)

#: xlwings' workbook settings (keys as in its quickstart's conf sheet; values read
#: by the VBA's GetConfig). Booleans stay booleans: the VBA compares them to True.
XLWINGS_CONF: tuple[tuple[str, str | bool], ...] = (
    ("Interpreter_Win", r"C:\Planner\env\Scripts\pythonw.exe"),
    ("Interpreter_Mac", "$HOME/Planner/env/bin/python"),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("UDF Modules", ""),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)

CONF_NOTE = (
    "xlwings, which runs Planner's buttons, reads its settings here: a name in column A from A1 "
    "down, with no gaps, and its value in column B. Do not rename this sheet.\n\n"
    "Interpreter_Win and Interpreter_Mac: the Python that has the planner package installed. "
    r"The values here fit the set-up in docs/excel.md (a virtual environment in C:\Planner\env "
    "on Windows, $HOME/Planner/env on a Mac); change them if Python is elsewhere.\n\n"
    "PYTHONPATH: extra folders for Python to search, separated by ;. Leave it empty when planner "
    "is installed; the folder of this workbook (with Planner.py) is searched anyway.\n\n"
    "Conda Path and Conda Env: only if that Python is a conda environment.\n\n"
    "UDF Modules, Debug UDFs, Use UDF Server: for worksheet functions, which Planner does not use.\n\n"
    "Show Console: TRUE opens a console window while Python runs, to see what goes wrong.\n\n"
    "Delete a row to fall back to xlwings' own settings file (.xlwings\\xlwings.conf in your "
    "user folder) or its defaults."
)
