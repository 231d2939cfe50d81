"""Planner's buttons for xlwings Server's Office.js add-in (xlwings-server's custom scripts).

The same scripts as Planner's own app (planner.server.app): thin calls into
planner.excel.button_press. xlwings-server imports this package as `custom_scripts`.
"""

from planner.server.scripts import optimise, press, rerun_scenario, validate

__all__ = ["optimise", "press", "rerun_scenario", "validate"]
