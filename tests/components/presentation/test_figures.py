"""Figure builders return figures holding the numbers they were given."""

import pandas as pd

from components.analysis.aggregations import (
    corridor_counts,
    driver_share_by_cadre,
    driver_share_by_decade,
    driver_share_by_status,
    driver_shares,
    reasons_to_leave,
    review_comparison,
    studies_by_source_country,
)
from components.presentation.figures import driver_heatmap, driver_ranking, driver_trends, status_split
from components.presentation.maps import flow_width_classes, world_map
from components.tables.geo import basemap_countries, country_points


def test_world_map_traces(small):
    fig = world_map(
        studies_by_source_country(small),
        country_points(),
        set(basemap_countries()),
        small.vocabulary.ssl,
        corridor_counts(small),
        selected="NGA",
    )
    choropleth = fig.data[0]
    assert list(choropleth.locations) == ["NGA", "GHA", "IND"] and list(choropleth.z) == [2, 1, 1]
    # 50 of the 55 listed countries have a polygon at 110m; the five small island states get open markers.
    assert fig.data[1].name.startswith("WHO safeguards list") and len(fig.data[1].locations) == 50
    small_ssl = next(t for t in fig.data if t.name == "Safeguards list (small states)")
    assert sorted(small_ssl.customdata) == ["Comoros", "Kiribati", "Micronesia", "Samoa", "Tuvalu"]
    flows = [t for t in fig.data if t.name and t.name.startswith("Corridor")]
    assert sum(t.lon.count(None) for t in flows) == 4  # one segment per corridor
    assert fig.data[-1].name == "Selected country"
    assert fig.layout.geo.projection.type == "natural earth"


def test_small_states_get_markers(small):
    counts = pd.DataFrame(
        {
            "iso3": ["WSM"],
            "country": ["Samoa"],
            "studies": [1],
            "top_drivers": [""],
            "top_cadres": [""],
            "on_safeguards_list": [True],
        }
    )
    fig = world_map(counts, country_points(), set(basemap_countries()), small.vocabulary.ssl)
    markers = [t for t in fig.data if t.name == "Small states (marker)"]
    assert len(markers) == 1 and list(markers[0].customdata[0][:2]) == ["Samoa", 1]


def test_flow_widths_grow_with_counts():
    classes = flow_width_classes(12)
    assert classes[0][0] == 1 and classes[-1][1] == 12
    widths = [w for _, _, w in classes]
    assert widths == sorted(widths) and len(widths) >= 3


def test_heatmap_flags_small_groups(small):
    table = driver_share_by_cadre(small)
    fig = driver_heatmap(reasons_to_leave(table, "driver_group"), "t")
    assert len(fig.data) == 2  # main + greyed small-n trace
    assert all("n=" in x for x in fig.data[0].x)
    assert any("⚠" in x for x in fig.data[0].x)


def test_ranking_and_lines(small):
    fig = driver_ranking(driver_shares(small), review_comparison(small), "t")
    review = next(t for t in fig.data if t.name.startswith("2023 review"))
    assert 83.2 in list(review.x)
    lines = driver_trends(driver_share_by_decade(small), ["remuneration"], "t")
    assert list(lines.data[0].x) == ["2000s", "2010s", "2020s"] and list(lines.data[0].y) == [0.0, 100.0, 100.0]
    bars = status_split(driver_share_by_status(small), ["remuneration"], "t")
    assert {t.name.split(" (")[0] for t in bars.data} == {"Intention to migrate", "Migrated", "Reasons to stay"}


def test_colour_scale_runs_from_light_to_dark(small):
    """Few studies light, many dark, in every chart that uses the sequential scale (spelled out for plotly.js)."""
    fig = world_map(studies_by_source_country(small), country_points(), set(basemap_countries()), small.vocabulary.ssl)
    scale = fig.data[0].colorscale
    assert scale[0][1] == "rgb(255,255,217)" and scale[-1][1] == "rgb(8,29,88)"
    heat = driver_heatmap(driver_share_by_cadre(small), "t")
    assert heat.data[0].colorscale[0][1] == "rgb(255,255,217)" and heat.data[0].colorscale[-1][1] == "rgb(29,145,192)"


def test_heatmap_gaps_do_not_hover(small):
    """Each cell is drawn by one of the two traces; the other's empty cell must not show a wrong tooltip."""
    table = driver_share_by_cadre(small)
    fig = driver_heatmap(reasons_to_leave(table, "driver_group"), "t")
    assert [t.hoverongaps for t in fig.data] == [False, False]


def test_the_options_findings_are_stacked_counts_not_one_colour():
    from components.presentation.policy_charts import option_findings

    coverage = pd.DataFrame(
        {"option_id": ["a", "b"], "order": [1, 2], "short_title": ["Pay", "Bonds"], "share": [0.5, 0.25]}
    )
    summary = pd.DataFrame(
        {
            "option_id": ["a", "b"],
            "records": [8, 1],
            "improved": [3, 0],
            "mixed": [3, 0],
            "no_clear_effect": [2, 0],
            "worsened": [0, 0],
            "not_evaluated": [0, 1],
        }
    )
    fig = option_findings(coverage, summary, "Findings")
    by_name = {t.name: list(t.x) for t in fig.data}
    assert by_name["Improved"] == [3, 0] and by_name["Mixed"] == [3, 0] and by_name["No clear effect"] == [2, 0]
    assert fig.layout.barmode == "stack"
    description = fig.layout.meta["description"]
    assert "Pay: improved 3, mixed 3, no clear effect 2" in description and "Bonds: not evaluated 1" in description


def test_the_evidence_gap_names_each_stand_above_their_point_and_above_the_one_before():
    """The labelled countries of the evidence-gap scatter crowd near zero studies: each name is lifted to a height
    of its own on the studies axis, from left to right, and always above its own point."""
    import pandas as pd

    from components.presentation.how_many_charts import gap_scatter

    gaps = pd.DataFrame(
        {
            "origin": ["GRD", "DMA", "RUS", "UKR", "DZA", "ROU", "IND", "KEN", "GHA"],
            "doctors": [5_000, 6_000, 12_000, 4_000, 3_500, 9_000, 70_000, 900, 800],
            "studies": [0, 0, 2, 0, 1, 2, 14, 6, 9],
        }
    )
    figure = gap_scatter(gaps, "Doctors abroad and studies of why they leave", labelled=7)
    notes = sorted(figure["layout"]["annotations"], key=lambda note: note["x"])
    assert len(notes) == 7
    heights = [note["ay"] for note in notes]
    assert heights == sorted(heights) and len(set(heights)) == 7
    assert all(note["ayref"] == "y" and note["ay"] > note["y"] for note in notes)


def test_count_bars_tick_whole_numbers_on_a_short_axis():
    """A lens with one study: one reason counted 0 times. The axis runs from 0 with whole ticks, never 0.5."""
    from components.presentation.figures import count_bars

    for hall in (False, True):
        fig = count_bars(pd.DataFrame({"value": ["Remuneration"], "studies": [0]}), "One reason", hall=hall)
        assert fig.layout.xaxis.range[0] == 0 and fig.layout.xaxis.dtick == 1
        assert list(fig.data[0].x) == [0]
    many = count_bars(pd.DataFrame({"value": ["a", "b"], "studies": [40, 3]}), "Two reasons")
    assert many.layout.xaxis.dtick is None  # plotly's own whole steps (10, 20, ...)
