"""The two private Streamlit APIs the atlas relies on, kept in one place (tests/ui/test_internals.py fails when a
Streamlit upgrade moves them)."""

from __future__ import annotations

import streamlit as st


def current_run():
    """An object that exists once per script run (Streamlit makes a new coordinator for every run)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "parallel_coordinator", None)


def ensure_entry_script_ran() -> None:
    """Streamlit treats an app with a ``pages/`` folder as a v1 multipage app until the entry script first calls
    ``st.navigation``; so the very first request a fresh server gets for a deep link (``/map``) runs the page
    file alone, without app.py. Switch the v1 behaviour off and rerun through app.py."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
