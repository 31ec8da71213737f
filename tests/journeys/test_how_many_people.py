"""How many, carried everywhere (issue #21): an official forwards Zimbabwe's country brief with its counts (doctors
abroad by destination, health workers at home beside WHO's threshold, each with year, source and a link to check
it); a presenter opens the story on the problem in numbers and reads people, not only papers; a student on a phone
reads every chart title of the doctors abroad view whole (the student's corridor and its source are in
test_how_many.py). Expected numbers are read from the data files with
the csv and json modules, not through the atlas's code."""

from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import expect

from components.core.countries import country_name
from components.core.i18n import number
from harness.browser import no_error
from tests.journeys.conftest import LANGUAGES, LAPTOP, PHONE
from tests.journeys.fit import chart_word_problems
from tests.support.figures import bundled_rows, doctors_abroad_from, source_page

SLOW = 60_000  # ms: up to this long for a page to draw on a busy machine


def _latest_density(country: str, cadre: str) -> tuple[int, float]:
    rows = [
        (int(r["year"]), float(r["per_10000"]))
        for r in bundled_rows("workforce_density.csv")
        if r["country"] == country and r["cadre"] == cadre and r["per_10000"]
    ]
    return max(rows)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_official_downloads_zimbabwes_brief_with_its_counts_threshold_and_sources(person, lang):
    someone = person(LAPTOP, lang)
    say = someone.words
    page = someone.open(say.link(""))
    zimbabwe = say.data(country_name, "ZWE")
    # The machine may be busy: wait, as a person does, until the country box is on the screen.
    expect(page.get_by_text(say("Find the studies from a country"))).to_be_visible(timeout=SLOW)
    someone.choose(say("Find the studies from a country"), zimbabwe + " (")
    with page.expect_download() as info:
        page.get_by_role("button", name=say("Country brief for {country} (HTML)", country=zimbabwe)).click()
    html = unescape(Path(info.value.path()).read_text(encoding="utf-8"))  # the text as a reader reads it
    heading = say("Doctors trained in {country} working abroad", country=zimbabwe)
    assert heading in html
    counts = html[html.index(heading) :]
    abroad = sorted(doctors_abroad_from("ZWE").items(), key=lambda item: -item[1][1])
    for destination, (year, doctors) in abroad[:3]:
        row = counts[counts.index(f"<td>{say.data(country_name, destination)}</td>") :]
        row = row[: row.index("</tr>")]
        assert say.data(number, doctors) in row and str(year) in row, (destination, row)
    assert (
        say("not reported").lower() in counts.lower()
    )  # a destination without Zimbabwe in its table: unknown, not zero
    assert say("stock, not yearly flow").lower() in counts.lower()
    assert say("country of training, not nationality") in counts
    for cadre in ("doctors", "nurses_midwives"):
        year, density = _latest_density("ZWE", cadre)
        assert f"{say.data(number, density)}" in html and str(year) in html, cadre
    threshold = bundled_rows("workforce_thresholds.csv")[0]
    value = float(threshold["per_10000"])
    assert say.data(number, int(value) if value.is_integer() else value) in counts
    assert threshold["source_url"] in counts
    for resource in ("doctors_abroad", "workforce_density"):
        assert f'href="{source_page(resource)}"' in html, resource
    no_error(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_presenter_reads_people_not_only_papers_in_the_problem_in_numbers(person, lang):
    someone = person(LAPTOP, lang)
    say = someone.words
    page = someone.open(say.link("policy"))
    rows = bundled_rows("doctors_abroad.csv")
    everyone = sum(int(r["doctors"]) for r in rows)
    main = page.locator('[data-testid="stMainBlockContainer"]')
    label = say("Foreign-trained doctors")
    expect(main).to_contain_text(label, timeout=SLOW)
    expect(main).to_contain_text(say("Policy records"), timeout=SLOW)  # the last of the metrics
    expect(main).to_contain_text(say.data(number, everyone))
    expect(main).to_contain_text(say("Studies in this atlas"))  # beside the studies, not instead of them
    zimbabwe = say.data(country_name, "ZWE")
    someone.choose(say("Country lens"), zimbabwe)
    own = sum(doctors for _, doctors in doctors_abroad_from("ZWE").values())
    expect(main).to_contain_text(say("Per 100 doctors at home"), timeout=SLOW)
    expect(main).to_contain_text(say("Policy records"), timeout=SLOW)
    expect(main).to_contain_text(say.data(number, own))
    # Under the lens every figure is Zimbabwe's, or says what else it is: its policy records of all the atlas's,
    # and WHO named among the sources (the counts of health workers at home are WHO's).
    records = bundled_rows("policy_evidence.csv")
    named = sum("ZWE" in r["country"].split(";") for r in records)
    records_metric = main.locator('[data-testid="stMetric"]').filter(has_text=say("Policy records"))
    expect(records_metric).to_contain_text(say("{k} of {n}", k=named, n=len(records)))
    who = say("Health workers at home: WHO National Health Workforce Accounts (years in each figure's note).")
    expect(main).to_contain_text(who)
    no_error(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_student_on_a_phone_reads_every_doctors_abroad_chart_title_whole(person, lang):
    """Scrolling down the Doctors abroad view on a phone, each chart's title and source can be read: whole, inside
    the chart, above its plot (the NHS nurses' title ran past the screen's edge and its source over the first bar),
    and the names beside the evidence-gap points apart (Algeria's and Ukraine's met)."""
    someone = person(PHONE, lang)
    say = someone.words
    page = someone.open(say.link("map"))
    page.get_by_role("radio", name=say("Doctors abroad")).click()
    someone.idle()
    titles = {
        say("NHS England nurses and health visitors by nationality"): None,
        say("Doctors abroad and studies of why they leave"): None,
    }
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(3, timeout=SLOW)
    problems = []
    for index in range(3):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart.locator(".gtitle")).to_be_visible()
        problems += chart_word_problems(chart)
        # The title's lines are separate SVG texts, so the words are compared without their spaces.
        shown = "".join(chart.locator(".gtitle").text_content().split())
        for title in titles:
            if shown.startswith("".join(title.split())):
                titles[title] = shown
    assert problems == []
    assert all(titles.values()), titles
    no_error(page)
