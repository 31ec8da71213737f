"""A presenter on a 1280×720 projector with a clicker (issue #11, defects 2, 3, 4, 5)."""

import re
import struct
from pathlib import Path

import pytest
from playwright.sync_api import expect

from components.presentation.story_steps import story_steps
from components.tables.policy import load_policy_options
from harness.browser import no_error
from tests.journeys.conftest import PROJECTOR

STEPS = len(story_steps(load_policy_options()))


def _step(someone) -> int:
    """The step the progress line names ("Step 3 of 9", "Étape 3 sur 9")."""
    text = someone.page.locator('[data-testid="stProgress"]').inner_text()
    return int(re.search(r"\d+", text).group())


def _sidebar_shown(page) -> None:
    """The sidebar is on screen, as a person looking at it would find it (waiting for the page to settle)."""
    expect(page.locator('[data-testid="stSidebar"]').first).to_be_visible()


def _sidebar_hidden(page) -> None:
    """No sidebar on screen: the slides alone (waiting, as a person would, for the page to settle after a reload)."""
    expect(page.locator('[data-testid="stSidebar"]').first).to_be_hidden()


def _press(someone, key):
    someone.page.keyboard.press(key)
    someone.idle()


def _enter_presenter_mode(someone):
    someone.page.get_by_text(someone.words("Presenter mode"), exact=True).click()
    someone.idle()


def test_presenter_mode_is_one_toggle_kept_in_the_link(person):
    someone = person(PROJECTOR)
    page = someone.open("policy")
    _sidebar_shown(page)
    _enter_presenter_mode(someone)
    assert someone.query.get("present") == "1"
    _sidebar_hidden(page)
    someone.click_button("Next ▶")
    assert _step(someone) == 2
    assert someone.query.get("present") == "1" and someone.query.get("step") == "2"
    _sidebar_hidden(page)
    page.reload()
    someone.idle()
    assert _step(someone) == 2 and someone.query.get("present") == "1"
    _sidebar_hidden(page)
    page.get_by_text("Presenter mode", exact=True).click()
    someone.idle()
    assert "present" not in someone.query and _step(someone) == 2
    _sidebar_shown(page)


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
    assert "present" not in someone.query
    _sidebar_shown(page)
    no_error(page)


# Every step fitting the projector with the Next button never moving: checked on each step of the walks in
# test_talk_fit.py (tests/journeys/projector.py), one walk per language and lens.


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
