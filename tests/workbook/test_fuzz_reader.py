"""Hostile workbooks: never a traceback, exit 2 with each problem at its cell, the file unchanged.

Hypothesis writes small Planner workbooks (openpyxl) with a hostile value in
input cells of every table (text, dates, booleans, Excel errors, huge and
tiny numbers, blanks, unicode, stray spaces, merged cells); damaged files
(cut short, not a zip, empty, parts missing or garbled) must be refused in
words. The file is compared byte for byte before and after.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import contract as layout
from planner.cli.commands import main
from tests.conftest import VALID_ROWS
from tests.processes import WORKBOOK, digest, fte_workbook
from tests.xlwings_client import write_fixture_workbook

#: A problem line: two spaces, an address (Sheet!A1, 'Run log'!B2, a range, a header), ": ".
PROBLEM = re.compile(r"^  ('[^']+'|[^\s!:]+)(![A-Z]{1,3}\d+(:[A-Z]{1,3}\d+)?)?: \S")

HOSTILE = st.one_of(
    # Text as a user can type it (openpyxl refuses control characters, as Excel does).
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12),
    st.sampled_from(["", " ", "  Yes ", "N/A", "1,000", "5 %", "ten", "Ünit 🙂", "=1/0", "\t"]),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.dates(min_value=date(1900, 3, 1)),
    st.booleans(),
    st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!"]),  # as errors
    st.sampled_from([1e300, -1e300, 1e-300, -1e-300, 0.0, -0.0, 2**53 + 1, -1, 1e15, 123456789]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.none(),
)
ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!"}


def cells_of(table: str) -> st.SearchStrategy[tuple[str, int, int]]:
    rows = VALID_ROWS[table]
    width = len(layout.TABLES[table].headers)
    return st.tuples(
        st.just(table),
        st.integers(0, max(len(rows) - 1, 0)),
        st.integers(0, width - 1),
    )


EDITS = st.lists(
    st.tuples(
        st.one_of(*(cells_of(t.name) for t in layout.INPUT_TABLES if VALID_ROWS.get(t.name))),
        HOSTILE,
    ),
    min_size=1,
    max_size=4,
)


def hostile_workbook(path: Path, edits, merge: tuple[str, int] | None) -> Path:
    """The small valid workbook with each edit typed into its cell (and one merge)."""
    import openpyxl

    write_fixture_workbook(path, VALID_ROWS)
    book = openpyxl.load_workbook(path)
    for (table, row, column), value in edits:
        left = 9 if table == "Overrides" else 1
        cell = book[layout.TABLES[table].sheet].cell(4 + row, left + column)
        cell.value = value
        if isinstance(value, str) and value in ERRORS:
            cell.data_type = "e"
    if merge is not None:
        table, row = merge
        ws = book[layout.TABLES[table].sheet]
        left = 9 if table == "Overrides" else 1
        ws.merge_cells(start_row=4 + row, start_column=left, end_row=4 + row, end_column=left + 1)
    book.save(path)
    return path


MERGES = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(["Units", "Roles", "Demand", "Establishment"]), st.integers(0, 1)),
)


def check_run(args: list[str], path: Path, capsys) -> int:
    before = digest(path)
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 1, 2), code
    if code == 2:
        assert digest(path) == before
        lines = [line for line in err.splitlines() if line.startswith("  ")]
        header = [line for line in err.splitlines() if not line.startswith("  ")]
        assert header and lines, err
        for line in lines:
            assert PROBLEM.match(line), line
    return code


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS, merge=MERGES)
def test_hostile_cells_give_problems_at_their_cells_and_change_nothing(
    tmp_path, capsys, edits, merge
):
    path = hostile_workbook(tmp_path / "Hostile.xlsm", edits, merge)
    validated = check_run(["validate", str(path)], path, capsys)
    optimised = check_run(["optimise", str(path), "--wait", "5"], path, capsys)
    if validated == 2:
        assert optimised == 2  # what validate refuses, optimise refuses


# --- Damaged files ---------------------------------------------------------------------


def damaged(kind: str, original: bytes) -> bytes:
    """The default workbook, damaged one way."""
    if kind == "empty":
        return b""
    if kind == "not a zip":
        return b"This is not a workbook\r\n" * 50
    if kind.startswith("cut at "):
        return original[: int(len(original) * float(kind.split()[-1]))]
    source = zipfile.ZipFile(io.BytesIO(original))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info)
            if kind == f"no {info.filename}":
                continue
            if kind == f"garbled {info.filename}":
                data = data[: len(data) // 2]
            z.writestr(info, data)
    if kind.startswith("bit-flipped "):
        return _flip_a_byte(out.getvalue(), kind.removeprefix("bit-flipped "))
    return out.getvalue()


def _flip_a_byte(data: bytes, part: str) -> bytes:
    """One byte in the middle of a member's compressed data changed: its CRC fails."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    name_and_extra = int.from_bytes(
        data[info.header_offset + 26 : info.header_offset + 28], "little"
    )
    extra = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    at = info.header_offset + 30 + name_and_extra + extra + info.compress_size // 2
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


def _parts() -> list[str]:
    with zipfile.ZipFile(WORKBOOK) as z:
        names = z.namelist()
    picked = [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/sharedStrings.xml",
        "xl/worksheets/sheet3.xml",
        "xl/worksheets/_rels/sheet3.xml.rels",
        "xl/tables/table2.xml",
    ]
    return [p for p in picked if p in names]


DAMAGE = [
    "empty",
    "not a zip",
    "cut at 0.1",
    "cut at 0.5",
    "cut at 0.99",
    *(f"no {p}" for p in _parts()),
    *(f"garbled {p}" for p in _parts()),
    *(f"bit-flipped {p}" for p in _parts()),
]


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_file_is_refused_in_words_and_left_as_it_was(tmp_path, capsys, kind):
    path = tmp_path / "Planner.xlsm"
    path.write_bytes(damaged(kind, fte_workbook().read_bytes()))  # FTE: a run takes seconds
    before = digest(path)
    for args in (["validate", str(path)], ["optimise", str(path), "--wait", "5"]):
        code = main(args)
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert digest(path) == before, args
        if code != 2:  # a part Planner does not need: the run must then succeed
            assert code in (0, 1), (kind, code, err)
            continue
        said = [line for line in err.strip().splitlines() if not line.startswith("(")]
        last = said[-1]  # the closing "(Fix them, then validate again.)" is advice, not the problem
        assert last.startswith(f"{path}: ") or "input problem" in err, err
        assert len(last) > 40, err
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".~planner.")) in (
        ["Planner.xlsm"],
        ["Planner backups", "Planner.xlsm"],
    )


@pytest.mark.parametrize("shown_as", ["[h]:mm:ss", "dd/mm/yyyy", "hh:mm"])
def test_a_number_beyond_excels_dates_shown_as_a_date_is_named_at_its_cell(
    tmp_path, capsys, shown_as
):
    """Found by the fuzzing above: calamine gave up on the whole sheet (a Rust panic)."""
    import openpyxl

    path = write_fixture_workbook(tmp_path / "Dates.xlsm", VALID_ROWS)
    book = openpyxl.load_workbook(path)
    book["Units"]["C4"] = 1e300  # Min posts of the first unit
    book["Units"]["C4"].number_format = shown_as
    book.save(path)
    assert check_run(["validate", str(path)], path, capsys) == 2
    main(["validate", str(path)])
    err = capsys.readouterr().err
    assert "Units!C4: " in err  # named at its cell, whichever reader took the sheet
    if shown_as == "[h]:mm:ss":  # one calamine cannot convert: openpyxl reads the sheet
        assert "beyond any date Excel can show" in err
    assert "Units!A4" not in err  # the sheet's other cells read as before
