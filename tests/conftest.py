"""Shared fixtures: the bundled evidence base and a small hand-made one with known answers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from components import use_object_strings
from components.tables.evidence import build_evidence, load_evidence
from components.tables.vocabularies import load_vocabulary
from tests.support.files import copy_data

# Kept importable from here for tests written against the earlier layout; new tests import tests.support.
from tests.support.rows import SMALL_ROWS, study_row, write_studies
from tests.support.waiting import wait_like_a_person

__all__ = ["SMALL_ROWS", "study_row", "write_studies"]

use_object_strings()  # as app.py does, so tests see the frames the atlas works with
wait_like_a_person()  # expect(...) waits as long as a page's actions may take

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


# Slowest tier first: with tests spread over processes, the long browser tests start at once and the many short
# unit tests fill the end, so no process sits idle while another finishes a long walk.
TIER_ORDER = {"browser": 0, "app": 1, "unit": 2}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(tier_of(item))
    items.sort(key=lambda item: TIER_ORDER[tier_of(item)])  # stable: a file's tests stay together, in order


@pytest.fixture(scope="session")
def evidence():
    return load_evidence()


@pytest.fixture(scope="session")
def vocabulary():
    return load_vocabulary()


@pytest.fixture()
def small(vocabulary):
    return build_evidence([dict(r) for r in SMALL_ROWS], vocabulary, origin="test")


@pytest.fixture()
def data_copy(tmp_path):
    """A writable copy of data/ for tests that break one file."""
    return copy_data(tmp_path / "data")


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

    from harness.browser import CHROMIUM, HEADLESS_SHELL, launch_browser

    # The full browser by default. ATLAS_TEST_HEADLESS_SHELL=1 drives Debian's chromium-headless-shell instead: a
    # fifth less browser CPU, but in 2 of its 6 full runs journeys failed on timing (a key press or a sidebar read
    # while the page was still settling), against none in the full browser's last 4.
    shell = os.environ.get("ATLAS_TEST_HEADLESS_SHELL") == "1"
    with sync_playwright() as playwright:
        instance = launch_browser(playwright, HEADLESS_SHELL if shell else CHROMIUM)
        yield instance
        instance.close()
