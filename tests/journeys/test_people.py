"""The three people the atlas is for, each doing a whole task end to end (issue #11), in each language: the person
opens a link they were given (in French: ?lang=fr) and reads what the atlas says in that language."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from components.analysis.aggregations import studies_reporting
from components.analysis.filters import Filters, apply_filters
from components.core.countries import country_name
from components.presentation.story_steps import story_steps
from components.tables.policy import load_policy_options
from harness.browser import no_error
from tests.journeys.conftest import LANGUAGES, LAPTOP, PHONE, PROJECTOR, plain

STEPS = len(story_steps(load_policy_options()))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_policymaker_why_ghanas_nurses_leave_which_options_fit_a_brief_to_forward(person, evidence, lang):
    someone = person(LAPTOP, lang)
    say = someone.words
    page = someone.open(say.link(""))
    someone.choose(say("Find the studies from a country"), "Ghana (")
    page.get_by_role("link", name=say("Open {country}'s profile", country="Ghana")).click()
    someone.idle()
    someone.sidebar_pick(say("Cadre"), say.data(evidence.vocabulary.cadre_label, "nurses"))
    n = apply_filters(evidence, Filters(countries=("GHA",), cadres=("nurses",))).n_studies
    studies = say.n("{n} study", "{n} studies", n, n=n)
    title = page.locator(".gtitle").first.text_content()
    assert f"{studies} · " in title and say.data(country_name, "GHA") in title
    page.get_by_role("link", name=say("Drivers for {country}", country="Ghana")).click()
    someone.idle()
    assert say.n("n = {n} study.", "n = {n} studies.", n, n=n) in someone.main_text()
    small = say("⚠ only {studies}: fewer than {limit}, read with care", studies=studies, limit=10)
    assert small in someone.main_text()
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=say("Policy story")).click()
    someone.idle()
    # The story opens on the country explored so far, as its own lens: it is told through the lens (as on the
    # audience's phones and in the offline file), so its numbers are all of Ghana's studies, nurses' and others'.
    assert someone.query.get("lens") == "GHA" and "cadre" not in someone.query
    assert someone.query.get("lang") == (None if lang == "en" else lang)
    ghana = apply_filters(evidence, Filters(countries=("GHA",))).n_studies
    someone.choose(say("Jump to step"), f"{STEPS}. ")
    assert say("from {values}", values="Ghana") in someone.main_text()
    with page.expect_download() as info:
        page.get_by_role("button", name=say("Download the story (one offline HTML file)")).click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Ghana" in html and "<script>" in html and f"<html lang='{lang}'>" in html
    assert say("Step {number} of {total}", number=STEPS, total=STEPS) in html
    assert say("Policy story: health worker migration") in html
    if lang == "en":
        assert f"of {ghana} studies" in html
    no_error(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_presenter_steps_through_the_whole_story_with_the_keyboard(person, lang):
    someone = person(PROJECTOR, lang)
    say = someone.words
    page = someone.open(say.link("policy"))
    page.get_by_text(say("Presenter mode"), exact=True).click()
    someone.idle()
    progress = page.locator('[data-testid="stProgress"]')
    # A few steps by the clicker's arrow, then to the end (every step by arrow: the walks of test_talk_fit.py).
    for number in range(2, 5):
        page.keyboard.press("ArrowRight")
        someone.idle()
        assert say("Step {number} of {total}", number=number, total=STEPS) in progress.inner_text()
    page.keyboard.press("End")
    someone.idle()
    assert say("Step {number} of {total}", number=STEPS, total=STEPS) in progress.inner_text()
    page.reload()
    someone.idle()
    assert say("Step {number} of {total}", number=STEPS, total=STEPS) in progress.inner_text()
    expect(page.locator('[data-testid="stSidebar"]').first).to_be_hidden()
    page.keyboard.press("Escape")
    someone.idle()
    expect(page.locator('[data-testid="stSidebar"]').first).to_be_visible()  # presenter mode is left
    no_error(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_student_on_a_phone_nigeria_doctors_security_source_and_share(person, evidence, lang):
    someone = person(PHONE, lang)
    say = someone.words
    page = someone.open(say.link("drivers"))
    someone.open_sidebar()
    someone.sidebar_pick(say("Source country"), say.data(country_name, "NGA"))
    someone.sidebar_pick(say("Cadre"), say.data(evidence.vocabulary.cadre_label, "doctors"))
    someone.close_sidebar()
    page.get_by_role("tab", name=say("Behind a number")).click()
    someone.idle()
    security = say.data(evidence.vocabulary.driver_label, "security")
    someone.choose(say("Driver"), security)
    subset = apply_filters(evidence, Filters(countries=("NGA",), cadres=("doctors",)))
    behind = studies_reporting(subset, "security")
    k = len(behind)
    sentence = plain(
        say.n(
            "**{studies}** reports *{driver}*.",
            "**{studies}** report *{driver}*.",
            k,
            studies=say.n("{n} study", "{n} studies", k, n=k),
            driver=security,
        )
    )
    assert sentence in someone.main_text()
    source = page.get_by_role("link", name=say("Source")).first
    assert source.get_attribute("href") == behind.iloc[0]["link"]
    link = someone.copy_link()
    classmate = person(PHONE)  # a fresh browser: the language comes with the link
    classmate.open_link(link)
    assert sentence in classmate.main_text()
    assert classmate.query.get("country") == "NGA" and classmate.query.get("cadre") == "doctors"
    assert classmate.query.get("lang") == (None if lang == "en" else lang)
