"""Streamlit glue: the evidence in use, the shared filter state, page parameters, and their mirror in the URL.

One store: the widgets' own values in ``st.session_state``, kept by Streamlit while a widget is not drawn
(``persist_state="session"``). Filters are derived from them each run; the URL is written from them each run.
The URL is read back into them only when it changed from outside: a new session (a link opened or reloaded), or
browser back/forward (the run arrives with a URL other than the one this session last wrote).

``start_run`` is the one per-run entry point; app.py calls it once, before the page runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from components.analysis.filters import FILTER_PARAMS, Filters, filters_to_query, sanitise
from components.core.i18n import N_, _
from components.tables.evidence import EvidenceBase
from ui import internals
from ui.cache import current_evidence, filtered
from ui.filter_state import filters_in_state, store_filters
from ui.talk import TALK_PARAM, adopt_resume
from ui.talk import adopt as adopt_talk
from ui.url import (
    LANG_PARAM,
    LAST_PATH,
    LAST_QUERY,
    STARTED,
    STREAMLIT_BOUND,
    UPLOAD_LOST,
    UPLOAD_LOST_PARAM,
    adopt_language,
    adopt_url,
    first_values,
    ignored_in_link,
    incoming_query,
    language_query,
    link_too_large,
    page_param_names,
    write_url,
)


class Scope:
    """The evidence in use, the filters, and the evidence they select (computed once per run)."""

    def __init__(self, evidence: EvidenceBase, filters: Filters, path: str):
        self.run = internals.current_run()
        self.evidence = evidence
        self.filters = filters
        self.path = path
        self.filtered = filtered(evidence, filters)

    @property
    def description(self) -> str:
        return self.filters.describe(self.evidence.vocabulary)

    @property
    def presenting(self) -> bool:
        return self.path == "policy" and bool(st.session_state.get("present"))


def start_run(navigate: Callable[[], StreamlitPage]) -> tuple[StreamlitPage, Scope, list[str]]:
    """Everything a run needs before its page draws: the language (first, so the navigation that ``navigate``
    draws is in it), the evidence, the filters and page state (from the URL when it changed from outside, else
    from the widgets), checked against the evidence, and the URL written back.

    Returns the page ``navigate`` chose, the scope and plain notices to show (dropped link values, values the
    evidence does not have).
    """
    incoming, oversize = incoming_query()
    notices = adopt_language(incoming.pop(LANG_PARAM, None)) + link_too_large(oversize)
    page = navigate()
    path = page.url_path or ""
    evidence = current_evidence()
    # Set by the tab itself when it reloads after losing a session that held an upload (ui.controls).
    lost_upload = incoming.pop(UPLOAD_LOST_PARAM, None) == "lost"
    talk = incoming.pop(TALK_PARAM, None)
    incoming = {name: value for name, value in incoming.items() if name not in STREAMLIT_BOUND.get(path, ())}
    first = not st.session_state.get(STARTED)
    # A page's own parameters count too: Back to the story (/policy?step=5&lens=NGA) holds no filter.
    changed_outside = incoming != st.session_state.get(LAST_QUERY) and (
        any(name in FILTER_PARAMS or name in page_param_names(path) for name in incoming)
        or path == st.session_state.get(LAST_PATH)
    )
    if first or changed_outside:
        notices += adopt_url(incoming, evidence, path)
    if not adopt_talk(talk, evidence):
        notices.append(ignored_in_link(TALK_PARAM, talk or "", N_("it is not a step and lens of the story")))
    st.session_state[STARTED] = True

    filters, dropped = sanitise(filters_in_state(evidence), evidence)
    if dropped:
        notices.append(
            _("Some filter values do not exist in the evidence now in use and were cleared: {values}.").format(
                values=", ".join(dropped)
            )
        )
        store_filters(filters, evidence)
    for key, value in first_values(path, filters).items():  # the page's first opening in this session
        st.session_state.setdefault(key, value)
    adopt_resume(path)
    if path != "policy":
        st.session_state["present"] = False
    if lost_upload and evidence.origin == "bundled":
        notices.append(_(UPLOAD_LOST))
    scope = Scope(evidence, filters, path)
    st.session_state["_scope"] = scope
    write_url(filters, path)
    return page, scope, notices


def sync_url() -> None:
    """After a page changed its own state during the run (a step clamped, a stale choice reset), write the URL
    again. (Widget changes need no call: their callbacks run before start_run writes the URL.)"""
    current = scope()
    write_url(current.filters, current.path)


class PageDone(Exception):
    """Raised by a page that has nothing more to show (empty selection); app.py catches it and goes on."""


def end_page() -> NoReturn:
    """Like st.stop() for a page, but app.py still draws the sidebar after it (st.stop would end the run)."""
    raise PageDone


def scope() -> Scope:
    """The scope start_run published for this run (see ``internals.ensure_entry_script_ran``)."""
    published = st.session_state.get("_scope")
    if published is None or published.run is not internals.current_run():
        internals.ensure_entry_script_ran()
    return st.session_state["_scope"]


def link_params(**extra: str) -> dict[str, str]:
    """Query parameters that reproduce the current filters, and the language, on another page."""
    return filters_to_query(scope().filters) | extra | language_query()
