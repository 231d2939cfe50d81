"""The kinds of cell: what a column's cells may hold (Column.kind), and the Yes/No choice.

The tables name them as `kind.NUMBER`, `kind.PERCENT`, ...
"""

TEXT = "text"  # free text (blank allowed only where `required` is False)
NAME = "name"  # a key name: unit, role, stream, scenario
NUMBER = "number"  # a number >= minimum
WHOLE = "whole"  # a whole number
PERCENT = "percent"  # a fraction shown as %, 0.05 = 5%
MONEY = "money"  # £
YESNO = "yesno"  # Yes / No
YEAR = "year"  # calendar year
CHOICE = "choice"  # one of `choices`
LIST = "list"  # names separated by ";"
ANY = "any"  # an override value: checked against the column it replaces

YES_NO = ("Yes", "No")
