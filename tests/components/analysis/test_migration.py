"""How many: sums by country of training, corridors, the ratio to doctors at home and the evidence gaps, on small
frames worked out by hand; missing pairs stay missing."""

import math

import pandas as pd

from components.analysis import migration
from components.presentation import how_many
from components.tables.migration_figures import MigrationFigures

ABROAD = pd.DataFrame(
    [
        ("GBR", "ZWE", 2018, 164),
        ("AUS", "ZWE", 2018, 190),
        ("USA", "ZWE", 2016, 103),
        ("GBR", "IND", 2018, 15870),
        ("FRA", "IND", 2018, 0),
    ],
    columns=["destination", "origin", "year", "doctors"],
)
WORKFORCE = pd.DataFrame(
    [
        ("ZWE", "doctors", 2017, 2646.0, 1.86),
        ("ZWE", "doctors", 2020, 2957.0, 1.99),
        ("ZWE", "doctors", 2019, math.nan, 2.05),
        ("ZWE", "nurses_midwives", 2020, 31792.0, 21.39),
    ],
    columns=["country", "cadre", "year", "number", "per_10000"],
)
NHS = pd.DataFrame(
    [
        ("2018-06-30", "Nurses & health visitors", "Zimbabwean", "ZWE", 2255.2),
        ("2018-06-30", "Nurses & health visitors", "British", "GBR", 99.0),
        ("2018-06-30", "Nurses & health visitors", "Congolese", "", 5.0),
        ("2018-06-30", "HCHS doctors", "Zimbabwean", "ZWE", 65.6),
    ],
    columns=["date", "staff_group", "nationality", "country", "fte"],
)
THRESHOLDS = pd.DataFrame(
    [("t", ("doctors", "nurses_midwives"), 49.0, 2023, "median", "médiane", "WHO Q&A", "https://who.example/ssl")],
    columns=["threshold_id", "cadres", "per_10000", "year", "meaning", "meaning_fr", "source", "source_url"],
)


def test_sums_by_country_of_training_name_their_destinations_and_years():
    by_origin = migration.doctors_abroad_by_origin(ABROAD).set_index("origin")
    assert by_origin.loc["ZWE", "doctors"] == 457 and by_origin.loc["ZWE", "destinations"] == 3
    assert by_origin.loc["ZWE", "years"] == "2016, 2018"
    assert by_origin.loc["IND", "doctors"] == 15870


def test_the_ratio_uses_whos_count_nearest_the_oecd_year_and_names_it():
    ratio = migration.per_100_at_home(ABROAD, WORKFORCE).set_index("origin")
    assert ratio.loc["ZWE", "home_year"] == 2017 and ratio.loc["ZWE", "home_doctors"] == 2646
    assert round(ratio.loc["ZWE", "per_100"], 2) == round(100 * 457 / 2646, 2)
    assert pd.isna(ratio.loc["IND", "per_100"])  # WHO has no count here: missing, not zero


def test_latest_density_and_nearest_number():
    assert migration.at_home(WORKFORCE, "ZWE", "doctors", "per_10000") == migration.AtHome(2020, 2957.0, 1.99)
    assert migration.at_home(WORKFORCE, "ZWE", "doctors", "number", near=2018).year == 2017
    assert migration.at_home(WORKFORCE, "GHA", "doctors", "number") is None


def test_a_corridor_not_reported_stays_missing():
    assert migration.corridor_doctors(ABROAD, "ZWE", "FRA") is None
    assert migration.corridor_doctors(ABROAD, "IND", "FRA")["doctors"] == 0  # a published zero is a zero
    assert migration.corridors(ABROAD, "ZWE")["destination"].tolist() == ["AUS", "GBR", "USA"]


def test_nhs_nationalities_leave_out_the_uk_and_words_naming_no_country():
    frame = migration.nhs_nationalities(NHS, "Nurses & health visitors", "2018-06-30")
    assert frame["country"].tolist() == ["ZWE"]


def test_evidence_gaps_leave_out_oecd_members_and_count_missing_studies_as_none():
    ratio = migration.per_100_at_home(ABROAD, WORKFORCE)
    gaps = migration.evidence_gaps(ratio, pd.DataFrame({"iso3": ["ZWE"], "studies": [2]}))
    assert gaps["origin"].tolist() == ["IND", "ZWE"] and gaps["studies"].tolist() == [0, 2]


def test_a_profile_lists_reporting_destinations_that_do_not_report_the_country_as_not_reported():
    figures = MigrationFigures(ABROAD, WORKFORCE, NHS, THRESHOLDS)
    profile = how_many.country_figures(figures, "ZWE")
    table = profile.by_destination.set_index("destination")
    assert table.loc["France", "doctors"] == "not reported"
    assert table.loc["United Kingdom", "doctors"] == "164"
    assert profile.abroad_total == 457 and profile.home_year == 2017


def test_sums_of_doctors_abroad_name_their_destinations_and_years():
    assert migration.abroad_sum(ABROAD, "ZWE") == migration.AbroadSum(457, 3, "2016, 2018")
    assert migration.abroad_sum(ABROAD).doctors == 457 + 15870
    assert migration.abroad_sum(ABROAD, "GHA") == migration.AbroadSum(0, 0, "")


def test_a_density_is_set_against_the_threshold_only_when_every_cadre_of_it_is_published():
    against = migration.against_threshold(WORKFORCE, ("doctors", "nurses_midwives"), 49.0, "ZWE")
    assert against == migration.AgainstThreshold(23.38, "2020", 49.0, True)  # 1.99 + 21.39, both of 2020
    assert migration.against_threshold(WORKFORCE, ("doctors", "nurses_midwives"), 49.0, "IND") is None


def test_a_profiles_sentences_link_each_figure_to_its_source_and_the_threshold_to_its_citation():
    text = how_many.country_text(how_many.country_figures(MigrationFigures(ABROAD, WORKFORCE, NHS, THRESHOLDS), "ZWE"))
    assert "**23.38** per 10,000 people (2020), below WHO's threshold of 49." in text.threshold
    assert "median" in text.threshold and "[WHO Q&A](https://who.example/ssl)" in text.threshold
    assert f"({how_many.source_page('doctors_abroad')})" in text.abroad_note
    assert f"({how_many.source_page('workforce_density')})" in text.at_home
    assert f"({how_many.source_page('nhs_england_staff')})" in text.nhs


REGULATORS = pd.DataFrame(
    [
        ("ZWE", "Nurses Council of Zimbabwe", ("nurses", "midwives"), "https://nurses.example/"),
        ("GBR", "General Medical Council", ("doctors",), "https://gmc.example/"),
    ],
    columns=["country", "regulator", "cadres", "url"],
)


def test_a_profile_links_the_countrys_regulators_beside_the_official_series_in_both_languages():
    from components.core.i18n import use_language

    figures = MigrationFigures(ABROAD, WORKFORCE, NHS, THRESHOLDS, REGULATORS)
    text = how_many.country_text(how_many.country_figures(figures, "ZWE"))
    link = "[Nurses Council of Zimbabwe](https://nurses.example/) (nurses, midwives)"
    assert link in text.regulators and link in text.beyond
    assert text.beyond.index(how_many.WHO_NHWA_PORTAL) < text.beyond.index("https://nurses.example/")
    assert "gmc.example" not in text.beyond  # another country's regulator
    with use_language("fr"):
        french = how_many.country_text(how_many.country_figures(figures, "ZWE"))
    assert (
        "Autorités de régulation" in french.regulators and "(infirmiers et infirmières, sages-femmes)" in french.beyond
    )


def test_a_country_without_a_checked_regulator_shows_no_regulator_and_no_empty_link():
    for figures in (
        MigrationFigures(ABROAD, WORKFORCE, NHS, THRESHOLDS),
        MigrationFigures(ABROAD, WORKFORCE, NHS, THRESHOLDS, REGULATORS),
    ):
        text = how_many.country_text(how_many.country_figures(figures, "IND"))
        assert text.regulators == "" and "Regulators" not in text.beyond and "]()" not in text.beyond
        assert text.beyond.endswith(")."), text.beyond


def test_the_brief_links_the_countrys_regulators_by_name():
    from components.presentation.handouts import brief_counts

    html = "".join(brief_counts(MigrationFigures(ABROAD, WORKFORCE, NHS, THRESHOLDS, REGULATORS), "ZWE"))
    assert 'href="https://nurses.example/"' in html and "Nurses Council of Zimbabwe</a>" in html
    assert "gmc.example" not in html
