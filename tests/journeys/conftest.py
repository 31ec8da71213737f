"""Journeys: a person in headless Chromium, acting only as a person does (click, type, drag, keys, reload, back,
opening a copied link in a fresh browser). No test here sets session state or writes a URL parameter by hand,
except to open a link a person was given."""

import time

import pytest
from playwright.sync_api import expect

from components.core.i18n import _, ngettext, use_language
from harness.browser import offline_context, server_log_tail, wait_until_idle
from tests.support.waiting import BROWSER_WAIT_MS

LAPTOP, PROJECTOR, PHONE = (1280, 800), (1280, 720), (390, 844)
NARROW_PHONE = (360, 800)  # many Android phones: the narrowest screen the atlas is laid out for
# The main journeys run in each language of the atlas, opened from a link the person was given (?lang=fr).
LANGUAGES = ("en", "fr")


class Words:
    """What the atlas says in one language, read from its catalogue, so a journey's expectations follow the
    language it runs in: words("Presenter mode"), words.n("{n} study", "{n} studies", 3, n=3)."""

    def __init__(self, lang: str = "en"):
        self.lang = lang

    def __call__(self, message: str, **values) -> str:
        with use_language(self.lang):
            text = _(message)
        return text.format(**values) if values else text

    def n(self, singular: str, plural: str, k: int, **values) -> str:
        with use_language(self.lang):
            return ngettext(singular, plural, k).format(**values)

    def data(self, function, *args):
        """A name or label from the data (a country, a driver) in this language."""
        with use_language(self.lang):
            return function(*args)

    def link(self, path: str = "") -> str:
        """The address a person is given: ``path`` in this language (English links carry no lang)."""
        if self.lang == "en":
            return path
        return f"{path}{'&' if '?' in path else '?'}lang={self.lang}"


def plain(text: str) -> str:
    """A Markdown sentence as the page shows it (no ** or *)."""
    return text.replace("**", "").replace("*", "")


class Person:
    """One person's browser (a fresh context: no cookies, no session), with what they can do."""

    def __init__(self, browser, base_url, blocked, viewport, lang="en"):
        self.base_url = base_url
        self.words = Words(lang)
        self.context = offline_context(
            browser,
            blocked,
            viewport={"width": viewport[0], "height": viewport[1]},
            accept_downloads=True,
            permissions=["clipboard-read", "clipboard-write"],
            has_touch=viewport[0] <= PHONE[0],
            is_mobile=viewport[0] <= PHONE[0],
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(BROWSER_WAIT_MS)
        self.log: list[str] = []
        self._watch(self.page)

    def _watch(self, page):
        """Keep what a failure report needs: the browser's warnings and errors, and the app's connection opening
        and closing (a key press can only reach the server while it is open)."""
        start = time.monotonic()

        def note(text: str) -> None:
            self.log.append(f"{time.monotonic() - start:7.2f} s  {text}")

        page.on("console", lambda m: note(f"console {m.type}: {m.text}") if m.type in ("warning", "error") else None)
        page.on("pageerror", lambda error: note(f"page error: {error}"))
        page.on("load", lambda p: note(f"loaded {p.url}"))

        def socket(ws):
            note(f"websocket open {ws.url}")
            ws.on("close", lambda _ws: note("websocket closed"))

        page.on("websocket", socket)

    def open(self, path: str = ""):
        self.page.goto(f"{self.base_url}/{path}")
        self.idle()
        return self.page

    def open_link(self, url: str):
        """Paste a whole address (e.g. one copied from someone else's browser) and open it."""
        self.page.goto(url)
        self.idle()
        return self.page

    def idle(self):
        wait_until_idle(self.page)

    @property
    def query(self) -> dict[str, str]:
        from urllib.parse import parse_qsl, urlparse

        return dict(parse_qsl(urlparse(self.page.url).query))

    def main_text(self) -> str:
        return self.page.locator('[data-testid="stMainBlockContainer"]').inner_text()

    def open_sidebar(self):
        """Tap the button that slides the sidebar in (on a phone it starts closed) and wait until it is in view."""
        self.page.locator('[data-testid="stExpandSidebarButton"]').first.click()
        expect(self.page.locator('[data-testid="stSidebarContent"]')).to_be_in_viewport()

    def close_sidebar(self):
        self.page.locator(
            '[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebarCollapseButton"]'
        ).first.click()
        expect(self.page.locator('[data-testid="stSidebarContent"]')).not_to_be_in_viewport()

    def sidebar_pick(self, label: str, typed: str, press: str = "Enter"):
        """Type into a sidebar multiselect and press Enter, as a person picking an option by keyboard."""
        box = self.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)
        box.locator("input").click()
        self.page.keyboard.type(typed, delay=30)
        self.see_first_option(typed)
        self.page.keyboard.press(press)
        self.idle()
        self.page.keyboard.press("Escape")
        self.idle()

    def see_first_option(self, typed: str):
        """Wait until the open list shows, first, an option with what was typed (Enter then picks it)."""
        expect(self.page.get_by_role("option").first).to_contain_text(typed, ignore_case=True)

    def click_button(self, name: str):
        self.page.get_by_role("button", name=name, exact=True).first.click()
        self.idle()

    def choose(self, label: str, option: str):
        """Open a select box by its label and click one option."""
        box = self.page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
        box.click()
        options = self.page.get_by_role("option")
        try:
            options.first.wait_for(timeout=2_000)
        except Exception:  # the click only focused the box (e.g. right after closing another list): click again
            box.click()
        # Long lists are virtualised: type to bring the option into view, as a person does.
        self.page.keyboard.type(option.split(" (")[0].rstrip(". "), delay=20)
        options.filter(has_text=option).first.click()
        self.idle()

    def copy_link(self, nth: int = 0) -> str:
        """Click 'Copy link to this view' and read the clipboard, as the person pastes it elsewhere."""
        self.page.evaluate("navigator.clipboard.writeText('')")
        self.page.get_by_role("button", name=self.words("Copy link to this view")).nth(nth).click()
        self.page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
        return self.page.evaluate("navigator.clipboard.readText()")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed journey's report shows each person's browser log and the end of the server's log."""
    outcome = yield
    report = outcome.get_result()
    people = getattr(item, "atlas_people", None)
    if report.when != "call" or not report.failed or not people:
        return
    for number, someone in enumerate(people, 1):
        report.sections.append((f"person {number}: browser", "\n".join(someone.log) or "(nothing logged)"))
    report.sections.append(("server log (end)", server_log_tail(people[0].base_url) or "(nothing logged)"))


@pytest.fixture()
def person(request, browser, base_url):
    """person(viewport) -> a Person; the test fails if any request left the machine."""
    blocked: list[str] = []
    people: list[Person] = []
    request.node.atlas_people = people

    def _make(viewport=LAPTOP, lang="en"):
        someone = Person(browser, base_url, blocked, viewport, lang)
        people.append(someone)
        return someone

    yield _make
    for someone in people:
        someone.context.close()
    assert blocked == [], f"requests to other hosts: {blocked}"
