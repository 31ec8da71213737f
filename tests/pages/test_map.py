"""Map page: choropleth counts, corridors, safeguards outline, country profile, URL state."""

from components.analysis.aggregations import corridor_counts, country_profile, studies_by_source_country
from components.analysis.filters import Filters, apply_filters
from harness.apptest import figures, open_page, texts


def map_counts(at):
    choropleth = figures(at)[0].data[0]
    return {iso3: int(z) for iso3, z in zip(choropleth.locations, choropleth.z, strict=True)}


def test_map_without_filters_counts_every_source_country(evidence):
    at = open_page("map")
    expected = studies_by_source_country(evidence)
    assert map_counts(at) == dict(zip(expected["iso3"], expected["studies"], strict=True))
    title = figures(at)[0].layout.title.text
    assert title == (
        f"Studies per source country<br><sup>{evidence.n_studies} studies · "
        f"{len(corridor_counts(evidence))} corridors</sup><br><sup>all studies</sup>"
    )
    ssl = [t for t in figures(at)[0].data if (t.name or "").startswith("WHO safeguards")]
    assert len(ssl) == 1 and "NGA" in ssl[0].locations
    assert "Choose a country to see its studies" in texts(at)


def test_map_with_cadre_filter(evidence):
    at = open_page("map", {"cadre": "nurses"})
    expected = studies_by_source_country(apply_filters(evidence, Filters(cadres=("nurses",))))
    assert map_counts(at) == dict(zip(expected["iso3"], expected["studies"], strict=True))
    assert sum(map_counts(at).values()) < sum(studies_by_source_country(evidence)["studies"])


def test_country_profile_from_the_link(evidence):
    at = open_page("map", {"country": "ZAF"})
    profile = country_profile(evidence, "ZAF")
    shown = texts(at)
    assert profile.name == "South Africa"
    assert f"**{profile.n_studies} studies** under the current filters" in shown
    assert "South Africa **is not on** the WHO Health Workforce Support and Safeguards List 2023" in shown
    drivers_table = next(d.value for d in at.dataframe if "Driver" in d.value.columns)
    assert drivers_table.iloc[0]["Studies"] == profile.drivers.iloc[0]["studies"]
    assert list(drivers_table["Driver"]) == list(profile.drivers["driver_label"])
    # The map still shows every country, with the selected one starred.
    assert len(map_counts(at)) == len(studies_by_source_country(evidence))
    assert figures(at)[0].data[-1].name == "Selected country"
    links = {link.label: link for link in at.get("page_link")}
    assert "Drivers for South Africa" in links and "All studies from South Africa" in links
    assert at.query_params["country"] == "ZAF"


def test_country_on_safeguards_list_and_cadre_together(evidence):
    at = open_page("map", {"country": "NGA", "cadre": "doctors"})
    profile = country_profile(apply_filters(evidence, Filters(cadres=("doctors",))), "NGA")
    assert f"**{profile.n_studies} studies** under the current filters" in texts(at)
    assert "Nigeria **is on** the WHO" in texts(at)


def test_destination_view_and_unknown_code(evidence):
    at = open_page("map", {"view": "destinations", "country": "ATLANTIS"})
    assert "Ignored unknown country 'ATLANTIS'." in texts(at).replace("\\", "")
    counts = map_counts(at)
    assert counts["GBR"] == evidence.destination.loc[evidence.destination.iso3 == "GBR", "study_id"].nunique()
    assert at.query_params["view"] == "destinations"
    assert "country" not in at.query_params


def test_impossible_combination_shows_empty_state():
    at = open_page("map", {"cadre": "midwives", "decade": "2000s", "design": "qualitative"})
    assert "No study matches this combination of filters" in texts(at)
    assert at.button(key="empty_reset").label == "Show all studies again"
    at.button(key="empty_reset").click().run()
    assert not at.exception and "No study matches" not in texts(at)


def test_flow_toggle_is_kept_when_coming_back():
    at = open_page("map")
    at.toggle(key="map_flows").set_value(False).run()
    assert not [t for t in figures(at)[0].data if (t.name or "").startswith("Corridor")]
    at.switch_page("pages/studies.py").run()
    at.switch_page("pages/map.py").run()
    assert at.toggle(key="map_flows").value is False
    assert not [t for t in figures(at)[0].data if (t.name or "").startswith("Corridor")]
