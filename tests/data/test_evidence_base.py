"""The evidence base itself: size, coverage, sources, vocabularies and the safeguards list."""

import re
from collections import Counter
from urllib.parse import urlparse

from components.core.countries import is_iso3
from components.tables.evidence import HEADLINE_DRIVERS


def test_at_least_107_studies_from_26_source_countries(evidence):
    assert evidence.n_studies >= 107
    assert evidence.source["iso3"].nunique() >= 26


def test_every_study_has_an_openable_source(evidence):
    for study in evidence.studies.itertuples():
        assert study.doi or study.url, study.study_id
        if study.url:
            parsed = urlparse(study.url)
            assert parsed.scheme in ("http", "https") and "." in parsed.netloc, study.url
        if study.doi:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", study.doi), study.doi
    dois = [d.lower() for d in evidence.studies["doi"] if d]
    assert len(dois) == len(set(dois))
    assert evidence.studies["study_id"].is_unique


def test_years_codes_and_vocabularies(evidence):
    studies = evidence.studies
    assert studies["year"].between(1970, 2026).all()
    assert set(evidence.driver["driver"]) <= set(evidence.vocabulary.driver_codes)
    assert set(evidence.cadre["cadre"]) <= set(evidence.vocabulary.cadre_codes)
    assert all(is_iso3(c) for c in set(evidence.source["iso3"]) | set(evidence.destination["iso3"]))
    assert (studies["drivers"].map(len) > 0).all()
    assert set(studies["coded_from"]) <= {"abstract", "abstract_and_tables", "full_text"}


def test_driver_taxonomy(vocabulary):
    drivers = vocabulary.drivers
    assert 20 <= len(drivers) <= 35
    assert set(HEADLINE_DRIVERS) <= set(drivers["code"])
    assert set(drivers["level"]) == {"macro", "meso", "micro"}
    assert (drivers["group"] == "non_migration").sum() >= 5


def test_safeguards_list_totals(vocabulary):
    ssl = vocabulary.ssl
    assert len(ssl) == 55 and ssl["iso3"].is_unique
    assert Counter(ssl["who_region"]) == {"AFR": 37, "WPR": 8, "EMR": 6, "SEAR": 3, "AMR": 1}
    assert {"NGA", "GHA", "PAK", "NPL", "HTI", "TUV"} <= set(ssl["iso3"])
    assert not {"KEN", "ZAF", "IND", "PHL"} & set(ssl["iso3"])


def test_review_reference_figures_carry_their_citation(vocabulary):
    reference = vocabulary.review_reference.set_index("key")
    assert reference.loc["studies_included", "value"] == 107
    assert reference.loc["records_screened", "value"] == 21593
    assert reference.loc["driver_remuneration", "value"] == 83.2
    assert (reference["citation"].str.len() > 0).all()
    assert set(reference["doi"]) == {"10.1136/bmjgh-2023-012338"}


def test_country_points_cover_every_country_in_the_data(evidence):
    from components.tables.geo import country_points

    points = set(country_points()["iso3"])
    needed = set(evidence.source["iso3"]) | set(evidence.destination["iso3"]) | set(evidence.vocabulary.ssl["iso3"])
    assert needed <= points


def test_every_source_country_has_a_who_region(evidence):
    from components.tables.regions import who_region

    assert [c for c in sorted(set(evidence.source["iso3"])) if not who_region(c)] == []


def test_each_excluded_record_is_one_row():
    """A later look at an excluded record goes into its row's second_look, not a new row: PRISMA counts rows as
    records, so a re-check written as a row would count one work twice."""
    import csv

    from components.core.paths import DATA_DIR

    with (DATA_DIR / "excluded_studies.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    titles = Counter(re.sub(r"\W+", "", row["title"].lower()) for row in rows)
    del titles[""]  # no title printed
    sources = Counter(row["doi_or_url"].strip().lower().rstrip("/") for row in rows)
    del sources[""]  # no address seen
    generic = {"https://archive.org"}  # a site's root names no one work
    assert [t for t, k in titles.items() if k > 1] == []
    assert [s for s, k in sources.items() if k > 1 and s not in generic] == []


def test_no_work_is_both_included_and_excluded(evidence):
    """One decision per work: a study in studies.csv is in excluded_studies.csv (by DOI or title) only as a duplicate
    (another batch's record of the same work), never excluded for a reason of its own."""
    import csv

    from components.core.paths import DATA_DIR

    def title_key(title: str) -> str:
        return re.sub(r"\W+", "", title.lower())

    with (DATA_DIR / "excluded_studies.csv").open(encoding="utf-8", newline="") as handle:
        excluded = [row for row in csv.DictReader(handle) if row["reason_category"] != "duplicate"]
    studies = evidence.studies
    dois = {str(d).lower() for d in studies["doi"].dropna() if str(d)}
    titles = {title_key(str(t)) for t in studies["title"]}
    assert [r["study_id"] for r in excluded if r["doi_or_url"].strip().lower() in dois] == []
    assert [r["study_id"] for r in excluded if r["title"] and title_key(r["title"]) in titles] == []
