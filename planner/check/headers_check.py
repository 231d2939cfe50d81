"""Input tables found by name and their header rows checked: missing, renamed, extra, out of order.

Each problem is at its header cell and lists the columns the table needs, so
a user who renamed or moved a column sees what to put back.
"""

from __future__ import annotations

from planner import contract as layout
from planner.contract import Table
from planner.read.tables import RawTable


def lookup_table(tables: dict[str, RawTable], name: str) -> RawTable | None:
    """A table by name, as Excel compares table names: capitals do not matter."""
    if name in tables:
        return tables[name]
    for found, raw in tables.items():
        if found.casefold() == name.casefold():
            return raw
    return None


def missing_table(table: Table, tables: dict[str, RawTable]) -> str:
    message = (
        f'there is no Excel table named "{table.name}"; Planner needs it, on the '
        f"{table.sheet} sheet, with the columns {column_order(table)}"
    )
    ours = {t.casefold() for t in layout.TABLES}
    others = [
        t.name for t in tables.values() if t.sheet == table.sheet and t.name.casefold() not in ours
    ]
    if others:
        message += (
            f'. The table on the {table.sheet} sheet is named "{others[0]}": if it is this '
            f'one, rename it "{table.name}" (Table Design > Table Name)'
        )
    return message


def column_order(table: Table) -> str:
    """The table's columns in words; optional ones (added later, last) said to be so."""
    needed = [c.name for c in table.columns if not c.optional]
    optional = [c.name for c in table.columns if c.optional]
    return ", ".join(needed) + (f", and if used, {', '.join(optional)}" if optional else "")


def header_problems(raw: RawTable, table: Table) -> list[tuple[str, str]]:
    """Misnamed, missing, extra and misordered headers, each at its header cell."""
    actual = raw.headers
    expected = [c.name for c in table.columns if c.name in actual or not c.optional]
    if actual == expected:
        return []
    order = column_order(table)
    if not any(actual):  # Excel keeps a table's names, but Planner reads only what shows
        return [
            (
                raw.header_cell(0),
                f"the {table.name} table's header row is hidden or blank; show it (Table Design "
                f"> Header Row) with the columns, in order: {order}",
            )
        ]
    missing = [e for e in expected if e not in actual]
    extra = [a for a in actual if a not in expected]
    found = []
    for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
        if e != a and e in missing and a in extra:  # one renamed in place
            found.append(
                (
                    raw.header_cell(i),
                    f'this column of {table.name} should be headed "{e}", not "{a}"',
                )
            )
            missing.remove(e)
            extra.remove(a)
    for e in missing:
        place = min(expected.index(e), len(actual))
        found.append(
            (
                raw.header_cell(place),
                f'the {table.name} table has no "{e}" column; its columns must be, in order: {order}',
            )
        )
    for a in extra:
        found.append(
            (
                raw.header_cell(actual.index(a)),
                f'the {table.name} table has a column "{a}" that Planner does not use; remove '
                f"it from the table (notes can go beside it). The columns must be: {order}",
            )
        )
    if not found:  # the right columns in the wrong order
        i = next(i for i, (e, a) in enumerate(zip(expected, actual, strict=True)) if e != a)
        found.append(
            (
                raw.header_cell(i),
                f'the columns of {table.name} are out of order: "{expected[i]}" should be here, '
                f'not "{actual[i]}". The order must be: {order}',
            )
        )
    return found
