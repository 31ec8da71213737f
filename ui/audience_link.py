"""The audience's way in, in presenter mode (issues #22 item 4, #29 item 2): a QR code and a short link that the
hall's phones open, and "Audience follows me", which publishes the talk's step and lens for the phones to follow
(audience/talks.py writes the document, audience/routes.py serves it)."""

from __future__ import annotations

import html
import os

import streamlit as st

from audience import render, talks
from components.core.i18n import _, current_language
from components.presentation.audience import (
    ALL_COUNTRIES,
    PUBLIC_URL_VARIABLE,
    is_loopback,
    public_base_url,
    qr_image,
    readable_link,
    short_path,
)

TALK_ID_KEY, FOLLOWS_KEY = "_audience_talk_id", "audience_follows"


def base_url() -> tuple[str, str]:
    """The address people reach the atlas by (see public_base_url), and a problem with its configuration, if any.
    The default is the address this browser opened the page by: whatever name the presenter used, never a
    loopback address chosen by the server."""
    try:
        page_url = st.context.url
    except Exception:  # no browser (AppTest): the Host header, if any
        page_url = None
    if not page_url:
        host = st.context.headers.get("Host") if st.context.headers else None
        page_url = f"http://{host}" if host else None
    return public_base_url(os.environ, page_url)


def _talk_id() -> str:
    if TALK_ID_KEY not in st.session_state:
        st.session_state[TALK_ID_KEY] = talks.new_talk_id()
    return st.session_state[TALK_ID_KEY]


def publish(step: int, countries: tuple[str, ...]) -> None:
    """Called on every run in presenter mode: where the talk stands, for the phones (written only on a change)."""
    lens = countries[0] if len(countries) == 1 else None
    lang = current_language()
    talks.publish(_talk_id(), step, lang, lens, bool(st.session_state.get(FOLLOWS_KEY)))
    # The pages the hall opens next, drawn before it asks: this step, the next two and the one before. Only those:
    # a talk moves a step at a time, and drawing all fourteen (Kaleido, a second or more each) for every presenter
    # who opens a lens or a language would take the server's processor from the sessions it serves.
    render.warm(lang, lens or ALL_COUNTRIES, [step, step + 1, step + 2, step - 1])


def audience_control() -> None:
    """The presenter's "Audience link" button: a QR code large enough for the back of a hall, the short link
    printed under it, and the "Audience follows me" switch."""
    base, problem = base_url()
    link = base + short_path(_talk_id())
    with st.popover(_("Audience link"), icon=":material/qr_code_2:", key="audience_link"):
        st.toggle(
            _("Audience follows me"),
            key=FOLLOWS_KEY,
            help=_("Phones that opened the audience link move to your step when you move."),
        )
        code = qr_image(link, _("QR code of the audience link"))
        st.html(
            # The panel may take the screen's height under its button, so the code is not scrolled out of view.
            "<style>[data-testid='stPopoverBody']{max-height:calc(100vh - 85px)!important}</style>"
            f"<div style='display:flex;flex-direction:column;align-items:center;gap:.4rem'>{code}"
            f"<p style='font-size:1.9rem;font-weight:600;margin:0;letter-spacing:.02em'>"
            f"{html.escape(readable_link(link))}</p></div>"
        )
        if problem:
            st.warning(problem)
        if is_loopback(link):
            loopback = _(
                "This address opens only on this computer. For the hall, open the atlas by its network name or set"
                " {variable}."
            )
            st.caption(loopback.format(variable=PUBLIC_URL_VARIABLE))
