"""Scenario tabs' names: legal in Excel, never a contract sheet's, and found again by marker.

A scenario's tab is found by its marker cells, not its name, so a re-run
writes over the tab that carries its scenario even after someone renamed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from planner import contract as layout
from planner.read.values import key_text
from planner.report.scenario_page import ScenarioSheet

#: Cell A1 of every scenario tab holds this text, and cell A2 the scenario's
#: name, exactly. A re-run finds the tab that carries its scenario this way,
#: even after the tab was renamed or its name was shortened to 31 characters.
SCENARIO_TAB_MARKER = "Planner scenario results"


MARKER_CELL = "A1"


SCENARIO_CELL = "A2"


#: Sheet names a scenario tab may never take (the contract's own sheets).
RESERVED_SHEETS = (
    *layout.INPUT_SHEETS,
    *layout.OUTPUT_SHEETS,
    *layout.STUDY_SHEETS,
    layout.START_SHEET,
    layout.SOURCES_SHEET,
    layout.CONF_SHEET,
    "_xlwings.conf",
)


_BAD_SHEET_CHARS = set("[]:*?/\\")


MAX_SHEET_NAME = 31


def safe_sheet_name(name: object, taken: Iterable[str] = ()) -> str:
    """A legal, unused sheet name for `name`: no []:*?/\\, 31 characters at most,
    not blank, not 'History', not starting or ending with an apostrophe, and
    unique among `taken` ignoring case (as Excel compares them)."""
    text = "".join("_" if ch in _BAD_SHEET_CHARS or ord(ch) < 32 else ch for ch in str(name))
    text = text.strip().strip("'").strip()[:MAX_SHEET_NAME].strip().strip("'")
    if not text or text.casefold() == "history":
        text = "Scenario"
    used = {t.casefold() for t in taken}
    candidate, n = text, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate = text[: MAX_SHEET_NAME - len(suffix)].rstrip().rstrip("'") + suffix
        n += 1
    return candidate


def resolve_sheet_names(
    sheets: Sequence[ScenarioSheet], existing: Sequence[str], carriers: Mapping[str, str]
) -> None:
    """Settle each scenario tab's name against the workbook it is written into.

    `existing`: every sheet name in the workbook. `carriers`: scenario -> the
    name of the tab that already carries it (found by its marker cells). A
    scenario keeps its tab; a new one gets a safe name that clashes with no
    sheet, no contract sheet and no other scenario tab of this run.
    """
    taken = [*existing, *RESERVED_SHEETS, *carriers.values()]
    for sheet in sheets:
        own = carriers.get(sheet.scenario)
        if own is not None:
            sheet.sheet_name = own
            continue
        sheet.sheet_name = safe_sheet_name(sheet.scenario, taken)
        taken.append(sheet.sheet_name)


def tab_scenario(marker: object, name: object) -> str | None:
    """The scenario a sheet carries, from its marker cells (A1, A2), or None."""
    if marker != SCENARIO_TAB_MARKER or name is None:
        return None
    return key_text(name) or None
