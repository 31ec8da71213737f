"""Small pieces of page layout used by several pages."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import state


def empty_state() -> None:
    """What a page shows when no study matches: a plain message and a way back."""
    scope = state.scope()
    st.info(
        f"No study matches this combination of filters ({state.plain(scope.description)}). "
        "Remove a filter in the sidebar, or start again with all studies."
    )
    st.button("Show all studies again", on_click=state.reset_filters, key="empty_reset", type="primary")


def study_links(studies: pd.DataFrame, limit: int | None = None) -> None:
    """A reference list with a link to each study's source; titles are escaped so markup shows as text."""
    shown = studies if limit is None else studies.head(limit)
    lines = [
        f"- {state.plain(s.first_author)} ({s.year}). {state.plain(s.title)}. *{state.plain(s.journal)}*. "
        f"[Source]({safe_link(s.link)})"
        for s in shown.itertuples()
    ]
    st.markdown("\n".join(lines))
    if limit is not None and len(studies) > limit:
        st.caption(f"… and {len(studies) - limit} more on the Studies page.")


def safe_link(url: str) -> str:
    """Percent-encode the characters that would end a Markdown link early."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
