"""The default data holds up to the first questions a police resourcing expert would ask.

Issue 10 listed them: the NCAIU share applied to the right base, no NOCAP work
counted twice, a detective constable costing at least the Sources sheet's own
pay, no analysts on investigations that need warranted officers, support units
tasked by the crime they serve, supervisors in every investigative unit.
"""

from __future__ import annotations

import pandas as pd
import pytest

from planner.template.build import DATA

UNITS = pd.read_csv(DATA / "units.csv")
ROLES = pd.read_csv(DATA / "roles.csv").set_index("Role")
POSTS = pd.read_csv(DATA / "establishment.csv")
DEMAND = pd.read_csv(DATA / "demand.csv")
SKILLS = pd.read_csv(DATA / "skills.csv")
SOURCES = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False).set_index("Figure")
NCAIU = "National Child Abuse Investigation Unit"
SUPPORT_UNITS = [
    "Digital Forensics",
    "Surveillance Unit",
    "Communications Investigation Unit",
    "Intelligence Analysis",
]


def test_nocap_work_is_counted_once_inside_the_ncaiu():
    assert not UNITS["Unit"].str.contains("PARROR").any()
    assert not DEMAND["Stream"].str.contains("NOCAP").any()
    assert "not a separate unit" in SOURCES.loc["Operation PARROR", "Value"]


def test_the_ncaiu_share_is_of_referral_and_nocap_investigations_not_all_ocsa_crimes():
    ocsa = DEMAND.set_index("Stream").loc["OCSA investigations"]
    assert ocsa["Unit"] == NCAIU
    nocap_a_year = 800  # 1,813 packages from Sep 2020 to late 2022 (Sources)
    assert ocsa["Annual cases"] == pytest.approx(0.85 * nocap_a_year)
    assert "referrals and NOCAP" in SOURCES.loc["Annual cases: OCSA investigations", "Source"]


def test_a_detective_constable_costs_at_least_top_constable_pay_with_pension():
    top_pay, pension = 40_878, 0.387  # both on the Sources sheet
    assert "£40,878" in SOURCES.loc["Constable pay", "Value"]
    assert "38.7%" in SOURCES.loc["Police pension employer contribution", "Value"]
    cost = ROLES["Annual cost"]
    assert cost["Detective Constable"] >= top_pay * (1 + pension)
    assert cost["Detective Constable"] < cost["Detective Sergeant"] < cost["Detective Inspector"]


@pytest.mark.parametrize(
    "stream",
    [
        "OCSA investigations",
        "Complex child abuse investigations",
        "Rape investigations",
        "Domestic abuse investigations",
    ],
)
def test_investigations_that_need_warranted_officers_take_no_staff(stream):
    staff = set(ROLES.index[ROLES["Type"] == "Staff"])
    able = set(SKILLS.loc[SKILLS["Stream"] == stream, "Role"])
    assert not (able & staff - {"Case Support Officer"}), able & staff


def test_the_ncaiu_launch_strength_is_cited_to_a_source_that_holds_it():
    row = SOURCES.loc["National Child Abuse Investigation Unit at launch"]
    assert "48" in row["Value"] and "scotsman.com" in row["Source"]
    assert "Scottish Police Authority" not in row["Source"]


@pytest.mark.parametrize("unit", SUPPORT_UNITS)
def test_each_support_unit_serves_public_protection_and_other_branches(unit):
    streams = DEMAND[DEMAND["Unit"] == unit]
    assert "Public Protection" in set(streams["Serves"])
    assert len(set(streams["Serves"])) >= 2
    per_hour = streams["Harm weight"] / streams["Hours per case"]
    assert per_hour.nunique() == len(streams)  # each with its own harm


def test_every_investigative_unit_has_its_supervisors_today():
    """Today's establishment meets every span of control (docs/rules.md, rule 10)."""
    supervised = ROLES.dropna(subset=["Supervised by"])
    posts = POSTS.pivot_table(index="Unit", columns="Role", values="Posts", fill_value=0)
    for role, rule in supervised.iterrows():
        if role not in posts:
            continue
        boss = posts.get(rule["Supervised by"], 0)
        over = posts[role] > rule["Span of control"] * boss + 1e-9
        assert not over.any(), (role, list(posts.index[over]))
    detectives = posts[posts.get("Detective Constable", 0) > 0]
    assert (detectives["Detective Sergeant"] > 0).all()
    assert (detectives["Detective Inspector"] > 0).all()


def test_floors_are_set_where_a_force_has_statutory_or_public_duties():
    floors = DEMAND.set_index("Stream")["Min coverage %"].dropna()
    for duty in [
        "Homicide and major investigations",
        "Rape investigations",
        "OCSA investigations",
        "Online abuse referral triage",
        "Victim identification",
    ]:
        assert 0.5 <= floors[duty] < 1
    for stream in floors.index:
        assert SOURCES.loc[f"Min coverage %: {stream}", "Source"]


def test_the_harm_curve_rises_as_coverage_falls():
    curve = pd.read_csv(DATA / "harmcurve.csv").sort_values("Coverage below", ascending=False)
    assert curve["Coverage below"].between(0, 1, inclusive="neither").all()
    assert (curve["Harm multiplier"] >= 1).all()
    assert curve["Harm multiplier"].is_monotonic_increasing


def test_every_binding_floor_of_the_default_scenarios_is_listed_with_its_price(tmp_path):
    """However many dearer limits bind, a floor the force set is listed (issue 10)."""
    from optimise import plan
    from planner.adapters.file.file_reader import FileWorkbook
    from planner.check.validate import check_workbook
    from tests.processes import fte_copy

    path = fte_copy(tmp_path / "Planner.xlsm")
    checked = check_workbook(FileWorkbook(path).read_tables())
    hmics = next(s for s in checked.scenarios if s.name == "HMICS recommendations")
    result = plan(checked.inputs, hmics)
    floors = [b for b in result.binding_limits if b.family == "Min coverage %"]
    assert floors, [b.words for b in result.binding_limits]
    assert all(b.harm_per_unit > 0 and b.unit == "percentage point" for b in floors)
    assert any("Digital forensics for child abuse cases" in b.words for b in floors)
