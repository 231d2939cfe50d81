"""Planner has no custom functions; xlwings-server needs this package to exist."""
