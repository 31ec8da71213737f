"""Overview: what the atlas is, the headline figures, and a card per page."""
import streamlit as st

from components.aggregations import headline_figures, reference_value
from ui import state

scope = state.scope()
figures = headline_figures(scope.filtered)
review_n = int(reference_value(scope.evidence, "studies_included"))
review_screened = int(reference_value(scope.evidence, "records_screened"))

st.title("Health Worker Migration Atlas")
st.markdown(
    "Why do doctors, nurses, midwives and other health workers leave low- and middle-income countries, "
    "and what could make them stay? This atlas maps the published studies that asked them, "
    "codes each study's reported drivers, and links them to the policy options on the table."
)
st.caption(f"Showing: {state.plain(scope.description)}")

columns = st.columns([1, 1, 1, 1.4, 1.2])
columns[0].metric("Studies", figures["studies"])
columns[1].metric("Source countries", figures["source_countries"])
columns[2].metric("Destinations", figures["destination_countries"], help="Destination countries named by the studies")
columns[3].metric("Published", f"{figures['first_year']}–{figures['last_year']}" if figures["studies"] else "–")
columns[4].metric("After the review", figures["after_review"],
                  help="Studies published after 2022, beyond the 2023 review's search (to 31 August 2022)")

st.markdown(
    f"The 2023 systematic review this atlas builds on screened {review_screened:,} records and included "
    f"{review_n} studies (Toyin-Thomas et al., *BMJ Global Health* 2023). The atlas keeps its own, openly "
    "sourced evidence base: each study links to the page it was coded from, and its shares are set beside "
    "the review's published figures on the Drivers page."
)

CARDS = [
    ("pages/map.py", "Map", "Where the studies come from, where workers go, and the WHO safeguards list."),
    ("pages/drivers.py", "Drivers", "How often each driver is reported, by cadre, decade and migration status."),
    ("pages/policy.py", "Policy story", "The PS3.5 policy options, step by step, with a presenter mode."),
    ("pages/studies.py", "Studies", "Every study with its source, to search, sort and download."),
    ("pages/methods.py", "Methods", "How studies were found and coded, limits, citation, your own data."),
]
cards = st.columns(len(CARDS))
for column, (path, title, text) in zip(cards, CARDS):
    with column.container(border=True):
        st.markdown(f"#### {title}")
        st.markdown(text)
        st.page_link(path, label=f"Open {title}")
