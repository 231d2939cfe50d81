"""The notes rule itself (planner/report/kept_notes.py), on plain cells: what is Planner's
on a scenario tab's page and on a study's sheet, and where a user's notes go."""

from __future__ import annotations

from planner.report.kept_notes import (
    KEPT_HEADER,
    RECORD_CELL,
    fingerprint,
    page_record,
    scenario_notes,
    study_notes,
)
from planner.report.not_current import banner
from planner.report.output_page import NOTE_LINE
from planner.report.scenario_tab import LAST_COL
from planner.report.study_figures import (
    FIGURE_COLUMNS,
    FIGURE_HEADINGS,
    FIGURES_CAPTION,
    NO_CHART_NOTE,
    figures_left,
    notes_left,
)

WRITTEN = {
    (0, 0): "Planner scenario results",
    (1, 0): "Budget cut",
    (2, 0): "The pay budget falls by 5%.",
    (5, 2): 1234.5678901234,
    (6, 2): 0.25,
}


def tab(**changes) -> dict:
    cells = dict(WRITTEN) | {RECORD_CELL: page_record(WRITTEN)}
    for key, value in changes.get("cells", {}).items():
        cells[key] = value
    return cells


def test_a_page_as_planner_wrote_it_holds_no_notes():
    assert scenario_notes(tab()) == []
    # numbers read back to Excel's 15 figures, or as float from an int, are the same
    assert fingerprint(1234.56789012340001) == fingerprint(1234.5678901234)
    assert fingerprint(3) == fingerprint(3.0)


def test_notes_inside_the_page_move_right_of_it_and_those_right_of_it_stay():
    cells = tab(cells={(5, 2): "9,999?", (7, 4): "ask HR", (4, LAST_COL + 2): "mine"})
    kept = scenario_notes(cells)
    assert (4, LAST_COL + 2, "mine") in kept
    base = LAST_COL + 4  # clear of the note right of the page
    assert kept[1:] == [(4, base, KEPT_HEADER), (5, base, "9,999?"), (7, base + 2, "ask HR")]


def test_planners_banner_over_a_deleted_scenarios_tab_is_not_a_note():
    assert scenario_notes(tab(cells={(2, 0): banner("Budget cut", "1 May 2027")})) == []
    assert scenario_notes(tab(cells={(2, 0): "not a banner"}))[1][2] == "not a banner"


def test_a_tab_without_a_record_counts_its_page_as_planners():
    cells = dict(WRITTEN) | {(7, 4): "ask HR", (3, LAST_COL + 3): "mine"}
    assert scenario_notes(cells) == [(3, LAST_COL + 3, "mine")]


# --- a study's sheet --------------------------------------------------------------------

COLUMNS = 4  # the study table's width: columns A to D, rows 5 to 8 (0-based 4 to 7)
TABLE = [(4, 0, 7, COLUMNS - 1)]
FIGURES = figures_left(COLUMNS)  # column F (0-based 5)


def study(cells: dict | None = None) -> dict:
    """A study's sheet as Planner wrote it (the lines above the table, the table), and `cells`."""
    found = {(0, 0): "The change frontier", (1, 0): "What it is", (2, 0): "Keep yours"}
    found |= {(r, c): f"{r},{c}" for r in range(4, 8) for c in range(COLUMNS)}
    return found | (cells or {})


def test_a_study_sheet_as_either_route_wrote_it_holds_no_notes():
    buttons = {(4, FIGURES): "Cap", (4, FIGURES + 1): "A", (4, FIGURES + 2): "B"}
    buttons |= {(r, FIGURES + c): r * 10.0 + c for r in range(5, 8) for c in range(2)}
    buttons[(NOTE_LINE, FIGURES)] = NO_CHART_NOTE
    assert study_notes(study(buttons), TABLE, COLUMNS, ("Cap", 3)) == []
    top = FIGURE_HEADINGS[1]  # the file route's tornado: its figures below the chart
    tornado = {(top - 1, FIGURES): FIGURES_CAPTION + "A", (top, FIGURES): "Cap"}
    tornado |= {(top, FIGURES + 1): "25% less", (top + 1, FIGURES): "Pay", (top + 1, 6): 1.0}
    assert study_notes(study(tornado), TABLE, COLUMNS, ("Cap", 3)) == []


def test_a_study_sheets_notes_move_clear_of_the_table_and_the_charts_columns():
    figures = {(4, FIGURES): "Cap", (4, FIGURES + 1): "A", (5, FIGURES): 1.0}
    typed = {(1, 3): "above", (9, 1): "below", (6, FIGURES + 4): "under the chart"}
    kept = study_notes(study(figures | typed), TABLE, COLUMNS, ("Cap", 2))
    base = notes_left(COLUMNS, 2)
    assert base == FIGURES + FIGURE_COLUMNS + 1
    assert kept == [
        (0, base, KEPT_HEADER),
        (1, base + 2, "above"),
        (6, base + FIGURES + 3, "under the chart"),
        (9, base, "below"),
    ]
    # Written there, they stay there on the next run, under one header line.
    again = study() | {(r, c): v for r, c, v in kept}
    assert study_notes(again, TABLE, COLUMNS, ("Cap", 2)) == kept
    # A line per scenario wider than the columns kept for the chart moves them further.
    assert notes_left(COLUMNS, FIGURE_COLUMNS + 3) == FIGURES + FIGURE_COLUMNS + 4


def test_a_note_where_the_figures_go_is_not_taken_for_them_without_their_heading():
    typed = {(4, FIGURES): "my own table", (5, FIGURES): "of notes"}
    kept = study_notes(study(typed), TABLE, COLUMNS, ("Cap", 2))
    assert [v for _, _, v in kept] == [KEPT_HEADER, "my own table", "of notes"]


def test_a_note_in_the_gap_of_a_line_per_scenario_is_kept():
    # The buttons' block: a line per scenario, each row's figure in its scenario's column.
    table = {(5, 0): "A", (6, 0): "A", (7, 0): "B"}
    block = {(4, FIGURES): "Cap", (4, FIGURES + 1): "A", (4, FIGURES + 2): "B"}
    block |= {(r, FIGURES): 1.0 + r for r in range(5, 8)}
    block |= {(5, FIGURES + 1): 9.0, (6, FIGURES + 1): 8.0, (7, FIGURES + 2): 7.0}
    sheet = study(table | block)
    assert study_notes(sheet, TABLE, COLUMNS, ("Cap", 3)) == []
    sheet[(5, FIGURES + 2)] = "why so high?"  # where B's line has no point on A's row
    kept = study_notes(sheet, TABLE, COLUMNS, ("Cap", 3))
    assert [v for _, _, v in kept] == [KEPT_HEADER, "why so high?"]
