"""The search engine, one test per rule, on real studies of data/studies.csv (components/analysis/search.py)."""

import time

import pytest

from components.analysis.nearest import nearest_evidence
from components.analysis.search import (
    MAX_QUERY_WORDS,
    build_index,
    countries_matching,
    filter_words,
    fold,
    mark,
    query_words,
    search,
    unsearched,
    word_match,
)
from components.core.countries import country_names_everywhere


@pytest.fixture(scope="module")
def index(evidence):
    return build_index(evidence)


def _ids(index, text):
    return list(search(index, text).study_ids)


def _with_source(evidence, code):
    return set(evidence.source.loc[evidence.source["iso3"] == code, "study_id"])


TURKEY_DOCTORS = "yilmaz_2023_turkey_doctors_complaints"  # "Why is Turkey losing its doctors? ..."
ETHIOPIA_DOCTORS = "balaker_2018_ethiopia_doctors_usa"  # "... Retain Medical Doctors in Ethiopia"
PHILIPPINE_NURSES = "alonsogarbayo_2009_india_philippines_uk"  # "... nurses from India and the Philippines ..."


def test_case_and_accents_do_not_count(index, evidence):
    turkey = _with_source(evidence, "TUR")
    assert set(_ids(index, "Türkiye")) >= turkey and turkey
    assert _ids(index, "Türkiye") == _ids(index, "turkiye") == _ids(index, "TURKIYE")
    assert _ids(index, "médecins") == _ids(index, "medecins") == _ids(index, "MÉDECINS")
    assert ETHIOPIA_DOCTORS in _ids(index, "Ethiopie") and _ids(index, "Éthiopie") == _ids(index, "ethiopie")
    assert fold("Côte d'Ivoire") == "cote d'ivoire"


def test_a_country_is_found_by_each_of_its_names(index, evidence):
    turkey = set(_ids(index, "Türkiye"))
    assert TURKEY_DOCTORS in turkey
    for other in ("Turkey", "Turquie", "Turkiye"):
        assert set(_ids(index, other)) == turkey, other
    names = country_names_everywhere("CIV")
    assert {"Côte d'Ivoire", "Ivory Coast"} <= set(names)
    assert "Côte d’Ivoire" in names or "Côte d'Ivoire" in names


def test_every_word_must_match_somewhere_in_any_order(index, evidence):
    ghana_nurses = set(_ids(index, "Ghana nurses"))
    assert ghana_nurses, "the literal search found 0: two words were one phrase"
    assert ghana_nurses == set(_ids(index, "nurses Ghana"))
    ghana = _with_source(evidence, "GHA") | set(
        evidence.destination.loc[evidence.destination["iso3"] == "GHA", "study_id"]
    )
    nurses = set(evidence.cadre.loc[evidence.cadre["cadre"] == "nurses", "study_id"])
    # Every study found names Ghana somewhere and nurses somewhere (cadre, title or note).
    titles = evidence.studies.set_index("study_id")
    for sid in ghana_nurses:
        assert sid in ghana or "ghana" in fold(titles.at[sid, "title"] + titles.at[sid, "coding_note"])
        assert sid in nurses or "nurs" in fold(titles.at[sid, "title"] + titles.at[sid, "coding_note"])
    assert _ids(index, "Ghana xyzzyq") == []
    # A decade as French readers write it is the decade.
    assert set(_ids(index, "années 2010")) == set(_ids(index, "2010s")) != set()


def test_singular_plural_and_stems_in_english_and_french(index):
    assert _ids(index, "midwife") == _ids(index, "midwives") != []
    assert set(_ids(index, "doctor")) == set(_ids(index, "doctors"))
    assert set(_ids(index, "infirmières")) == set(_ids(index, "infirmiers")) != set()
    assert word_match("nurse", "nurses") == "stem"
    assert word_match("infirmiere", "infirmieres") == "stem"


def test_a_typo_finds_a_long_word_but_not_a_short_one(index):
    assert PHILIPPINE_NURSES in _ids(index, "philipines")  # one letter missing
    assert PHILIPPINE_NURSES in _ids(index, "filippines")  # two letters wrong in a long word
    assert word_match("nurce", "nurse") == "typo"
    assert word_match("nuse", "nurse") is None  # four letters: no typo allowed
    assert word_match("2011", "2010") is None  # numbers are exact


def test_an_unfinished_word_finds_the_words_it_starts(index):
    assert word_match("ethio", "ethiopia") == "prefix"
    assert ETHIOPIA_DOCTORS in _ids(index, "ethio")
    assert word_match("2010", "2010s") is None  # a whole year is that year


def test_results_are_ranked_best_first_with_the_matched_words(index):
    result = search(index, "Turkey doctors")
    assert result.study_ids[0] == TURKEY_DOCTORS  # both words in its title
    assert list(result.scores) == sorted(result.scores, reverse=True)
    assert {"Turkey", "doctors"} <= set(result.matched[0])
    assert mark("Why is Turkey losing its doctors?", result.matched[0]) == "Why is **Turkey** losing its **doctors**?"


def test_an_empty_search_keeps_every_study_in_order_and_reports_missing_words(index, evidence):
    assert _ids(index, "  ") == list(evidence.studies["study_id"])
    assert search(index, "Senegal").missing_words == ("senegal",)
    some = list(evidence.studies["study_id"][:5])
    assert set(search(index, "", within=some).study_ids) == set(some)


def test_nothing_typed_needs_no_index(index, evidence):
    """ui.cache answers an empty search with unsearched, so an upload's index is built only at its first search."""
    ids = evidence.studies["study_id"]
    some = list(ids[3:9])
    for within in (None, some):
        assert unsearched(ids, within) == search(index, " , ", within) == search(index, "", within)


def test_long_input_is_bounded(index):
    assert len(query_words(" ".join(f"w{i}" for i in range(100)) + " nurse" * 10_000)) == MAX_QUERY_WORDS
    started = time.perf_counter()
    search(index, "abcdefghij " * 50)
    assert time.perf_counter() - started < 1


def test_words_that_name_a_filter(evidence):
    offer = filter_words("Ghana nurses 2010s", evidence)
    assert (offer.countries, offer.cadres, offer.decades, offer.rest) == (("GHA",), ("nurses",), ("2010s",), "")
    french = filter_words("infirmières du Ghana années 2010", evidence)
    assert (french.countries, french.cadres, french.decades) == (("GHA",), ("nurses",), ("2010s",))
    assert filter_words("Côte d'Ivoire brain drain", evidence).countries_without_studies == ("CIV",)
    assert filter_words("Ivory Coast", evidence).countries_without_studies == ("CIV",)
    assert filter_words("São Tomé", evidence).countries_without_studies == ("STP",)
    assert filter_words("philipines", evidence).countries == ("PHL",)
    # The UK is no study's source but many studies' destination: a destination, never "no study".
    uk = filter_words("ghana nurses uk", evidence)
    assert (uk.countries, uk.destinations, uk.countries_without_studies) == (("GHA",), ("GBR",), ())
    assert filter_words("working conditions", evidence).any is False


def test_country_boxes_find_a_country_by_any_name(evidence):
    codes = sorted(set(evidence.source["iso3"]))
    assert countries_matching("Turkey", codes)[0] == "TUR"
    assert countries_matching("Turquie", codes)[0] == "TUR"
    assert countries_matching("ethiopie", codes)[0] == "ETH"
    assert countries_matching("south afr", codes)[0] == "ZAF"


def test_the_nearest_evidence_to_a_country_without_a_study(evidence):
    counts = evidence.source.groupby("iso3")["study_id"].nunique()
    senegal = nearest_evidence("SEN", evidence)
    assert senegal.region == "AFR" and senegal.same_region[0] == ("NGA", counts["NGA"])
    assert all(n > 0 for _code, n in senegal.neighbours) and not senegal.neighbours_are_nearest
    ivory = nearest_evidence("CIV", evidence)
    assert ("GHA", counts["GHA"]) in ivory.neighbours
    island = nearest_evidence("STP", evidence)  # no land border: the nearest countries with studies
    assert island.neighbours_are_nearest and island.region == "AFR" and len(island.neighbours) == 3


def test_an_index_keeps_its_words_to_itself(evidence):
    """The words of the studies indexed (an upload's, say) are stemmed for that index alone: the process-wide
    cache of stems, which outlives every session, holds only words people typed."""
    from components.analysis import search as engine

    engine.stems.cache_clear()
    build_index(evidence)
    assert engine.stems.cache_info().currsize == 0
    search(build_index(evidence), "nurses")
    assert engine.stems.cache_info().currsize <= 2
