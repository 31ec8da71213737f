"""Small Streamlit blocks used by several pages: the empty state, study links, presenter CSS."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.i18n import _, ngettext
from components.presentation.exports import finding_line
from ui import filter_state, markup, session


def empty_state() -> None:
    """What a page shows when no study matches: a plain message and a way back."""
    scope = session.scope()
    st.info(
        _(
            "No study matches this combination of filters ({filters}). "
            "Remove a filter in the sidebar, or start again with all studies."
        ).format(filters=markup.plain(scope.description))
    )
    st.button(_("Show all studies again"), on_click=filter_state.reset_filters, key="empty_reset", type="primary")


def study_links(studies: pd.DataFrame, limit: int | None = None) -> None:
    """A reference list with a link to each study's source; titles are escaped so markup shows as text."""
    shown = studies if limit is None else studies.head(limit)
    st.markdown("\n".join(reference_item(s) for s in shown.itertuples()))
    if limit is not None and len(studies) > limit:
        more = len(studies) - limit
        st.caption(
            ngettext("… and {n} more on the Studies page.", "… and {n} more on the Studies page.", more).format(n=more)
        )


def reference_item(study) -> str:
    """One study as a Markdown list item: author (year). Title. *Journal* (or the publisher of a thesis or report;
    nothing when neither is known). Source link, and the finding line."""
    venue = study.journal or study.publisher
    parts = [f"- {markup.plain(study.first_author)} ({study.year}). {markup.plain(study.title)}."]
    if venue:
        parts.append(f"*{markup.plain(venue)}*.")
    source = _("Source")
    parts.append(f"[{source}]({safe_link(study.link)})")
    line = " ".join(parts)
    if study.coding_note:
        line += f"  \n  {markup.plain(finding_line(study.coding_note, study.coded_from))}"
    return line


def safe_link(url: str) -> str:
    """Percent-encode the characters that would end a Markdown link early."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


# Presenter mode: no sidebar, no Streamlit chrome, type large enough to read when screen-shared at 1280×720, and
# on a phone (390 px wide) the same step in one screen: the title wraps (never "…"), two columns where the page
# would stack one per row, the rationale left to the speaker. tests/journeys/test_talk_fit.py measures it.
_PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer,
[data-testid="stSidebarNav"], [data-testid="stExpandSidebarButton"], [data-testid="stElementToolbar"],
.modebar-container {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 0.8rem !important; padding-bottom: 0 !important;
  max-width: 1240px;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {font-size: 1.3rem; line-height: 1.35;}
[data-testid="stMarkdownContainer"] h1, h1 {font-size: 2.1rem !important; line-height: 1.15 !important;
  padding: 0.1rem 0 0.2rem 0 !important; white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; text-wrap: balance;}
[data-testid="stHeadingWithActionElements"] [data-testid="stHeaderActionElements"] {display: none !important;}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: 0.55rem !important;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 2.6rem !important; line-height: 1.15;}
[data-testid="stMetricLabel"] p {font-size: 1.15rem !important;}
button p {font-size: 1.15rem !important;}
[data-testid="stCaptionContainer"] p {font-size: 1.05rem !important;}
/* A chart with a phone's own layout (the closing step's eleven options): each screen shows its own. */
@media (min-width: 641px) {[data-testid="stLayoutWrapper"]:has(> .st-key-phone_chart) {display: none !important;}}
@media (max-width: 640px) {
  [data-testid="stLayoutWrapper"]:has(> .st-key-wide_chart) {display: none !important;}
  .block-container, [data-testid="stMainBlockContainer"] {padding: 0.5rem 0.7rem 0 0.7rem !important;}
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: 0.3rem !important;}
  .chart-title {font-size: 1.05rem !important;}
  [data-testid="stHorizontalBlock"] {flex-wrap: wrap !important; gap: 0.4rem 0.6rem !important;}
  [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {min-width: calc(50% - 0.6rem) !important;
    flex: 1 1 calc(50% - 0.6rem) !important; width: calc(50% - 0.6rem) !important;}
  .st-key-story_figures [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {min-width: 100% !important;
    flex: 1 1 100% !important; width: 100% !important;}
  /* One chart a slide on a phone: an option's bars; its map of where it was tried (a few countries shaded on a
     world 370 px wide) is left to the speaker, as the rationale is. */
  .st-key-story_figures [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:nth-child(n+2)
    {display: none !important;}
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {font-size: 1rem; line-height: 1.3;}
  [data-testid="stMarkdownContainer"] h1, h1 {font-size: 1.35rem !important;}
  /* Streamlit pulls the text under a title up by 1rem: a title wrapped on two lines then runs into it. */
  .stHeading [data-testid="stMarkdownContainer"] {margin-bottom: 0 !important;}
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 1.7rem !important;}
  [data-testid="stMetricLabel"] p {font-size: 0.95rem !important; white-space: normal !important;}
  button p {font-size: 1rem !important;}
  [data-testid="stCaptionContainer"] p {font-size: 0.9rem !important;}
  .st-key-story_body, [data-testid="stLayoutWrapper"]:has(> .st-key-story_body) {display: none !important;}
}
</style>
"""


def presenter_css() -> str:
    return _PRESENTER_CSS
