"""Map: where the evidence comes from, where workers go, the flows between them, and the safeguards list."""

import streamlit as st

from components.analysis.aggregations import (
    corridor_choices,
    corridor_studies,
    country_profile,
    safeguards_sentence,
    study_count,
)
from components.core.i18n import _, ngettext, pgettext
from components.presentation.exports import file_stem, study_table
from components.presentation.how_many import abroad_scope_notice
from components.presentation.page_content import MAP_VIEWS, map_view
from ui import cache, filter_state, find, how_many, markup, session
from ui.charts import show_figure, table_with_download
from ui.controls import copy_link_button
from ui.page_blocks import empty_state, study_links

VIEWS = MAP_VIEWS
VIEW_CONTROL_CSS = "@media (max-width: 640px) {[data-testid='stButtonGroup'] > div {flex-wrap: wrap;}}"
scope = session.scope()
# The map shows every country that passes the other filters, so the selected source country stands out among
# them; its corridors and the title follow all filters.
mapped = cache.filtered(scope.evidence, scope.filters, ignore=("countries",))
focus = scope.filtered


def _select_from_map() -> None:
    """Clicking a country on the map makes it the selected country."""
    selection = st.session_state.get("world_map", {}).get("selection", {})
    points = selection.get("points", []) if selection else []
    locations = [p.get("location") for p in points if p.get("location")]
    if locations:
        filter_state.set_country_filter(locations[0])


st.title(_("Map of the evidence"))
st.caption(_("Showing: {selection}").format(selection=markup.plain(scope.description)))
if mapped.n_studies == 0:
    empty_state()
    session.end_page()

controls = st.columns([3.6, 2.4], vertical_alignment="bottom")
# On a phone the view buttons wrap onto a second line rather than scroll sideways out of sight.
st.html(f"<style>{VIEW_CONTROL_CSS}</style>")
view = controls[0].segmented_control(
    _("View"), list(VIEWS), format_func=lambda v: _(VIEWS[v]), key="map_view", required=True, persist_state="session"
)
assert view is not None  # required=True: one view is always chosen
selected = scope.filters.countries[0] if scope.filters.countries else None
# Flows are the studies' corridors: the Doctors abroad view always draws its own corridors (of doctors).
show_flows = view != "abroad" and controls[1].toggle(
    _("Show flows between source and destination"), key="map_flows", persist_state="session"
)
if view == "abroad":  # people, not papers: the published figures (ui/how_many.py)
    left_out = abroad_scope_notice(scope.filters.countries, scope.filters.destinations)
    if left_out:
        st.info(markup.plain(left_out))
    how_many.doctors_abroad_view(selected, _select_from_map)
    copy_link_button()
    if selected:
        how_many.country_figures(selected)
    how_many.evidence_gaps(mapped)
    session.sync_url()
    session.end_page()

drawn = cache.cached_view(
    map_view, mapped, focus, view, show_flows, scope.filters.countries, scope.filters.destinations
)
counts, sources, corridors = drawn.counts, drawn.sources, drawn.corridors
image = file_stem("map", view, scope.description)
show_figure(drawn.figure, key="world_map", on_select=_select_from_map, selection_mode="points", image_name=image)
st.caption(
    _(
        "Colour: number of studies (grey: none). Orange outline: the {n} countries of "
        "the WHO Health Workforce Support and Safeguards List 2023, where active international recruitment should be "
        "avoided (WHO, 2023; data/who_ssl_2023.csv). Lines: source → destination corridors named by the studies, "
        "wider for more studies. A multi-country study counts once for every corridor it reports."
    ).format(n=len(scope.evidence.vocabulary.ssl))
)
copy_link_button()  # below the chart, so the browser fetches the chart's library first

# ---- Studies behind a corridor or a destination
choices = corridor_choices(focus, corridors, only_to=scope.filters.destinations)
if st.session_state.get("map_corridor") not in choices:
    st.session_state["map_corridor"] = None
picked = st.selectbox(
    _("Studies behind a corridor or destination"),
    list(choices),
    key="map_corridor",
    persist_state="session",
    format_func=choices.__getitem__,
    index=None,
    placeholder=_("Choose a corridor or a destination…"),
)
session.sync_url()
if picked:
    behind = corridor_studies(focus, picked)
    st.markdown(
        _("**{studies}** behind *{corridor}*:").format(
            studies=study_count(len(behind)), corridor=markup.plain(choices[picked])
        )
    )
    study_links(behind)

table_with_download(
    counts.rename(
        columns={
            "iso3": "ISO3",
            "country": _("Country"),
            "studies": _("Studies"),
            "top_drivers": _("Top drivers"),
            "top_cadres": _("Top cadres"),
            "on_safeguards_list": _("On WHO safeguards list"),
        }
    ),
    file_name=f"{file_stem(view, scope.description)}.csv",
    key=f"map_{view}",
    label=(
        ngettext(
            "The map as a table ({n} country, studies from this country)",
            "The map as a table ({n} countries, studies from this country)",
            len(counts),
        )
        if view == "sources"
        else ngettext(
            "The map as a table ({n} country, studies naming it as destination)",
            "The map as a table ({n} countries, studies naming it as destination)",
            len(counts),
        )
    ).format(n=len(counts)),
)
table_with_download(
    corridors.rename(
        columns={
            "source_iso3": _("Source ISO3"),
            "source": pgettext("corridor table", "Source"),
            "destination_iso3": _("Destination ISO3"),
            "destination": _("Destination"),
            "studies": _("Studies"),
        }
    ),
    file_name=f"{file_stem('corridors', scope.description)}.csv",
    key="map_corridors",
    label=_("Corridors ({n})").format(n=len(corridors)),
)

# ---- Country profile
st.header(_("Country profile"))
country_choices = [None, *sources["iso3"].tolist()]
if selected and selected not in country_choices:
    country_choices.append(selected)
profile_box = f"map_country_{selected}"  # a new box when the map or the sidebar changes the country
st.selectbox(
    _("Choose a source country (or click one on the map)"),
    country_choices,
    index=country_choices.index(selected) if selected in country_choices else 0,
    format_func=lambda c: "—" if c is None else f"{sources.set_index('iso3')['country'].get(c, c)}",
    key=profile_box,
    placeholder=_("Choose a country…"),
    # Any name of a country (Turkey, Turquie, Ivory Coast, philipines), found by the search engine.
    on_change=find.resolve_selectbox(
        profile_box,
        country_choices,
        then=lambda: filter_state.set_country_filter(st.session_state[profile_box]),
        remember_as="map_profile",
    ),
    **find.country_box_options(),
)
if find.missed_country("map_profile", holding=selected):
    find.no_study_notice(find.missed_country("map_profile", holding=selected) or "", scope.evidence, "map_nearest")
if selected is None:
    st.info(_("Choose a country to see its studies, drivers, cadres and destinations."))
    session.end_page()

profile = country_profile(mapped, selected)
if profile.n_studies == 0:
    st.warning(
        _("No study from {country} matches the other filters. Widen the cadre, decade or status filters.").format(
            country=profile.name
        )
    )
    session.end_page()
st.subheader(profile.name)
st.markdown(
    _("**{studies}** under the current filters.").format(studies=study_count(profile.n_studies))
    + " "
    + safeguards_sentence(profile.name, profile.on_safeguards_list, emphasis="**")
)
how_many.country_figures(selected)
left, middle, right = st.columns([2, 1, 1])
with left:
    st.markdown("**" + _("Drivers reported, ranked") + "**")
    st.dataframe(
        profile.drivers.rename(columns={"driver_label": _("Driver"), "group": _("Group"), "studies": _("Studies")}),
        hide_index=True,
    )
with middle:
    st.markdown("**" + _("Cadres") + "**")
    st.dataframe(profile.cadres.rename(columns={"cadre_label": _("Cadre"), "studies": _("Studies")}), hide_index=True)
with right:
    st.markdown("**" + _("Destinations named") + "**")
    if profile.destinations.empty:
        st.caption(_("No destination country named in these studies."))
    else:
        st.dataframe(
            profile.destinations.rename(columns={"country": _("Destination"), "studies": _("Studies")}),
            hide_index=True,
        )
st.markdown("**" + _("Studies") + "**")
study_links(profile.studies)
links = st.columns(2)
links[0].page_link(
    "pages/drivers.py",
    label=_("Drivers for {country}").format(country=profile.name),
    query_params=session.link_params(),
)
links[1].page_link(
    "pages/studies.py",
    label=_("All studies from {country}").format(country=profile.name),
    query_params=session.link_params(),
)
table_with_download(
    study_table(mapped.subset(profile.studies["study_id"])),
    f"{file_stem('studies', scope.description)}.csv",
    key="map_profile_studies",
    label=_("Download this country's studies"),
)
