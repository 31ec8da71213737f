"""The hall follows the talk (issues #22 item 4, #29 item 2): the presenter shows a QR code in presenter mode, a
phone scans it from the projected screen, opens the link cold and follows the presenter's clicker; a phone can step
away and come back; a phone without JavaScript still gets the presenter's step by a plain link."""

import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from components.analysis.filters import Filters, apply_filters
from components.core.i18n import use_language
from components.presentation.story import build_step
from components.presentation.story_steps import story_steps
from components.tables.evidence import load_evidence
from components.tables.policy import load_policy
from harness.browser import offline_context
from tests.journeys.conftest import PHONE, PROJECTOR

FOLLOW_WITHIN_MS = 3_000  # a phone shows the presenter's new step this soon after the click


@pytest.fixture(scope="module", autouse=True)
def drawn_pages():
    """The audience pages drawn before the talk, as a served atlas has them (the server reads the same runtime
    folder): a chart's first drawing by Kaleido takes seconds on a busy machine, which is not what a hall waits."""
    from audience import render

    render.render_all()


def _titles(lang: str) -> list[str]:
    """Every step's title as the story builds it with no lens (what the slide and the phone both say)."""
    evidence = load_evidence()
    policy = load_policy(driver_codes=evidence.vocabulary.driver_codes)
    with use_language(lang):
        steps = story_steps(policy.options)
        selected = apply_filters(evidence, Filters())
        description = Filters().describe(evidence.vocabulary)
        return [build_step(step, len(steps), selected, evidence, policy, (), description).title for step in steps]


def _show_audience_link(presenter):
    """Presenter mode on, then the audience control: follow on, the QR code up."""
    page = presenter.page
    page.get_by_text(presenter.words("Presenter mode"), exact=True).click()
    presenter.idle()
    page.get_by_role("button", name=presenter.words("Audience link")).click()
    page.get_by_text(presenter.words("Audience follows me"), exact=True).click()
    presenter.idle()
    qr = page.get_by_role("img", name=presenter.words("QR code of the audience link"))
    expect(qr).to_be_visible()
    return qr


def _press_and_see(presenter, key: str, number: int, total: int):
    """The presenter presses a clicker key, once the slide is drawn, and sees the slide's step counter move on."""
    presenter.idle()
    presenter.page.keyboard.press(key)
    progress = presenter.page.locator('[data-testid="stProgress"]')
    expect(progress).to_contain_text(presenter.words("Step {number} of {total}", number=number, total=total))


def _slow_link(page):
    """The hall's Wi-Fi as issue #29 measures it: 1.6 Mbit/s down, 150 ms (Chromium's network emulation)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8},
    )


def _scan(page, tmp_path) -> str:
    """What a phone camera reads from the projected screen: the QR code decoded from a screenshot of it."""
    shot = tmp_path / "screen.png"
    page.screenshot(path=shot)
    codes = zxingcpp.read_barcodes(Image.open(shot))
    assert len(codes) == 1, f"{len(codes)} QR codes readable on the screen"
    return codes[0].text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_phone_scans_the_qr_and_follows_the_presenter(person, lang, tmp_path):
    titles = _titles(lang)
    presenter = person(PROJECTOR, lang)
    presenter.open(presenter.words.link("policy"))
    qr = _show_audience_link(presenter)
    box = qr.bounding_box()
    assert box and box["width"] >= 360 and box["height"] >= 360, f"QR code of {box} px: too small for a hall"
    link = _scan(presenter.page, tmp_path)
    # The short link is printed beside the code, readable, and is the address the code holds.
    shown = presenter.page.get_by_text(re.compile(r"/t/[a-z0-9]{6}$")).inner_text()
    assert link.endswith(shown.strip()) and link.startswith(presenter.base_url)

    phone = person(PHONE, lang)
    _slow_link(phone.page)
    phone.page.goto(link)  # cold: a fresh context, as a phone that scanned the code, on a 3G-like link
    heading = phone.page.locator("h1")
    expect(heading).to_have_text(titles[0])
    expect(phone.page.locator("html")).to_have_attribute("lang", lang)

    presenter.page.keyboard.press("Escape")  # the QR code closes; the talk goes on
    for number, key in ((2, "PageDown"), (3, "ArrowRight"), (4, "PageDown")):
        presenter.idle()  # the presenter clicks once the slide is drawn, as a person does
        presenter.page.keyboard.press(key)
        expect(heading).to_have_text(titles[number - 1], timeout=FOLLOW_WITHIN_MS)
        expect(phone.page.locator(".progress")).to_contain_text(f"{number}")

    # The phone steps away to read the next step, the presenter goes on, the phone comes back.
    phone.page.get_by_role("link", name=phone.words("Next")).click()
    expect(heading).to_have_text(titles[4])
    _press_and_see(presenter, "PageDown", 5, len(titles))
    _press_and_see(presenter, "PageDown", 6, len(titles))
    expect(heading).to_have_text(titles[4])  # away: the phone stays where its reader went
    phone.page.get_by_role("link", name=phone.words("Follow the presenter")).click()
    expect(heading).to_have_text(titles[5])
    presenter.idle()
    presenter.page.keyboard.press("ArrowRight")
    expect(heading).to_have_text(titles[6], timeout=FOLLOW_WITHIN_MS)


def test_a_phone_without_javascript_reaches_the_presenters_step_by_plain_links(browser, person, tmp_path):
    titles = _titles("en")
    presenter = person(PROJECTOR)
    presenter.open("policy")
    _show_audience_link(presenter)
    link = _scan(presenter.page, tmp_path)
    presenter.page.keyboard.press("Escape")
    _press_and_see(presenter, "PageDown", 2, len(titles))

    blocked: list[str] = []
    context = offline_context(
        browser, blocked, viewport={"width": PHONE[0], "height": PHONE[1]}, java_script_enabled=False
    )
    try:
        phone = context.new_page()
        phone.goto(link)
        expect(phone.locator("h1")).to_have_text(titles[1])
        phone.get_by_role("link", name="Next").click()
        expect(phone.locator("h1")).to_have_text(titles[2])
        _press_and_see(presenter, "PageDown", 3, len(titles))
        _press_and_see(presenter, "PageDown", 4, len(titles))
        phone.get_by_role("link", name="Follow the presenter").click()
        expect(phone.locator("h1")).to_have_text(titles[3])
    finally:
        context.close()
    assert blocked == []


def test_the_configured_public_address_is_in_the_qr_code_and_the_copied_link(browser, tmp_path):
    """A hall reaches the atlas by its public name (ATLAS_PUBLIC_URL), whatever address the presenter's laptop
    used: the QR code, the short link and "Copy link to this view" all give that name."""
    from harness.browser import atlas_server
    from tests.journeys.conftest import Person

    public = "https://atlas.example.org"
    blocked: list[str] = []
    with atlas_server(env={"ATLAS_PUBLIC_URL": public}) as base:
        presenter = Person(browser, base, blocked, PROJECTOR)
        try:
            presenter.open("policy")
            copied = presenter.copy_link()
            assert copied.startswith(public + "/policy"), copied
            _show_audience_link(presenter)
            link = _scan(presenter.page, tmp_path)
            assert re.fullmatch(re.escape(public) + r"/t/[a-z0-9]{6}", link), link
            expect(presenter.page.get_by_text(link.removeprefix("https://"), exact=True)).to_be_visible()
        finally:
            presenter.context.close()
    assert blocked == []
