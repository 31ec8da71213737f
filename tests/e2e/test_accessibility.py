"""axe-core's WCAG 2.1 A/AA rules on every page (on a 1280×720 screen and on a 390×844 phone), every tab of
/drivers and the offline story file: no serious or critical violation. Every presenter step is checked in each
language by the projector walks of tests/journeys/test_talk_fit.py, which already stop on each step.

One browser page per language and screen size is reused for the whole module; the presenter steps are reached by
pressing →, not by reloading. Languages: every language of the atlas (ATLAS_TEST_LANGS, comma-separated, narrows
the run); a language other than English is opened with ?lang=, and the texts clicked are looked up in its catalogue.
The phone walks the pages in the last of them only (French: the longest words): what the phone adds to the laptop's
walk is its layout, the same in every language, whose texts the laptop checks in each.
"""

import os
from contextlib import contextmanager

import pytest

from components.core.i18n import LANGUAGES, _, use_language
from components.presentation.story_steps import story_steps
from components.tables.policy import load_policy_options
from harness.accessibility import axe_violations, describe
from harness.browser import no_error, offline_context, wait_until_idle
from tests.journeys.conftest import PHONE, PROJECTOR

LANGS = [lang.strip() for lang in os.environ.get("ATLAS_TEST_LANGS", ",".join(LANGUAGES)).split(",") if lang.strip()]
PAGES = ["", "map", "map?view=abroad&country=ZWE", "map?country=ZWE", "drivers", "policy", "studies", "methods"]
DRIVERS_TABS = ["By cadre", "By decade", "By status", "Behind a number"]
STEPS = len(story_steps(load_policy_options()))


def address(path: str, lang: str, **params: str) -> str:
    query = params | ({"lang": lang} if lang != "en" else {})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@contextmanager
def opened(browser, base_url, lang: str, viewport: tuple[int, int], **context_args):
    """(lang, page, open): one page for a language and a screen size, kept open across a module's tests."""
    blocked: list[str] = []
    context = offline_context(browser, blocked, viewport={"width": viewport[0], "height": viewport[1]}, **context_args)
    page = context.new_page()
    page.set_default_timeout(20_000)

    def _open(path: str, **params: str):
        page.goto(f"{base_url}/{address(path, lang, **params)}")
        wait_until_idle(page)
        settle(page)
        return page

    yield lang, page, _open
    context.close()
    assert blocked == [], f"requests to other hosts: {blocked}"


@pytest.fixture(scope="module", params=LANGS)
def lang_page(request, browser, base_url):
    with opened(browser, base_url, request.param, PROJECTOR) as session:
        yield session


@pytest.fixture(scope="module", params=LANGS[-1:])
def phone_page(request, browser, base_url):
    with opened(browser, base_url, request.param, PHONE, is_mobile=True, has_touch=True) as session:
        yield session


def settle(page) -> None:
    """Wait until every chart is drawn and the page stops changing: Streamlit draws some elements (a code block,
    a data grid) a moment after the run has finished, and axe checks only what is in the DOM."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(c => c.querySelector('.main-svg'))""",
        timeout=30_000,
    )
    # Then the page must stay unchanged (no node added or removed, no text edited) for a while.
    wait_until_idle(page, quiet_ms=800)


def assert_clean(page, where: str, within: str | None = None) -> None:
    no_error(page)
    violations = axe_violations(page, within=within)
    assert not violations, describe(violations, where)


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_violation(lang_page, path):
    lang, page, open_page = lang_page
    open_page(path)
    assert_clean(page, f"/{path} ({lang})")


@pytest.mark.parametrize("path", PAGES)
def test_page_on_a_phone_has_no_serious_violation(phone_page, path):
    lang, page, open_page = phone_page
    open_page(path)
    assert_clean(page, f"/{path} at {PHONE[0]}×{PHONE[1]} ({lang})")


def test_drivers_tabs_and_an_open_table_have_no_serious_violation(lang_page):
    lang, page, open_page = lang_page
    open_page("drivers")
    with use_language(lang):
        page.get_by_text(_("Numbers behind this chart")).first.click()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    wait_until_idle(page)
    assert_clean(page, f"/drivers, Ranking with its table open ({lang})")
    for tab in DRIVERS_TABS:
        with use_language(lang):
            page.get_by_role("tab", name=_(tab)).click()
        page.wait_for_function("name => location.search.includes('tab=' + name.replaceAll(' ', '+'))", arg=tab)
        wait_until_idle(page)
        settle(page)
        assert_clean(page, f"/drivers, tab {tab} ({lang})")


@pytest.mark.parametrize("lang", LANGS)
def test_offline_story_file_has_no_serious_violation(browser, evidence, tmp_path, lang):
    from components.presentation.handouts import story_file
    from components.tables.policy import load_policy

    policy = load_policy()
    with use_language(lang):
        steps = story_steps(policy.options)
        html = story_file(evidence, evidence, policy, steps, ("GHA",), "Ghana")
    path = tmp_path / "story.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto(path.as_uri())
    try:
        for number in range(1, len(steps) + 1):
            page.wait_for_function(
                "() => [...document.querySelectorAll('section.current .js-plotly-plot')]"
                ".every(p => p.querySelector('.main-svg'))"
            )
            violations = axe_violations(page, within=None if number == 1 else "section.current")
            assert not violations, describe(violations, f"story file, step {number}")
            page.keyboard.press("ArrowRight")
    finally:
        context.close()


def _in(lang: str, message: str) -> str:
    with use_language(lang):
        return _(message)


def test_a_chart_is_described_by_its_text_alternative(lang_page, evidence):
    """The ranking chart on /drivers is a figure whose accessible description names its largest share."""
    from components.analysis.aggregations import driver_shares
    from components.core.i18n import ngettext, percent

    lang, page, open_page = lang_page
    open_page("drivers")
    chart = page.locator('[data-testid="stPlotlyChart"][aria-describedby]').first
    chart.wait_for()
    assert chart.get_attribute("role") == "figure"
    described = page.evaluate("id => document.getElementById(id).textContent", chart.get_attribute("aria-describedby"))
    with use_language(lang):
        top = driver_shares(evidence).query("group == 'migration'").sort_values("share", ascending=False).iloc[0]
        opening = ngettext(
            "Bar chart of the share of {n} study reporting each driver",
            "Bar chart of the share of {n} studies reporting each driver",
            evidence.n_studies,
        ).format(n=evidence.n_studies)
        largest = f"{top['label']} {percent(top['share'])}"
    assert described.startswith(opening)
    assert largest in described


@pytest.mark.parametrize("lang", LANGS)
def test_the_audience_view_has_no_serious_violation_and_every_chart_a_text(browser, base_url, lang):
    """The light page a phone opens from the QR code: a step with a bar chart, an option, and the closing step,
    with and without a country lens; each chart carries a text alternative."""
    blocked: list[str] = []
    context = offline_context(browser, blocked, viewport={"width": PHONE[0], "height": PHONE[1]}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(60_000)  # the first visit of a step draws its chart (Kaleido)
    try:
        for lens, step in (("all", 2), ("all", 3), ("NGA", 2), ("all", STEPS)):
            page.goto(f"{base_url}/audience/{lang}/{lens}/{step}")
            page.locator("h1").first.wait_for()
            violations = axe_violations(page)
            assert not violations, describe(violations, f"audience view {lang}/{lens}/{step}")
            charts = page.locator("figure svg[role='img']")
            assert charts.count() >= 1, f"no chart on {lang}/{lens}/{step}"
            for chart in charts.all():
                text_id = chart.get_attribute("aria-labelledby")
                assert text_id and page.locator(f"#{text_id}").inner_text().strip(), (
                    f"a chart without a text alternative on {lang}/{lens}/{step}"
                )
    finally:
        context.close()
    assert blocked == [], f"requests to other hosts: {blocked}"
