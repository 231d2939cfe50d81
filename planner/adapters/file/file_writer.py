"""Writing a Report into the user's .xlsm file, keeping everything else as it was.

openpyxl cannot do this job: a load and save drops shapes, text boxes and
(without Pillow) pictures, re-serialises charts and knows no pivot tables or
slicers (docs/tools.md). So the file is treated as the zip package it is:

1. read the package and settle names: which sheet each output table and each
   scenario tab goes to (a re-run replaces the tab whose marker cells name its
   scenario), table names that clash with nothing, the macro of the buttons;
2. draw those sheets with XlsxWriter in a scratch workbook (planner.adapters.file.render);
3. move them into the user's package (planner.adapters.package.transplant): only Planner's
   sheets and their parts, styles.xml, [Content_Types].xml and, for a new tab,
   workbook.xml and its relationships change; every other member is copied
   byte for byte;
4. write the result to a temporary file beside the workbook, check it, back
   up the old file (planner.adapters.package.safety) and move the new one into place.

If anything fails before the move, the workbook is exactly as it was.
A sheet Planner replaces that holds something a user put there (a picture, a
shape, a comment, a chart of theirs, a pivot table) is not overwritten: the
write is refused with a message saying what to move, and nothing changes.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from pathlib import Path

from planner import contract as layout
from planner.adapters.file import kept_notes
from planner.adapters.file.banner import add_banners
from planner.adapters.file.file_reader import check_is_workbook
from planner.adapters.file.render import DEFAULT_MACRO, RenderPlan, render_scratch
from planner.adapters.package import safety
from planner.adapters.package import user_book as books
from planner.adapters.package.opc_package import Package
from planner.adapters.package.refusals import WorkbookFileError
from planner.adapters.package.transplant import Placement, transplant
from planner.adapters.package.user_book import Book, SheetEntry
from planner.report import output_page
from planner.report.scenario_page import ScenarioSheet
from planner.report.scenario_tab import TABLE_PARTS
from planner.report.sheet_names import resolve_sheet_names
from planner.report.workbook_report import Report

__all__ = ["WorkbookFileError", "WriteRefused", "plan_sheets", "write_report_to_file"]


class WriteRefused(WorkbookFileError):
    """Writing would lose something of the user's; nothing was changed."""


def write_report_to_file(path: Path, report: Report, out: Path | None = None) -> Path:
    """Write the report's sheets into the workbook at `path` (or a copy at `out`).

    Returns the path written. Raises WorkbookFileError (or WriteRefused) with a
    message for the user; the files are then exactly as they were.
    """
    source = Path(path)
    target = Path(out) if out is not None else source
    check_is_workbook(source)
    safety.check_closed(source)
    if target != source:
        _check_out(source, target)
    package = Package.read(source)
    order = list(package.parts)
    book = books.read_book(package)
    placements, plan, sheets = plan_sheets(book, report)
    with tempfile.TemporaryDirectory(prefix="planner-") as scratch_dir:
        scratch_path = Path(scratch_dir) / "scratch.xlsx"
        drawn = dataclasses.replace(report, scenario_sheets=sheets)
        render_scratch(drawn, plan, scratch_path)
        transplant(book, Package.read(scratch_path), placements, plan.bulk)
    add_banners(book, report.not_current)
    safety.write_in_place(target, lambda tmp: package.write(tmp, order))
    return target


def check_out_kind(source: Path, target: Path) -> None:
    """A copy must keep the workbook's kind: .xlsm stays .xlsm (checked before any solving)."""
    if target.suffix.lower() != source.suffix.lower():
        raise WorkbookFileError(
            f"{target.name} must end in {source.suffix}, like {source.name}: Excel will not "
            "open a workbook whose name does not match what it holds."
        )


def _check_out(source: Path, target: Path) -> None:
    """A copy must keep the workbook's kind and go to a real folder."""
    check_out_kind(source, target)
    if not target.parent.is_dir():
        raise WorkbookFileError(f"There is no folder {target.parent} to write {target.name} to.")
    if target.exists():
        safety.check_closed(target)


def plan_sheets(
    book: Book, report: Report, max_rows: int | None = None
) -> tuple[list[Placement], RenderPlan, list[ScenarioSheet]]:
    """Where each of the report's sheets goes, and the names it takes there.

    Returns the placements (over which existing sheet, or after which one),
    the render plan (sheet and table names, the buttons' macro) and copies of
    the scenario sheets carrying their final sheet names.
    """
    placements: list[Placement] = []
    plan = RenderPlan(
        macro=books.button_macro(book.package, DEFAULT_MACRO),
        max_rows=max_rows or output_page.EXCEL_MAX_ROWS,
    )
    comparison = book.sheet(layout.COMPARISON.sheet)  # a new output sheet goes after it
    for table in layout.OUTPUT_TABLES:
        existing = book.sheet(table.sheet)
        name = existing.name if existing else table.sheet
        plan.output_sheets[table.name] = name
        after = None if existing or comparison is None else comparison.index
        placements.append(Placement(name, existing, after))
    carriers = books.scenario_carriers(book)
    sheets = [dataclasses.replace(s) for s in report.scenario_sheets]
    _check_unique([s.scenario for s in sheets])
    resolve_sheet_names(
        sheets, [s.name for s in book.sheets], {k: v.name for k, v in carriers.items()}
    )
    anchor = _anchor(book, carriers)
    for sheet in sheets:
        existing = book.sheet(sheet.sheet_name)
        placements.append(Placement(sheet.sheet_name, existing, None if existing else anchor))
    replaced = [p.existing for p in placements if p.existing is not None]
    refuse_user_additions(book, replaced)
    _keep_notes(book, plan, sheets)
    _name_tables(book, replaced, sheets, plan)
    return placements, plan, sheets


def _keep_notes(book: Book, plan: RenderPlan, sheets: list[ScenarioSheet]) -> None:
    """What users typed on the sheets about to be rewritten, to be written again (kept_notes)."""
    for table in layout.OUTPUT_TABLES:
        existing = book.sheet(plan.output_sheets[table.name])
        if existing is not None:
            found = kept_notes.output_sheet_notes(book, existing, len(table.columns))
            if found:
                plan.kept[existing.name] = found
    for sheet in sheets:
        existing = book.sheet(sheet.sheet_name)
        if existing is not None:
            found = kept_notes.scenario_tab_notes(book, existing)
            if found:
                plan.kept[sheet.sheet_name] = found


def _check_unique(scenarios: list[str]) -> None:
    seen = set()
    for name in scenarios:
        if name in seen:
            raise ValueError(f"the report has two tabs for the scenario {name!r}")
        seen.add(name)


def _anchor(book: Book, carriers: dict[str, SheetEntry]) -> int | None:
    """New scenario tabs go after the last scenario tab, else after Comparison, else last."""
    if carriers:
        return max(s.index for s in carriers.values())
    comparison = book.sheet(layout.COMPARISON.sheet)
    return comparison.index if comparison else None


def refuse_user_additions(book: Book, replaced: list[SheetEntry]) -> None:
    found = []
    for sheet in replaced:
        additions = books.user_additions(book.package, sheet.part)
        if additions:
            found.append(f'"{sheet.name}" holds {_and(additions)}')
    if found:
        raise WriteRefused(
            f"Planner rewrites its own sheets on every run, and {'; '.join(found)} that "
            "Planner did not put there, which would be lost. Move them to a sheet of your own "
            "(cut and paste), then run again. Nothing has been changed."
        )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- Table names --------------------------------------------------------------------


def _name_tables(
    book: Book, replaced: list[SheetEntry], sheets: list[ScenarioSheet], plan: RenderPlan
) -> None:
    """Table names for the output sheets (the contract's) and each scenario tab's tables.

    Names must be unique in the workbook, ignoring case, among tables and
    defined names; the tables of a replaced sheet free theirs.
    """
    freed = {s.part for s in replaced}
    taken = {t.name.casefold() for t in book.tables if t.sheet_part not in freed}
    taken |= book.defined_names
    for table in layout.OUTPUT_TABLES:
        if table.name.casefold() in taken:
            owner = next(t for t in book.tables if t.name.casefold() == table.name.casefold())
            sheet = next((s.name for s in book.sheets if s.part == owner.sheet_part), "?")
            raise WriteRefused(
                f'The table "{table.name}" is on the sheet "{sheet}", but Planner writes it on '
                f'the sheet "{table.sheet}". Rename or delete that table, then run again. '
                "Nothing has been changed."
            )
        taken.add(table.name.casefold())
    for sheet in sheets:
        names = {}
        for what in TABLE_PARTS:
            name = _table_name(sheet.scenario, what, taken)
            taken.add(name.casefold())
            names[what] = name
        plan.scenario_tables[sheet.sheet_name] = names


def _table_name(scenario: str, what: str, taken: set[str]) -> str:
    """A legal table name from the scenario's name, e.g. "Budget_cut_5_Units"."""
    slug = re.sub(r"[^0-9A-Za-z_]+", "_", scenario).strip("_")[:60] or "Scenario"
    if not re.match(r"[A-Za-z_]", slug):
        slug = "S_" + slug
    base = f"{slug}_{what.capitalize()}"
    name, n = base, 2
    while name.casefold() in taken:
        name = f"{base}{n}"
        n += 1
    return name
