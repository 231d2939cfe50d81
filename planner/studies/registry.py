"""Every study Planner runs around the plans, in one list.

The command line (one command per study), the buttons (one on each study's
sheet), the server's `press` and the template (each study's empty sheet) all
read this list, so a new study is added here once and every route has it. The
command line offers the commands from planner.studies.commands (in this list's
order, tested), so that `planner optimise` does not import the studies.
"""

from __future__ import annotations

from planner.studies.disruption import DISRUPTION
from planner.studies.frontier import FRONTIER
from planner.studies.plumbing import Study
from planner.studies.risk import RISK
from planner.studies.sensitivity import SENSITIVITY

STUDIES: tuple[Study, ...] = (FRONTIER, RISK, SENSITIVITY, DISRUPTION)


def study_of_command(name: str) -> Study:
    """The study that `planner NAME` runs (a name from planner.studies.commands)."""
    return next(s for s in STUDIES if s.command == name)


def study_of_sheet(name: str) -> Study | None:
    """The study whose button sits on the sheet called `name`, if any."""
    folded = name.casefold()
    return next((s for s in STUDIES if s.table.sheet.casefold() == folded), None)
