"""Data typed just below or beside an input table is not an input: a warning names it."""

from __future__ import annotations

import pytest

from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from planner.read.cells import range_bounds
from planner.read.tables import RawTable
from planner.warn.input_warnings import input_warnings
from planner.warn.outside_tables import typed_outside_tables
from tests.conftest import VALID_ROWS, raw_table
from tests.processes import WORKBOOK, fte_copy, planner
from tests.workbook.test_excel_adapter import open_book
from tests.workbook.test_read import edit
from tests.xlwings_client import ClientBook


@pytest.fixture(autouse=True)
def _licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


def bottom_row(path, table: str) -> int:
    [part] = [p for p in FileWorkbook(path).table_parts() if p.name == table]
    return range_bounds(part.ref)[3]


@pytest.fixture
def typed_outside(tmp_path):
    """A unit typed under the Units table, its posts two rows under Establishment's
    (after a blank row), and a note beside the Roles table's header."""
    path = tmp_path / "Planner.xlsm"
    fte_copy(path)
    units, posts = bottom_row(path, "Units") + 1, bottom_row(path, "Establishment") + 2

    def type_them(book):
        book["Units"][f"A{units}"] = "Cyber Crime Unit"
        book["Units"][f"B{units}"] = "Crime"
        book["Units"][f"C{units}"] = 4
        book["Establishment"][f"A{posts}"] = "Cyber Crime Unit"
        book["Establishment"][f"C{posts}"] = 6
        book["Roles"]["L5"] = "Notes"  # one column right of Role ... Team size

    edit(path, type_them)
    return path, units, posts


def warnings_of(tables: dict[str, RawTable]) -> list[str]:
    """The outside-table warnings alone: other checks judge what the rows hold."""
    return [str(w) for w in typed_outside_tables(tables, check_workbook(tables))]


def test_the_template_has_nothing_outside_its_tables():
    tables = FileWorkbook(WORKBOOK).read_tables()
    assert [str(w) for w in input_warnings(tables, check_workbook(tables))] == []
    old = WORKBOOK.parent.parent / "tests" / "data" / "overrides-beside-scenarios.xlsm"
    assert warnings_of(FileWorkbook(old).read_tables()) == []


def test_validate_names_every_row_and_column_typed_outside_a_table(typed_outside):
    path, units, posts = typed_outside
    run = planner("validate", str(path))
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0 and "no problems found" in out
    assert "3 warnings (the plan still runs)" in err
    lines = [line.strip() for line in err.splitlines()[1:]]
    assert lines[0].startswith(
        f"Units!A{units}:C{units}: typed just below the Units table, outside it, so Planner "
        'does not read it ("Cyber Crime Unit", "Crime", 4). To plan with it, make the table '
        "take it in (drag the handle"
    )
    assert lines[1].startswith("Roles!L5: typed beside the Roles table, outside it")
    assert lines[2].startswith(f"Establishment!A{posts}:C{posts}: typed just below")
    assert '("Cyber Crime Unit", 6)' in lines[2]


def test_optimise_shows_the_warnings_and_plans_without_those_cells(typed_outside, tmp_path):
    path, units, _ = typed_outside
    out_path = tmp_path / "out" / "Planner.xlsm"
    run = planner("optimise", str(path), "--scenario", "Budget cut 5%", "--out", str(out_path))
    _out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert f"Warning: Units!A{units}:C{units}: typed just below the Units table" in err


def test_the_buttons_read_the_same_cells_outside_the_tables(typed_outside):
    path, _, _ = typed_outside
    _, live = open_book(ClientBook.from_xlsm(path))
    live_tables, file_tables = live.read_tables(), FileWorkbook(path).read_tables()
    for name, table in file_tables.items():
        assert live_tables[name].nearby == table.nearby, name
    assert warnings_of(live_tables) == warnings_of(file_tables)
    assert len(warnings_of(live_tables)) == 3


def test_a_table_that_sits_right_under_another_is_not_typed_outside_it():
    tables = {name: raw_table(name, rows) for name, rows in VALID_ROWS.items()}
    budget = tables["Budget"]
    budget.sheet, budget.top = "Settings", 3 + len(tables["Settings"].rows) + 1
    first_year = (budget.top + 1, 1)
    tables["Settings"].nearby = {first_year: budget.rows[0][0]}  # what a reader would see
    assert warnings_of(tables) == []
    tables["Settings"].nearby[(budget.top + 1, 4)] = "stray"  # beside Budget, below Settings
    assert [w.split(":")[0] for w in warnings_of(tables)] == [f"Settings!D{budget.top + 1}"]
