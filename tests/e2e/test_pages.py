"""Every page in headless Chromium with no network beyond loopback: charts drawn, values shown."""

import csv
import io
import re
from pathlib import Path

import pytest

from components.analysis.aggregations import corridor_counts, studies_by_source_country
from components.analysis.filters import Filters, apply_filters
from components.presentation.story_steps import story_steps
from components.tables.geo import basemap_countries
from components.tables.policy import load_policy_options
from harness.browser import no_error, offline_context, wait_until_idle

TITLES = {
    "": "Health Worker Migration Atlas",
    "map": "Map of the evidence",
    "drivers": "Why health workers leave, and why some stay",
    "policy": "Health workers are leaving the countries that need them most",
    "studies": "Studies",
    "methods": "Methods and data",
}
STEPS = len(story_steps(load_policy_options()))
FIRST_CHOROPLETH_PATHS = """() => {
    const trace = document.querySelector('.choroplethlayer .trace');
    return trace ? trace.querySelectorAll('path.choroplethlocation').length : -1;
}"""


def wait_for_plot(page, selector=".main-svg", count=1):
    page.wait_for_function(f"document.querySelectorAll('{selector}').length >= {count}", timeout=30_000)


@pytest.mark.parametrize("path", ["", "map", "drivers", "policy", "studies", "methods"])
def test_every_page_opens_without_error(open_url, path):
    page = open_url(path)
    no_error(page)
    heading = page.locator('[data-testid="stMainBlockContainer"] h1').first
    heading.wait_for(state="visible", timeout=20_000)
    assert heading.inner_text().strip() == TITLES[path]


def test_overview_shows_study_count(open_url, evidence):
    page = open_url("")
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Studies").first
    assert metric.locator('[data-testid="stMetricValue"]').inner_text() == str(evidence.n_studies)


@pytest.mark.parametrize("path", ["map", "map?country=ZAF"])
def test_map_draws_choropleth_and_flows_offline(open_url, evidence, path):
    page = open_url(path)
    wait_for_plot(page, "path.choroplethlocation")
    # plotly.js adds one location path per country in the trace (an empty one where the base map lacks it).
    assert page.evaluate(FIRST_CHOROPLETH_PATHS) == len(studies_by_source_country(evidence))
    drawn = page.evaluate("""() => [...document.querySelector('.choroplethlayer .trace')
        .querySelectorAll('path.choroplethlocation')].filter(p => (p.getAttribute('d') || '').length > 10).length""")
    assert drawn == studies_by_source_country(evidence)["iso3"].isin(basemap_countries()).sum()
    assert page.locator(".scattergeo path.js-line").count() >= 1
    shown = evidence if "ZAF" not in path else apply_filters(evidence, Filters(countries=("ZAF",)))
    corridors = corridor_counts(shown)
    if "ZAF" in path:  # the map follows the country filter: only that country's corridors
        corridors = corridors[corridors["source_iso3"] == "ZAF"]
    assert f"{len(corridors)} corridor" in page.locator(".gtitle").first.text_content()
    no_error(page)
    if "ZAF" in path:
        assert page.get_by_text("South Africa is not on the WHO").count() == 1


def test_drivers_filtered_link(open_url, evidence):
    page = open_url("drivers?cadre=nurses&decade=2010s")
    wait_for_plot(page, ".gtitle", 1)
    n = apply_filters(evidence, Filters(cadres=("nurses",), decade_from="2010s", decade_to="2010s")).n_studies
    titles = page.locator(".gtitle").all_text_contents()
    # the <br> of the title becomes text lines in the browser (joined here by zero-width spaces); the title names
    # the selection on a line of its own under the count (a slide image carries it)
    assert (
        len(titles) == 1
        and titles[0].replace(" ", "").replace("\u200b", "|")
        == f"Shareofstudiesreportingeachdriver(n={n}studies)|Nurses(withnursingandmidwiferystudents)·2010s|"
    )
    page.get_by_role("tab", name="By cadre").click()
    wait_for_plot(page, ".gtitle", 2)
    page.wait_for_function("location.search.includes('tab=By')", timeout=20_000)
    assert page.locator(".heatmaplayer").count() == 2  # reasons to leave and reasons to stay
    assert "cadre=nurses" in page.url
    no_error(page)


# A link to a step opens that step (the first, one in the middle, the last); every step is walked, and checked,
# by the presenter walks of tests/journeys/test_talk_fit.py.
@pytest.mark.parametrize("step", [1, STEPS // 2, STEPS])
def test_presenter_mode_step(open_url, step):
    page = open_url(f"policy?present=1&step={step}")
    no_error(page)
    page.wait_for_selector('[data-testid="stSidebar"]', state="hidden", timeout=10_000)
    assert f"Step {step} of {STEPS}" in page.locator('[data-testid="stProgress"]').inner_text()


def test_presenter_steps_forward_with_next(open_url):
    page = open_url("policy?present=1&step=3")
    page.get_by_role("button", name="Next ▶").click()
    page.wait_for_url(re.compile(r"step=4"))
    wait_until_idle(page)
    assert f"Step 4 of {STEPS}" in page.locator('[data-testid="stProgress"]').inner_text()


def test_shared_studies_link_and_csv_download(open_url, evidence):
    page = open_url("studies?country=NGA")
    expected = apply_filters(evidence, Filters(countries=("NGA",))).n_studies
    counter = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="studies shown").first
    counter.wait_for(timeout=20_000)
    assert counter.inner_text().startswith(f"{expected} of {evidence.n_studies} studies shown")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=20_000)
    assert grid.get_attribute("data-testid") == "stDataFrame"
    with page.expect_download() as info:
        page.get_by_role("button", name="Download these studies (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == expected
    assert all("Nigeria" in row["Source countries"] for row in rows)


def test_policy_handout_download(open_url, evidence):
    page = open_url("policy")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download a printable handout (HTML)").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert html.count("<h3>") == 11 and f"{evidence.n_studies} studies" in html


def test_phone_width_map(open_url):
    page = open_url("map", viewport=(390, 844))
    wait_for_plot(page, "path.choroplethlocation")
    no_error(page)


def test_clicking_a_country_opens_its_profile(open_url, evidence):
    page = open_url("map", viewport=(1280, 900))
    page.get_by_text("Show flows between source and destination").click()  # flow lines would take the click
    page.wait_for_function("document.querySelectorAll('.scattergeo path.js-line').length === 0", timeout=20_000)
    wait_until_idle(page)
    page.wait_for_function(
        "[...document.querySelectorAll('path.choroplethlocation')].some(e => (e.getAttribute('d') || '').length > 10)"
    )
    paths = page.locator(".choroplethlayer .trace").first.locator("path.choroplethlocation")
    boxes = [paths.nth(i).bounding_box() for i in range(paths.count())]
    box = max((b for b in boxes if b), key=lambda b: b["width"] * b["height"])
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("location.search.includes('country=')", timeout=20_000)
    wait_until_idle(page)
    iso3 = re.search(r"country=([A-Z]{3})", page.url).group(1)
    from components.core.countries import country_name

    page.get_by_role("heading", name=country_name(iso3)).first.wait_for(timeout=20_000)
    assert iso3 in set(evidence.source["iso3"])


def test_oversize_upload_gets_a_message_in_the_browser(open_url, tmp_path):
    """A file over the limit is stopped in the browser with a message naming the limit, not a silent HTTP 413."""
    from components.tables.upload_limits import UPLOAD_LIMIT_MB

    page = open_url("methods", viewport=(1280, 900))
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (UPLOAD_LIMIT_MB * 1_000_000 + 1_000_000))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(big))
    page.get_by_text(f"must be {UPLOAD_LIMIT_MB:.1f}MB or smaller").first.wait_for(timeout=20_000)
    no_error(page)


def _opened_in_order(browser, base_url, path: str, viewport=(1280, 720), **context_args) -> list[str]:
    """What a fresh browser asked for while opening ``path``, in order: the plotly bundle and the websocket."""
    blocked: list[str] = []
    context = offline_context(browser, blocked, viewport={"width": viewport[0], "height": viewport[1]}, **context_args)
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append("plotly") if "/PlotlyChart." in r.url else None)
    page.on("websocket", lambda ws: seen.append("websocket"))
    page.goto(f"{base_url}/{path}")
    wait_until_idle(page)
    no_error(page)
    context.close()
    assert blocked == []
    return seen


def test_a_chart_page_asks_for_plotly_before_its_websocket_and_the_studies_page_never(browser, base_url):
    # The chart pages' shell imports the bundle: it loads while the websocket opens, not after the first chart.
    for path in ("drivers", "map?country=GHA"):
        seen = _opened_in_order(browser, base_url, path)
        assert "plotly" in seen and seen.index("plotly") < seen.index("websocket"), (path, seen)
    # A student on a phone reading the study table downloads no chart library.
    assert "plotly" not in _opened_in_order(browser, base_url, "studies", (390, 844), is_mobile=True, has_touch=True)
