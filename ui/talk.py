"""The talk a presenter is giving, kept apart from the filters a question from the hall sets.

The story is told through its own country lens (``story_lens``, ``lens=`` in the story's link), never through the
sidebar's filters. While presenter mode is on, the story's step and lens are the talk; once a talk has started, the
link of every page carries it (``talk=5.NGA``: step 5, Nigeria's lens; ``talk=5``: no lens), so a reload or a link
opened in the same tab keeps it. "Resume the talk", in the sidebar of every page while the slides are not on screen,
returns to that step and lens in presenter mode in one click, and leaves the filters as the question set them."""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass

import streamlit as st

from components.analysis.filters import parse_int
from components.core.i18n import _
from components.tables.evidence import EvidenceBase
from ui.cache import policy_options

TALK, RESUMING, LAST_TALK_RAW = "_talk", "_talk_resuming", "_last_talk_raw"
TALK_PARAM = "talk"
STEP_KEY, LENS_KEY, PRESENT_KEY = "story_step", "story_lens", "present"
POLICY_PATH, POLICY_PAGE = "policy", "pages/policy.py"


@dataclass(frozen=True)
class Talk:
    step: int
    lens: str | None

    def dump(self) -> str:
        return f"{self.step}.{self.lens}" if self.lens else str(self.step)


def parse_talk(raw: str, lenses: Container[str], steps: int) -> Talk | None:
    """'5.NGA' -> Talk(5, 'NGA'); '5' -> Talk(5, None); anything else (a step or lens the story has not) -> None."""
    step_text, _dot, lens_text = str(raw).partition(".")
    step = parse_int(step_text, 1, steps)
    lens = lens_text.strip().upper() or None
    if step is None or (lens is not None and lens not in lenses):
        return None
    return Talk(step, lens)


def record(step: int, lens: str | None) -> None:
    """Called by the story on every run in presenter mode: this is where the talk stands."""
    st.session_state[TALK] = Talk(step, lens)


def adopt(raw: str | None, evidence: EvidenceBase) -> bool:
    """The talk a link carries, when the link changed from outside (a reload, a link opened in this tab, Back):
    it becomes the session's talk. A link without one (the navigation drops the query) leaves the talk as it is.
    False when the value is not a talk of this story."""
    if raw is None or raw == st.session_state.get(LAST_TALK_RAW):
        return True
    from components.presentation.story_steps import story_steps

    talk = parse_talk(raw, set(evidence.source["iso3"]), len(story_steps(policy_options())))
    if talk is not None:
        st.session_state[TALK] = talk
    return talk is not None


def talk_query(path: str) -> dict[str, str]:
    """The talk's part of a link: on every page once a talk has started, except on the slides themselves (where
    the story's own step and lens are the talk)."""
    talk: Talk | None = st.session_state.get(TALK)
    if talk is None or (path == POLICY_PATH and st.session_state.get(PRESENT_KEY)):
        return {}
    return {TALK_PARAM: talk.dump()}


def _restore() -> None:
    """Button callback (before the next run draws any widget): the talk's step and lens, presenter mode on. The
    filters stay as the question left them."""
    talk: Talk | None = st.session_state.get(TALK)
    if talk is None:
        return
    st.session_state[STEP_KEY] = talk.step
    st.session_state[LENS_KEY] = talk.lens
    st.session_state[RESUMING] = True


def adopt_resume(path: str) -> None:
    """In start_run: presenter mode comes back on when the run that resumes the talk reaches the story."""
    if path == POLICY_PATH and st.session_state.pop(RESUMING, False):
        st.session_state[PRESENT_KEY] = True


def resume_button(presenting: bool, story_query: Callable[[], dict[str, str]]) -> None:
    """Drawn in the sidebar of every page once a talk has started, while its slides are not on screen.
    ``story_query``: the story's link once the talk is restored (ui.url.resume_query)."""
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
        st.switch_page(POLICY_PAGE, query_params=story_query())
