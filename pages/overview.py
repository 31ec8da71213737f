"""Overview: what the atlas is, its key finding, a way in by country, and a card per page."""

import streamlit as st

from components.aggregations import driver_shares, headline_figures, reasons_to_leave, reference_value, small_n_note
from components.countries import country_name
from components.exports import file_stem
from components.figures import count_bars
from components.handouts import country_brief
from ui import state
from ui.charts import show_figure
from ui.page_blocks import empty_state

scope = state.scope()
evidence = scope.filtered
figures = headline_figures(evidence)
review_n = int(reference_value(scope.evidence, "studies_included"))
review_screened = int(reference_value(scope.evidence, "records_screened"))

st.title("Health Worker Migration Atlas")
st.markdown(
    "Why do doctors, nurses, midwives and other health workers leave low- and middle-income countries, "
    "and what could make them stay? This atlas maps the published studies that asked them, "
    "codes each study's reported drivers, and links them to the policy options on the table."
)
st.caption(f"Showing: {state.plain(scope.description)}")
if evidence.n_studies == 0:
    empty_state()
    state.end_page()

shares = driver_shares(evidence)
leaving = reasons_to_leave(shares)
top = leaving.iloc[0]
small = small_n_note(evidence.n_studies)

columns = st.columns(4)
columns[0].metric("Studies", figures["studies"])
columns[1].metric("Source countries", figures["source_countries"])
columns[2].metric("Published", f"{figures['first_year']}–{figures['last_year']}")
columns[3].metric(
    "Newer than the review",
    figures["after_review"],
    help="Studies published after the last year the 2023 review's search covered "
    f"({int(reference_value(scope.evidence, 'search_end_year'))})",
)

left, right = st.columns([1.1, 1], gap="large")
# The chart's column is filled first, so its data reach the browser before the widgets beside it.
with right:
    five = leaving.head(5).rename(columns={"label": "value"})
    show_figure(
        count_bars(
            five[["value", "studies"]], f"Top five reasons for leaving (studies of {evidence.n_studies})", height=280
        ),
        key="overview_drivers",
        image_name=file_stem("top_drivers", scope.description),
    )
with left:
    st.markdown("#### Key finding")
    st.markdown(
        f"**{top['label']}** is the reason for leaving reported most often: in **{top['studies']} of "
        f"{top['n']} studies ({top['share']:.0%})**"
        + (f" ({small})." if small else ".")
        + f" Next come {leaving.iloc[1]['label'].lower()} ({leaving.iloc[1]['share']:.0%}) and "
        f"{leaving.iloc[2]['label'].lower()} ({leaving.iloc[2]['share']:.0%})."
    )
    st.markdown("#### Your country")
    countries = sorted(set(evidence.source["iso3"]), key=country_name)
    counts = evidence.source.groupby("iso3")["study_id"].nunique()
    chosen = st.selectbox(
        "Find the studies from a country",
        [None, *countries],
        key="overview_country",
        format_func=lambda c: "Choose a country…" if c is None else f"{country_name(c)} ({counts[c]})",
    )
    if chosen:
        links = st.columns(2)
        links[0].page_link(
            "pages/map.py",
            label=f"Open {country_name(chosen)}'s profile",
            query_params=state.link_params(country=chosen),
            icon="➡️",
        )
        links[1].download_button(
            f"Country brief for {country_name(chosen)} (HTML)",
            lambda: country_brief(evidence, chosen, state.policy_options(), scope.description),
            file_name=f"{file_stem('brief', country_name(chosen), scope.description)}.html",
            mime="text/html",
            key="overview_brief",
            on_click="ignore",
        )

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
for column, (path, title, text) in zip(cards, CARDS, strict=True):
    with column.container(border=True, height=190):
        st.markdown(f"#### {title}")
        st.markdown(text)
        st.page_link(path, label=f"Open {title}", query_params=state.link_params())
