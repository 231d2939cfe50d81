"""Names used in one table that must be listed in another, and names that look renamed.

Every unit, role, stream and scenario named in a table must be a row of its
own table (its key table: Units, Roles, Demand, Scenarios). When one is not,
the likely fix depends on why:

- a typo in one cell: say which listed name it looks like ("Did you mean");
- a name removed from the key table but still used in several cells: say so,
  and where, without suggesting another listed name;
- a rename in the key table: the old name vanished from it, a new one
  appeared that nothing else uses, and the old name is still used elsewhere.
  Then say so at the key table's cell, with every cell still using the old
  name, and never offer "Did you mean" another listed name: following it
  would merge one unit's posts into another's.

A "Did you mean" is also left out when taking it would give a row the same
key as another row of its table (a second "CIU, Detective Constable" row):
that too is a merge, not a fix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from planner import contract as layout
from planner.check.input_check import InputCheck
from planner.check.input_rows import Row
from planner.check.names import closest, did_you_mean

#: The tables whose rows other tables name, and what one of their rows is called.
KEY_NOUNS = {"Units": "unit", "Roles": "role", "Demand": "stream", "Scenarios": "scenario"}
#: How many cells a message lists before saying how many more.
SHOWN_CELLS = 10


@dataclass(frozen=True)
class Use:
    """One cell that names a row of a key table."""

    target: str  # the key table: "Units"
    name: str
    address: str


@dataclass(frozen=True)
class Rename:
    """A name gone from its key table while still used: renamed to one of `candidates`.

    `candidates` are (name, key cell) of the key table's rows that nothing
    else uses: one when the new name is clear.
    """

    target: str
    old: str
    candidates: tuple[tuple[str, str], ...]
    uses: tuple[str, ...]


class References:
    """The names each table uses, checked against their key tables, renames found."""

    def __init__(self, check: InputCheck) -> None:
        self.check = check
        self.keys = _key_cells(check)
        self.uses = list(_uses(check))
        self.renames = find_renames(self.uses, self.keys)
        self.used_in: dict[tuple[str, str], list[str]] = defaultdict(list)
        for use in self.uses:
            self.used_in[(use.target, use.name)].append(use.address)

    def report(self) -> None:
        """A problem at every cell naming something unlisted, and at each renamed key."""
        for table in layout.INPUT_TABLES:
            for column in table.columns:
                if column.refers_to in self.keys and table.name in self.check.rows:
                    self._column(table.name, column)
        for rename in self.renames.values():
            for name, address in rename.candidates:
                self.check.add(address, renamed_message(rename, name))

    def _column(self, table: str, column: layout.Column) -> None:
        target = column.refers_to
        known = set(self.keys[target])
        for row in self.check.rows[table]:
            value = row.values.get(column.name)
            for name in value if isinstance(value, tuple) else (value,):
                if name is not None and name not in known:
                    self.check.add(
                        row.address(column.name), self.unknown(name, target, row, column)
                    )

    def hint(self, name: str, target: str, row: Row | None = None, column: str = "") -> str:
        """What to do about `name`, not in `target`: its new name, or a safe "Did you mean"."""
        rename = self.renames.get((target, name))
        if rename is not None:
            return renamed_hint(rename)
        known = self.keys.get(target, {})
        meant = closest(name, known)
        if meant is not None and meant.casefold() == name.casefold():
            return did_you_mean(name, known)  # the same name in other capitals
        cells = list(dict.fromkeys(self.used_in.get((target, name), [])))
        if len(cells) > 1:  # all of a vanished row's uses: a typo is one cell
            return removed_hint(target, cells)
        if meant is None:
            return ""
        clash = self._clash(row, column, meant) if row is not None else None
        if clash is not None:
            return (
                f'. It is spelled like "{meant}", but a row for "{meant}" is already at {clash}, '
                "so that would merge the two: type the name this row is for"
            )
        return did_you_mean(name, known)

    def _clash(self, row: Row, column: str, meant: str) -> str | None:
        """The row that `meant` in this cell would repeat the key of, if any."""
        keys = layout.TABLES[row.table].keys
        if row.table == "Overrides" or column not in keys or len(keys) < 2:
            return None
        wanted = tuple(meant if k == column else row.values.get(k) for k in keys)
        for other in self.check.rows[row.table]:
            if other is not row and tuple(other.values.get(k) for k in keys) == wanted:
                return other.address(column)
        return None

    def unknown(self, name: str, target: str, row: Row, column: layout.Column) -> str:
        """The message for a cell naming `name`, which is not in `target`."""
        noun = KEY_NOUNS[target]
        hint = self.hint(name, target, row, column.name)
        if column.kind == layout.LIST or column.refers_to == row.table:  # Roles' Supervised by
            return f'{row.subject(column.name)} names "{name}", which is not in the {target} table{hint}'
        keys = layout.TABLES[row.table].keys if row.table != "Overrides" else ()
        others = ", ".join(
            f"{k.lower()} {_quoted(row.values[k])}"
            for k in keys
            if k != column.name and row.values.get(k) is not None
        )
        of = f" ({others})" if others else ""
        return f'{noun} "{name}"{of} is not in the {target} table{hint}'


def find_renames(uses: list[Use], keys: dict[str, dict[str, str]]) -> dict[tuple[str, str], Rename]:
    """Names still used but gone from their key table, that look renamed, by (table, name).

    A name used in one cell only, close to a listed name that is used elsewhere,
    is a typo, not a rename. Otherwise, when the key table has names nothing
    else uses, the old name was most likely renamed to one of them: the closest
    in spelling if one is close, else any of them.
    """
    used: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for use in uses:
        used[use.target][use.name].append(use.address)
    found = {}
    for target, names in used.items():
        listed = keys.get(target)
        if listed is None:
            continue
        orphans = {n: a for n, a in listed.items() if n not in names}
        for old, cells in names.items():
            if old in listed or not orphans:
                continue
            near = closest(old, listed)
            if near is not None and near not in orphans and len(cells) == 1:
                continue  # a typo in one cell
            best = closest(old, orphans)
            pick = [(best, orphans[best])] if best else list(orphans.items())
            if len(pick) > 1 and len(orphans) > 1 and len(names) == 1 and len(cells) == 1:
                continue  # one cell, several unused names and none alike: a typo is likelier
            found[(target, old)] = Rename(target, old, tuple(pick), tuple(dict.fromkeys(cells)))
    return found


def renamed_hint(rename: Rename) -> str:
    """To follow "is not in the Units table": where its new name seems to be."""
    if len(rename.candidates) == 1:
        new, where = rename.candidates[0]
        return f': it looks renamed to "{new}" ({where}); type the new name here too'
    options = ", ".join(f'"{n}" ({a})' for n, a in rename.candidates)
    return (
        f"; if it was renamed, it is one of the names no other table uses: {options}. "
        "Type its new name here too"
    )


def removed_hint(target: str, cells: list[str]) -> str:
    """To follow "is not in the Units table" for a name used in several cells."""
    noun = KEY_NOUNS[target]
    return (
        f". It is used in {len(cells)} cells ({cell_list(cells)}), so it looks removed from "
        f"the {target} table rather than mistyped: add it back there, or change those cells "
        f"to the {noun} they belong to now"
    )


def renamed_message(rename: Rename, new: str) -> str:
    """At the key table's cell: this looks like the old name renamed, and where it is used."""
    noun = KEY_NOUNS[rename.target]
    count = len(rename.uses)
    cells = f"{count} cell{'s' * (count != 1)} ({cell_list(rename.uses)})"
    looks = (
        f'"{new}" looks like the {noun} "{rename.old}" renamed'
        if len(rename.candidates) == 1
        else f'"{new}" may be the {noun} "{rename.old}" renamed'
    )
    return (
        f"{looks}: no other table uses this name, and the old one is still used in {cells}. "
        f"Type the new name in those cells too, or put the old name back here. (Choosing "
        f"another {noun} there instead would merge the two.)"
    )


def cell_list(addresses: Iterable[str]) -> str:
    """Cells as a person reads them: Establishment!A11, A12, Demand!B7 (the first few)."""
    addresses = list(addresses)
    out, sheet = [], None
    for address in addresses[:SHOWN_CELLS]:
        where, _, cell = address.rpartition("!")
        out.append(cell if where == sheet else address)
        sheet = where
    more = len(addresses) - SHOWN_CELLS
    return ", ".join(out) + (f" and {more} more" if more > 0 else "")


def _key_cells(check: InputCheck) -> dict[str, dict[str, str]]:
    """For each key table that was readable: its names and the cell each is in."""
    out = {}
    for target in KEY_NOUNS:
        if check.known(target) is None:
            continue
        key = layout.TABLES[target].keys[0]
        out[target] = {}
        for row in check.rows[target]:
            name = row.values.get(key)
            if name is not None:
                out[target].setdefault(name, row.address(key))
    return out


def _uses(check: InputCheck) -> Iterable[Use]:
    """Every cell that names a unit, role, stream or scenario, outside its own table."""
    for table in layout.INPUT_TABLES:
        for row in check.rows.get(table.name, []):
            for column in table.columns:
                target = column.refers_to
                value = row.values.get(column.name)
                if target is None or value is None:
                    continue
                for name in value if isinstance(value, tuple) else (value,):
                    yield Use(target, name, row.address(column.name))
    for row in check.rows.get("Overrides", []):
        yield from _override_uses(row)


def _override_uses(row: Row) -> Iterable[Use]:
    """The names an Overrides row's Key 1, Key 2 and Value give, by the table it changes."""
    table = layout.TABLES.get(row.values.get("Table") or "")
    if table is None or table.name == "Settings":
        return
    for cell, key in zip(("Key 1", "Key 2"), table.keys, strict=False):
        target = table.column(key).refers_to or (table.name if table.name in KEY_NOUNS else None)
        name = _text(row.cells.get(cell))
        if target and name:
            yield Use(target, name, row.address(cell))
    column = row.values.get("Column")
    if column in table.headers and table.column(column).refers_to:
        name = _text(row.cells.get("Value"))
        if name:
            yield Use(table.column(column).refers_to, name, row.address("Value"))


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _quoted(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
