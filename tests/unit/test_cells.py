"""Cell references as the sheet shows them, 1-based, past column Z."""

from planner.read.cells import cell_position, column_letter, column_number, range_bounds


def test_columns_past_z_convert_both_ways():
    for number, letters in [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (16384, "XFD")]:
        assert column_letter(number) == letters
        assert column_number(letters) == number


def test_a_cell_and_a_range_give_their_rows_and_columns():
    assert cell_position("C7") == (7, 3)
    assert cell_position("$AB$12") == (12, 28)
    assert range_bounds("B2:D9") == (2, 2, 4, 9)
    assert range_bounds("E5") == (5, 5, 5, 5)
