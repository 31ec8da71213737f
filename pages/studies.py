"""Studies: the filtered evidence base as a searchable, sortable table with its sources and downloads."""

import streamlit as st

from components.exports import bibtex, csv_bytes, file_stem, study_table
from components.filters import search_table
from ui import state
from ui.controls import copy_link_button
from ui.page_blocks import empty_state

scope = state.scope()
evidence = scope.filtered

st.title("Studies")
st.caption(f"Showing: {state.plain(scope.description)}")
if evidence.n_studies == 0:
    empty_state()
    state.end_page()

search = st.text_input(
    "Search titles, authors, journals, countries, cadres and drivers",
    key="study_search",
    max_chars=200,
    placeholder="e.g. Kerala, midwives, security",
    persist_state="session",
)
table = search_table(study_table(evidence), search, skip=("Link", "Study id"))

countries = evidence.source["iso3"].nunique()
st.markdown(
    f"**{len(table)}** of {scope.evidence.n_studies} studies shown · {countries} source countries · "
    f"{evidence.studies['year'].min()}–{evidence.studies['year'].max()}"
)
if table.empty:
    st.info(
        f"No study matches the search '{state.plain(search.strip()[:60])}'. Clear the search box to see "
        f"all {evidence.n_studies} studies of the current filters."
    )
    state.end_page()

st.dataframe(
    table,
    hide_index=True,
    key="study_table",
    column_config={
        "Link": st.column_config.LinkColumn("Source", display_text="open ↗", width="small"),
        "Title": st.column_config.TextColumn(width="large"),
        "Year": st.column_config.NumberColumn(format="%d"),
        "Study id": None,
    },
)
shown_ids = table["Study id"].tolist()
# The table's link cells cannot be opened from the keyboard: the same sources, reachable by Tab and typing.
sources = table.set_index("Study id")
source = st.selectbox(
    "Open a study's source",
    sources.index,
    index=None,
    format_func=lambda i: f"{sources.at[i, 'First author']} {sources.at[i, 'Year']}: {sources.at[i, 'Title']}",
    placeholder="Type an author or a title",
    key="study_source",
)
if source is not None:
    st.link_button("Open the source ↗", sources.at[source, "Link"])
stem = file_stem("studies", scope.description, f"search {search.strip()}" if search.strip() else "")
cols = st.columns(4)
cols[0].download_button(
    "Download these studies (CSV)",
    lambda: csv_bytes(table),
    file_name=f"{stem}.csv",
    mime="text/csv",
    key="studies_csv",
    on_click="ignore",
)
cols[1].download_button(
    "Download references (BibTeX)",
    lambda: bibtex(evidence.subset(shown_ids)),
    file_name=f"{stem}.bib",
    mime="application/x-bibtex",
    key="studies_bib",
    on_click="ignore",
)
cols[2].page_link("pages/drivers.py", label="Drivers for this selection", query_params=state.link_params())
with cols[3]:
    copy_link_button()
st.caption(
    "The CSV holds exactly the rows shown. Cells that a spreadsheet would run as a formula "
    "(starting with =, +, - or @) are prefixed with an apostrophe."
)
