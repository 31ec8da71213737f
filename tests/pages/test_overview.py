"""Overview page: the headline figures shown equal what the data say."""

from components.analysis.aggregations import headline_figures
from components.analysis.filters import Filters, apply_filters
from harness.apptest import metric, open_page, texts


def test_overview_shows_figures_from_the_data(evidence):
    at = open_page()
    figures = headline_figures(evidence)
    assert at.title[0].value == "Health Worker Migration Atlas"
    assert metric(at, "Studies") == str(figures["studies"])
    assert metric(at, "Source countries") == str(figures["source_countries"])
    assert metric(at, "Published") == f"{figures['first_year']}–{figures['last_year']}"
    assert "screened 21,593 records and included 107 studies" in texts(at)
    assert [link.label for link in at.get("page_link")] == [
        "Open Map",
        "Open Drivers",
        "Open Policy story",
        "Open Studies",
        "Open Methods",
    ]


def test_overview_follows_the_filters_in_the_link(evidence):
    at = open_page(query={"cadre": "nurses"})
    expected = apply_filters(evidence, Filters(cadres=("nurses",))).n_studies
    assert metric(at, "Studies") == str(expected)
    assert "Showing: Nurses" in texts(at)
    assert at.query_params["cadre"] == "nurses"


def test_filters_are_kept_when_moving_between_pages(evidence):
    at = open_page("map")
    at.multiselect(key="f_cadre").set_value(["nurses"]).run()
    at.switch_page("pages/studies.py").run()
    expected = apply_filters(evidence, Filters(cadres=("nurses",))).n_studies
    assert f"**{expected}** of {evidence.n_studies} studies shown" in texts(at)
    assert at.query_params["cadre"] == "nurses"
    at.switch_page("pages/policy.py")
    at.query_params["present"] = "1"
    at.run()  # presenter mode hides the sidebar: the filter must survive that too
    at.switch_page("pages/overview.py")
    del at.query_params["present"]
    at.run()
    assert metric(at, "Studies") == str(expected)
