"""The country brief prints on at most two A4 pages (Chromium's print to PDF), for the country with most studies."""

from components.presentation.handouts import country_brief
from components.tables.policy import load_policy_options


def test_country_brief_prints_on_at_most_two_a4_pages(browser, evidence, tmp_path):
    counts = evidence.source.groupby("iso3")["study_id"].nunique()
    busiest = counts.idxmax()
    path = tmp_path / "brief.html"
    path.write_text(country_brief(evidence, busiest, load_policy_options(), "all studies"), encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.close()
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2, f"{counts.max()} studies from {busiest} print on {pages} A4 pages"
