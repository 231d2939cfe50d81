"""Planner as users run it: the command line as a process, Dask clusters, the servers, end to end on the default workbook."""
