"""The `planner` command line."""

from planner.cli.commands import main

__all__ = ["main"]
