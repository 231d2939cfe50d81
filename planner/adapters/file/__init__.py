"""Planner's file adapter: reading and writing .xlsm files without Excel."""
