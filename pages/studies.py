"""Studies: the filtered evidence base as a searchable, sortable table with its sources and downloads."""

import streamlit as st

from components.analysis.filters import search_table
from components.core.i18n import _, in_current_language, ngettext
from components.presentation.citations import bibtex, ris
from components.presentation.exports import csv_bytes, file_stem, finding_line, study_table
from ui import markup, session
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
table = search_table(study_table(evidence), search, skip=(LINK, STUDY_ID))

countries = evidence.source["iso3"].nunique()
st.markdown(
    # The shown number decides the plural in French (1 étude affichée, 9 études affichées).
    ngettext("**{shown}** of {total} studies shown", "**{shown}** of {total} studies shown", len(table)).format(
        shown=len(table), total=scope.evidence.n_studies
    )
    + " · "
    + ngettext("{n} source country", "{n} source countries", countries).format(n=countries)
    + f" · {evidence.studies['year'].min()}–{evidence.studies['year'].max()}"
)
if table.empty:
    st.info(
        _(
            "No study matches the search '{search}'. Clear the search box to see "
            "all {n} studies of the current filters."
        ).format(search=markup.plain(search.strip()[:60]), n=evidence.n_studies)
    )
    session.end_page()

st.dataframe(
    table,
    hide_index=True,
    key="study_table",
    column_config={
        LINK: st.column_config.LinkColumn(_("Source"), display_text=_("open ↗"), width="small"),
        _("Title"): st.column_config.TextColumn(width="large"),
        _("Year"): st.column_config.NumberColumn(format="%d"),
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
cols = st.columns(4)
cols[0].download_button(
    _("Download these studies (CSV)"),
    lambda: csv_bytes(table),
    file_name=f"{stem}.csv",
    mime="text/csv",
    key="studies_csv",
    on_click="ignore",
)
cols[1].download_button(
    _("Download references (BibTeX)"),
    in_current_language(lambda: bibtex(evidence.subset(shown_ids))),
    file_name=f"{stem}.bib",
    mime="application/x-bibtex",
    key="studies_bib",
    on_click="ignore",
)
cols[1].download_button(
    _("Download references (RIS)"),
    in_current_language(lambda: ris(evidence.subset(shown_ids))),
    file_name=f"{stem}.ris",
    mime="application/x-research-info-systems",
    key="studies_ris",
    on_click="ignore",
    help=_("For Zotero, EndNote or Mendeley: authors, year, journal, volume, pages and DOI of each study shown."),
)
cols[2].page_link("pages/drivers.py", label=_("Drivers for this selection"), query_params=session.link_params())
with cols[3]:
    copy_link_button()
st.caption(
    _(
        "The CSV holds exactly the rows shown. Cells that a spreadsheet would run as a formula "
        "(starting with =, +, - or @) are prefixed with an apostrophe."
    )
)
