"""Shared fixtures: the bundled evidence base and a small hand-made one with known answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from components import use_object_strings
from components.core.paths import DATA_DIR
from components.tables.evidence import STUDY_COLUMNS, build_evidence, load_evidence
from components.tables.vocabularies import load_vocabulary

use_object_strings()  # as app.py does, so tests see the frames the atlas works with

# A test's tier follows from the folder it lives in (the first folder under tests/), or "browser" wherever it asks
# for the browser, so a new test file needs no marker: `make test-fast` runs every tier but "browser". The markers
# are declared in pytest.ini (--strict-markers).
TIER_OF_FOLDER = {"journeys": "browser", "e2e": "browser", "pages": "app"}
BROWSER_FIXTURES = {"browser", "base_url"}
DEFAULT_TIER = "unit"
TESTS_DIR = Path(__file__).parent


def tier_of(item: pytest.Item) -> str:
    if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
        return "browser"
    folder = Path(item.path).relative_to(TESTS_DIR).parts[0]
    return TIER_OF_FOLDER.get(folder, DEFAULT_TIER)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(tier_of(item))


@pytest.fixture(scope="session")
def evidence():
    return load_evidence()


@pytest.fixture(scope="session")
def vocabulary():
    return load_vocabulary()


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


@pytest.fixture()
def small(vocabulary):
    return build_evidence([dict(r) for r in SMALL_ROWS], vocabulary, origin="test")


@pytest.fixture()
def data_copy(tmp_path):
    """A writable copy of data/ for tests that break one file."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def write_studies(path: Path, rows: list[dict[str, str]]) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*list(STUDY_COLUMNS), "coding_note"])
        writer.writeheader()
        writer.writerows(rows)


# One atlas server and one Chromium for the whole run, shared by tests/e2e and tests/journeys (Playwright's
# sync API allows one running instance per process).
@pytest.fixture(scope="session")
def base_url():
    from harness.browser import atlas_server

    with atlas_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from harness.browser import launch_browser

    with sync_playwright() as playwright:
        instance = launch_browser(playwright)
        yield instance
        instance.close()
