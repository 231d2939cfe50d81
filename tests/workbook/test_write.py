"""Writing results into a user's .xlsm: Planner's sheets change, nothing else does.

The workbooks here are made with XlsxWriter, with the VBA project of xlwings'
own template and the kinds of things a user adds: a text box, a picture, a
chart, a comment, a formula, defined names, data validation and conditional
formatting. They are checked after writing by reading the zip directly (an
independent walk of the package's relationships), by openpyxl, by
python-calamine and, in the slow tests, by LibreOffice.
"""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import python_calamine
import xlsxwriter
import xlwings
from openpyxl.utils import range_boundaries

from optimise import plan as optimise_plan
from planner import contract as layout
from planner.adapters.file.file_reader import FileWorkbook
from planner.adapters.file.file_writer import WriteRefused, write_report_to_file
from planner.adapters.package import safety
from planner.adapters.package.opc_package import Package
from planner.adapters.package.refusals import WorkbookFileError
from planner.check.validate import check_workbook
from planner.report import output_page
from planner.report.sheet_names import SCENARIO_TAB_MARKER
from tests.libreoffice import convert, needs_libreoffice, pdf_text, saved_by_libreoffice
from tests.package_parts import (
    NS,
    assert_untouched,
    below,
    members,
    owned,
    sheets,
)
from tests.unit.test_report import MIT, infeasible, optimal, report

TEMPLATE = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
USER_SHEET = "Board notes"


# --- Workbooks to write into --------------------------------------------------------


def tiny_png(width: int = 8, height: int = 6) -> bytes:
    """A real PNG (red), made without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\xc0\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def make_workbook(
    path: Path, *, outputs: bool = True, additions: bool = True, older: bool = False
) -> Path:
    """A Planner-like .xlsm: Start (button), Units, output sheets, and a user's own sheet.

    `older`: as made before the Moves sheet existed.
    """
    wb = xlsxwriter.Workbook(str(path))
    with zipfile.ZipFile(TEMPLATE) as z:
        wb.add_vba_project(io.BytesIO(z.read("xl/vbaProject.bin")), is_stream=True)
    start = wb.add_worksheet("Start")
    start.write_string("A1", "Planner")
    start.insert_button("B3", {"macro": "SampleCall", "caption": "Optimise", "width": 120})
    units = wb.add_worksheet("Units")
    units.add_table(
        0,
        0,
        1,
        1,
        {
            "name": "Units",
            "columns": [{"header": "Unit"}, {"header": "Branch"}],
            "data": [[MIT, "Major Crime"]],
        },
    )
    if outputs:
        _output_sheet(wb, layout.COMPARISON)
    if additions:
        _user_sheet(wb)
    if outputs:
        for table in layout.OUTPUT_TABLES[1:]:
            if not (older and table is layout.MOVES):
                _output_sheet(wb, table)
    wb.close()
    return path


def _output_sheet(wb: xlsxwriter.Workbook, table: layout.Table) -> None:
    ws = wb.add_worksheet(table.sheet)
    ws.write_string(0, 0, table.note)
    columns = [{"header": h} for h in table.headers]
    ws.add_table(2, 0, 3, len(columns) - 1, {"name": table.name, "columns": columns})


def _user_sheet(wb: xlsxwriter.Workbook) -> None:
    """Everything a finance officer might add on a sheet of their own."""
    ws = wb.add_worksheet(USER_SHEET)
    ws.write_string("A1", "Month")
    ws.write_string("B1", "Cost")
    for i, (month, cost) in enumerate([("Apr", 3.1), ("May", 3.4), ("Jun", 3.2)], start=1):
        ws.write_string(i, 0, month)
        ws.write_number(i, 1, cost)
    ws.write_formula("B5", "=SUM(B2:B4)", None, 9.7)
    ws.write_comment("A1", "Figures from the ledger, £m")
    ws.insert_textbox("D2", "Briefing for the board: do not delete", {"width": 260, "height": 60})
    ws.insert_image("D8", "red.png", {"image_data": io.BytesIO(tiny_png())})
    ws.data_validation("C2:C4", {"validate": "list", "source": ["Yes", "No"]})
    ws.conditional_format(
        "B2:B4",
        {"type": "cell", "criteria": ">", "value": 3.3, "format": wb.add_format({"bold": True})},
    )
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "categories": f"='{USER_SHEET}'!$A$2:$A$4",
            "values": f"='{USER_SHEET}'!$B$2:$B$4",
            "name": "Cost",
        }
    )
    ws.insert_chart("H2", chart)
    wb.define_name("BoardTotal", f"='{USER_SHEET}'!$B$5")
    wb.define_name(f"'{USER_SHEET}'!LocalNote", f"='{USER_SHEET}'!$A$1")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "Planner.xlsm")


def planner_sheets(rep) -> list[str]:
    return [*layout.OUTPUT_SHEETS, *(s.sheet_name for s in rep.scenario_sheets)]


def write(path: Path, rep, **kwargs) -> Path:
    return write_report_to_file(path, rep, **kwargs)


def previous_of(path: Path):
    tables = FileWorkbook(path).read_tables()
    return {t.name: tables[t.name] for t in layout.OUTPUT_TABLES if t.name in tables}


def two_scenarios():
    return report([optimal("Baseline"), infeasible("Budget cut")], names=["Baseline", "Budget cut"])


# --- The output tables ---------------------------------------------------------------


def test_openpyxl_finds_every_output_table_with_the_contract_headers(book):
    rep = two_scenarios()
    write(book, rep)
    wb = openpyxl.load_workbook(book, keep_vba=True)
    for table in layout.OUTPUT_TABLES:
        ws = wb[table.sheet]
        assert table.name in ws.tables
        left, top, right, _ = range_boundaries(ws.tables[table.name].ref)
        header = [ws.cell(top, col).value for col in range(left, right + 1)]
        assert header == table.headers
        assert [c.name for c in ws.tables[table.name].tableColumns] == table.headers


def test_calamine_reads_the_same_tables_as_the_reader(book):
    rep = two_scenarios()
    write(book, rep)
    tables = FileWorkbook(book).read_tables()
    for table in layout.OUTPUT_TABLES:
        assert tables[table.name].headers == table.headers
    assert [r[0] for r in tables["Comparison"].rows] == ["Baseline", "Budget cut"]
    assert len(tables["Plans"].rows) == len(rep.plans)
    calamine = python_calamine.CalamineWorkbook.from_path(str(book))
    grid = calamine.get_sheet_by_name("Comparison").to_python()
    assert layout.COMPARISON.headers in grid


def test_output_sheets_are_created_when_the_workbook_has_none(tmp_path):
    path = make_workbook(tmp_path / "Bare.xlsm", outputs=False, additions=False)
    write(path, two_scenarios())
    names = list(sheets(members(path)))
    assert names[:2] == ["Start", "Units"]
    assert set(layout.OUTPUT_SHEETS) <= set(names)
    assert FileWorkbook(path).read_tables()["RunLog"].headers == layout.RUNLOG.headers


# --- Scenario tabs ---------------------------------------------------------------------


def test_scenario_tab_has_its_tables_charts_and_button(book):
    rep = two_scenarios()
    write(book, rep)
    files = members(book)
    part = sheets(files)["Baseline"]
    parts = below(files, part)
    charts = [p for p in parts if p.startswith("xl/charts/chart")]
    assert len(charts) == 2
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["Baseline"]
    assert set(ws.tables) == {
        "Baseline_Units",
        "Baseline_Coverage",
        "Baseline_Changes",
        "Baseline_Moves",
    }
    assert ws["A1"].value == SCENARIO_TAB_MARKER and ws["A2"].value == "Baseline"
    vml = [files[p] for p in parts if p.endswith(".vml")]
    assert len(vml) == 1 and b"[0]!SampleCall" in vml[0] and b"Re-run this scenario" in vml[0]


def test_new_tabs_go_after_comparison_and_keep_their_place(book):
    write(book, two_scenarios())
    order = list(sheets(members(book)))
    at = order.index("Comparison")
    assert order[at + 1 : at + 3] == ["Baseline", "Budget cut"]
    assert order[at + 3] == USER_SHEET
    write(
        book,
        report(
            [optimal("Third")],
            previous=previous_of(book),
            names=["Baseline", "Budget cut", "Third"],
        ),
    )
    order = list(sheets(members(book)))
    assert order[at + 1 : at + 4] == ["Baseline", "Budget cut", "Third"]


def test_a_workbook_made_before_moves_gets_its_moves_sheet_after_comparison(tmp_path):
    older = make_workbook(tmp_path / "Planner.xlsm", older=True)
    rep = two_scenarios()
    write(older, rep)
    order = list(sheets(members(older)))
    at = order.index("Comparison")
    assert order[at + 1 : at + 4] == ["Moves", "Baseline", "Budget cut"]
    rows = FileWorkbook(older).read_tables()["Moves"].rows
    assert rows == rep.moves.values.tolist() and len(rows) > 1


def test_every_sheet_table_and_shape_number_is_unique(book):
    write(book, two_scenarios())
    write(book, report([optimal("Baseline"), optimal("Other")], previous=previous_of(book)))
    files = members(book)
    names = list(sheets(files))
    assert len({n.casefold() for n in names}) == len(names)
    tables = [ElementTree.fromstring(d) for n, d in files.items() if n.startswith("xl/tables/")]
    ids = [t.get("id") for t in tables]
    table_names = [t.get("name").casefold() for t in tables]
    assert len(set(ids)) == len(ids) and len(set(table_names)) == len(table_names)
    blocks = [
        m
        for n, d in files.items()
        if n.endswith(".vml")
        for m in re.findall(rb'<o:idmap[^>]*data="(\d+)"', d)
    ]
    assert len(set(blocks)) == len(blocks)


def test_rerunning_one_scenario_keeps_the_other(book):
    write(book, two_scenarios())
    before = members(book)
    budget_cut = below(before, sheets(before)["Budget cut"])
    rep = report(
        [optimal("Baseline")], previous=previous_of(book), names=["Baseline", "Budget cut"]
    )
    write(book, rep)
    after = members(book)
    assert list(sheets(after)) == list(sheets(before))
    for part in budget_cut:
        assert after[part] == before[part]
    rows = FileWorkbook(book).read_tables()["Comparison"].rows
    assert [(r[0], r[1]) for r in rows] == [("Baseline", "Optimal"), ("Budget cut", "Infeasible")]


def test_run_log_grows_across_runs(book):
    write(book, two_scenarios())
    for _ in range(2):
        write(
            book,
            report(
                [optimal("Baseline")], previous=previous_of(book), names=["Baseline", "Budget cut"]
            ),
        )
    log = FileWorkbook(book).read_tables()["RunLog"].rows
    assert [r[1] for r in log] == ["Baseline", "Budget cut", "Baseline", "Baseline"]


def test_a_long_name_is_shortened_and_its_tab_found_again(book):
    name = "Protect every Public Protection unit for three years"
    write(book, report([optimal(name)]))
    write(book, report([optimal(name)], previous=previous_of(book)))
    tabs = [n for n in sheets(members(book)) if n.startswith("Protect")]
    assert tabs == [name[:31]]


def test_a_renamed_tab_is_still_the_scenarios_tab(book):
    write(book, report([optimal("Baseline")]))
    files = members(book)
    renamed = files["xl/workbook.xml"].replace(b'name="Baseline"', b'name="Board version"')
    _rewrite(book, "xl/workbook.xml", renamed)
    write(book, report([optimal("Baseline")], previous=previous_of(book)))
    names = list(sheets(members(book)))
    assert "Board version" in names and "Baseline" not in names


def test_a_scenario_named_like_an_input_sheet_gets_its_own_tab(book):
    write(book, report([optimal("Units")]))
    names = list(sheets(members(book)))
    assert "Units (2)" in names
    assert FileWorkbook(book).read_tables()["Units"].rows == [[MIT, "Major Crime"]]


def test_text_that_looks_like_a_formula_is_written_as_text(book):
    name = '=HYPERLINK("http://evil.example","click")'
    rep = report([optimal(name), optimal("+cmd|' /C calc'!A0")])
    write(book, rep)
    files = members(book)
    for sheet in ["Comparison", rep.scenario_sheets[0].sheet_name, "Plans"]:
        xml = files[sheets(files)[sheet]]
        assert b"<f>" not in xml and b"<f " not in xml
        assert b"HYPERLINK(&quot;http://evil.example&quot;" in xml or b'HYPERLINK("http' in xml
        assert b't="inlineStr"' in xml
    rows = FileWorkbook(book).read_tables()["Comparison"].rows
    assert [r[0] for r in rows] == [name, "+cmd|' /C calc'!A0"]
    assert openpyxl.load_workbook(book)[rep.scenario_sheets[0].sheet_name]["A2"].value == name


def test_the_users_shared_strings_are_not_touched(book):
    before = members(book)
    write(book, two_scenarios())
    assert members(book)["xl/sharedStrings.xml"] == before["xl/sharedStrings.xml"]


# --- Nothing of the user's is lost -------------------------------------------------------


def test_every_member_outside_planners_sheets_is_byte_identical(book):
    before = members(book)
    rep = two_scenarios()
    write(book, rep)
    after = members(book)
    assert_untouched(before, after, planner_sheets(rep))
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]


def test_a_second_run_changes_only_planners_sheets(book):
    write(book, two_scenarios())
    before = members(book)
    rep = report([optimal("Baseline"), infeasible("Budget cut")], previous=previous_of(book))
    write(book, rep)
    after = members(book)
    mine = owned(before, planner_sheets(rep))
    for name, data in before.items():
        if name == "xl/workbook.xml":  # only the print areas of Planner's sheets follow them
            assert without_print_names(after[name]) == without_print_names(data)
        elif name not in mine and name != "[Content_Types].xml":
            assert after.get(name) == data, f"{name} changed on a re-run"


def without_print_names(xml: bytes) -> bytes:
    """workbook.xml less the print areas and print titles (planner.adapters.package.print_names)."""
    return re.sub(
        rb'<definedName name="_xlnm\.Print_(Area|Titles)"[^>]*>[^<]*</definedName>', b"", xml
    )


def test_the_users_additions_survive_two_runs(book):
    original = members(book)
    user_parts = below(original, sheets(original)[USER_SHEET])
    assert any(p.startswith("xl/media/") for p in user_parts)  # the picture
    assert any(p.startswith("xl/comments") for p in user_parts)
    write(book, two_scenarios())
    write(book, report([optimal("Baseline")], previous=previous_of(book)))
    after = members(book)
    for part in user_parts:
        assert after[part] == original[part], part
    assert_untouched(original, after, planner_sheets(two_scenarios()))
    drawing = next(after[p] for p in user_parts if p.startswith("xl/drawings/drawing"))
    assert b"Briefing for the board" in drawing and b"<xdr:pic>" in drawing
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb[USER_SHEET]
    assert ws["B5"].value == "=SUM(B2:B4)"
    assert ws["A1"].comment.text.startswith("Figures from the ledger")
    assert len(ws.data_validations.dataValidation) == 1
    assert len(ws.conditional_formatting) == 1
    assert len(ws._charts) == 1
    assert wb.defined_names["BoardTotal"].attr_text == f"'{USER_SHEET}'!$B$5"
    assert "LocalNote" in ws.defined_names  # a sheet-local name follows its sheet


def test_the_users_cell_styles_keep_their_numbers(book):
    before = ElementTree.fromstring(members(book)["xl/styles.xml"])
    write(book, two_scenarios())
    after = ElementTree.fromstring(members(book)["xl/styles.xml"])
    for container in ("fonts", "fills", "borders", "cellXfs", "dxfs"):
        old = list(before.find(f"m:{container}", NS))
        new = list(after.find(f"m:{container}", NS))
        assert len(new) >= len(old)
        assert [ElementTree.tostring(e) for e in new[: len(old)]] == [
            ElementTree.tostring(e) for e in old
        ]
        assert after.find(f"m:{container}", NS).get("count") == str(len(new))


def test_styles_do_not_grow_run_after_run(book):
    write(book, two_scenarios())
    first = members(book)["xl/styles.xml"]
    write(book, two_scenarios())
    assert members(book)["xl/styles.xml"] == first


def test_a_picture_on_planners_sheet_stops_the_write(tmp_path):
    path = tmp_path / "Planner.xlsm"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Comparison")
    ws.insert_image("O2", "logo.png", {"image_data": io.BytesIO(tiny_png())})
    ws.insert_textbox("O12", "Note for the chief")
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"values": "=Comparison!$A$1:$A$3"})
    chart.set_title({"name": "My own trend"})
    ws.insert_chart("O20", chart)
    wb.close()
    before = path.read_bytes()
    with pytest.raises(
        WriteRefused, match=r'"Comparison" holds 1 chart, 1 picture and 1 shape or text box'
    ):
        write(path, two_scenarios())
    assert path.read_bytes() == before


# --- The file as a whole --------------------------------------------------------------------


def test_a_workbook_open_in_excel_is_refused_and_untouched(book):
    lock = book.with_name("~$" + book.name)
    lock.write_bytes(b"\x06jsmith" + b" " * 50)
    before = book.read_bytes()
    with pytest.raises(WorkbookFileError, match="open in Excel by jsmith"):
        write(book, two_scenarios())
    assert book.read_bytes() == before
    assert not safety.backup_folder(book).exists()


def test_a_workbook_open_in_libreoffice_is_refused(book):
    book.with_name(f".~lock.{book.name}#").write_text("jsmith")
    before = book.read_bytes()
    with pytest.raises(WorkbookFileError, match="open in LibreOffice"):
        write(book, two_scenarios())
    assert book.read_bytes() == before


@contextmanager
def left_as_it_was(path: Path) -> Iterator[None]:
    """The file is byte for byte as before the block, and no temporary file is left beside it."""
    before = path.read_bytes()
    yield
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".~planner")]


def test_a_failure_while_drawing_leaves_the_file_as_it_was(book, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the transplant failed")

    monkeypatch.setattr("planner.adapters.file.file_writer.transplant", broken)
    with left_as_it_was(book), pytest.raises(RuntimeError):
        write(book, two_scenarios())


def test_a_failure_half_way_through_the_zip_leaves_the_file_as_it_was(book, monkeypatch):
    real = Package.write

    def half(self, path, order):
        real(self, path, order)
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) // 2)
        raise OSError("disk full")

    monkeypatch.setattr(Package, "write", half)
    with (
        left_as_it_was(book),
        pytest.raises(WorkbookFileError, match=r"could not be written.*disk full"),
    ):
        write(book, two_scenarios())


def test_a_file_that_cannot_be_replaced_is_left_as_it_was(book, monkeypatch):
    real = os.replace

    def refuse(src, dst):
        if Path(dst) == book:
            raise PermissionError("in use")
        real(src, dst)

    monkeypatch.setattr(safety.os, "replace", refuse)
    with left_as_it_was(book), pytest.raises(WorkbookFileError, match="could not be replaced"):
        write(book, two_scenarios())


def test_the_previous_version_is_kept_as_a_backup(book, monkeypatch):
    monkeypatch.setattr(safety, "BACKUPS_KEPT", 2)
    versions = [book.read_bytes()]
    for _ in range(3):
        write(book, two_scenarios())
        versions.append(book.read_bytes())
    backups = sorted(safety.backup_folder(book).iterdir(), key=lambda p: p.stat().st_mtime_ns)
    assert len(backups) == 2
    assert [b.read_bytes() for b in backups] == versions[1:3]


def test_out_writes_a_copy_and_leaves_the_source(book, tmp_path):
    before = book.read_bytes()
    out = tmp_path / "results" / "Copy.xlsm"
    out.parent.mkdir()
    assert write(book, two_scenarios(), out=out) == out
    assert book.read_bytes() == before
    assert "Baseline" in sheets(members(out))


def test_out_must_keep_the_kind_and_have_a_folder(book, tmp_path):
    with pytest.raises(WorkbookFileError, match=r"must end in \.xlsm"):
        write(book, two_scenarios(), out=tmp_path / "Copy.xlsx")
    with pytest.raises(WorkbookFileError, match="There is no folder"):
        write(book, two_scenarios(), out=tmp_path / "nowhere" / "Copy.xlsm")


def test_rows_beyond_excels_limit_are_left_out_with_a_note(book, monkeypatch):
    monkeypatch.setattr(output_page, "EXCEL_MAX_ROWS", 20)
    rep = report([optimal("A"), optimal("B")])
    write(book, rep)
    plans = FileWorkbook(book).read_tables()["Plans"]
    room = 20 - output_page.OUTPUT_TOP - 1  # rows above the table and its header
    assert len(plans.rows) == room
    assert plans.rows[0][0] == "A"
    grid = python_calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Plans")
    note = grid.to_python()[output_page.OUTPUT_TOP - 1][0]
    left_out = len(rep.plans) - room
    assert f"the last {left_out:,} of {len(rep.plans):,} rows are not shown" in note


# --- With the real optimiser -------------------------------------------------------------


def test_end_to_end_with_the_optimiser(tables, book):
    checked = check_workbook(tables)
    results = [optimise_plan(checked.inputs, s) for s in checked.scenarios]
    from planner.report.workbook_report import build_report
    from tests.unit.test_report import RUN_AT

    for run in range(2):
        rep = build_report(
            results,
            checked.inputs,
            checked.scenarios,
            previous_of(book),
            run_at=RUN_AT,
            user="tester",
            inputs_hash=f"h{run}",
        )
        write(book, rep)
    read = FileWorkbook(book).read_tables()
    assert [r[0] for r in read["Comparison"].rows] == [s.name for s in checked.scenarios]
    assert len(read["RunLog"].rows) == 2 * len(results)
    assert len(read["Plans"].rows) == sum(len(r.plan) for r in results)


# --- LibreOffice, an independent program, opens and draws it ---------------------------------


def render_pages(path: Path, out: Path) -> dict[str, Path]:
    """PDF through LibreOffice, then a PNG of the first page of each sheet we look for."""
    convert(path, "pdf", out, profile=out)
    pdf = out / (path.stem + ".pdf")
    pages = {}
    count = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout,
        ).group(1)
    )
    for page in range(1, count + 1):
        text = pdf_text(pdf, "-f", str(page), "-l", str(page))
        lines = [line for line in text.splitlines() if line.strip()]
        for key, marker in (
            ("comparison", ["Scenario comparison"]),
            ("baseline", [SCENARIO_TAB_MARKER, "Baseline"]),
            ("infeasible", [SCENARIO_TAB_MARKER, "Budget cut"]),
        ):
            if lines[: len(marker)] == marker and key not in pages:
                stem = out / key
                subprocess.run(
                    [
                        "pdftoppm",
                        "-r",
                        "110",
                        "-f",
                        str(page),
                        "-l",
                        str(page),
                        "-singlefile",
                        "-png",
                        str(pdf),
                        str(stem),
                    ],
                    check=True,
                )
                pages[key] = stem.with_suffix(".png")
    return pages


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_opens_and_draws_the_written_workbook(book, tmp_path):
    write(book, two_scenarios())
    out = Path(os.environ.get("PLANNER_RENDER_DIR", tmp_path / "render"))
    out.mkdir(parents=True, exist_ok=True)
    pages = render_pages(book, out)
    assert set(pages) == {"comparison", "baseline", "infeasible"}
    for png in pages.values():
        assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5000


def _rewrite(path: Path, member: str, data: bytes) -> None:
    files = members(path)
    files[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)


# --- Packages written by other programs ---------------------------------------------------


def _prefixed(xml: bytes, root: bytes) -> bytes:
    """The same document with the main namespace written as x: (as the Open XML SDK does)."""
    main = NS["m"].encode()
    xml = xml.replace(
        b"<" + root + b' xmlns="' + main + b'"', b"<" + root + b' xmlns:x="' + main + b'"'
    )
    return re.sub(rb"<(/?)(?![?!])([A-Za-z]+)(?=[\s/>])", rb"<\1x:\2", xml)


def test_a_package_with_prefixed_xml_is_edited_in_its_own_style(book):
    files = members(book)
    _rewrite(book, "xl/workbook.xml", _prefixed(files["xl/workbook.xml"], b"workbook"))
    _rewrite(book, "xl/styles.xml", _prefixed(members(book)["xl/styles.xml"], b"styleSheet"))
    write(book, two_scenarios())
    after = members(book)
    root = ElementTree.fromstring(after["xl/workbook.xml"])
    names = [s.get("name") for s in root.find("m:sheets", NS).findall("m:sheet", NS)]
    assert "Baseline" in names and "Budget cut" in names
    assert b"<sheet " not in after["xl/workbook.xml"]  # new entries use the x: prefix too
    assert b"<xf " not in after["xl/styles.xml"]
    wb = openpyxl.load_workbook(book, keep_vba=True)
    assert wb["Baseline"]["A2"].value == "Baseline"


def _with_calc_chain(path: Path, sheet_id: int) -> None:
    files = members(path)
    files["xl/calcChain.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="'
        + NS["m"].encode()
        + b'"><c r="B5" i="'
        + str(sheet_id).encode()
        + b'"/></calcChain>'
    )
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.calcChain+xml"/></Types>',
    )
    files["xl/_rels/workbook.xml.rels"] = files["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/calcChain" Target="calcChain.xml"/></Relationships>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)


def _sheet_id(path: Path, name: str) -> int:
    root = ElementTree.fromstring(members(path)["xl/workbook.xml"])
    return int(
        next(s.get("sheetId") for s in root.iter(f"{{{NS['m']}}}sheet") if s.get("name") == name)
    )


def test_a_calc_chain_listing_a_replaced_sheet_is_dropped(book):
    _with_calc_chain(book, _sheet_id(book, "Comparison"))
    write(book, two_scenarios())
    after = members(book)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["[Content_Types].xml"]
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]


def test_a_calc_chain_of_the_users_sheets_is_kept(book):
    _with_calc_chain(book, _sheet_id(book, USER_SHEET))
    before = members(book)["xl/calcChain.xml"]
    write(book, two_scenarios())
    assert members(book)["xl/calcChain.xml"] == before


def test_only_one_tab_is_selected_and_it_stays_the_users_choice(book):
    files = members(book)
    at = list(sheets(files)).index("Comparison")
    _rewrite(
        book,
        "xl/workbook.xml",
        files["xl/workbook.xml"].replace(
            b"<workbookView ", f'<workbookView activeTab="{at}" '.encode()
        ),
    )
    files = members(book)
    for part in sheets(files).values():
        _rewrite(book, part, members(book)[part].replace(b' tabSelected="1"', b""))
    write(book, two_scenarios())
    files = members(book)
    selected = [n for n, p in sheets(files).items() if b'tabSelected="1"' in files[p]]
    assert selected == ["Comparison"]
    root = ElementTree.fromstring(files["xl/workbook.xml"])
    assert root.find("m:bookViews/m:workbookView", NS).get("activeTab") == str(at)


@pytest.mark.slow
@needs_libreoffice
def test_a_workbook_saved_by_libreoffice_takes_a_second_run(book, tmp_path):
    """Another program's package (shared strings, its own styles.xml) is written into too."""
    write(book, two_scenarios())
    saved = saved_by_libreoffice(book, tmp_path)
    before = members(saved)
    rep = report(
        [optimal("Baseline", shift=4)],
        previous=previous_of(saved),
        names=["Baseline", "Budget cut"],
    )
    write(saved, rep)
    after = members(saved)
    assert_untouched(before, after, planner_sheets(rep))
    assert len([n for n in sheets(after) if n in ("Baseline", "Budget cut")]) == 2
    tables = FileWorkbook(saved).read_tables()
    assert [r[0] for r in tables["Comparison"].rows] == ["Baseline", "Budget cut"]
    assert len(tables["RunLog"].rows) == 3
    pages = render_pages(saved, tmp_path / "render2")
    assert "baseline" in pages
