"""The country brief prints on at most two A4 pages (Chromium's print to PDF), in both languages, for the country
with most studies, the country with most policy records and Ghana (policy records of its own and of its region)."""

import pytest

from components.core.i18n import use_language
from components.presentation.handouts import country_brief
from components.tables.migration_figures import load_migration_figures
from components.tables.policy import load_policy

POLICY = load_policy()
PEOPLE = load_migration_figures()
MOST_RECORDS = POLICY.records["countries"].explode().value_counts().drop("global", errors="ignore").idxmax()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("which", sorted({"busiest", MOST_RECORDS, "GHA"}))
def test_country_brief_prints_on_at_most_two_a4_pages(browser, evidence, tmp_path, which, lang):
    counts = evidence.source.groupby("iso3")["study_id"].nunique()
    busiest = counts.idxmax() if which == "busiest" else which
    path = tmp_path / "brief.html"
    with use_language(lang):
        brief = country_brief(evidence, busiest, POLICY, "all studies", PEOPLE)
    path.write_text(brief, encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.close()
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2, f"the brief of {busiest} ({counts[busiest]} studies) prints on {pages} A4 pages"
