"""The three people the atlas is for, each doing a whole task end to end (issue #11)."""

from pathlib import Path

from components.aggregations import studies_reporting
from components.filters import Filters, apply_filters
from components.policy import load_policy_options, story_steps
from harness.browser import no_error
from tests.journeys.conftest import LAPTOP, PHONE, PROJECTOR

STEPS = len(story_steps(load_policy_options()))


def test_policymaker_why_ghanas_nurses_leave_which_options_fit_a_brief_to_forward(person, evidence):
    someone = person(LAPTOP)
    page = someone.open("")
    someone.choose("Find the studies from a country", "Ghana (")
    page.get_by_role("link", name="Open Ghana's profile").click()
    someone.idle()
    someone.sidebar_pick("Cadre", "Nurses")
    n = apply_filters(evidence, Filters(countries=("GHA",), cadres=("nurses",))).n_studies
    assert f"{n} studies from Ghana" in page.locator(".gtitle").first.text_content()
    page.get_by_role("link", name="Drivers for Ghana").click()
    someone.idle()
    assert f"n = {n} studies" in someone.main_text()
    assert "fewer than 10, read with care" in someone.main_text()
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Policy story").click()
    someone.idle()
    assert someone.query.get("country") == "GHA" and someone.query.get("cadre") == "nurses"
    someone.choose("Jump to step", f"{STEPS}. ")
    assert "from Ghana" in someone.main_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the story (one offline HTML file)").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Ghana" in html and f"of {n} studies" in html and "<script>" in html
    no_error(page)


def test_presenter_steps_through_the_whole_story_with_the_keyboard(person):
    someone = person(PROJECTOR)
    page = someone.open("policy")
    page.get_by_text("Presenter mode", exact=True).click()
    someone.idle()
    for number in range(2, STEPS + 1):
        page.keyboard.press("ArrowRight")
        someone.idle()
        assert f"Step {number} of {STEPS}" in page.locator('[data-testid="stProgress"]').inner_text()
    page.reload()
    someone.idle()
    assert f"Step {STEPS} of {STEPS}" in page.locator('[data-testid="stProgress"]').inner_text()
    assert not page.locator('[data-testid="stSidebar"]').first.is_visible()
    page.keyboard.press("Escape")
    someone.idle()
    assert page.locator('[data-testid="stSidebar"]').first.is_visible()
    no_error(page)


def test_student_on_a_phone_nigeria_doctors_security_source_and_share(person, evidence):
    someone = person(PHONE)
    page = someone.open("drivers")
    page.locator('[data-testid="stExpandSidebarButton"]').first.click()
    page.wait_for_timeout(400)
    someone.sidebar_pick("Source country", "Nigeria")
    someone.sidebar_pick("Cadre", "Doctors")
    page.locator(
        '[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebarCollapseButton"]'
    ).first.click()
    page.wait_for_timeout(400)
    page.get_by_role("tab", name="Behind a number").click()
    someone.idle()
    someone.choose("Driver", "Security problems")
    subset = apply_filters(evidence, Filters(countries=("NGA",), cadres=("doctors",)))
    behind = studies_reporting(subset, "security")
    noun = "study reports" if len(behind) == 1 else "studies report"
    assert f"{len(behind)} {noun} Security problems" in someone.main_text()
    source = page.get_by_role("link", name="Source").first
    assert source.get_attribute("href") == behind.iloc[0]["link"]
    link = someone.copy_link()
    classmate = person(PHONE)
    classmate.open_link(link)
    assert f"{len(behind)} {noun} Security problems" in classmate.main_text()
    assert classmate.query.get("country") == "NGA" and classmate.query.get("cadre") == "doctors"
