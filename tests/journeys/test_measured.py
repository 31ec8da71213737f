"""What was measured, in every take-away (issue #27): an official reads a policy record's measured result in the
country brief she downloads, a presenter sees a split result as a split, a reader finds each study's finding."""

import csv
import io
from html import escape
from pathlib import Path

import pytest
from playwright.sync_api import expect

from components.core.countries import country_name, who_region_name
from components.tables.policy import load_policy_options
from harness.browser import no_error
from tests.journeys.conftest import LANGUAGES, LAPTOP, PROJECTOR

DATA = Path(__file__).resolve().parents[2] / "data"


def _record(record_id: str) -> dict[str, str]:
    with (DATA / "policy_evidence.csv").open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["record_id"] == record_id)


def _findings(option_id: str) -> dict[str, int]:
    with (DATA / "policy_evidence.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["option_id"] == option_id]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["finding"]] = counts.get(row["finding"], 0) + 1
    return counts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_official_reads_the_adha_records_measured_result_in_ghanas_brief(person, lang):
    someone = person(LAPTOP, lang)
    say = someone.words
    page = someone.open(say.link(""))
    someone.choose(say("Find the studies from a country"), "Ghana (")
    with page.expect_download() as info:
        page.get_by_role("button", name=say("Country brief for {country} (HTML)", country="Ghana")).click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    adha = _record("ghana_adha_1999_eldis")
    measured = adha["outcome_measured" if lang == "en" else "outcome_measured_fr"]
    assert say("Policy records for {country}", country="Ghana") in html
    assert measured in html, measured
    assert adha["years"] in html and adha["source_url"] in html
    assert say("Mixed") in html and say("Review or reported results") in html
    # Ghana's own records come before those of the rest of its WHO region.
    # (as the brief prints it: HTML-escaped, l'OMS is l&#x27;OMS)
    assert html.index(measured) < html.index(
        escape(say("Elsewhere in the WHO {region}", region=say.data(who_region_name, "AFR")))
    )
    no_error(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_presenter_on_the_last_step_sees_financial_incentives_as_a_split(person, lang):
    someone = person(PROJECTOR, lang)
    say = someone.words
    page = someone.open(say.link("policy"))
    page.get_by_text(say("Presenter mode"), exact=True).click()
    someone.idle()
    page.keyboard.press("End")
    someone.idle()
    legend = page.locator(".js-plotly-plot .legend").first.text_content()
    assert say("Mixed") in legend and say("Improved") in legend, legend
    assert "Most records" not in legend and say("Most records: {finding}", finding="") not in legend
    counts = _findings("financial_incentives")
    assert counts["improved"] < sum(counts.values()) and counts["mixed"] > 0
    description = page.locator(".chart-text").first.text_content()
    options = load_policy_options().set_index("option_id")
    short = options.at["financial_incentives", "short_title" if lang == "en" else "short_title_fr"]
    expected = ", ".join(
        f"{say(label).lower()} {counts[code]}"
        for code, label in [
            ("improved", "Improved"),
            ("mixed", "Mixed"),
            ("no_clear_effect", "No clear effect"),
            ("worsened", "Worsened"),
            ("not_evaluated", "Not evaluated"),
        ]
        if counts.get(code)
    )
    assert f"{short}: {expected}" in description, description
    no_error(page)


def test_reader_finds_each_studys_one_line_finding_on_screen_and_in_the_csv(person, evidence):
    someone = person(LAPTOP)
    page = someone.open("studies")
    study = evidence.studies.iloc[0]
    someone.choose("Open a study's source", f"{study['first_author']} {study['year']}: ")
    assert study["coding_note"] in someone.main_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download these studies (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    notes = {row["Finding (one line)"] for row in rows}
    assert set(evidence.studies["coding_note"]) <= notes
    no_error(page)


def _dense_ranks_of_ghanas_reasons_to_leave() -> dict[str, int]:
    """Each reason to leave Ghana's studies report, with its rank: ties share it, the next count takes the next
    number (read from the data files, not from the atlas's code)."""
    with (DATA / "drivers.csv").open(encoding="utf-8", newline="") as handle:
        leave = {row["code"]: row for row in csv.DictReader(handle) if row["group"] == "migration"}
    counts = dict.fromkeys(leave, 0)
    with (DATA / "studies.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if "GHA" in row["source_countries"].split(";"):
                for code in set(row["drivers"].split(";")) & set(leave):
                    counts[code] += 1
    levels = sorted(set(counts.values()), reverse=True)
    return {leave[code]["label"]: levels.index(k) + 1 for code, k in counts.items()}


def _ranks_on_chart(page) -> dict[str, int]:
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator(".ytick text").first).to_be_visible(timeout=15_000)
    ranks = {}
    for text in chart.locator(".ytick text").all_text_contents():
        number, _, label = text.partition(". ")
        ranks[label] = int(number)
    return ranks


def test_ghanas_reasons_are_ranked_without_gaps_on_drivers_and_in_the_story(person):
    expected = _dense_ranks_of_ghanas_reasons_to_leave()
    someone = person(LAPTOP)
    page = someone.open("drivers?country=GHA")
    shown = _ranks_on_chart(page)
    assert shown == {label: expected[label] for label in shown}, shown
    assert sorted(set(shown.values())) == list(range(1, max(shown.values()) + 1)), shown
    page = someone.open("policy?country=GHA")
    page.get_by_role("button", name="Next ▶").click()
    someone.idle()
    expect(page.get_by_text("Step 2 of", exact=False)).to_be_visible()
    story = _ranks_on_chart(page)
    assert story == {label: expected[label] for label in story}, story
    assert sorted(set(story.values())) == list(range(1, max(story.values()) + 1)), story
    no_error(page)


def _studies_in_region(region: str) -> int:
    """Studies with at least one source country in a WHO region (read from the data files)."""
    with (DATA / "who_regions.csv").open(encoding="utf-8", newline="") as handle:
        members = {row["iso3"] for row in csv.DictReader(handle) if row["who_region"] == region}
    with (DATA / "studies.csv").open(encoding="utf-8", newline="") as handle:
        return sum(bool(set(row["source_countries"].split(";")) & members) for row in csv.DictReader(handle))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_official_from_senegal_gets_the_african_regions_studies_in_one_click(person, lang):
    someone = person(LAPTOP, lang)
    say = someone.words
    page = someone.open(say.link("studies"))
    box = page.get_by_label(say("Search titles, authors, journals, countries, cadres and drivers"))
    box.click()
    page.keyboard.type("Senegal", delay=25)
    page.keyboard.press("Enter")
    someone.idle()
    n = _studies_in_region("AFR")
    region = say.data(who_region_name, "AFR")
    offer = say.n(
        "No study from {country}; the atlas has {n} study from the WHO {region}: show it",
        "No study from {country}; the atlas has {n} studies from the WHO {region}: show them",
        n,
        country=say.data(country_name, "SEN"),
        n=n,
        region=region,
    )
    someone.click_button(offer)
    assert someone.query.get("region") == "AFR"
    with (DATA / "studies.csv").open(encoding="utf-8", newline="") as handle:
        total = sum(1 for _ in csv.DictReader(handle))
    shown = say.n(
        "**{shown}** of {total} studies shown", "**{shown}** of {total} studies shown", n, shown=n, total=total
    )
    expect(page.get_by_text(shown.replace("**", ""), exact=False).first).to_be_visible()
    assert region in someone.main_text()
    # The region is a filter of the sidebar, beside the country, and travels in a copied link.
    sidebar = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=say("WHO region"))
    expect(sidebar).to_contain_text(region)
    link = someone.copy_link()
    other = person(LAPTOP, lang)
    again = other.open_link(link)
    expect(
        again.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=say("WHO region"))
    ).to_contain_text(region, timeout=20_000)
    assert other.query.get("region") == "AFR"
    no_error(again)


def test_ghanas_nursing_students_are_in_the_nurses_view_and_students_are_split_by_programme(person):
    with (DATA / "studies.csv").open(encoding="utf-8", newline="") as handle:
        ghana = [row for row in csv.DictReader(handle) if "GHA" in row["source_countries"].split(";")]
    nursing_students = [
        row
        for row in ghana
        if "nursing_midwifery" in row["student_programmes"].split(";") and "students" in row["cadres"]
    ]
    nurses_view = [row for row in ghana if "nurses" in row["cadres"].split(";") or row in nursing_students]
    assert len(nursing_students) >= 2
    someone = person(LAPTOP)
    page = someone.open("studies?country=GHA")
    cadre_box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Cadre")
    expect(cadre_box).to_be_visible(timeout=30_000)
    someone.sidebar_pick("Cadre", "Nurses")
    text = someone.main_text()
    assert f"{len(nurses_view)} of " in text, text[:400]
    assert "nursing and midwifery students" in text.lower()
    # Students are offered by what they study.
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Nurses")
    box.locator("input").click()
    page.keyboard.type("students", delay=30)
    expect(page.get_by_role("option").filter(has_text="Nursing and midwifery students").first).to_be_visible()
    expect(page.get_by_role("option").filter(has_text="Medical students").first).to_be_visible()
    page.keyboard.press("Escape")
    no_error(page)
