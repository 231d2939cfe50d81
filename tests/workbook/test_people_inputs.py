"""The people inputs typed into the workbook file reach the plan, and a bad one stops at its cell.

The route a finance officer takes: type into a copy of the default workbook (in FTE,
for speed), run `planner validate` and `planner optimise`, read the outputs.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from planner.adapters.file.file_reader import FileWorkbook
from planner.cli.commands import main
from tests.processes import fte_copy
from tests.system.test_end_to_end import outputs
from tests.workbook.test_read import edit


def _type(book: openpyxl.Workbook, table: str, key: str, column: str, value: object) -> str:
    """Type `value` into `column` of the row whose first cell is `key`; its address."""
    for ws in book.worksheets:
        if table in ws.tables:
            left, top, right, bottom = range_boundaries(ws.tables[table].ref)
            headers = [c.value for c in ws[top][left - 1 : right]]
            for row in ws.iter_rows(min_row=top + 1, max_row=bottom):
                if row[left - 1].value == key:
                    target = row[left - 1 + headers.index(column)]
                    target.value = value
                    return f"{ws.title}!{target.coordinate}"
    raise KeyError((table, key))


def _only(path: Path, scenario: str) -> None:
    """Run only `scenario`."""
    tables = FileWorkbook(path).read_tables()
    names = [r["Scenario"] for r in tables["Scenarios"].records()]
    edit(
        path,
        lambda b: [
            _type(b, "Scenarios", n, "Run", "Yes" if n == scenario else "No") for n in names
        ],
    )


@pytest.fixture
def fte(tmp_path) -> Path:
    path = fte_copy(tmp_path / "Planner.xlsm")
    _only(path, "Rebalance within budget")
    return path


def test_a_change_cap_typed_in_the_file_holds_the_plan(fte, capsys):
    edit(
        fte,
        lambda b: _type(b, "Scenarios", "Rebalance within budget", "Max post changes per year", 20),
    )
    assert main(["optimise", str(fte)]) == 0
    row = outputs(fte)["Comparison"][0]
    assert row["Status"] == "Optimal"
    assert row["Post changes"] <= 3 * 20 + 1e-6


def test_a_turnover_of_100_percent_typed_in_the_file_is_refused_at_its_cell(fte, capsys):
    where = {}

    def change(book):
        roles = next(ws for ws in book.worksheets if "Roles" in ws.tables)
        left, top, _r, _b = range_boundaries(roles.tables["Roles"].ref)
        first = roles.cell(top + 1, left).value
        where["cell"] = _type(book, "Roles", first, "Turnover %", 1)

    edit(fte, change)
    assert main(["validate", str(fte)]) != 0
    err = capsys.readouterr()
    said = err.out + err.err
    assert where["cell"] in said and "below 100%" in said
