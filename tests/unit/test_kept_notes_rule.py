"""The notes rule itself (planner/report/kept_notes.py), on plain cells: what is Planner's
on a scenario tab's page, and where a user's notes go."""

from __future__ import annotations

from planner.report.kept_notes import (
    KEPT_HEADER,
    RECORD_CELL,
    fingerprint,
    page_record,
    scenario_notes,
)
from planner.report.not_current import banner
from planner.report.scenario_tab import LAST_COL

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
