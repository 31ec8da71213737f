"""What is computed once and kept: the evidence in use, the policy data, page content, filtered evidence.

For the bundled evidence base, Streamlit's caches shared by every session (keyed by the evidence's fingerprint and
the language). For an upload, a cache in the session's own state (``UploadCache``): what a person uploads never
enters a cache another session can reach, is bounded, and goes with their session when Streamlit drops it
(``server.disconnectedSessionTTL`` after the tab was closed; ui.internals.start_session_reaper makes sure it is).
"""

from __future__ import annotations

import math
import pickle
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import streamlit as st

from components.analysis.filters import Filters
from components.analysis.search import (
    SearchIndex,
    SearchResult,
    build_index,
    index_of,
    query_words,
    search,
    unsearched,
)
from components.core import i18n
from components.tables.evidence import EvidenceBase, load_evidence
from ui import internals

T = TypeVar("T")
UPLOADED = "uploaded_evidence"
UPLOAD_CACHE = "_upload_cache"


@st.cache_data(show_spinner=False)
def bundled_evidence() -> EvidenceBase:
    return load_evidence()


def current_evidence() -> EvidenceBase:
    """The uploaded evidence base of this browser session if there is one, else the bundled one."""
    uploaded = st.session_state.get(UPLOADED)
    return uploaded if uploaded is not None else bundled_evidence()


def use_upload(evidence: EvidenceBase) -> None:
    """Make ``evidence`` this session's evidence base: it replaces an earlier upload and all that was kept for it."""
    st.session_state[UPLOADED] = evidence
    st.session_state[UPLOAD_CACHE] = UploadCache(evidence.fingerprint)


def upload_kept_minutes() -> int:
    """At most how long an upload stays in the server after its tab closed, in whole minutes (what the upload box
    says): Streamlit's wait for the tab to reconnect, then the reaper's next round or two."""
    seconds = int(st.get_option("server.disconnectedSessionTTL")) + 2 * internals.REAP_EVERY_S
    return max(2, math.ceil(seconds / 60))


def clear_upload() -> None:
    """Go back to the bundled evidence base (callback of the banner button)."""
    st.session_state[UPLOADED] = None
    st.session_state["upload_problems"] = []
    st.session_state.pop(UPLOAD_CACHE, None)


@dataclass
class UploadCache:
    """What the pages computed from one session's upload (views, filtered bases, its search index), kept for the
    session's next reruns. Bounded: the ``max_entries`` most recently used results, at most ``max_bytes`` of them
    (stored pickled, as Streamlit's own cache does, so every caller gets its own copy). One upload per session:
    the next upload, or going back to the bundled base, replaces it."""

    upload: str  # fingerprint of the upload it belongs to
    max_entries: int = 32
    max_bytes: int = 64 * 2**20
    entries: OrderedDict[Hashable, bytes] = field(default_factory=OrderedDict)
    search_index: tuple[str, SearchIndex] | None = None  # (fingerprint, index); read-only, so kept as it is

    @property
    def size(self) -> int:
        return sum(len(stored) for stored in self.entries.values())

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if key in self.entries:
            self.entries.move_to_end(key)
            return pickle.loads(self.entries[key])
        stored = pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)
        if len(stored) <= self.max_bytes:
            self.entries[key] = stored
            while len(self.entries) > self.max_entries or self.size > self.max_bytes:
                self.entries.popitem(last=False)
        return pickle.loads(stored)


def upload_cache() -> UploadCache:
    """The cache of this session's upload (a new, empty one when the upload changed)."""
    uploaded = st.session_state.get(UPLOADED)
    owner = uploaded.fingerprint if uploaded is not None else ""
    cache = st.session_state.get(UPLOAD_CACHE)
    if not isinstance(cache, UploadCache) or cache.upload != owner:
        cache = UploadCache(owner)
        st.session_state[UPLOAD_CACHE] = cache
    return cache


def shared_or_session(evidence: EvidenceBase, shared: Callable[..., T], compute: Callable[..., T], *args) -> T:
    """``shared(*args)``, a cache shared by every session, for the bundled evidence base; for an upload,
    ``compute(*args)`` kept in this session's own cache."""
    if evidence.origin == "bundled":
        return shared(*args)
    key = (compute.__qualname__, i18n.current_language(), *(_key_part(arg) for arg in args))
    return upload_cache().get(key, lambda: compute(*args))


def _key_part(arg: Any) -> Hashable:
    """An argument as part of a cache key: an evidence base by its fingerprint (as the shared caches hash it)."""
    if isinstance(arg, EvidenceBase):
        return ("evidence", arg.fingerprint)
    if isinstance(arg, list | set | dict):
        return repr(arg)
    return arg


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


def _build_view(builder_name: str, lang: str, evidence: EvidenceBase, *options):
    from components.presentation import page_content

    with i18n.use_language(lang):
        return getattr(page_content, builder_name)(evidence, *options)


_view = st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})(
    _build_view
)


def cached_view(builder, evidence: EvidenceBase, *options):
    """Run a components.presentation.page_content builder once per (language, evidence content, options): for all
    sessions with the bundled evidence, for this session with an upload. Every call gets its own copy (so a page
    may change what it receives)."""
    return shared_or_session(
        evidence, _view, _build_view, builder.__name__, i18n.current_language(), evidence, *options
    )


def _apply_filters(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...]) -> EvidenceBase:
    from components.analysis.filters import apply_filters

    return apply_filters(evidence, filters, ignore)


_filtered = st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})(
    _apply_filters
)


def filtered(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...] = ()) -> EvidenceBase:
    """apply_filters, kept (shared across sessions for the bundled evidence, per session for an upload)."""
    return shared_or_session(evidence, _filtered, _apply_filters, evidence, filters, tuple(ignore))


def search_index(evidence: EvidenceBase) -> SearchIndex:
    """The search index of ``evidence``: shared for the bundled base, kept in the session for an upload."""
    if evidence.origin == "bundled":
        return index_of(evidence)
    cache = upload_cache()
    if cache.search_index is None or cache.search_index[0] != evidence.fingerprint:
        cache.search_index = (evidence.fingerprint, build_index(evidence))
    return cache.search_index[1]


def search_studies(evidence: EvidenceBase, text: str, within=None) -> SearchResult:
    """components.analysis.search.search over the kept index of ``evidence``; with nothing typed, no index is
    built (an upload's index costs its session several times the file's size, in small objects)."""
    if not query_words(text):
        return unsearched(evidence.studies["study_id"], within)
    return search(search_index(evidence), text, within)


def methods_view():
    """The PRISMA flow and reliability table (read from the data files once per server and language)."""
    return _methods_view(i18n.current_language())


@st.cache_data(show_spinner=False)
def _methods_view(lang: str):
    from components.presentation.page_content import methods_view as build

    with i18n.use_language(lang):
        return build()
