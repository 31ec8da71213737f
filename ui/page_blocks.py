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
    source = _("Source")
    lines = [
        f"- {markup.plain(s.first_author)} ({s.year}). {markup.plain(s.title)}. *{markup.plain(s.journal)}*. "
        f"[{source}]({safe_link(s.link)})"
        + (f"  \n  {markup.plain(finding_line(s.coding_note, s.coded_from))}" if s.coding_note else "")
        for s in shown.itertuples()
    ]
    st.markdown("\n".join(lines))
    if limit is not None and len(studies) > limit:
        more = len(studies) - limit
        st.caption(
            ngettext("… and {n} more on the Studies page.", "… and {n} more on the Studies page.", more).format(n=more)
        )


def safe_link(url: str) -> str:
    """Percent-encode the characters that would end a Markdown link early."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


# Presenter mode: no sidebar, no Streamlit chrome, type large enough to read when screen-shared at 1280×720.
_PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer,
[data-testid="stSidebarNav"], [data-testid="stExpandSidebarButton"] {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 0.8rem !important; padding-bottom: 0 !important;
  max-width: 1240px;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {font-size: 1.35rem; line-height: 1.4;}
[data-testid="stMarkdownContainer"] h1, h1 {font-size: 2.3rem !important; padding: 0.2rem 0 0.3rem 0 !important;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}
[data-testid="stMetricValue"] {font-size: 2.4rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.1rem !important;}
button p {font-size: 1.15rem !important;}
[data-testid="stCaptionContainer"] p {font-size: 1rem !important;}
</style>
"""


def presenter_css() -> str:
    return _PRESENTER_CSS
