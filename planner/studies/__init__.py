"""Studies around the plans: the budget frontier (and, on its plumbing, demand risk).

A study reads and checks the workbook by the one path, computes its pieces of
work through planner.run.engine, and writes ONE output table on its own sheet,
with a native chart, plus its lines in the Run log. The Comparison, Plans and
scenario tabs are left as they are. `planner.studies.plumbing` is the plumbing
every study shares; `planner.studies.frontier` is the budget frontier.
"""
