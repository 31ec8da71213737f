"""Text alternatives name what each chart shows and its largest values, from the same frames as the figure."""

from components.analysis.aggregations import (
    driver_share_by_decade,
    driver_shares,
    review_comparison,
    studies_by_source_country,
)
from components.presentation import chart_text
from components.presentation.figures import driver_ranking, driver_trends
from components.presentation.maps import world_map


def test_ranking_sentence_names_the_top_three_shares(small):
    shares = driver_shares(small)
    text = chart_text.ranking(shares[shares["group"] == "migration"], small.n_studies)
    # remuneration in 3 of 4 studies, career prospects in 2 of 4, security and family ties in 1
    assert text.startswith("Bar chart of the share of 4 studies reporting each driver; largest: ")
    assert "Remuneration and benefits 75%" in text and "Career prospects 50%" in text
    assert text.index("Remuneration") < text.index("Career") and text.endswith(".")


def test_the_figure_carries_its_sentence(small):
    shares = driver_shares(small)
    figure = driver_ranking(shares, review_comparison(small), "Share").to_dict()
    assert figure["layout"]["meta"]["description"] == chart_text.ranking(
        shares[shares["group"] == "migration"], small.n_studies
    )


def test_map_sentence_names_the_countries_with_most_studies(small):
    from components.tables.geo import basemap_countries, country_points

    counts = studies_by_source_country(small)
    figure = world_map(counts, country_points(), set(basemap_countries()), small.vocabulary.ssl, title="Studies<br>x")
    text = figure.to_dict()["layout"]["meta"]["description"]
    assert text.startswith("World map of studies (x), 3 countries shaded; most: Nigeria 2 studies, ")


def test_trend_sentence_gives_the_highest_points(small):
    text = driver_trends(driver_share_by_decade(small), ["remuneration"], "t").to_dict()["layout"]["meta"]
    # 2010s: s1 and s2 both report remuneration (2 of 2); 2020s: s4 (1 of 1)
    assert text["description"].startswith("Line chart of the share of studies reporting 1 chosen driver in each")
    assert "Remuneration and benefits in the 2010s 100%" in text["description"]


def test_titles_become_prose():
    assert chart_text.plain_title("Studies per source country<br><sup>12 studies · 3 corridors</sup>") == (
        "Studies per source country (12 studies, 3 corridors)"
    )
