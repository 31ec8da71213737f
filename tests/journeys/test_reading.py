"""What a reader sees: honest small numbers, an Overview that lands, a phone, words and file names
(issue #11, defects 9, 10, 11, 12)."""

import csv
import io
import itertools
from pathlib import Path

from playwright.sync_api import expect

from components.analysis.aggregations import driver_shares, reasons_to_leave
from components.analysis.filters import Filters, apply_filters
from harness.browser import no_error
from tests.journeys.conftest import NARROW_PHONE, PHONE


def _boxes_overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_a_share_resting_on_few_studies_says_so_beside_it(person, evidence):
    someone = person()
    page = someone.open("drivers")
    someone.sidebar_pick("Source country", "Ghana")
    someone.sidebar_pick("Cadre", "Nurses")
    n = apply_filters(evidence, Filters(countries=("GHA",), cadres=("nurses",))).n_studies
    assert n < 10
    text = someone.main_text()
    assert f"only {n} studies: fewer than 10, read with care" in text
    bar_labels = page.locator(".js-plotly-plot .scatterlayer .textpoint").all_text_contents()
    assert any(f"of {n})" in label for label in bar_labels), bar_labels
    legend = page.locator(".js-plotly-plot .legend").first.text_content()
    assert "all LMICs, full texts" in legend
    assert "abstracts" in page.locator(".js-plotly-plot .annotation").first.text_content()
    # Equal shares share a rank.
    shares = driver_shares(apply_filters(evidence, Filters(countries=("GHA",), cadres=("nurses",))))
    leaving = reasons_to_leave(shares)
    ticks = page.locator(".js-plotly-plot .ytick text").all_text_contents()
    tied = leaving[leaving["studies"] == leaving["studies"].iloc[0]]
    for label in tied["label"].head(10):
        assert f"1. {label}" in ticks, (label, ticks)


def test_the_overview_leads_with_a_finding_a_chart_and_a_way_in_by_country(person, evidence):
    someone = person()
    page = someone.open("")
    shares = driver_shares(evidence)
    top = reasons_to_leave(shares).iloc[0]
    assert (
        f"{top['label']} is the reason for leaving reported most often: in {top['studies']} of "
        f"{evidence.n_studies} studies ({top['share']:.0%})"
    ) in someone.main_text()
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()  # the chart draws after the run
    # The way-in cards (bordered boxes with an "Open …" link), measured once a person would see them drawn.
    heights = set(
        page.wait_for_function("""() => {
            const cards = [...document.querySelectorAll('[data-testid="stVerticalBlock"]')]
              .filter(b => getComputedStyle(b).borderTopWidth !== '0px' && b.innerText.includes('Open '));
            return cards.length > 1 && cards.map(b => Math.round(b.getBoundingClientRect().height));
        }""").json_value()
    )
    assert len(heights) == 1, f"cards of uneven height: {heights}"
    someone.choose("Find the studies from a country", "Ghana (")
    page.get_by_role("link", name="Open Ghana's profile").click()
    someone.idle()
    assert "/map" in page.url and someone.query.get("country") == "GHA"
    assert page.get_by_role("heading", name="Ghana").count() >= 1
    no_error(page)


def test_on_a_phone_the_ranking_and_tabs_are_readable(person, evidence):
    someone = person(PHONE)
    page = someone.open("drivers")
    title = page.locator(".js-plotly-plot .gtitle").first.bounding_box()
    legend = page.locator(".js-plotly-plot .legend").first.bounding_box()
    assert not _boxes_overlap(title, legend), (title, legend)
    # The note under the bars (why the review's ticks sit further right) is read whole, and the percent ticks
    # of the value axis stand apart.
    chart = page.locator(".js-plotly-plot").first
    note = chart.locator(".annotation-text").filter(has_text="The review coded").first
    note.scroll_into_view_if_needed()
    box = note.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], box
    ticks = [t.bounding_box() for t in chart.locator(".xtick text").all()]
    assert len(ticks) >= 2 and not any(_boxes_overlap(a, b) for a, b in itertools.pairwise(ticks)), ticks
    tab = page.get_by_role("tab", name="Behind a number")
    assert tab.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
    no_error(page)


# What covers the chart's title, read at points along it: on a phone, nothing (plotly's toolbar showed there).
_TITLE_COVERED_BY = """plot => {
  const title = plot.querySelector('.gtitle').getBoundingClientRect();
  const covers = [];
  for (let x = title.left + 4; x < Math.min(title.right, window.innerWidth) - 4; x += 12) {
    const top = document.elementFromPoint(x, title.top + title.height / 2);
    if (top && !plot.contains(top)) covers.push(top.className.toString() || top.tagName);
    else if (top && top.closest('.modebar-container')) covers.push('modebar');
  }
  return [...new Set(covers)];
}"""


def _ranking_fits_a_narrow_phone(page) -> list[str]:
    """The Drivers ranking's names, legend and title lines inside the chart (the drawing is cut at its edges),
    the chart inside the screen, the title not covered, the page not wider than the screen: what is not."""
    chart = page.locator(".js-plotly-plot").first
    chart.locator(".gtitle").scroll_into_view_if_needed()
    expect(chart.locator(".ytick text").first).to_be_visible()
    plot = chart.bounding_box()
    assert plot is not None
    left, right = plot["x"], plot["x"] + plot["width"]
    problems = [f"title covered by {covers}" for covers in chart.evaluate(_TITLE_COVERED_BY)]
    if left < 0 or right > NARROW_PHONE[0]:
        problems.append(f"chart {left:.0f} to {right:.0f} px")
    for text in chart.locator(".ytick text, .legendtext, .gtitle tspan, .gtitle-subtitle").all():
        box = text.bounding_box()
        if box and (box["x"] < left or box["x"] + box["width"] > right):
            problems.append(f"{text.text_content()!r}: {box['x']:.0f} to {box['x'] + box['width']:.0f} px")
    if page.evaluate("document.documentElement.scrollWidth") > NARROW_PHONE[0]:
        problems.append("the page scrolls sideways")
    return problems


def test_on_a_narrow_phone_in_french_the_ranking_shows_every_driver_name_whole(person, evidence):
    someone = person(NARROW_PHONE, lang="fr")
    page = someone.open(someone.words.link("drivers"))
    names = page.locator(".js-plotly-plot").first.locator(".ytick text")
    expect(names.first).to_be_visible()
    assert names.count() == len(reasons_to_leave(driver_shares(evidence)))
    # The name French cut first.
    assert any(t.endswith("Discrimination ou politique au pays") for t in names.all_text_contents())
    assert _ranking_fits_a_narrow_phone(page) == []
    # A link a classmate sent: Ghana's nurses, six studies, so every share says "(4 sur 6)" beside it and the
    # title names the selection on lines of its own.
    page = someone.open(someone.words.link("drivers?country=GHA&cadre=nurses"))
    expect(page.locator(".js-plotly-plot .textpoint").first).to_contain_text("sur")
    assert _ranking_fits_a_narrow_phone(page) == []
    no_error(page)


def test_downloads_are_named_after_the_selection_and_speak_plain_words(person, evidence):
    someone = person()
    page = someone.open("studies")
    someone.sidebar_pick("Source country", "Ghana")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download these studies (CSV)").click()
    assert info.value.suggested_filename == "atlas_studies_from-ghana.csv"
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == apply_filters(evidence, Filters(countries=("GHA",))).n_studies
    assert all(r["Sample size"] != "None" for r in rows)
    # The country brief says "Reason to leave", never a raw code.
    page = someone.open("")
    someone.choose("Find the studies from a country", "Ghana (")
    with page.expect_download() as info:
        page.get_by_role("button", name="Country brief for Ghana (HTML)").click()
    assert "ghana" in info.value.suggested_filename
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "non_migration" not in html and ">migration<" not in html and "Reason to leave" in html
    # The closing story step reads as a sentence with a country lens on.
    page = someone.open("policy?country=GHA&step=14")
    assert "For from" not in someone.main_text()
    assert "from Ghana" in someone.main_text()


def test_cadre_column_headers_do_not_collide(person):
    someone = person()
    page = someone.open("drivers")
    page.get_by_role("tab", name="By cadre").click()
    someone.idle()
    labels = page.locator(".js-plotly-plot").first.locator(".xtick text, .x2tick text").all()
    boxes = [label.bounding_box() for label in labels if label.bounding_box()]
    for a, b in itertools.pairwise(boxes):
        assert not _boxes_overlap(a, b), (a, b)


def test_a_student_on_a_phone_copies_the_atlas_citation_and_pays_for_no_code_highlighter(person):
    """The citation is a paragraph with a copy button: on a phone on prepaid data, /methods fetches no syntax
    highlighter (Streamlit's code block loads one, about 400 kB compressed, for text that has no syntax)."""
    someone = person(PHONE)
    scripts: list[str] = []
    someone.page.on("request", lambda request: scripts.append(request.url) if request.url.endswith(".js") else None)
    page = someone.open("methods")
    page.get_by_role("heading", name="Cite").scroll_into_view_if_needed()
    page.evaluate("navigator.clipboard.writeText('')")
    page.get_by_role("button", name="Copy the citation").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Health Worker Migration Atlas:") and "doi:10.1136/bmjgh-2023-012338" in copied
    expect(page.get_by_text("Citation copied")).to_be_visible()
    assert not [url for url in scripts if "SyntaxHighlighter" in url], scripts
    no_error(page)


def test_on_a_laptop_each_download_button_says_what_it_gives_in_full(person):
    """CSV, BibTeX or RIS: a label cut to "Download references (Bib…" does not say which."""
    someone = person()
    page = someone.open("studies?country=NGA")
    buttons = page.locator('[data-testid="stDownloadButton"] button').filter(visible=True)
    expect(buttons).to_have_count(3)
    for button in buttons.all():
        button.scroll_into_view_if_needed()
        cut = button.evaluate(
            "b => [b, ...b.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"
        )
        assert not cut, f"label cut: {button.inner_text()!r}"


def test_on_a_phone_choosing_a_page_in_the_sidebar_closes_it(person):
    """The sidebar covers most of a phone's screen: a student who picks a page there sees that page, not the menu."""
    someone = person(PHONE)
    page = someone.open("")
    someone.open_sidebar()
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Drivers").click()
    someone.idle()
    expect(page.get_by_role("heading", name="Why health workers leave, and why some stay")).to_be_in_viewport()
    expect(page.locator('[data-testid="stSidebarContent"]')).not_to_be_in_viewport()
    # The filters are still one tap away, and closing by hand still works.
    someone.open_sidebar()
    someone.close_sidebar()
    no_error(page)
