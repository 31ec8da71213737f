"""Studies: the filtered evidence base as a searchable, sortable table with its sources and downloads."""

import streamlit as st

from components.analysis.search import filter_words
from components.core.i18n import _, in_current_language
from components.presentation.citations import bibtex, ris
from components.presentation.exports import csv_bytes, file_stem, finding_line
from components.presentation.search_view import (
    MISSING,
    empty_search_sentence,
    filter_offer_label,
    found_column,
    ranked_study_table,
    shown_summary,
    with_missing_marked,
)
from ui import cache, find, markup, session
from ui.controls import copy_link_button
from ui.page_blocks import empty_state

scope = session.scope()
evidence = scope.filtered
LINK, STUDY_ID = _("Link"), _("Study id")  # column names of exports.study_table

st.title(_("Studies"))
st.caption(_("Showing: {selection}").format(selection=markup.plain(scope.description)))
if evidence.n_studies == 0:
    empty_state()
    session.end_page()

search = st.text_input(
    _("Search titles, authors, journals, countries, cadres and drivers"),
    key="study_search",
    max_chars=200,
    placeholder=_("e.g. Kerala, midwives, security"),
    persist_state="session",
)
# One index of the whole evidence base (kept across reruns); the filters restrict it.
found = cache.search_studies(scope.evidence, search, within=evidence.studies["study_id"])
table = ranked_study_table(evidence, found)
st.markdown(shown_summary(evidence.subset(found.study_ids), scope.evidence.n_studies))

named = filter_words(search, scope.evidence)
if named.any:
    st.button(
        markup.plain(filter_offer_label(named, scope.evidence)),
        on_click=find.apply_filter_words(named, "study_search"),
        key="search_as_filters",
        help=_("Sets these filters in the sidebar; the other words stay in the search box."),
    )
for code in named.countries_without_studies:
    find.no_study_notice(code, scope.evidence, f"nearest_{code}")
if table.empty:
    if not named.countries_without_studies:
        st.info(markup.plain(empty_search_sentence(search.strip()[:60], found.missing_words, evidence.n_studies)))
    everywhere = cache.search_studies(scope.evidence, search)
    if len(everywhere) and not scope.filters.is_default:
        st.button(
            _("Search all {n} studies instead: {k} match without the filters").format(
                n=scope.evidence.n_studies, k=len(everywhere)
            ),
            on_click=find.filter_state.reset_filters,
            key="search_without_filters",
        )
    session.end_page()
if found.searched:
    st.caption(
        _("Best matches first; the column “{found}” lists the words found in each study.").format(found=found_column())
    )

st.dataframe(
    with_missing_marked(table),
    hide_index=True,
    key="study_table",
    # Missing values read as a dash in every language. The grid wraps text only in rows taller than 4rem (64
    # px): four lines of a title fit in 86 px.
    placeholder=MISSING,
    row_height=86,
    column_config={
        # The first column stays in view while the table scrolls sideways (a phone shows two columns).
        _("First author"): st.column_config.TextColumn(pinned=True),
        _("Year"): st.column_config.NumberColumn(format="%d", pinned=True),
        LINK: st.column_config.LinkColumn(_("Source"), display_text=_("open ↗"), width="small"),
        # As wide as a phone shows beside the pinned author and year (390 px wide); long titles wrap.
        _("Title"): st.column_config.TextColumn(width=210),
        STUDY_ID: None,
    },
)
shown_ids = table[STUDY_ID].tolist()
# The table's link cells cannot be opened from the keyboard: the same sources, reachable by Tab and typing.
sources = table.set_index(STUDY_ID)
author, year, title = _("First author"), _("Year"), _("Title")
source = st.selectbox(
    _("Open a study's source"),
    sources.index,
    index=None,
    format_func=lambda i: f"{sources.at[i, author]} {sources.at[i, year]}: {sources.at[i, title]}",
    placeholder=_("Type an author or a title"),
    key="study_source",
)
if source is not None:
    chosen = evidence.studies.set_index("study_id").loc[source]
    if chosen["coding_note"]:
        st.markdown(markup.plain(finding_line(chosen["coding_note"], chosen["coded_from"])))
    st.link_button(_("Open the source ↗"), sources.at[source, LINK])
stem = file_stem("studies", scope.description, f"search {search.strip()}" if search.strip() else "")
# One row that wraps: each button as wide as its words (fixed columns cut "Download these studies (CSV)" at 1280 px).
downloads = st.container(horizontal=True, gap="small")
downloads.download_button(
    _("Download these studies (CSV)"),
    lambda: csv_bytes(table),
    file_name=f"{stem}.csv",
    mime="text/csv",
    key="studies_csv",
    on_click="ignore",
)
downloads.download_button(
    _("Download references (BibTeX)"),
    in_current_language(lambda: bibtex(evidence.subset(shown_ids))),
    file_name=f"{stem}.bib",
    mime="application/x-bibtex",
    key="studies_bib",
    on_click="ignore",
)
downloads.download_button(
    _("Download references (RIS)"),
    in_current_language(lambda: ris(evidence.subset(shown_ids))),
    file_name=f"{stem}.ris",
    mime="application/x-research-info-systems",
    key="studies_ris",
    on_click="ignore",
    help=_("For Zotero, EndNote or Mendeley: authors, year, journal, volume, pages and DOI of each study shown."),
)
onwards = st.container(horizontal=True, gap="medium", vertical_alignment="center")
onwards.page_link("pages/drivers.py", label=_("Drivers for this selection"), query_params=session.link_params())
with onwards:
    copy_link_button()
st.caption(
    _(
        "The CSV holds exactly the rows shown. Cells that a spreadsheet would run as a formula "
        "(starting with =, +, - or @) are prefixed with an apostrophe."
    )
)
