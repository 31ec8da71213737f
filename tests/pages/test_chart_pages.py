"""The server imports plotly's bundle from the shell of the pages that draw a chart when opened (audience/preload.py):
that list is the pages' own behaviour, so a page that gains or loses its charts changes it here first."""

from audience.preload import CHART_PAGES
from harness.apptest import PAGE_FILES, open_page


def test_the_preloaded_pages_are_the_pages_that_open_with_a_chart():
    drawing = {"/" + page for page in PAGE_FILES if open_page(page).get("plotly_chart")}
    assert drawing == CHART_PAGES
