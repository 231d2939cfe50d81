"""Planner: the application around the model.

Reads and checks the workbook, runs the scenarios, writes the results back,
and serves the buttons in Excel. Data flows one way:
workbook -> raw tables -> domain tables -> model -> report -> workbook.
"""
