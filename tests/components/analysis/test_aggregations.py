"""Aggregations on a hand-made evidence base whose answers are worked out by hand (see conftest)."""

import pytest

from components.analysis.aggregations import (
    corridor_counts,
    country_profile,
    driver_share_by_cadre,
    driver_share_by_decade,
    driver_share_by_status,
    driver_shares,
    headline_figures,
    review_comparison,
    studies_by_destination,
    studies_by_source_country,
    studies_reporting,
)


def cell(table, driver, group):
    row = table[(table["driver"] == driver) & (table["group"] == group)]
    assert len(row) == 1
    return row.iloc[0]


def test_driver_shares(small):
    shares = driver_shares(small).set_index("driver")
    assert shares.loc["remuneration", ["studies", "n"]].tolist() == [3, 4]
    assert shares.loc["remuneration", "share"] == pytest.approx(0.75)
    assert shares.loc["career_prospects", "studies"] == 2
    assert shares.loc["workload", "studies"] == 0  # every driver of the vocabulary is listed
    assert driver_shares(small)["driver"].iloc[0] == "remuneration"


def test_multi_cadre_study_counts_once_in_each_cadre(small):
    table = driver_share_by_cadre(small)
    nurses = cell(table, "remuneration", "nurses")
    assert (nurses["studies"], nurses["n"]) == (2, 2)  # s1 and s2
    doctors = cell(table, "remuneration", "doctors")
    assert (doctors["studies"], doctors["n"]) == (1, 2)  # s1 of s1, s3
    assert doctors["share"] == pytest.approx(0.5)
    assert cell(table, "family_ties", "doctors")["studies"] == 1
    assert set(table["group"]) == {"doctors", "nurses", "students"}  # cadres without studies left out
    assert cell(table, "security", "students")["small_n"]


def test_share_by_decade_and_status(small):
    decade = driver_share_by_decade(small)
    assert (cell(decade, "remuneration", "2010s")[["studies", "n"]].tolist()) == [2, 2]
    assert (cell(decade, "career_prospects", "2000s")[["studies", "n"]].tolist()) == [1, 1]
    assert list(decade.drop_duplicates("group")["group"]) == ["2000s", "2010s", "2020s"]
    status = driver_share_by_status(small)
    assert cell(status, "remuneration", "intention")[["studies", "n"]].tolist() == [2, 3]
    assert cell(status, "remuneration", "migrated")[["studies", "n"]].tolist() == [1, 1]
    assert cell(status, "family_ties", "non_migration")["studies"] == 1


def test_countries_and_corridors(small):
    sources = studies_by_source_country(small).set_index("iso3")
    assert sources.loc["NGA", "studies"] == 2
    assert sources.loc["NGA", "on_safeguards_list"] and not sources.loc["IND", "on_safeguards_list"]
    assert (
        sources.loc["NGA", "top_drivers"]
        == "Career prospects (1); Remuneration and benefits (1); Security problems (1)"
    )
    assert studies_by_destination(small).set_index("iso3").loc["GBR", "studies"] == 2
    corridors = corridor_counts(small)
    assert len(corridors) == 4 and corridors["studies"].sum() == 4


def test_country_profile(small):
    profile = country_profile(small, "NGA")
    assert profile.n_studies == 2 and profile.on_safeguards_list
    assert profile.drivers.iloc[0]["driver_label"] == "Career prospects"
    assert dict(zip(profile.destinations["country"], profile.destinations["studies"], strict=True)) == {
        "United Kingdom": 1,
        "United States": 1,
    }


def test_review_comparison_reads_the_published_figures(small):
    table = review_comparison(small).set_index("driver")
    assert table.loc["remuneration", "review_percent"] == 83.2
    assert table.loc["remuneration", "atlas_percent"] == 75.0
    assert table.loc["remuneration", "difference_points"] == pytest.approx(-8.2)
    assert list(table.index) == [
        "remuneration",
        "security",
        "career_prospects",
        "working_environment",
        "job_satisfaction",
    ]


def test_headline_and_studies_behind(small):
    figures = headline_figures(small)
    assert figures["studies"] == 4 and figures["source_countries"] == 3
    assert figures["after_review"] == 1 and figures["first_year"] == 2004
    assert studies_reporting(small, "remuneration", "cadre", "nurses")["study_id"].tolist() == ["s1", "s2"]
    assert studies_reporting(small, "security")["study_id"].tolist() == ["s1"]


def test_corridors_sort_by_name_as_a_french_reader_expects(vocabulary):
    """Same counts: corridors by source name, accents ignored (Égypte among the E, not after Zambie)."""
    from components.core.i18n import semicolon, use_language
    from components.tables.evidence import build_evidence
    from tests.support.rows import study_row

    sources = ["ZMB", "EGY", "ETH", "DZA"]
    rows = [
        study_row(study_id=f"s{i}", source_countries=iso3, destination_countries="GBR")
        for i, iso3 in enumerate(sources)
    ]
    evidence = build_evidence(rows, vocabulary, origin="test")
    with use_language("fr"):
        corridors = corridor_counts(evidence)
        assert corridors["source"].tolist() == ["Algérie", "Égypte", "Éthiopie", "Zambie"]
        assert semicolon() == "\u00a0; "
    assert corridor_counts(evidence)["source"].tolist() == ["Algeria", "Egypt", "Ethiopia", "Zambia"]
    assert semicolon() == "; "


def test_ranks_are_dense_and_count_only_the_rows_shown():
    import pandas as pd

    from components.analysis.aggregations import reasons_to_leave, shared_rank

    assert shared_rank(pd.Series([9, 5, 5, 5, 2])).tolist() == [1, 2, 2, 2, 3]
    table = pd.DataFrame(
        {
            "driver": list("abcdefg"),
            "group": [
                "migration",
                "non_migration",
                "migration",
                "migration",
                "non_migration",
                "migration",
                "migration",
            ],
            "studies": [9, 8, 5, 5, 5, 5, 2],
        }
    )
    table["rank"] = shared_rank(table["studies"])
    assert reasons_to_leave(table)["rank"].tolist() == [1, 2, 2, 2, 3]
