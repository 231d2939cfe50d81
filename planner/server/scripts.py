"""The buttons as xlwings Server scripts: thin calls into planner.excel.button_press.

Each is an `@script` taking an `xw.Book`, so the same module serves this
package's own app (planner.server.app) and an xlwings-server project
(`custom_scripts/__init__.py`: `from planner.server.scripts import *`).
`settings` holds what the server decides for every run: the time cap and who
to name in the run log.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import xlwings as xw
from xlwings.server import script

from planner.excel import button_press as excel

__all__ = ["optimise", "press", "rerun_scenario", "validate"]


@dataclass
class ServerSettings:
    """Per-process settings for the scripts (the app's worker sets them per request)."""

    time_cap: float | None = None  # seconds per solver stage, at most
    user: str = "xlwings Server"


def _env_cap() -> float | None:
    value = os.environ.get("PLANNER_SERVER_SOLVE_SECONDS", "")
    return float(value) if value else 60.0


settings = ServerSettings(time_cap=_env_cap())


@script
def optimise(book: xw.Book) -> None:
    """Optimise every scenario with Run = Yes."""
    excel.optimise(book, user=settings.user, time_cap=settings.time_cap)


@script
def rerun_scenario(book: xw.Book, name: str = "") -> None:
    """Re-run one scenario: `name`, or the one whose tab the button is on."""
    scenario = name or excel.scenario_of(book.sheets.active)
    if not scenario:
        book.app.alert(
            "Press Re-run on a scenario's tab, or choose the scenario to re-run.",
            title=excel.TITLE,
            buttons="ok",
            mode="info",
        )
        return
    excel.rerun_scenario(book, scenario, user=settings.user, time_cap=settings.time_cap)


@script
def validate(book: xw.Book) -> None:
    """Check the inputs and list what is wrong."""
    excel.validate(book)


@script
def press(book: xw.Book) -> None:
    """What a button on the active sheet means: the same rule as RunPython's main."""
    excel.press(book, user=settings.user, time_cap=settings.time_cap)
