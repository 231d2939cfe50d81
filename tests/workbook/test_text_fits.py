"""Every text on a scenario tab prints whole: a line that does not wrap fits the columns it
has (its merged cells, or the empty cells right of it it runs into), and a wrapped one's
row is as tall as its lines. Measured with planner.report.text_fit from what the written
file declares (widths, merges, fonts, wrapping, row heights), not from the description:
the painter's work is checked too.
"""

from __future__ import annotations

from typing import Any

import pytest

from planner.contract.look import Style
from planner.report import text_fit
from planner.report.scenario_tab import WIDTHS
from tests.workbook.test_scenario_tab import file_tab, live_tab, page_of, starved
from tests.xlwings_client import OFFICEJS, ClientBook

#: The longest branch, unit, stream and key figure of the default workbook.
BRANCH = "Organised Crime and Counter Terrorism"
UNIT = "Economic Crime and Financial Investigation"
STREAM = "Digital forensics for drugs and organised crime cases"
LABEL = "Specialist support for Public Protection (2029)"


def cut_off(ws: Any) -> list[str]:
    """Each text cell of the tab that its declared widths cut off or its row's height
    crops: "B12 'Organised Crime and ...' needs 179 pt, has 160"."""
    widths = declared_widths(ws)
    merged = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}
    found = []
    for row in ws.iter_rows(max_col=len(WIDTHS)):
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value.strip():
                continue
            style = Style(size=float(cell.font.sz or 11), bold=bool(cell.font.b))
            last = merged.get((cell.row, cell.column)) or _runs_to(ws, cell)
            span = widths[cell.column - 1 : last]
            text = cell.value
            if cell.alignment.wrap_text:
                need = text_fit.line_points(style) * text_fit.wrapped_lines(text, style, span)
                has = ws.row_dimensions[cell.row].height or text_fit.LINE_POINTS
            else:
                need, has = text_fit.text_points(text, style), text_fit.room(span)
            if need > has + 0.01:
                found.append(f"{cell.coordinate} {text[:40]!r} needs {need:.0f} pt, has {has:.0f}")
    return found


def declared_widths(ws: Any) -> list[float]:
    """The tab's column widths in characters, as the file declares them: XlsxWriter stores
    each with 5 pixels' padding, and columns of one width as one range."""
    widths = [8.43] * len(WIDTHS)
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min:
            for col in range(dim.min, min(dim.max, len(WIDTHS)) + 1):
                widths[col - 1] = dim.width - 5 / 7
    return widths


def _runs_to(ws: Any, cell: Any) -> int:
    """The last column a left-aligned line runs into: the empty cells right of it."""
    if cell.alignment.horizontal in ("right", "center"):
        return cell.column
    last = cell.column
    while last < len(WIDTHS) and ws.cell(cell.row, last + 1).value in (None, ""):
        last += 1
    return last


def live_looks(client_book: ClientBook, sheet: str) -> tuple[dict[int, float], set]:
    """The row heights (1-based row -> points) and the wrapped cells ((row, col), 1-based)
    the buttons' route told the client to set on a sheet."""
    at = client_book.index(sheet)
    heights: dict[int, float] = {}
    wrapped: set[tuple[int, int]] = set()
    for action in client_book.cosmetics:
        if action["sheet_position"] != at or action["func"] not in ("setRowHeight", "setWrapText"):
            continue
        top, left = action["start_row"] + 1, action["start_column"] + 1
        rows = range(top, top + action["row_count"])
        if action["func"] == "setRowHeight":
            heights |= {r: action["args"][0] for r in rows}
        else:
            cells = {(r, c) for r in rows for c in range(left, left + action["column_count"])}
            wrapped = wrapped | cells if action["args"][0] else wrapped - cells
    return heights, wrapped


def long_page():
    """A page with the default workbook's longest names and a long trade-off line."""
    rep, page = page_of(starved())
    page.by_unit.loc[2, ["Unit", "Branch"]] = [UNIT, BRANCH]
    page.coverage.loc[2, "Stream"] = STREAM
    assert LABEL in [h.label for h in page.headlines]
    assert any(len(line) > 150 for line in page.trade_offs)  # "...whole-post plan can beat."
    return rep, page


def test_long_names_and_lines_print_whole(tmp_path):
    rep, _ = long_page()
    ws = file_tab(tmp_path, rep)
    assert cut_off(ws) == []
    texts = {c.value for row in ws.iter_rows() for c in row}
    assert {BRANCH, UNIT, STREAM, LABEL} <= texts


def test_the_buttons_route_wraps_and_sizes_the_same_rows(tmp_path):
    rep, page = long_page()
    ws = file_tab(tmp_path, rep)
    heights, wrapped = live_looks(live_tab(tmp_path, rep, OFFICEJS), page.sheet_name)
    declared = {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None}
    rows = sorted(set(heights) | set(declared))
    # XlsxWriter keeps a height in whole pixels (0.75 pt): 15.3 pt is the sheet's 15.
    assert [heights.get(r, text_fit.LINE_POINTS) for r in rows] == pytest.approx(
        [declared.get(r, text_fit.LINE_POINTS) for r in rows], abs=0.75
    )
    texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    file_wrapped = {(c.row, c.column) for c in texts if c.alignment.wrap_text}
    assert file_wrapped and file_wrapped == {(c.row, c.column) for c in texts} & wrapped


def test_a_word_too_long_for_its_column_is_counted_as_broken():
    narrow = (9,)
    assert text_fit.wrapped_lines("Recruitment", Style(bold=True), narrow) == 2
    assert text_fit.wrapped_lines("Recruited", Style(bold=True), narrow) == 1
    assert text_fit.wrapped_lines("Posts before", Style(bold=True), narrow) == 2
    assert text_fit.wrapped_lines("Left unfilled as people leave", Style(bold=True), narrow) == 4
    assert text_fit.fits(BRANCH, Style(), (35,)) and not text_fit.fits(BRANCH, Style(), (30,))
