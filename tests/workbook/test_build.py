"""`planner build`: the template workbook, its default data, its VBA and buttons.

The workbook is read back with tools that did not write it: openpyxl for the
tables, validation and formats, oletools for the VBA, the zip package itself for
the buttons, and LibreOffice to prove it opens.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import types
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest
import xlwings
from oletools.olevba import VBA_Parser

from planner import contract as layout
from planner.adapters.file.vba import MACRO, vba_modules, vba_problems, vba_project
from planner.contract import look
from planner.contract import words as build_words
from planner.studies.frontier import FRONTIER
from planner.template import build, default_data, input_look, input_rules, start_sheet
from tests.libreoffice import convert, needs_libreoffice, pdf_text, render
from tests.processes import with_settings

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbook" / "Planner.xlsm"
DATA = ROOT / "planner" / "data"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build.build_workbook(tmp_path_factory.mktemp("build") / "Planner.xlsm")


@pytest.fixture(scope="module")
def book(built) -> openpyxl.Workbook:
    return openpyxl.load_workbook(built, keep_vba=True)


@pytest.fixture(scope="module")
def vba(built) -> dict[str, str]:
    parser = VBA_Parser(str(built))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def find_table(book: openpyxl.Workbook, name: str):
    """(sheet, table) of the Excel table called `name`, wherever it is."""
    for ws in book.worksheets:
        if name in ws.tables:
            return ws, ws.tables[name]
    raise AssertionError(f"no table {name}")


def body(ws, table) -> list[list]:
    rows = list(ws[table.ref])[1:]
    return [[c.value for c in row] for row in rows]


def header_cells(ws, table) -> tuple:
    return ws[table.ref][0]


# --- The build itself -------------------------------------------------------------------


def test_the_committed_workbook_equals_a_fresh_build(built):
    with zipfile.ZipFile(COMMITTED) as old, zipfile.ZipFile(built) as new:
        assert old.namelist() == new.namelist(), "run `planner build` and commit the workbook"
        stale = [n for n in new.namelist() if old.read(n) != new.read(n)]
    assert not stale, f"run `planner build` and commit the workbook: {stale} differ"
    assert COMMITTED.read_bytes() == built.read_bytes()
    assert COMMITTED.with_suffix(".py").read_text() == built.with_suffix(".py").read_text()


def test_building_twice_gives_byte_identical_files(built, tmp_path):
    again = build.build_workbook(tmp_path / "Planner.xlsm")
    assert again.read_bytes() == built.read_bytes()


def test_a_workbook_name_that_python_cannot_import_is_refused(tmp_path):
    with pytest.raises(ValueError, match="module name"):
        build.build_workbook(tmp_path / "Planner (1).xlsm")
    with pytest.raises(ValueError, match=r"\.xlsm"):
        build.build_workbook(tmp_path / "Planner.xlsx")


def test_default_data_with_columns_other_than_the_contract_is_refused(tmp_path, monkeypatch):
    for csv in DATA.glob("*.csv"):
        shutil.copy(csv, tmp_path / csv.name)
    text = (tmp_path / "units.csv").read_text().replace("Max change %", "Max change")
    (tmp_path / "units.csv").write_text(text)
    monkeypatch.setattr(default_data, "DATA", tmp_path)
    with pytest.raises(ValueError, match=r"units\.csv"):
        default_data.read_defaults()


# --- Tables -------------------------------------------------------------------------------


def test_every_contract_table_is_on_its_sheet_with_exactly_its_headers(book):
    for spec in layout.TABLES.values():
        ws, table = find_table(book, spec.name)
        assert ws.title == spec.sheet, spec.name
        assert [c.value for c in header_cells(ws, table)] == spec.headers, spec.name
        assert [c.name for c in table.tableColumns] == spec.headers, spec.name


def test_sheets_come_in_the_documented_order(book):
    expected = [
        layout.START_SHEET,
        *layout.INPUT_SHEETS,
        *layout.OUTPUT_SHEET_ORDER,
        layout.SOURCES_SHEET,
        layout.CONF_SHEET,
    ]
    assert book.sheetnames == expected


def test_input_tables_hold_the_default_data(book):
    defaults = default_data.read_defaults()
    for spec in layout.INPUT_TABLES:
        ws, table = find_table(book, spec.name)
        assert body(ws, table) == defaults[spec.name], spec.name


def test_output_tables_are_empty_until_the_first_run(book):
    for spec in layout.OUTPUT_TABLES:
        ws, table = find_table(book, spec.name)
        assert all(v is None for row in body(ws, table) for v in row), spec.name
        assert "No results yet" in str(ws["A4"].value)


def test_overrides_have_a_sheet_of_their_own(book):
    """Deleting a scenario's sheet row must not delete an override (docs/workbook.md)."""
    scenarios, _ = find_table(book, "Scenarios")
    overrides, _ = find_table(book, "Overrides")
    assert overrides.title == "Overrides"
    assert list(scenarios.tables) == ["Scenarios"] and list(overrides.tables) == ["Overrides"]
    assert book.sheetnames.index("Overrides") == book.sheetnames.index("Scenarios") + 1


def test_a_workbook_that_keeps_overrides_beside_the_scenarios_still_reads():
    """tests/data/overrides-beside-scenarios.xlsm is the template as built before."""
    from planner.adapters.file.file_reader import FileWorkbook
    from planner.check.validate import check_workbook

    old = FileWorkbook(
        Path(__file__).resolve().parents[1] / "data" / "overrides-beside-scenarios.xlsm"
    )
    new = FileWorkbook(COMMITTED)
    assert [(p.name, p.sheet) for p in old.table_parts() if p.name == "Overrides"] == [
        ("Overrides", "Scenarios")
    ]
    assert [(p.name, p.sheet) for p in new.table_parts() if p.name == "Overrides"] == [
        ("Overrides", "Overrides")
    ]
    # Its data is that of an older template: what matters is that every row beside
    # the Scenarios reaches its scenario, as it would from a sheet of its own.
    old_tables = old.read_tables()
    rows = old_tables["Overrides"].rows
    overrides = [o for s in check_workbook(old_tables).scenarios for o in s.overrides]
    assert len(overrides) == len(rows) > 0


# --- Validation, formats, notes ----------------------------------------------------------


def validations(ws) -> dict[str, object]:
    """First cell of each validated range -> its rule."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cells in str(dv.sqref).split():
            found[cells.split(":")[0]] = dv
    return found


def rule_of(book, spec: layout.Table, column: str):
    ws, table = find_table(book, spec.name)
    col = header_cells(ws, table)[spec.headers.index(column)]
    first_body = f"{col.column_letter}{col.row + 1}"
    return validations(ws).get(first_body)


@pytest.mark.parametrize(
    ("table", "column", "source"),
    [
        (layout.ESTABLISHMENT, "Unit", 'INDIRECT("Units[Unit]")'),
        (layout.ESTABLISHMENT, "Role", 'INDIRECT("Roles[Role]")'),
        (layout.DEMAND, "Unit", 'INDIRECT("Units[Unit]")'),
        (layout.SKILLS, "Stream", 'INDIRECT("Demand[Stream]")'),
        (layout.SKILLS, "Role", 'INDIRECT("Roles[Role]")'),
        (layout.OVERRIDES, "Scenario", 'INDIRECT("Scenarios[Scenario]")'),
        (layout.UNITS, "Ring-fenced", '"Yes,No"'),
        (layout.SCENARIOS, "Run", '"Yes,No"'),
        (layout.ROLES, "Type", '"Officer,Staff"'),
        (layout.ROLES, "Supervised by", 'INDIRECT("Roles[Role]")'),
        (layout.OVERRIDES, "Column", "OverrideColumns"),
    ],
)
def test_name_and_choice_columns_offer_a_drop_down(book, table, column, source):
    rule = rule_of(book, table, column)
    assert rule is not None and rule.type == "list"
    assert rule.formula1 == source


def test_the_override_column_list_names_every_column_an_override_may_change(book):
    sheet, cells = book.defined_names["OverrideColumns"].attr_text.split("!")
    listed = [c.value for (c,) in book[sheet][cells.replace("$", "")]]
    assert listed == input_rules.override_columns()
    assert "Min coverage %" in listed and "Supervised by" in listed


@pytest.mark.parametrize(
    ("table", "column", "low", "high"),
    [
        (layout.UNITS, "Max change %", 0, 1),
        (layout.ROLES, "Max attrition %", 0, 1),
        (layout.ROLES, "Productive hours", 0, 8760),
        (layout.SKILLS, "Efficiency", 0, 1),
        (layout.DEMAND, "Annual growth %", -0.5, 1),
        (layout.BUDGET, "Year", 2000, 2100),
        (layout.SCENARIOS, "Budget change %", -0.9, 1),
        (layout.DEMAND, "Min coverage %", 0, 1),
        (layout.DEMAND, "Growth high %", -0.5, 1),
        (layout.HARM_CURVE, "Coverage below", 0, 1),
        (layout.ROLES, "Turnover %", 0, 1),
        (layout.ROLES, "Vacancy %", 0, 1),
        (layout.UNITS, "Months to productive", 0, 12),
    ],
)
def test_number_columns_are_validated_within_the_contract_bounds(book, table, column, low, high):
    rule = rule_of(book, table, column)
    assert rule is not None and rule.type in ("decimal", "whole")
    assert float(rule.formula1) == pytest.approx(low, abs=1e-6)
    assert float(rule.formula2) == pytest.approx(high)
    if table.column(column).low_open:
        assert float(rule.formula1) > low
    if table.column(column).high_open:
        assert float(rule.formula2) < high


def test_numbers_that_must_not_be_negative_are_validated(book):
    rule = rule_of(book, layout.ESTABLISHMENT, "Posts")
    assert rule.type == "decimal" and rule.operator == "greaterThanOrEqual"
    assert float(rule.formula1) == 0


def test_each_setting_value_is_validated_by_what_it_holds(book):
    ws, table = find_table(book, "Settings")
    rules = validations(ws)
    col = header_cells(ws, table)[1].column_letter
    for i, row in enumerate(body(ws, table)):
        rule = rules[f"{col}{header_cells(ws, table)[0].row + 1 + i}"]
        kind = layout.SETTING_ROWS[row[0]][0]
        assert rule.type == ("list" if kind in (layout.YESNO, layout.CHOICE) else rule.type)
        if row[0] == "Solver":
            assert rule.formula1 == '"HiGHS,CBC"'


def test_money_and_percentage_inputs_are_formatted_as_such(book):
    for spec, column, mark in [
        (layout.ROLES, "Annual cost", "£"),
        (layout.BUDGET, "Budget", "£"),
        (layout.UNITS, "Max change %", "%"),
        (layout.DEMAND, "Annual growth %", "%"),
        (layout.SKILLS, "Efficiency", "%"),
    ]:
        ws, table = find_table(book, spec.name)
        cell = list(ws[table.ref])[1][spec.headers.index(column)]
        assert mark in cell.number_format, (spec.name, column, cell.number_format)


def test_override_values_are_shown_as_the_column_they_replace(book):
    ws, table = find_table(book, "Overrides")
    for row in list(ws[table.ref])[1:]:
        column, value = row[4].value, row[5]
        if column.endswith("%"):
            assert "%" in value.number_format, column


def test_input_cells_look_like_inputs(book):
    for spec in layout.INPUT_TABLES:
        ws, table = find_table(book, spec.name)
        for cell in list(ws[table.ref])[1]:
            assert cell.fill.fgColor.rgb.endswith(input_look.INPUT_FILL.lstrip("#")), spec.name


def test_every_input_column_heading_carries_its_note(book):
    for spec in layout.INPUT_TABLES:
        ws, table = find_table(book, spec.name)
        for column, cell in zip(spec.columns, header_cells(ws, table), strict=True):
            assert cell.comment is not None, (spec.name, column.name)
            assert column.note in cell.comment.text


def test_header_rows_stay_in_view(book):
    for name in layout.INPUT_SHEETS:
        ws = book[name]
        _, table = find_table(book, layout.TABLES[name].name)
        header_row = header_cells(ws, table)[0].row
        assert ws.freeze_panes == f"B{header_row + 1}", name


def test_no_sheet_is_protected(book):
    assert not any(ws.protection.sheet for ws in book.worksheets)


# --- Sources ------------------------------------------------------------------------------


def test_the_sources_sheet_lists_every_figure_with_its_status(book):
    ws, table = find_table(book, "Sources")
    assert [c.value for c in header_cells(ws, table)] == ["Figure", "Value", "Source", "Status"]
    rows = body(ws, table)
    expected = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)
    assert [r[0] for r in rows] == expected["Figure"].tolist()
    assert {r[3] for r in rows} == {"published", "assumption"}
    assert all(r[2] for r in rows), "a figure without a source"


def test_every_default_figure_has_a_source_row_that_agrees_with_it():
    sources = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)
    stated = dict(zip(sources["Figure"], sources["Value"], strict=True))
    status = dict(zip(sources["Figure"], sources["Status"], strict=True))
    defaults = default_data.read_defaults()
    checks = {
        "Demand": ("Stream", layout.DEMAND.headers[2:]),
        "Roles": ("Role", layout.ROLES.headers[2:]),
    }
    for name, (key, columns) in checks.items():
        headers = layout.TABLES[name].headers
        for row in defaults[name]:
            for column in columns:
                value = row[headers.index(column)]
                figure = f"{column}: {row[headers.index(key)]}"
                if value in ("", None) and layout.TABLES[name].column(column).optional:
                    assert figure not in stated, figure
                    continue
                assert figure in stated, figure
                if isinstance(value, str):
                    assert stated[figure] == value, figure
                else:
                    assert _number(stated[figure]) == pytest.approx(value), figure
    for stream in (r[0] for r in defaults["Demand"]):
        assert status[f"Hours per case: {stream}"] == "assumption"
        assert status[f"Harm weight: {stream}"] == "assumption"


def _number(text: str) -> float:
    cleaned = text.replace("£", "").replace(",", "").strip()
    return float(cleaned.rstrip("%")) / 100 if cleaned.endswith("%") else float(cleaned)


def test_hours_per_case_say_beside_each_stream_that_they_are_assumptions(book):
    ws, table = find_table(book, "Demand")
    last_col = openpyxl.utils.range_boundaries(table.ref)[2]
    for i, row in enumerate(body(ws, table)):
        note = ws.cell(header_cells(ws, table)[0].row + 1 + i, last_col + 2).value
        assert str(note).startswith(f"{row[0]}: ")
        assert re.search(r"Hours per case [\d,]+ \(assumption\)", str(note)), note


# --- Default data ---------------------------------------------------------------------------


def test_the_default_budget_equals_todays_pay_bill():
    roles = pd.read_csv(DATA / "roles.csv").set_index("Role")
    pay = roles["Annual cost"] * (1 - roles["Vacancy %"].fillna(0))  # people in post
    posts = pd.read_csv(DATA / "establishment.csv")
    bill = (posts["Posts"] * posts["Role"].map(pay)).sum()
    budget = pd.read_csv(DATA / "budget.csv")
    start = pd.read_csv(DATA / "settings.csv").set_index("Setting").loc["Plan start year", "Value"]
    assert budget["Year"].tolist() == [int(start)]
    assert budget["Budget"].iloc[0] == pytest.approx(bill)
    assert default_data.baseline_pay_bill(default_data.read_defaults()) == pytest.approx(bill)


def test_each_stream_is_worked_by_one_known_unit_that_has_someone_able_to_work_it():
    units = set(pd.read_csv(DATA / "units.csv")["Unit"])
    demand = pd.read_csv(DATA / "demand.csv")
    skills = pd.read_csv(DATA / "skills.csv")
    posts = pd.read_csv(DATA / "establishment.csv")
    assert demand["Stream"].is_unique and set(demand["Unit"]) <= units
    for _, stream in demand.iterrows():
        able = set(skills.loc[skills["Stream"] == stream["Stream"], "Role"])
        staffed = set(posts.loc[posts["Unit"] == stream["Unit"], "Role"])
        assert able & staffed, stream["Stream"]
    assert skills["Efficiency"].between(0, 1, inclusive="right").all()


def test_public_protection_is_short_of_its_demand_and_drugs_and_firearms_are_not():
    coverage = _baseline_coverage()
    short = ["Internet Investigations Unit", "OCSA Victim Identification", "Undercover Online"]
    assert all(coverage[u] < 0.8 for u in short)
    assert coverage["Drugs Investigation"] >= 1 and coverage["Firearms Investigation"] >= 1


def _baseline_coverage() -> dict[str, float]:
    """Each unit's hours today (each post at its best efficiency) over its demand hours."""
    roles = pd.read_csv(DATA / "roles.csv").set_index("Role")["Productive hours"]
    posts = pd.read_csv(DATA / "establishment.csv")
    skills = pd.read_csv(DATA / "skills.csv")
    demand = pd.read_csv(DATA / "demand.csv")
    out = {}
    for unit, streams in demand.groupby("Unit"):
        able = skills[skills["Stream"].isin(streams["Stream"])].groupby("Role")["Efficiency"].max()
        mine = posts[posts["Unit"] == unit]
        hours = sum(
            p * roles[r] * able.get(r, 0) for r, p in zip(mine["Role"], mine["Posts"], strict=True)
        )
        out[unit] = hours / (streams["Annual cases"] * streams["Hours per case"]).sum()
    return out


def test_every_default_scenario_is_optimal_and_moves_posts_to_public_protection(built, tmp_path):
    """The time each takes is bench/run.py's to print, not a test's to assert under load."""
    from planner.adapters.file.adapter import WorkbookFile
    from planner.run.planning import run_workbook

    path = shutil.copy(built, tmp_path / "Planner.xlsm")
    # In FTE: tests/system/test_end_to_end.py plans the committed workbook (this one) in whole posts.
    file = WorkbookFile(with_settings(Path(path), {"Whole posts": "No"}))
    outcome = run_workbook(file, file, user="tester")
    assert not outcome.problems, outcome.problems
    results = outcome.results
    assert len(results) == 5
    assert {r.status for r in results} == {"Optimal"}, [(r.scenario, r.message) for r in results]
    assert all(r.pp_share_after > r.pp_share_before for r in results)


# --- VBA, buttons and Planner.py ----------------------------------------------------------


def test_the_vba_is_xlwings_of_the_pinned_version_with_the_sample_call(vba):
    version = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', vba["xlwings"])
    assert version and version.group(1) == xlwings.__version__
    assert "Sub SampleCall()" in vba["Module1"]
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in vba["Module1"]


def test_the_build_refuses_vba_of_another_xlwings_version():
    modules = vba_modules(vba_project())
    assert vba_problems(modules) == []
    older = dict(modules, xlwings=modules["xlwings"].replace(xlwings.__version__, "0.30.0"))
    assert "version 0.30.0" in vba_problems(older)[0]
    assert vba_problems(dict(modules, Module1="")), "a missing SampleCall is a problem"


def buttons_by_sheet(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Sheet name -> [(caption, macro)] of its form buttons, read from the package."""
    with zipfile.ZipFile(path) as z:
        wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = _rels(z, "xl/workbook.xml")
        found = {}
        for sheet in wb.iterfind(".//{*}sheet"):
            part = rels[sheet.get(REL)]
            vml = [t for t in _rels(z, part).values() if t.endswith(".vml")]
            found[sheet.get("name")] = [b for v in vml for b in _buttons(z.read(v))]
    return found


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    path = PurePosixPath(part)
    name = str(path.parent / "_rels" / f"{path.name}.rels")
    if name not in z.namelist():
        return {}
    root = ElementTree.fromstring(z.read(name))
    return {
        r.get("Id"): str(PurePosixPath(path.parent, r.get("Target"))).replace(
            "xl/worksheets/../", "xl/"
        )
        for r in root.iterfind("{*}Relationship")
    }


def _buttons(vml: bytes) -> list[tuple[str, str]]:
    text = vml.decode("utf-8")
    found = []
    for shape in re.findall(r"<v:shape\b.*?</v:shape>", text, re.S):
        if 'ObjectType="Button"' not in shape:
            continue
        caption = re.sub(r"<[^>]+>", "", re.search(r"<v:textbox.*?</v:textbox>", shape, re.S)[0])
        macro = re.search(r"<x:FmlaMacro>(.*?)</x:FmlaMacro>", shape)[1]
        found.append((caption.strip(), macro))
    return found


def test_buttons_are_where_the_users_press_them(built):
    buttons = buttons_by_sheet(built)
    assert [c for c, _ in buttons[layout.START_SHEET]] == [build_words.OPTIMISE_CAPTION]
    assert [c for c, _ in buttons[layout.SCENARIOS.sheet]] == [build_words.OPTIMISE_CAPTION]
    for name in layout.INPUT_SHEETS:
        if name != layout.SCENARIOS.sheet:
            assert [c for c, _ in buttons[name]] == [build_words.CHECK_CAPTION], name
    for name in (*layout.OUTPUT_SHEETS, layout.SOURCES_SHEET, layout.CONF_SHEET):
        assert buttons[name] == [], name
    assert [c for c, _ in buttons[layout.FRONTIER.sheet]] == [FRONTIER.button]


def test_every_button_runs_a_macro_the_vba_defines(built, vba):
    subs = {
        m for code in vba.values() for m in re.findall(r"^\s*(?:Public\s+)?Sub (\w+)\(", code, re.M)
    }
    macros = {macro for found in buttons_by_sheet(built).values() for _, macro in found}
    assert macros == {f"[0]!{MACRO}"}
    assert MACRO in subs


def test_sheet_code_names_match_the_vba_project(built, vba):
    with zipfile.ZipFile(built) as z:
        assert b'codeName="ThisWorkbook"' in z.read("xl/workbook.xml")
        assert b'<sheetPr codeName="Sheet1"' in z.read("xl/worksheets/sheet1.xml")
    assert {"ThisWorkbook", "Sheet1", "Sheet2", "Module1", "xlwings"} <= set(vba)


def test_planner_py_hands_the_press_over_to_planner_excel(built, monkeypatch):
    pressed = []
    fake = types.ModuleType("planner.excel")
    fake.main = lambda: pressed.append(True)
    monkeypatch.setitem(sys.modules, "planner.excel", fake)
    spec = importlib.util.spec_from_file_location("Planner", built.with_suffix(".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()
    assert pressed == [True]


# --- Start and xlwings.conf ---------------------------------------------------------------


def test_the_start_sheet_names_a_one_column_area_for_input_problems(book):
    name = book.defined_names[look.PROBLEMS_NAME]
    ((sheet, cells),) = list(name.destinations)
    assert sheet == layout.START_SHEET
    first, last = cells.replace("$", "").split(":")
    assert re.sub(r"\d", "", first) == re.sub(r"\d", "", last), "one column"
    assert (
        int(re.sub(r"\D", "", last)) - int(re.sub(r"\D", "", first)) + 1 == start_sheet.PROBLEM_ROWS
    )
    ws = book[sheet]
    above = ws[first].offset(row=-1)
    assert above.value == look.PROBLEMS_HEADING
    assert all(ws[c].value is None for c in _column_cells(first, last))


def _column_cells(first: str, last: str) -> list[str]:
    col = re.sub(r"\d", "", first)
    return [f"{col}{r}" for r in range(int(first[len(col) :]), int(last[len(col) :]) + 1)]


def test_the_start_sheet_links_to_every_sheet(book):
    links = {
        c.hyperlink.location.split("!")[0].strip("'") for c in book["Start"]["B"] if c.hyperlink
    }
    assert links == set(book.sheetnames) - {layout.START_SHEET}


def test_xlwings_conf_holds_the_keys_xlwings_reads_with_an_explanation(book, vba):
    ws = book[layout.CONF_SHEET]
    keys = []
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value is None:
            break
        keys.append(row[0].value)
    assert keys[:2] == ["Interpreter_Win", "Interpreter_Mac"]
    read = set(re.findall(r'GetConfig\("([^"]+)"', vba["xlwings"]))
    assert {k.upper() for k in keys} <= read
    values = {ws.cell(i + 1, 1).value: ws.cell(i + 1, 2).value for i in range(len(keys))}
    assert values["Show Console"] is False and values["Use UDF Server"] is False
    assert "Interpreter_Win" in str(ws["D1"].value)


# --- LibreOffice -----------------------------------------------------------------------------


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_opens_the_workbook_and_prints_it(built, tmp_path):
    convert(built, "pdf", tmp_path, timeout=180)
    pdf = tmp_path / "Planner.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = pdf_text(pdf)
        assert "Move specialist posts to where the harm is" in text
        assert "National Child Abuse Investigation Unit" in text


@pytest.mark.slow
@needs_libreoffice
def test_the_render_script_draws_only_the_chosen_sheet(built, tmp_path):
    out = tmp_path / "png"
    render(built, ["Budget"], out)
    assert [p.name for p in out.glob("*.png")] == ["Budget-1.png"]
