"""The largest moves in words and the totals by year, as the scenario tab shows them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from optimise.moves import moves_table
from optimise.result import ATTRITION, MOVES_COLUMNS, RECRUITMENT
from planner.report.moves_words import (
    YEARLY_COLUMNS,
    largest_moves,
    plural,
    with_article,
    yearly_totals,
)

DC = "Detective Constable"
NCAIU = "National Child Abuse Investigation Unit"
DRUGS = "Drugs Investigation"
MIT = "Major Investigation Teams"
IIU = "Internet Investigations Unit"


def frame(rows: list[list]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=MOVES_COLUMNS)


WHOLE = frame(
    [
        [2027, DC, DRUGS, NCAIU, 12.0],
        [2027, DC, RECRUITMENT, IIU, 1.0],
        [2027, "Intelligence Analyst", MIT, ATTRITION, 3.0],
        [2028, "Researcher", RECRUITMENT, IIU, 5.0],
        [2028, DC, MIT, ATTRITION, 1.0],
        [2028, "Detective Sergeant", MIT, NCAIU, 12.0],
    ]
)


def test_the_largest_moves_read_as_hr_would_issue_them_largest_first():
    assert largest_moves(WHOLE, most=10) == [
        "12 Detective Constables from Drugs Investigation to the National Child Abuse "
        "Investigation Unit, 2027",
        "12 Detective Sergeants from Major Investigation Teams to the National Child Abuse "
        "Investigation Unit, 2028",
        "5 Researchers recruited to the Internet Investigations Unit, 2028",
        "3 Intelligence Analyst posts in Major Investigation Teams left unfilled as people "
        "leave, 2027",
        "1 Detective Constable recruited to the Internet Investigations Unit, 2027",
        "1 Detective Constable post in Major Investigation Teams left unfilled when its holder "
        "leaves, 2028",
    ]
    assert len(largest_moves(WHOLE, most=2)) == 2


def test_fte_moves_show_one_decimal_and_read_in_the_plural():
    fte = frame([[2027, DC, DRUGS, NCAIU, 2.34], [2027, DC, RECRUITMENT, NCAIU, 1.0]])
    assert largest_moves(fte) == [
        "2.3 Detective Constables from Drugs Investigation to the National Child Abuse "
        "Investigation Unit, 2027",
        "1.0 Detective Constables recruited to the National Child Abuse Investigation Unit, 2027",
    ]
    tiny = frame([[2027, DC, DRUGS, MIT, 0.000004]])
    assert largest_moves(tiny) == [
        "under 0.1 Detective Constables from Drugs Investigation to Major Investigation Teams, 2027"
    ]


def test_no_moves_give_no_sentences_and_zero_totals_for_each_plan_year():
    empty = frame([])
    assert largest_moves(empty) == []
    totals = yearly_totals(empty, {MIT: "Major Crime"}, years=[2027, 2028])
    assert totals.values.tolist() == [[2027, 0, 0, 0, 0], [2028, 0, 0, 0, 0]]


@pytest.mark.parametrize(
    "role, many",
    [
        (DC, "Detective Constables"),
        ("Digital Forensic Examiner", "Digital Forensic Examiners"),
        ("Secretary", "Secretaries"),
        ("Case Support Staff", "Case Support Staff"),
        ("Witness", "Witnesses"),
        ("Policewoman", "Policewomen"),
        ("Deputy", "Deputies"),
        ("Attorney", "Attorneys"),
    ],
)
def test_plural_of_a_role(role, many):
    assert plural(role) == many


@pytest.mark.parametrize(
    "unit, read",
    [
        (NCAIU, f"the {NCAIU}"),
        ("National Rape Task Force", "the National Rape Task Force"),
        ("National Intelligence Bureau", "the National Intelligence Bureau"),
        (DRUGS, DRUGS),
        (MIT, MIT),
        ("Operation PARROR (NOCAP enforcement)", "Operation PARROR (NOCAP enforcement)"),
        ("The Hub", "The Hub"),
    ],
)
def test_a_unit_takes_the_article_a_reader_expects(unit, read):
    assert with_article(unit) == read


def test_yearly_totals_split_transfers_recruitment_attrition_and_cross_branch():
    branch = {
        DRUGS: "Organised Crime",
        NCAIU: "Public Protection",
        MIT: "Major Crime",
        IIU: "Public Protection",
    }
    totals = yearly_totals(WHOLE, branch, years=[2027, 2028, 2029])
    assert list(totals.columns) == YEARLY_COLUMNS
    assert totals.values.tolist() == [
        [2027, 12, 1, 3, 12],
        [2028, 12, 5, 1, 12],
        [2029, 0, 0, 0, 0],
    ]
    unknown = yearly_totals(WHOLE)
    assert unknown["Transfers"].tolist() == [12, 12]
    assert all(math.isnan(v) for v in unknown["Cross-branch transfers"])


def test_yearly_totals_of_a_real_moves_table_count_only_the_fewest_cross_branch_transfers():
    # Year 1: A and B (Major Crime) lose 2 each; C (Major Crime) gains 3; D (Public
    # Protection) gains 1. Inside Major Crime 3 move; only 1 need cross a branch.
    moves = moves_table(
        np.array([[5.0], [5.0], [0.0], [0.0]]),
        np.array([[[3.0]], [[3.0]], [[3.0]], [[1.0]]]),
        ["A", "B", "C", "D"],
        ["Major Crime", "Major Crime", "Major Crime", "Public Protection"],
        ["Researcher"],
        [2027],
        whole=True,
    )
    branch = {"A": "Major Crime", "B": "Major Crime", "C": "Major Crime", "D": "Public Protection"}
    assert yearly_totals(moves, branch).values.tolist() == [[2027, 4, 0, 0, 1]]
