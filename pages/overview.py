"""Overview: what the atlas is, its key finding, a way in by country, and a card per page."""

import streamlit as st

from components.analysis.aggregations import (
    driver_shares,
    headline_figures,
    reasons_to_leave,
    reference_value,
    small_n_note,
)
from components.core.countries import country_name, country_sort_key
from components.core.i18n import _, current_language, in_current_language, number
from components.presentation.exports import file_stem
from components.presentation.figures import count_bars
from components.presentation.handouts import country_brief
from components.presentation.page_content import key_finding
from ui import cache, find, how_many, markup, session
from ui.charts import show_figure
from ui.page_blocks import empty_state

scope = session.scope()
evidence = scope.filtered
figures = headline_figures(evidence)
review_n = int(reference_value(scope.evidence, "studies_included"))
review_screened = int(reference_value(scope.evidence, "records_screened"))

st.title(_("Health Worker Migration Atlas"))
st.markdown(
    _(
        "Why do doctors, nurses, midwives and other health workers leave low- and middle-income countries, "
        "and what could make them stay? This atlas maps the published studies that asked them, "
        "codes each study's reported drivers, and links them to the policy options on the table."
    )
)
st.caption(_("Showing: {selection}").format(selection=markup.plain(scope.description)))
if evidence.n_studies == 0:
    empty_state()
    session.end_page()

shares = driver_shares(evidence)
leaving = reasons_to_leave(shares)
small = small_n_note(evidence.n_studies)

columns = st.columns(4)
columns[0].metric(_("Studies"), figures["studies"])
columns[1].metric(_("Source countries"), figures["source_countries"])
columns[2].metric(_("Published"), f"{figures['first_year']}–{figures['last_year']}")
columns[3].metric(
    _("Newer than the review"),
    figures["after_review"],
    help=_("Studies published after the last year the 2023 review's search covered ({year})").format(
        year=int(reference_value(scope.evidence, "search_end_year"))
    ),
)

left, right = st.columns([1.1, 1], gap="large")
# The chart's column is filled first, so its data reach the browser before the widgets beside it.
with right:
    five = leaving.head(5).rename(columns={"label": "value"})
    show_figure(
        count_bars(
            five[["value", "studies"]],
            _("Top five reasons for leaving: studies reporting each, of {n}").format(n=evidence.n_studies),
            height=280,
        ),
        key="overview_drivers",
        image_name=file_stem("top_drivers", scope.description),
    )
with left:
    st.markdown("#### " + _("Key finding"))
    st.markdown(key_finding(leaving, small))
    st.markdown("#### " + _("Your country"))
    countries = sorted(set(evidence.source["iso3"]), key=country_sort_key)
    counts = evidence.source.groupby("iso3")["study_id"].nunique()
    chosen = st.selectbox(
        _("Find the studies from a country"),
        [None, *countries],
        key="overview_country",
        format_func=lambda c: _("Choose a country…") if c is None else f"{country_name(c)} ({counts.get(c, 0)})",
        # Any name of a country (Turkey, Turquie, Ivory Coast), found by the search engine.
        on_change=find.resolve_selectbox("overview_country", countries),
        **find.country_box_options(),
    )
    if find.missed_country("overview_country"):
        find.no_study_notice(find.missed_country("overview_country") or "", evidence, "overview_nearest")
    if chosen:
        links = st.columns(2)
        links[0].page_link(
            "pages/map.py",
            label=_("Open {country}'s profile").format(country=country_name(chosen)),
            query_params=session.link_params(country=chosen),
            icon="➡️",
        )
        links[1].download_button(
            _("Country brief for {country} (HTML)").format(country=country_name(chosen)),
            in_current_language(
                lambda: country_brief(evidence, chosen, cache.policy_data(), scope.description, how_many.figures())
            ),
            file_name=f"{file_stem('brief', country_name(chosen), scope.description)}.html",
            mime="text/html",
            key="overview_brief",
            on_click="ignore",
        )

st.markdown(
    _(
        "The 2023 systematic review this atlas builds on screened {screened} records and included "
        "{included} studies (Toyin-Thomas et al., *BMJ Global Health* 2023). The atlas keeps its own, openly "
        "sourced evidence base: each study links to the page it was coded from, and its shares are set beside "
        "the review's published figures on the Drivers page."
    ).format(screened=number(review_screened), included=review_n)
)

CARDS = [
    ("pages/map.py", _("Map"), _("Where the studies come from, where workers go, and the WHO safeguards list.")),
    (
        "pages/drivers.py",
        _("Drivers"),
        _("How often each driver is reported, by cadre, decade and migration status."),
    ),
    ("pages/policy.py", _("Policy story"), _("The PS3.5 policy options, step by step, with a presenter mode.")),
    ("pages/studies.py", _("Studies"), _("Every study with its source, to search, sort and download.")),
    ("pages/methods.py", _("Methods"), _("How studies were found and coded, limits, citation, your own data.")),
]
cards = st.columns(len(CARDS))
for column, (path, title, text) in zip(cards, CARDS, strict=True):
    # French runs about a fifth longer than English: its cards are taller, so no card's text scrolls.
    with column.container(border=True, height=190 if current_language() == "en" else 260):
        st.markdown(f"#### {title}")
        st.markdown(text)
        st.page_link(path, label=_("Open {page}").format(page=title), query_params=session.link_params())
