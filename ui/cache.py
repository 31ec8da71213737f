"""What is computed once and shared: the evidence in use, the policy data, page content, filtered evidence
(Streamlit's caches, keyed by the evidence's fingerprint and the language)."""

from __future__ import annotations

import streamlit as st

from components.analysis.filters import Filters
from components.core import i18n
from components.tables.evidence import EvidenceBase, load_evidence


@st.cache_data(show_spinner=False)
def bundled_evidence() -> EvidenceBase:
    return load_evidence()


def current_evidence() -> EvidenceBase:
    """The uploaded evidence base of this browser session if there is one, else the bundled one."""
    uploaded = st.session_state.get("uploaded_evidence")
    return uploaded if uploaded is not None else bundled_evidence()


def clear_upload() -> None:
    """Go back to the bundled evidence base (callback of the banner button)."""
    st.session_state["uploaded_evidence"] = None
    st.session_state["upload_problems"] = []


@st.cache_resource(show_spinner=False)
def _policy_data(driver_codes: frozenset[str]):
    from components.tables.policy import load_policy

    return load_policy(driver_codes=driver_codes)


def policy_data():
    """Options, driver links and implementation records, checked against the driver codes of the evidence in use
    (read once per server; never changed by a page)."""
    return _policy_data(current_evidence().vocabulary.driver_codes)


def policy_options():
    return policy_data().options


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})
def _view(builder_name: str, lang: str, evidence: EvidenceBase, *options):
    from components.presentation import page_content

    with i18n.use_language(lang):
        return getattr(page_content, builder_name)(evidence, *options)


def cached_view(builder, evidence: EvidenceBase, *options):
    """Run a components.presentation.page_content builder once per (language, evidence content, options) for all
    sessions; later calls get a copy from the cache (so a page may change what it receives)."""
    return _view(builder.__name__, i18n.current_language(), evidence, *options)


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})
def _filtered(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...]) -> EvidenceBase:
    from components.analysis.filters import apply_filters

    return apply_filters(evidence, filters, ignore)


def filtered(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...] = ()) -> EvidenceBase:
    """apply_filters, shared across sessions."""
    return _filtered(evidence, filters, tuple(ignore))


def methods_view():
    """The PRISMA flow and reliability table (read from the data files once per server and language)."""
    return _methods_view(i18n.current_language())


@st.cache_data(show_spinner=False)
def _methods_view(lang: str):
    from components.presentation.page_content import methods_view as build

    with i18n.use_language(lang):
        return build()
