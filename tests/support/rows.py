"""Hand-made studies: a valid row with overrides, and four studies whose answers are worked out by hand."""

from __future__ import annotations

from pathlib import Path

from components.tables.evidence import STUDY_COLUMNS
from tests.support.files import write_csv


def study_row(**values) -> dict[str, str]:
    """A valid study row; keyword arguments override fields."""
    row = {
        "study_id": "a_2010",
        "first_author": "Able",
        "year": "2010",
        "title": "A study",
        "journal": "J",
        "doi": "",
        "url": "https://example.org/a",
        "design": "quantitative",
        "migration_status": "intention",
        "cadres": "doctors",
        "source_countries": "NGA",
        "destination_countries": "GBR",
        "drivers": "remuneration",
        "sample_size": "100",
        "coded_from": "abstract",
        "coding_note": "",
    }
    row.update(values)
    return row


# Four studies whose answers are easy to work out by hand:
#   s1 2010s doctors+nurses NGA→GBR,USA  remuneration, security           intention
#   s2 2010s nurses         GHA→GBR      remuneration, career_prospects   migrated
#   s3 2000s doctors        NGA          career_prospects, family_ties    intention;non_migration
#   s4 2020s students       IND→USA      remuneration                    intention
SMALL_ROWS = [
    study_row(
        study_id="s1",
        first_author="One",
        year="2011",
        cadres="doctors;nurses",
        source_countries="NGA",
        destination_countries="GBR;USA",
        drivers="remuneration;security",
        doi="10.1000/s1",
    ),
    study_row(
        study_id="s2",
        first_author="Two",
        year="2015",
        cadres="nurses",
        source_countries="GHA",
        destination_countries="GBR",
        drivers="remuneration;career_prospects",
        migration_status="migrated",
        design="qualitative",
    ),
    study_row(
        study_id="s3",
        first_author="Three",
        year="2004",
        cadres="doctors",
        source_countries="NGA",
        destination_countries="",
        drivers="career_prospects;family_ties",
        migration_status="intention;non_migration",
    ),
    study_row(
        study_id="s4",
        first_author="Four",
        year="2023",
        cadres="students",
        source_countries="IND",
        destination_countries="USA",
        drivers="remuneration",
        design="mixed",
    ),
]


def write_studies(path: Path, rows: list[dict[str, str]]) -> None:
    """A studies.csv holding ``rows`` (every column of the contract, then the coding note)."""
    write_csv(path, rows, [*list(STUDY_COLUMNS), "coding_note"])
