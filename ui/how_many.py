"""Streamlit glue of the "how many" layer: the map's Doctors abroad view, a country's figures in its profile, the
evidence-gap view. What is shown is computed in components.presentation.how_many (cached across sessions)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.countries import country_in_sentence, country_name
from components.core.i18n import _, current_language, number, use_language
from components.presentation import how_many
from components.tables.evidence import EvidenceBase
from components.tables.migration_figures import MigrationFigures, load_migration_figures
from ui import markup
from ui.cache import shared_or_session
from ui.charts import show_figure, table_with_download


@st.cache_resource(show_spinner=False)
def figures() -> MigrationFigures:
    """The three published files, read and checked once per server."""
    return load_migration_figures()


@st.cache_data(max_entries=256, show_spinner=False)
def _abroad_view(lang: str, selected: str | None) -> how_many.AbroadView:
    from components.tables.geo import basemap_countries, country_points

    with use_language(lang):
        return how_many.abroad_view(figures(), country_points(), set(basemap_countries()), selected)


@st.cache_data(max_entries=256, show_spinner=False)
def _country_figures(lang: str, country: str) -> how_many.CountryFigures:
    with use_language(lang):
        return how_many.country_figures(figures(), country)


def corridor_label(key: str, corridors: pd.DataFrame) -> str:
    origin, destination = key.split("-")
    row = corridors[(corridors["origin"] == origin) & (corridors["destination"] == destination)].iloc[0]
    return f"{country_name(origin)} → {country_name(destination)} ({number(int(row['doctors']))})"


def _build_gap_view(lang: str, evidence: EvidenceBase) -> how_many.GapView:
    from components.analysis.aggregations import studies_by_source_country

    with use_language(lang):
        return how_many.gap_view(figures(), studies_by_source_country(evidence)[["iso3", "studies"]])


_gap_view = st.cache_data(max_entries=64, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})(
    _build_gap_view
)


def evidence_gaps(evidence: EvidenceBase) -> None:
    """Where the evidence is thinnest for the loss: doctors abroad against studies, ranked and plotted."""
    view = shared_or_session(evidence, _gap_view, _build_gap_view, current_language(), evidence)
    st.subheader(_("Where the evidence is thinnest"))
    show_figure(view.figure, key="evidence_gaps", image_name="doctors_abroad_and_studies")
    st.caption(
        _(
            "Countries outside the OECD with doctors abroad, ranked by doctors abroad per study of why they leave "
            "(a country with no study is divided by one). Studies: the atlas's studies from the country under all "
            "filters but the country."
        )
        + " "
        + _("Grenada and Dominica host offshore medical schools whose graduates are mostly not their nationals.")
    )
    st.table(
        view.table.head(20)
        .assign(
            doctors=view.table["doctors"].head(20).map(number),
            per_100=view.table["per_100"].head(20).map(lambda v: "—" if pd.isna(v) else number(round(v, 1))),
        )[["country", "doctors", "per_100", "studies"]]
        .rename(
            columns={
                "country": _("Country of training"),
                "doctors": _("Doctors abroad"),
                "per_100": _("Abroad per 100 at home"),
                "studies": _("Studies"),
            }
        )
        .set_index(_("Country of training"))
    )


def doctors_abroad_view(selected: str | None, on_select) -> None:
    """The map's Doctors abroad view: the map, what its numbers are, one corridor's figure, NHS England nurses."""
    view = _abroad_view(current_language(), selected)
    show_figure(view.figure, key="world_map", on_select=on_select, selection_mode="points", image_name="doctors_abroad")
    st.caption(view.caption)
    keys = [f"{r.origin}-{r.destination}" for r in view.corridors.itertuples()]
    if st.session_state.get("map_corridor") not in keys:
        st.session_state["map_corridor"] = None
    picked = st.selectbox(
        _("Doctors on a corridor"),
        keys,
        key="map_corridor",
        format_func=lambda k: corridor_label(k, view.corridors),
        index=None,
        placeholder=_("Choose a corridor…"),
    )
    if picked:
        origin, destination = picked.split("-")
        row = view.corridors[(view.corridors["origin"] == origin) & (view.corridors["destination"] == destination)]
        year, doctors = int(row.iloc[0]["year"]), int(row.iloc[0]["doctors"])
        st.markdown(
            _(
                "{origin} → {destination}: **{doctors}** doctors trained in the first were working in the second in "
                "{year} (stock)."
            ).format(
                doctors=number(doctors),
                origin=country_in_sentence(origin),
                destination=country_in_sentence(destination),
                year=year,
            )
            + " "
            + markup.plain(_("Country of training, not nationality; the number present that year, not a yearly flow."))
            + " "
            + _("Source: {source}.").format(
                source=f"[{markup.plain(how_many.oecd_source())}]({how_many.source_page('doctors_abroad')})"
            )
        )
    table_with_download(
        view.by_origin.assign(country=view.by_origin["origin"].map(country_name))[
            ["origin", "country", "doctors", "destinations", "years", "home_doctors", "home_year", "per_100"]
        ].rename(
            columns={
                "origin": "ISO3",
                "country": _("Country of training"),
                "doctors": _("Doctors abroad"),
                "destinations": _("Reporting destinations"),
                "years": _("Years"),
                "home_doctors": _("Doctors at home (WHO)"),
                "home_year": _("Year at home"),
                "per_100": _("Abroad per 100 at home"),
            }
        ),
        file_name="doctors_abroad_by_country_of_training.csv",
        key="map_abroad",
        label=_("The map as a table ({n} countries of training)").format(n=len(view.by_origin)),
    )
    st.subheader(_("Nurses: NHS England only"))
    show_figure(view.nurses_figure, key="nhs_nurses", image_name="nhs_england_nurses_by_nationality")
    st.caption(view.nurses_caption)


def country_figures(country: str) -> None:
    """A country's published figures in its profile: doctors abroad by destination and per 100 at home, health
    workers per 10,000 at home, NHS England staff of its nationality, and where the official series live."""
    data = _country_figures(current_language(), country)
    text = how_many.country_text(data)
    with st.container(key=f"how_many_{country}"):
        st.markdown("#### " + text.heading)
        st.markdown(text.abroad)
        st.caption(text.abroad_note)
        st.table(
            data.by_destination.rename(
                columns={"destination": _("Destination"), "year": _("Year"), "doctors": _("Doctors")}
            ).set_index(_("Destination"))
        )
        for sentence in (text.at_home, text.threshold, text.nhs, text.beyond):
            if sentence:
                st.markdown(sentence)
