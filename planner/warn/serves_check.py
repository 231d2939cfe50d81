"""A warning for Demand's Serves: the branch it names should be one the units have.

Serves never changes a plan; it says whose cases a support stream serves, so the
scenario tab can say how much support was re-tasked toward Public Protection.
A Serves that names no unit's branch ("Public protection" with a small p) would
quietly leave that work out of the figure, so it is worth a word at its cell.
"""

from __future__ import annotations

import difflib

from planner.check.validate import CellProblem, CheckedInputs
from planner.read.tables import RawTable


def serves_unknown_branch(tables: dict[str, RawTable], checked: CheckedInputs) -> list[CellProblem]:
    """Each Serves cell naming a branch no unit belongs to."""
    demand = next((t for name, t in tables.items() if name.casefold() == "demand"), None)
    if demand is None or "Serves" not in demand.headers:
        return []
    branches = sorted({str(b) for b in checked.inputs.units["Branch"]})
    at, key = demand.headers.index("Serves"), demand.headers.index("Stream")
    found = []
    for i, row in enumerate(demand.rows):
        value = row[at] if at < len(row) else None  # a short row: its last cells are blank
        serves = value.strip() if isinstance(value, str) else None
        if not serves or serves in branches:
            continue
        close = difflib.get_close_matches(serves, branches, 1, 0.6)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        found.append(
            CellProblem(
                demand.cell(i, "Serves"),
                f'Serves for "{row[key]}" is "{serves}", which is not the branch of any unit '
                f"(they are: {', '.join(branches)}).{hint} The plan is the same either way, "
                'but only work whose Serves is exactly "Public Protection" counts as support '
                "for Public Protection on the scenario tab",
            )
        )
    return found
