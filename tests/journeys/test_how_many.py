"""How many (issue #21): an official reads Zimbabwe's doctors abroad and the ratio to doctors at home; a student on
a phone switches the map to doctors abroad without scrolling the view control, finds no study-only toggle there,
reads the India → United Kingdom corridor with its year and source, and follows the figure to the page that
publishes it. The
numbers expected here are read straight from the data files with the csv module, not through the atlas's code."""

import pytest
from playwright.sync_api import expect

from components.core.countries import country_in_sentence, country_name
from components.core.i18n import number
from harness.browser import no_error
from tests.journeys.conftest import LANGUAGES, LAPTOP, PHONE, plain
from tests.support.figures import bundled_rows, doctors_abroad_from, source_page


def _home_doctors(country: str, year: int) -> tuple[int, int]:
    """WHO's count of doctors in the year nearest ``year`` (the later of two as near)."""
    counted = [
        (int(r["year"]), int(float(r["number"])))
        for r in bundled_rows("workforce_density.csv")
        if r["country"] == country and r["cadre"] == "doctors" and r["number"]
    ]
    return min(counted, key=lambda yn: (abs(yn[0] - year), -yn[0]))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_official_opens_zimbabwes_profile_and_reads_doctors_abroad_and_the_ratio(person, lang):
    someone = person(LAPTOP, lang)
    say = someone.words
    page = someone.open(say.link(""))
    someone.choose(say("Find the studies from a country"), say.data(country_name, "ZWE") + " (")
    page.get_by_role("link", name=say("Open {country}'s profile", country=say.data(country_name, "ZWE"))).click()
    someone.idle()
    abroad = doctors_abroad_from("ZWE")
    total = sum(doctors for _, doctors in abroad.values())
    home_year, home = _home_doctors("ZWE", 2018)
    ratio = say.data(number, round(100 * total / home, 1))
    block = page.locator('[data-testid="stVerticalBlock"]').filter(
        has_text=say("Doctors trained in {country} working abroad", country=say.data(country_name, "ZWE"))
    )
    text = block.last.inner_text()
    assert say("{ratio} per 100 doctors at home", ratio=ratio) in text
    assert say.data(number, home) in text and str(home_year) in text
    table = page.get_by_role("table").filter(has_text=say.data(country_name, "GBR")).first
    for destination, (year, doctors) in abroad.items():
        row = table.get_by_role("row").filter(has_text=say.data(country_name, destination))
        assert say.data(number, doctors) in row.inner_text() and str(year) in row.inner_text(), destination
    # Missing is not zero: Zimbabwe-trained doctors in France are not reported, and the profile says so (under its
    # table, which may still be drawing when the first lines are read).
    expect(block.last).to_contain_text(say("not reported"))
    no_error(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_student_switches_the_map_to_doctors_abroad_and_reads_the_india_uk_corridor(person, lang):
    someone = person(PHONE, lang)
    say = someone.words
    page = someone.open(say.link("map"))
    abroad_button = page.get_by_role("radio", name=say("Doctors abroad"))
    control = page.locator('[data-testid="stButtonGroup"]').filter(has=abroad_button)
    fits = control.evaluate(
        "el => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= window.innerWidth + 1"
    )
    assert fits, "the view control scrolls sideways on a phone"
    abroad_button.click()
    someone.idle()
    caption = someone.main_text()
    assert say("stock, not yearly flow") in caption and say("country of training, not nationality") in caption
    # The studies' flows toggle belongs to the studies view, not to published counts.
    assert page.get_by_text(say("Show flows between source and destination")).count() == 0
    india, uk = say.data(country_name, "IND"), say.data(country_name, "GBR")
    someone.choose(say("Doctors on a corridor"), f"{india} → {uk}")
    year, doctors = doctors_abroad_from("IND")["GBR"]
    sentence = plain(
        say(
            "{origin} → {destination}: **{doctors}** doctors trained in the first were working in the second in "
            "{year} (stock).",
            doctors=say.data(number, doctors),
            origin=india,
            destination=say.data(country_in_sentence, "GBR"),  # "the United Kingdom" inside an English sentence
            year=year,
        )
    )
    assert sentence in someone.main_text()
    assert "working in United Kingdom" not in someone.main_text()
    assert "HEALTH_WFMI" in someone.main_text()  # the source, named in either language
    # The figure leads to the page that publishes it.
    source = page.locator('[data-testid="stMarkdown"]').filter(has_text=say.data(number, doctors)).last
    assert source.get_by_role("link").first.get_attribute("href") == source_page("doctors_abroad")
    assert someone.query.get("view") == "abroad" and someone.query.get("corridor") == "IND-GBR"
    link = someone.copy_link()
    classmate = person(PHONE)
    classmate.open_link(link)
    assert sentence in classmate.main_text()
    no_error(page)


def test_doctors_abroad_says_which_of_several_chosen_countries_it_shows(person):
    """An officer's link holds Ghana and Nigeria, to the United Kingdom. Doctors abroad is one country's figures at
    a time and every reporting destination's: the view says so, instead of silently showing Ghana's everywhere."""
    someone = person(LAPTOP)
    someone.open_link(f"{someone.base_url}/map?country=GHA,NGA&dest=GBR&view=abroad")
    notice = someone.page.locator('[data-testid="stAlert"]').filter(has_text="Doctors abroad shows one country")
    expect(notice).to_contain_text("Ghana")
    expect(notice).to_contain_text("Nigeria")
    expect(notice).to_contain_text("every destination that reports")
    no_error(someone.page)
