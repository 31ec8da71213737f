"""The search engine (components.analysis.search) in the widgets: country boxes that take any name of a country
(the sidebar's country filters, the story's lens, the overview's country picker), the filters a search names, and
the nearest evidence to a country without a study."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from components.analysis.nearest import nearest_evidence
from components.analysis.search import FilterWords, countries_matching, country_of_words, words
from components.presentation.search_view import (
    country_link_label,
    nearest_headings,
    no_study_sentence,
    region_offer_label,
    studies_in_region,
)
from components.tables.evidence import EvidenceBase
from ui import filter_state
from ui.cache import current_evidence

# Per country box: the name typed that found no country with a study, and the box's value it was typed against.
_MISSED = "_find_missed"
_BOX_VALUE = object()  # missed_country: compare with the box's own value


def typed_country(text: str, options: list[str]) -> tuple[str | None, str | None]:
    """(the option a typed name finds, the country it names when none of the options is it)."""
    found = countries_matching(text, options)
    if found:
        return found[0], None
    return None, country_of_words(tuple(words(text)))


def country_box_options() -> dict[str, Any]:
    """Arguments that let a Streamlit select box take a name its own filter does not know ('Turkey', 'Ivory
    Coast'): the typed text is accepted, and ``resolve_*`` below replaces it with what the engine finds."""
    return {"accept_new_options": True}


def resolve_multiselect(key: str, options: list[str]) -> Callable[[], None]:
    """on_change of a country multiselect: each typed name becomes the country the engine finds."""

    def resolve() -> None:
        kept: list[str] = []
        missed: str | None = None
        for value in st.session_state.get(key) or []:
            if value in options:
                kept.append(value)
                continue
            found, named = typed_country(str(value), options)
            if found:
                kept.append(found)
            else:
                missed = named or str(value)[:60]
        st.session_state[key] = list(dict.fromkeys(kept))
        _remember_miss(key, missed, st.session_state[key])

    return resolve


def resolve_selectbox(
    key: str, options: list, then: Callable[[], None] | None = None, remember_as: str | None = None
) -> Callable[[], None]:
    """on_change of a country select box: a typed name becomes the country the engine finds (or no choice).
    ``remember_as``: the name ``missed_country`` asks for, when the box's own key changes with the selection
    (the map's profile box)."""

    def resolve() -> None:
        value = st.session_state.get(key)
        missed = None
        if value is not None and value not in options:
            found, named = typed_country(str(value), [o for o in options if o])
            st.session_state[key] = found
            missed = None if found else (named or str(value)[:60])
        _remember_miss(remember_as or key, missed, st.session_state[key])
        if then is not None:
            then()

    return resolve


def _remember_miss(key: str, missed: str | None, value: Any) -> None:
    misses = dict(st.session_state.get(_MISSED) or {})
    if missed:
        misses[key] = (missed, value)
    else:
        misses.pop(key, None)
    st.session_state[_MISSED] = misses


def missed_country(key: str, holding: Any = _BOX_VALUE) -> str | None:
    """The name typed into box ``key`` that found no country with a study, while the box still holds the value
    it was typed against (``holding``: what the box holds now, when its key is not ``key``)."""
    missed = (st.session_state.get(_MISSED) or {}).get(key)
    current = st.session_state.get(key) if holding is _BOX_VALUE else holding
    if missed and missed[1] == current:
        return missed[0]
    return None


def no_study_notice(
    typed_or_code: str,
    evidence: EvidenceBase,
    key_prefix: str = "nearest",
    pick: Callable[[str], None] | None = None,
    offer_region: bool = True,
) -> None:
    """'No study in the atlas is about Senegal.' and the nearest evidence (same WHO region, neighbours), each a
    link to the studies of that country (``pick``: what choosing one does instead, e.g. fill a brief's box), and
    one for the studies of the whole WHO region (``offer_region``: where a region can be chosen); a name the atlas
    cannot place says only that nothing was found."""
    from components.core.countries import is_iso3
    from components.core.i18n import _

    if not is_iso3(typed_or_code):
        st.info(_("No country or study found for “{typed}”.").format(typed=typed_or_code))
        return
    nearest = nearest_evidence(typed_or_code, evidence)
    st.info(no_study_sentence(typed_or_code))
    in_region = studies_in_region(evidence, nearest.region) if offer_region else 0
    if in_region:
        # One click shows the whole WHO region's evidence: the region filter, in place of the country filter.
        st.button(
            region_offer_label(typed_or_code, nearest.region, in_region),
            on_click=_show_region,
            args=(nearest.region,),
            key=f"{key_prefix}_region_{nearest.region}",
        )
    region, near = nearest_headings(nearest)
    for heading, countries in ((region, nearest.same_region), (near, nearest.neighbours)):
        if not (heading and countries):
            continue
        st.markdown(heading)
        for code, n in countries:
            # One click shows that country's studies (a button: a link to the page already open does nothing).
            # One under the other, most studies first (columns would reorder them on a phone).
            st.button(
                country_link_label(code, n),
                on_click=pick or _show_country,
                args=(code,),
                key=f"{key_prefix}_{heading[:12]}_{code}",
                type="tertiary",
            )


def _show_region(region: str) -> None:
    """The studies of one WHO region: it becomes the region filter, the country filter and the search are cleared."""
    evidence = current_evidence()
    current = filter_state.filters_in_state(evidence)
    filter_state.store_filters(replace(current, countries=(), regions=(region,)), evidence)
    st.session_state["study_search"] = ""


def _show_country(code: str) -> None:
    """The studies of one country: it becomes the country filter, and the search box is cleared."""
    filter_state.set_country_filter(code)
    st.session_state["study_search"] = ""


def apply_filter_words(found: FilterWords, search_key: str) -> Callable[[], None]:
    """on_click of 'Use as filters: …': the named countries, cadres and decades join the sidebar's filters, and
    the search keeps only the other words."""

    def apply() -> None:
        evidence = current_evidence()
        current = filter_state.filters_in_state(evidence)
        changes: dict[str, Any] = {
            "countries": tuple(dict.fromkeys(current.countries + found.countries)),
            "destinations": tuple(dict.fromkeys(current.destinations + found.destinations)),
            "cadres": tuple(dict.fromkeys(current.cadres + found.cadres)),
        }
        if found.decades:
            changes |= {"decade_from": min(found.decades), "decade_to": max(found.decades)}
        filter_state.store_filters(replace(current, **changes), evidence)
        st.session_state[search_key] = found.rest

    return apply
