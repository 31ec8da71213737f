"""The talk a presenter is giving, kept apart from the filters a question from the hall sets: while presenter mode
is on, the story's step and lens (its filters) are recorded; "Resume the talk", in the sidebar of every page after
a detour, puts them back and returns to the slides in one click."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.analysis.filters import Filters
from components.core.i18n import _
from ui.cache import current_evidence
from ui.filter_state import store_filters

TALK, RESUMING = "_talk", "_talk_resuming"
POLICY_PAGE = "pages/policy.py"


@dataclass(frozen=True)
class Talk:
    step: int
    filters: Filters


def record(step: int, filters: Filters) -> None:
    """Called by the story on every run in presenter mode: this is where the talk stands."""
    st.session_state[TALK] = Talk(step, filters)


def _restore() -> None:
    """Button callback (before the next run draws any widget): the talk's lens and step, presenter mode on."""
    talk: Talk | None = st.session_state.get(TALK)
    if talk is None:
        return
    store_filters(talk.filters, current_evidence())
    st.session_state["story_step"] = talk.step
    st.session_state[RESUMING] = True


def adopt_resume(path: str) -> None:
    """In start_run: presenter mode comes back on when the run that resumes the talk reaches the story."""
    if path == "policy" and st.session_state.pop(RESUMING, False):
        st.session_state["present"] = True


def resume_button(presenting: bool) -> None:
    """Drawn in the sidebar of every page once a talk has started, while its slides are not on screen."""
    talk: Talk | None = st.session_state.get(TALK)
    if talk is None or presenting:
        return
    clicked = st.button(
        _("Resume the talk"),
        on_click=_restore,
        key="resume_talk",
        type="primary",
        width="stretch",
        help=_("Back to step {step} of the story, on the lens it had, in presenter mode.").format(step=talk.step),
    )
    if clicked:
        st.switch_page(POLICY_PAGE)
