"""The entry points Excel's buttons call, through xlwings (Planner.py: `planner.excel.main`)."""

from planner.excel.button_press import main

__all__ = ["main"]
