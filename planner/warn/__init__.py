"""Warning checks: inputs the model can use but probably should not (planner.warn.input_warnings).

One module per check, each a function `(tables, checked) -> list[CellProblem]`
registered in `planner.warn.input_warnings.CHECKS`: inputs the model cannot use (a unit
with posts and no work, a stream no role can work, a role that works no
stream) and plausible typos (a budget far from today's pay bill, 1 typed for
1%, an annual cost in thousands). Each warning says what the plan will do.
"""
