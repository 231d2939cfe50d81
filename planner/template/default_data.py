"""The template's default data: planner/data/*.csv, checked against the contract's columns."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from planner import contract as layout

DATA = Path(__file__).resolve().parent.parent / "data"


def read_csv(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV file, numbers as numbers and blanks as None."""
    with path.open(newline="", encoding="utf-8") as f:
        return [{k: _typed(v) for k, v in row.items()} for row in csv.DictReader(f)]


def _typed(text: str | None) -> Any:
    if text is None or not text.strip():
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def read_defaults() -> dict[str, list[list[Any]]]:
    """Every input table's default rows, in the contract's column order.

    A CSV whose header differs from the contract is an error: the data and the
    contract must never drift apart silently.
    """
    data = {}
    for table in layout.INPUT_TABLES:
        path = DATA / f"{table.name.lower()}.csv"
        with path.open(newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        if header != table.headers:
            raise ValueError(f"{path.name}: columns {header}, expected {table.headers}")
        data[table.name] = [[row[h] for h in table.headers] for row in read_csv(path)]
    data["Settings"] += missing_settings(data["Settings"])
    return data


def missing_settings(rows: list[list[Any]]) -> list[list[Any]]:
    """Settings the contract knows and settings.csv leaves out: each at its default, with its note.

    A setting added to the contract (SETTING_ROWS) is in every new workbook
    from then on, whether or not the default data lists it yet.
    """
    listed = {row[0] for row in rows}
    return [
        [name, None if default == "" else default, note]
        for name, (_kind, default, _low, _high, _choices, note) in layout.SETTING_ROWS.items()
        if name not in listed
    ]


def baseline_pay_bill(data: dict[str, list[list[Any]]]) -> float:
    """Today's pay bill: Annual cost x (1 - Vacancy %) x Posts over the default
    establishment (docs/rules.md rule 8: what is spent on people in post)."""
    roles = layout.ROLES.headers
    at, vacant = roles.index("Annual cost"), roles.index("Vacancy %")
    pay = {
        r[0]: r[at] * (1 - (r[vacant] if len(r) > vacant and r[vacant] else 0.0))
        for r in data["Roles"]
    }
    return float(sum(pay[row[1]] * row[2] for row in data["Establishment"]))
