"""Checking the inputs: every problem at its cell, all at once, before anything is solved.

`validate` is the entry point: raw tables (planner.read) in, typed model
inputs (optimise.PlanInputs) or a list of problems at their cells out.
"""
