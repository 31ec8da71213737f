"""The sidebar of every page: the language switch, the shared filters (one widget per FilterSpec) and the
banner of an upload in use."""

from __future__ import annotations

import streamlit as st

from components.analysis.filters import DECADE_KEY, DECADE_LABEL, DECADE_POSITION, FILTER_SPECS, evidence_decades
from components.core import i18n
from components.core.i18n import LANGUAGE_NAMES, LANGUAGES, _
from components.core.labels import decade_label
from components.presentation.exports import origin_label
from components.tables.evidence import EvidenceBase
from ui import find
from ui.cache import clear_upload
from ui.controls import upload_watch
from ui.filter_state import reset_filters
from ui.markup import plain
from ui.url import LANG_KEY


def render_filter_sidebar(evidence: EvidenceBase, matching: int, own_selection: bool = False) -> None:
    """The shared filters, drawn in the sidebar of every page, one widget per FilterSpec; on a page told through a
    selection of its own (the story's lens, ui.url.OWN_SELECTION), a line saying so instead (the filters keep
    their values for the other pages)."""
    with st.sidebar:
        language_switch()
        if own_selection:
            st.markdown("### " + _("Filters"))
            st.caption(
                _(
                    "The story is told through its own country lens, chosen above the story. The filters are for"
                    " the other pages, and keep their values there."
                )
            )
        else:
            _filters(evidence, matching)
        if evidence.origin != "bundled":
            upload_watch()
            st.warning(
                i18n.ngettext(
                    "Showing your {origin} ({n} study), in this browser session only.",
                    "Showing your {origin} ({n} studies), in this browser session only.",
                    evidence.n_studies,
                ).format(origin=plain(origin_label(evidence.origin)), n=evidence.n_studies)
            )
            st.button(_("Back to the bundled evidence base"), on_click=clear_upload, key="sidebar_clear_upload")


def _filters(evidence: EvidenceBase, matching: int) -> None:
    """The filters' widgets (inside the sidebar)."""
    st.markdown(
        "### "
        + _("Filters")
        + "\n"
        # The number decides the plural in French (1 étude correspond, 9 études correspondent).
        + i18n.ngettext(
            "**{matching}** of **{total}** studies match",
            "**{matching}** of **{total}** studies match",
            matching,
        ).format(matching=matching, total=evidence.n_studies)
    )
    for spec in FILTER_SPECS[:DECADE_POSITION]:
        _multiselect(spec, evidence)
    decades = evidence_decades(evidence)
    if len(decades) > 1:
        # value= makes it a range slider (without it a tuple in session state collapses to one decade); the
        # value is the one already in session state, so it never overrides what the person chose.
        chosen = tuple(st.session_state.get(DECADE_KEY) or (decades[0], decades[-1]))
        st.select_slider(
            _(DECADE_LABEL),
            options=list(decades),
            format_func=decade_label,
            value=chosen,
            key=DECADE_KEY,
            persist_state="session",
            help=_("Decade of publication. Drag either end, or focus it and press ← →."),
        )
    for spec in FILTER_SPECS[DECADE_POSITION:]:
        _multiselect(spec, evidence)
    st.button(_("Reset filters"), on_click=reset_filters, width="stretch")


def language_switch() -> None:
    """English | Français, at the top of the sidebar of every page. The choice goes into the URL with the filters
    and page state, which all stay as they are."""
    st.segmented_control(
        _("Language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANG_KEY,
        required=True,
        persist_state="session",
        label_visibility="collapsed",
    )


def _multiselect(spec, evidence: EvidenceBase) -> None:
    counts = spec.counts(evidence)
    vocab = evidence.vocabulary
    options = spec.options(evidence)
    # Country boxes take any name of a country (Turkey, Turquie, Ivory Coast): the search engine resolves it. Other
    # boxes keep their own order while typing ('Nur': Nurses first, then the nursing students), where the default
    # fuzzy ranking put the nursing students first.
    box_options = (
        find.country_box_options() | {"on_change": find.resolve_multiselect(spec.key, options)}
        if spec.upper
        else {"filter_mode": "contains"}
    )
    # select_all=False: Enter picks the best match ("Ghana"), never "Select 2 matches" (Ghana and Afghanistan).
    st.multiselect(
        _(spec.label),
        options,
        key=spec.key,
        persist_state="session",
        select_all=False,
        format_func=lambda c: f"{spec.label_of(c, vocab)} ({counts.get(c, 0)})",
        placeholder=_(spec.placeholder),
        **box_options,
    )
    missed = find.missed_country(spec.key) if spec.upper else None
    if missed:
        find.no_study_notice(missed, evidence, f"sidebar_{spec.key}")
