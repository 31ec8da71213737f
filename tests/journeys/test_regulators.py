"""Where the official series live (issue #21): an official opens Ghana's profile and finds, beside the WHO and OECD
links, the country's regulators by name, each a link to its own site, with the cadres it registers. The expected
names and addresses are read from data/health_regulators.csv with the csv module, not through the atlas's code."""

from playwright.sync_api import expect

from components.core.countries import country_name
from harness.browser import no_error
from tests.journeys.conftest import LAPTOP
from tests.support.figures import bundled_rows

SLOW = 60_000  # ms: up to this long for a page to draw on a busy machine


def test_official_opens_ghanas_profile_and_finds_its_regulators(person):
    someone = person(LAPTOP, "en")
    say = someone.words
    page = someone.open(say.link(""))
    ghana = say.data(country_name, "GHA")
    expect(page.get_by_text(say("Find the studies from a country"))).to_be_visible(timeout=SLOW)
    someone.choose(say("Find the studies from a country"), ghana + " (")
    page.get_by_role("link", name=say("Open {country}'s profile", country=ghana)).click()
    regulators = [r for r in bundled_rows("health_regulators.csv") if r["country"] == "GHA"]
    assert len(regulators) >= 2  # the medical and the nursing council
    main = page.locator('[data-testid="stMainBlockContainer"]')
    for regulator in regulators:
        link = main.get_by_role("link", name=regulator["regulator"], exact=True)
        expect(link).to_be_visible(timeout=SLOW)
        assert link.get_attribute("href") == regulator["url"]
    line = main.locator('[data-testid="stMarkdown"]').filter(has_text=regulators[0]["regulator"]).last
    text = line.inner_text()
    assert say("nurses") in text and say("midwives") in text and say("doctors") in text
    # Beside the other official series, not instead of them.
    assert line.get_by_role("link", name="WHO National Health Workforce Accounts").count() == 1
    no_error(page)
