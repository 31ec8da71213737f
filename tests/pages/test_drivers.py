"""Drivers page: ranking, heatmaps, lines, status split and the studies behind a number."""

from components.analysis.aggregations import (
    driver_share_by_cadre,
    driver_shares,
    reasons_to_leave,
    review_comparison,
    studies_reporting,
)
from components.analysis.filters import Filters, apply_filters
from harness.apptest import figure_titles, figures, open_page, texts


def bars_by_label(fig):
    values = {}
    for trace in fig.data:
        if trace.type == "bar":
            values.update(dict(zip(trace.y, trace.x, strict=True)))
    return values


def test_drivers_page_charts_match_the_data(evidence):
    at = open_page("drivers")
    n = evidence.n_studies
    titles = figure_titles(at)
    # only the open tab is drawn; its title names the selection (a slide image carries it)
    assert titles == [f"Share of studies reporting each driver<br>(n = {n} studies)<br><sup>all studies</sup>"]
    cadre_tab = open_page("drivers", {"tab": "By cadre"})
    assert [t.split(":")[0] for t in figure_titles(cadre_tab)] == ["Reasons to leave", "Reasons to stay"]
    assert cadre_tab.query_params["tab"] == "By cadre"
    shares = driver_shares(evidence)
    top = reasons_to_leave(shares).iloc[0]
    assert round(bars_by_label(figures(at)[0])[top["label"]], 6) == round(100 * top["share"], 6)
    review = next(t for t in figures(at)[0].data if (t.name or "").startswith("2023 review"))
    assert review.name == "2023 review: all LMICs, full texts (n = 107)"
    assert sorted(review.x) == sorted(review_comparison(evidence)["review_percent"])
    assert f"n = {n} studies" in texts(at)


def test_cadre_heatmap_cells(evidence):
    at = open_page("drivers", {"tab": "By cadre"})
    heat = next(f for f in figures(at) if (f.layout.title.text or "").startswith("Reasons to leave"))
    table = driver_share_by_cadre(evidence)
    doctors = table[(table.group == "doctors") & (table.driver == "remuneration")].iloc[0]
    column = next(i for i, x in enumerate(heat.data[0].x) if x.startswith("Doctors<br>"))
    row = list(heat.data[0].y[1]).index("Remuneration and benefits")
    assert heat.data[0].z[row][column] == round(100 * doctors["share"], 1)
    assert heat.data[0].x[column].endswith(f"n={doctors['n']}")


def test_filtered_link_nurses_2010s(evidence):
    at = open_page("drivers", {"cadre": "nurses", "decade": "2010s"})
    subset = apply_filters(evidence, Filters(cadres=("nurses",), decade_from="2010s", decade_to="2010s"))
    assert figure_titles(at)[0].startswith(
        f"Share of studies reporting each driver<br>(n = {subset.n_studies} studies)"
    )
    assert "Showing: Nurses (with nursing and midwifery students) · 2010s" in texts(at)
    assert at.select_slider[0].value == ("2010s", "2010s")


def test_trend_lines_default_to_headline_drivers():
    at = open_page("drivers", {"tab": "By decade"})
    lines = [f for f in figures(at) if (f.layout.title.text or "").startswith("Share of studies reporting the chosen")]
    assert [t.name for t in lines[0].data] == [
        "Remuneration and benefits",
        "Security problems",
        "Career prospects",
        "Working environment",
        "Job satisfaction",
    ]
    at.multiselect(key="trend_drivers").set_value([]).run()
    assert "Pick at least one driver to draw its line." in texts(at)


def test_studies_behind_a_number(evidence):
    at = open_page("drivers", {"tab": "Behind a number"})
    at.selectbox(key="behind_driver").set_value("security").run()
    at.selectbox(key="behind_facet").set_value("cadre").run()
    at.selectbox(key="behind_group").set_value("doctors").run()
    expected = studies_reporting(evidence, "security", "cadre", "doctors")
    doctors = evidence.cadre[evidence.cadre.cadre == "doctors"].study_id.nunique()
    assert f"**{len(expected)} studies** report *Security problems* within Doctors (n=" in texts(at).replace("\\", "")
    assert (at.query_params["driver"], at.query_params["within"], at.query_params["group"]) == (
        "security",
        "cadre",
        "doctors",
    )
    assert doctors > 0
    assert expected.iloc[0]["title"][:30] in texts(at)


def test_empty_selection_has_a_way_back():
    at = open_page("drivers", {"cadre": "pharmacists", "country": "NGA", "decade": "1970s"})
    assert "No study matches this combination of filters" in texts(at)
    assert not at.get("plotly_chart")
