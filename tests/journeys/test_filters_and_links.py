"""Journeys through the shared filters, the map, and links that carry a whole view (issue #11, defects 1, 6, 7, 8)."""

import re

from playwright.sync_api import expect

from components.analysis.aggregations import corridor_counts, studies_reporting
from components.analysis.filters import Filters, apply_filters
from components.analysis.search import search_studies
from components.tables.evidence import DECADES
from harness.browser import no_error
from tests.journeys.conftest import LAPTOP, PHONE, Words


def _slider_thumbs(page):
    """The decade slider's two thumbs (their range inputs carry the value a screen reader announces)."""
    return page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input[type="range"]')


def _thumb(page, index):
    """The visible handle a person grabs (the range input sits inside it, visually hidden)."""
    return _slider_thumbs(page).nth(index).locator("xpath=../..")


def _decades_with_studies(evidence):
    present = [i for i, d in enumerate(DECADES) if d in set(evidence.studies["decade"])]
    return DECADES[min(present) : max(present) + 1]


def test_decade_slider_keeps_a_value_moved_by_keyboard_and_by_drag(person, evidence):
    someone = person()
    page = someone.open("drivers")
    decades = _decades_with_studies(evidence)
    thumbs = _slider_thumbs(page)
    assert thumbs.first.get_attribute("aria-valuetext") == decades[0], (
        "the slider starts at the first decade with studies"
    )
    _thumb(page, 0).click()
    page.keyboard.press("ArrowRight")
    someone.idle()
    expected = apply_filters(evidence, Filters(decade_from=decades[1], decade_to=decades[-1])).n_studies
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text(f"{expected} of {evidence.n_studies} studies match")
    assert _slider_thumbs(page).first.get_attribute("aria-valuetext") == decades[1]
    assert someone.query.get("decade") == f"{decades[1]}-{decades[-1]}"
    assert f"{expected} of {evidence.n_studies} studies match" in page.locator('[data-testid="stSidebar"]').inner_text()
    # Drag the upper thumb one step to the left.
    box = _thumb(page, 1).bounding_box()
    track = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').bounding_box()
    step = (track["width"] - 20) / (len(decades) - 1)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - step, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    someone.idle()
    expected = apply_filters(evidence, Filters(decade_from=decades[1], decade_to=decades[-2])).n_studies
    expect(sidebar).to_contain_text(f"{expected} of {evidence.n_studies} studies match")
    assert _slider_thumbs(page).last.get_attribute("aria-valuetext") == decades[-2]
    page.reload()
    someone.idle()
    assert _slider_thumbs(page).first.get_attribute("aria-valuetext") == decades[1]
    assert _slider_thumbs(page).last.get_attribute("aria-valuetext") == decades[-2]
    no_error(page)


def test_typing_a_country_and_enter_selects_only_that_country(person, evidence):
    someone = person()
    page = someone.open("studies")
    someone.sidebar_pick("Source country", "Ghana")
    assert someone.query.get("country") == "GHA"
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    assert "Ghana (" in box and "Afghanistan" not in box
    ghana = apply_filters(evidence, Filters(countries=("GHA",))).n_studies
    assert f"{ghana} of {evidence.n_studies} studies shown" in someone.main_text()


def test_the_map_follows_the_country_filter_and_lists_a_corridor(person, evidence):
    someone = person()
    page = someone.open("map")
    someone.sidebar_pick("Source country", "Ghana")
    ghana = apply_filters(evidence, Filters(countries=("GHA",)))
    corridors = corridor_counts(ghana)
    corridors = corridors[corridors["source_iso3"] == "GHA"]
    title = page.locator(".gtitle").first.text_content()
    assert f"{ghana.n_studies} studies · {len(corridors)} corridor" in title
    assert title.count("from Ghana") == 1  # the selection, once, on its own line
    # Only Ghana's corridors are drawn: one line trace per width class at most, none from other countries.
    top = corridors.iloc[0]
    label = f"{top['source']} → {top['destination']} ({top['studies']} stud"
    someone.choose("Studies behind a corridor", label)
    assert (
        f"{top['studies']} studies behind" in someone.main_text()
        or f"{top['studies']} study behind" in someone.main_text()
    )
    assert someone.query.get("corridor") == f"{top['source_iso3']}-{top['destination_iso3']}"
    no_error(page)


def test_the_map_draws_only_the_corridors_to_the_chosen_destination(person, evidence):
    """An officer looks at Ghana's and Nigeria's workers going to the United Kingdom: the corridors the map counts
    and lists all end in the UK, though some of those studies also name the USA or Canada."""
    someone = person()
    page = someone.open("map")
    someone.sidebar_pick("Source country", "Ghana")
    someone.sidebar_pick("Source country", "Nigeria")
    someone.sidebar_pick("Destination", "United Kingdom")
    focus = apply_filters(evidence, Filters(countries=("GHA", "NGA"), destinations=("GBR",)))
    every = corridor_counts(focus)
    every = every[every["source_iso3"].isin(("GHA", "NGA"))]
    to_uk = every[every["destination_iso3"] == "GBR"]
    assert len(every) > len(to_uk) > 0, "the example needs studies that name other destinations too"
    title = page.locator(".gtitle").first.text_content()
    assert f"{focus.n_studies} studies · {len(to_uk)} corridor" in title
    assert title.count("Ghana") == 1
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Studies behind a corridor").first
    box.click()
    options = page.get_by_role("option")
    try:
        options.first.wait_for(timeout=2_000)
    except Exception:  # the click only focused the box: open the list with the keyboard (a second click could close
        page.keyboard.press("ArrowDown")  # a list that was just slow to show)
    expect(options.first).to_be_visible()
    offered = [o.strip() for o in options.all_inner_texts()]
    page.keyboard.press("Escape")
    corridors = [o for o in offered if "→" in o]
    assert corridors and all("→ United Kingdom" in o for o in corridors), offered
    no_error(page)


def test_a_copied_studies_search_opens_the_same_rows_in_a_fresh_browser(person, evidence):
    someone = person()
    page = someone.open("studies")
    box = page.get_by_label("Search titles, authors, journals, countries, cadres and drivers")
    box.click()
    page.keyboard.type("security", delay=20)
    page.keyboard.press("Enter")
    someone.idle()
    shown = len(search_studies(evidence, "security"))
    assert f"{shown} of {evidence.n_studies} studies shown" in someone.main_text()
    link = someone.copy_link()
    assert "q=security" in link
    classmate = person()
    other = classmate.open_link(link)
    assert f"{shown} of {evidence.n_studies} studies shown" in classmate.main_text()
    # The box is drawn a moment after the rows' count: wait for what the classmate sees in it.
    expect(other.get_by_label("Search titles, authors, journals, countries, cadres and drivers")).to_have_value(
        "security"
    )


def test_a_copied_drill_down_opens_the_same_driver_in_a_fresh_browser(person, evidence):
    someone = person()
    page = someone.open("drivers")
    page.get_by_role("tab", name="Behind a number").click()
    someone.idle()
    someone.choose("Driver", "Security problems")
    n = len(studies_reporting(evidence, "security"))
    assert f"{n} studies report Security problems" in someone.main_text()
    link = someone.copy_link()
    classmate = person()
    classmate.open_link(link)
    assert f"{n} studies report Security problems" in classmate.main_text()


def test_back_returns_to_the_map_view_that_was_left(person, evidence):
    someone = person()
    page = someone.open("map")
    page.get_by_role("radio", name="Destination countries").click()
    someone.idle()
    someone.sidebar_pick("Source country", "Ghana")
    assert someone.query.get("view") == "destinations"
    page.get_by_role("link", name="Drivers for Ghana").click()
    someone.idle()
    assert "/drivers" in page.url and someone.query.get("country") == "GHA"
    page.go_back()
    someone.idle()
    assert "/map" in page.url
    assert someone.query.get("view") == "destinations" and someone.query.get("country") == "GHA"
    title = page.locator(".gtitle").first.text_content()
    assert "studies · " in title and "from Ghana" in title


def test_switching_to_french_keeps_the_filters_and_a_copied_link_opens_in_french(person, evidence):
    someone = person(LAPTOP)
    page = someone.open("drivers")
    someone.sidebar_pick("Source country", "Ghana")
    someone.sidebar_pick("Cadre", "Nurses")
    page.get_by_role("tab", name="By cadre").click()
    someone.idle()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("radio", name="Français").click()
    someone.idle()
    french = Words("fr")
    assert french("Why health workers leave, and why some stay") in someone.main_text()
    assert someone.query == {"country": "GHA", "cadre": "nurses", "tab": "By cadre", "lang": "fr"}
    # The filters and the open tab are as they were, now in French.
    assert "Ghana" in sidebar.inner_text()
    assert page.get_by_role("tab", name=french("By cadre")).get_attribute("aria-selected") == "true"
    # Moving to another page keeps the language.
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=french("Map")).click()
    someone.idle()
    assert french("Map of the evidence") in someone.main_text()
    assert someone.query.get("lang") == "fr" and someone.query.get("country") == "GHA"
    someone.words = french  # the person now reads the French page
    link = someone.copy_link()
    assert "lang=fr" in link and "country=GHA" in link
    friend = person(LAPTOP)
    friend.open_link(link)
    assert french("Map of the evidence") in friend.main_text()
    assert friend.query.get("country") == "GHA" and friend.query.get("lang") == "fr"
    # And back to English, filters kept.
    friend.page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="English").click()
    friend.idle()
    assert "Map of the evidence" in friend.main_text()
    assert "lang" not in friend.query and friend.query.get("country") == "GHA"
    no_error(friend.page)


def test_typing_part_of_a_cadre_and_enter_picks_the_cadre_not_its_students(person):
    """'Nur' then Enter in the cadre box: nurses (who include their students), as a person typing expects."""
    someone = person()
    someone.open("drivers")
    someone.sidebar_pick("Cadre", "Nur")
    assert someone.query.get("cadre") == "nurses"


def test_the_country_brief_follows_the_country_filter(person):
    """An officer opens Methods, then filters on Ghana: the brief offered is Ghana's, not the first country."""
    someone = person()
    page = someone.open("methods")
    brief = page.get_by_role("button", name=re.compile(r"Download the country brief for "))
    first = brief.inner_text()
    someone.sidebar_pick("Source country", "Ghana")
    expect(brief).to_have_text("Download the country brief for Ghana (HTML)")
    assert "Ghana" not in first


def test_on_a_phone_a_copied_link_to_any_tab_opens_that_tab_in_sight(person, evidence):
    """A student on a phone reads the drivers by migration status and copies that view's link; a classmate opens
    it on that tab, goes on to the last tab (the strip scrolls sideways to reach it) and passes that link on: it
    opens on the last tab, in sight."""
    someone = person(PHONE)
    page = someone.open("drivers?country=NGA")
    page.get_by_role("tab", name="By status").click()
    someone.idle()
    expect(page.get_by_role("heading", name="Those who left, those who intend to, those who stay")).to_be_visible()
    link = someone.copy_link()  # each tab has its own button: no need to find the address bar
    classmate = person(PHONE)
    page = classmate.open_link(link)
    expect(page.get_by_role("tab", name="By status")).to_have_attribute("aria-selected", "true")
    page.get_by_role("tab", name="Behind a number").click()  # the strip scrolls to it, as under a finger
    classmate.idle()
    link = classmate.copy_link()
    friend = person(PHONE)
    page = friend.open_link(link)
    behind = page.get_by_role("tab", name="Behind a number")
    expect(behind).to_have_attribute("aria-selected", "true")
    page.wait_for_function(
        """() => {
          const tab = [...document.querySelectorAll('[role="tab"]')].find(e => e.textContent === 'Behind a number');
          const box = tab.getBoundingClientRect();
          return box.left >= 0 && box.right <= window.innerWidth;
        }"""
    )
    assert friend.query.get("country") == "NGA"
