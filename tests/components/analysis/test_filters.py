"""The shared filter model and its URL form."""

from components.analysis.filters import Filters, apply_filters, filters_from_query, filters_to_query, parse_decade_range


def test_round_trip_through_the_url(small):
    filters = Filters(
        countries=("NGA",),
        cadres=("doctors", "nurses"),
        decade_from="2000s",
        decade_to="2010s",
        statuses=("intention",),
    )
    query = filters_to_query(filters)
    assert query == {"country": "NGA", "cadre": "doctors,nurses", "decade": "2000s-2010s", "status": "intention"}
    parsed, notices = filters_from_query({k: [v] for k, v in query.items()}, small)
    assert parsed == filters and notices == []


def test_default_filters_make_an_empty_query():
    assert filters_to_query(Filters()) == {}


def test_facets_combine_with_and_values_with_or(small):
    assert apply_filters(small, Filters(cadres=("nurses",))).studies["study_id"].tolist() == ["s1", "s2"]
    assert apply_filters(small, Filters(countries=("NGA", "IND"))).n_studies == 3
    only = apply_filters(small, Filters(countries=("NGA",), cadres=("nurses",)))
    assert only.studies["study_id"].tolist() == ["s1"]
    assert apply_filters(small, Filters(decade_from="2020s", decade_to="2020s")).studies["study_id"].tolist() == ["s4"]
    assert apply_filters(small, Filters(destinations=("USA",))).n_studies == 2
    assert apply_filters(small, Filters(designs=("qualitative",))).studies["study_id"].tolist() == ["s2"]


def test_impossible_combination_gives_empty_result(small):
    assert apply_filters(small, Filters(countries=("GHA",), cadres=("students",))).n_studies == 0


def test_unknown_values_and_keys_are_dropped_with_notices(small):
    filters, notices = filters_from_query(
        {"country": ["NGA,ZZZ"], "cadre": ["<script>"], "colour": ["red"], "decade": ["1950s"], "step": ["2"]},
        small,
        page_params=("step",),
    )
    assert filters.countries == ("NGA",)
    assert filters.cadres == ()
    assert (filters.decade_from, filters.decade_to) == ("1970s", "2020s")
    assert len(notices) == 4
    assert any("ZZZ" in n for n in notices) and any("colour" in n for n in notices)
    assert not any("step" in n for n in notices)  # a page parameter, not unknown


def test_known_country_without_studies_gets_a_specific_notice(small):
    _, notices = filters_from_query({"country": ["gbr"]}, small)
    assert notices == ["No study has United Kingdom as a source country; 'GBR' was ignored."]


def test_decade_ranges():
    assert parse_decade_range(["2010s"]) == ("2010s", "2010s")
    assert parse_decade_range(["2010s-1990s"]) == ("1990s", "2010s")
    assert parse_decade_range(["2030s"]) is None
    assert parse_decade_range(["a", "b"]) is None


def test_describe_is_plain_language(small):
    text = Filters(countries=("NGA",), cadres=("nurses",), decade_from="2010s", decade_to="2010s").describe(
        small.vocabulary
    )
    assert text == "from Nigeria · Nurses (with nursing and midwifery students) · 2010s"
    assert Filters().describe() == "all studies"
