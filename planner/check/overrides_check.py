"""Each Overrides row checked as the cell it replaces would be.

An Overrides row names an input table, a row of it by key, a column and a new
value for one scenario. Each part is checked with the same words and bounds as
the cell it stands for (planner.check.cell_parse), so an override can never bring in a
value the table itself would refuse.
"""

from __future__ import annotations

from dataclasses import replace

from planner import contract as layout
from planner.check.cell_parse import Spec
from planner.check.cell_words import NOUNS, blank, either, quoted
from planner.check.input_check import InputCheck
from planner.check.input_rows import Row
from planner.check.names import did_you_mean as _did_you_mean
from planner.check.references import KEY_NOUNS as _KEY_NOUNS
from planner.contract import SETTING_ROWS


class OverrideCheck:
    """One Overrides row: an input table, a row of it by key, a column, a new value.

    Each part is checked as the cell it replaces would be, so an override can
    never bring in a value the table itself would refuse.
    """

    ADDABLE = ("Establishment", "Skills", "Budget")

    def __init__(self, check: InputCheck, row: Row):
        self.check, self.row = check, row
        self.table = layout.TABLES.get(row.values.get("Table", ""))

    def run(self) -> None:
        if self.table is None:
            return  # a bad Table is reported already
        column_ok = self.column()
        self.keys()
        setting = self.row.values.get("Key 1") if self.table.name == "Settings" else None
        if column_ok and (self.table.name != "Settings" or setting in SETTING_ROWS):
            self.value()

    def column(self) -> bool:
        row, table = self.row, self.table
        name = row.values.get("Column")
        if name is None:
            return False
        if table.name == "Settings":
            allowed = ["Value"]
        else:
            allowed = [c.name for c in table.columns if c.name not in table.keys]
        if name in allowed:
            return True
        if name in table.keys:
            where = "Key 1 and Key 2" if len(table.keys) == 2 else "Key 1"
            why = f'"{name}" picks the row of {table.name} (in {where}); it cannot be changed'
        else:
            why = f'"{name}" is not a column of {table.name}{_did_you_mean(name, allowed)}'
        self.check.add(row.address("Column"), f"{why}. Choose {either(allowed)}")
        return False

    def keys(self) -> None:
        """Key 1 (and Key 2 for Establishment and Skills) pick a row that can be changed."""
        row, table = self.row, self.table
        keys = ("Setting",) if table.name == "Settings" else table.keys
        self.key("Key 1", keys[0])
        if len(keys) == 2:
            self.key("Key 2", keys[1])
        elif not blank(row.cells.get("Key 2")):
            self.check.add(
                row.address("Key 2"),
                f"Key 2 {row.label} should be blank: a row of {table.name} is picked by Key 1 alone",
            )
        else:
            row.values["Key 2"] = None

    def key(self, cell: str, key: str) -> None:
        row, table = self.row, self.table
        column = (
            layout.SETTINGS.column("Setting") if table.name == "Settings" else table.column(key)
        )
        if blank(row.cells.get(cell)):
            self.check.add(
                row.address(cell),
                f"{cell} {row.label} is blank; for {table.name} it should be the "
                f"{key.lower()} of the row to change",
            )
            return
        subject = f"{cell} {row.label} (the {key.lower()} of the row to change)"
        if not self.check.parse_cell(row, cell, Spec.of(column), subject):
            return
        value = row.values[cell]
        # Establishment, Skills and Budget rows may be added; their keys must still exist.
        target = column.refers_to or (table.name if table.name not in self.ADDABLE else None)
        if target is None:
            return
        known = set(SETTING_ROWS) if table.name == "Settings" else self.check.known(target)
        if known is None or value in known:
            return
        noun = _KEY_NOUNS.get(target, NOUNS.get(target, "row"))
        known_by = self.check.names.hint if target in _KEY_NOUNS else None
        hint = known_by(value, target) if known_by else _did_you_mean(value, known)
        self.check.add(
            row.address(cell),
            f'{noun} "{value}" is not in the {target} table; an override can only change '
            f"what is listed there{hint}",
        )

    def value(self) -> None:
        row, table, v = self.row, self.table, self.row.values
        if table.name == "Settings":
            spec, column = Spec.of_setting(v["Key 1"]), None
            subject = f"{v['Key 1']} {row.label}"
        else:
            column = table.column(v["Column"])
            # A blank Value is refused even for a column that may be blank (layout: required).
            spec = replace(Spec.of(column), required=True)
            what = ", ".join(quoted(v[k]) for k in ("Key 1", "Key 2") if v.get(k) is not None)
            subject = f"{v['Column']}{f' for {what}' if what else ''} {row.label}"
        if not self.check.parse_cell(row, "Value", spec, subject):
            return
        target = column.refers_to if column is not None else None
        known = self.check.known(target) if target else None
        if known is not None and v["Value"] not in known:
            message = self.check.names.unknown(v["Value"], target, row, column)
            self.check.add(row.address("Value"), message)
