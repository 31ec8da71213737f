"""A presenter on a 1280×720 projector with a clicker (issue #11, defects 2, 3, 4, 5)."""

import re
import struct
from pathlib import Path

import pytest

from components.presentation.story_steps import story_steps
from components.tables.policy import load_policy_options
from harness.browser import no_error
from tests.journeys.conftest import PROJECTOR
from tests.journeys.fit import wait_for_charts

STEPS = len(story_steps(load_policy_options()))


def _step(someone) -> int:
    """The step the progress line names ("Step 3 of 9", "Étape 3 sur 9")."""
    text = someone.page.locator('[data-testid="stProgress"]').inner_text()
    return int(re.search(r"\d+", text).group())


def _sidebar_visible(page) -> bool:
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.count() > 0 and sidebar.first.is_visible()


def _press(someone, key):
    someone.page.keyboard.press(key)
    someone.idle()


def _enter_presenter_mode(someone):
    someone.page.get_by_text(someone.words("Presenter mode"), exact=True).click()
    someone.idle()


def test_presenter_mode_is_one_toggle_kept_in_the_link(person):
    someone = person(PROJECTOR)
    page = someone.open("policy")
    assert _sidebar_visible(page)
    _enter_presenter_mode(someone)
    assert someone.query.get("present") == "1" and not _sidebar_visible(page)
    someone.click_button("Next ▶")
    assert _step(someone) == 2
    assert someone.query.get("present") == "1" and someone.query.get("step") == "2" and not _sidebar_visible(page)
    page.reload()
    someone.idle()
    assert _step(someone) == 2 and not _sidebar_visible(page) and someone.query.get("present") == "1"
    page.get_by_text("Presenter mode", exact=True).click()
    someone.idle()
    assert "present" not in someone.query and _sidebar_visible(page) and _step(someone) == 2


def test_clicker_and_keyboard_keys_step_the_story(person):
    someone = person(PROJECTOR)
    page = someone.open("policy")
    _enter_presenter_mode(someone)
    for key, expected in [
        ("ArrowRight", 2),
        ("PageDown", 3),
        (" ", 4),
        ("PageUp", 3),
        ("ArrowLeft", 2),
        ("End", STEPS),
        ("Home", 1),
    ]:
        _press(someone, key)
        assert _step(someone) == expected, key
        assert someone.query.get("step", "1") == str(expected)
    _press(someone, "Escape")
    assert "present" not in someone.query and _sidebar_visible(page)
    no_error(page)


# With a country lens, steps carry more lines; in French, every line is longer.
@pytest.mark.parametrize(
    "link, lang",
    [("policy", "en"), ("policy?country=GHA", "en"), ("policy?lang=fr", "fr"), ("policy?country=GHA&lang=fr", "fr")],
)
def test_every_step_fits_the_projector_and_the_controls_never_move(person, link, lang):
    someone = person(PROJECTOR, lang)
    page = someone.open(link)
    _enter_presenter_mode(someone)
    positions = set()
    for number in range(1, STEPS + 1):
        assert _step(someone) == number
        wait_for_charts(page)
        lowest = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
            '[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]')]
            .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height > 0)
            .map(e => e.getBoundingClientRect().bottom))""")
        assert lowest <= PROJECTOR[1], f"step {number} ends at {lowest:.0f} px, below the 720 px screen"
        box = page.get_by_role("button", name=someone.words("Next ▶")).bounding_box()
        positions.add((round(box["x"]), round(box["y"]), round(box["width"])))
        if number == 1:
            cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
                .filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.innerText)""")
            assert cut == [], f"metric labels cut: {cut}"
        ticks = page.locator(".xtick text").all_text_contents()
        assert not any(t.strip().startswith(("−", "-")) for t in ticks), f"step {number} axis below zero: {ticks}"
        if number < STEPS:
            _press(someone, "ArrowRight")
    assert len(positions) == 1, f"the Next button moved: {positions}"


def test_the_chart_camera_saves_a_png_at_twice_the_size_named_after_the_chart(person):
    someone = person(PROJECTOR)
    page = someone.open("policy")
    someone.click_button("Next ▶")
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    width = chart.bounding_box()["width"]
    with page.expect_download() as download_info:
        page.locator('.modebar-btn[data-title*="png" i]').first.click()
    download = download_info.value
    assert download.suggested_filename.startswith("atlas_story_step2") and download.suggested_filename.endswith(".png")
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    png_width = struct.unpack(">I", data[16:20])[0]
    assert png_width == pytest.approx(2 * width, rel=0.05)
