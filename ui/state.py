"""Streamlit glue: the evidence in use, the shared filter state, and its mirror in the URL.

The filter state lives in ``st.session_state`` under ``FILTER_KEYS``; the sidebar widgets use those keys.
Streamlit drops the state of widgets that a run does not draw (presenter mode hides the sidebar), so every
remembered key is also copied to a plain dict and restored before its widget is drawn again.
"""
from __future__ import annotations

import re

import streamlit as st

from components.countries import country_name
from components.evidence import DECADES, DESIGNS, STATUS_LABELS, STATUSES, EvidenceBase, load_evidence
from components.filters import Filters, filters_from_query, filters_to_query

FILTER_KEYS = {
    "countries": "f_country",
    "destinations": "f_dest",
    "cadres": "f_cadre",
    "decades": "f_decade",
    "statuses": "f_status",
    "designs": "f_design",
}
_KEPT = "_kept_widget_values"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|<>~$:])")


def plain(text: str) -> str:
    """Escape Markdown so user-supplied text (URL values, uploaded titles) shows as typed, never as markup."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


@st.cache_data(show_spinner=False)
def bundled_evidence() -> EvidenceBase:
    return load_evidence()


def current_evidence() -> EvidenceBase:
    """The uploaded evidence base of this browser session if there is one, else the bundled one."""
    uploaded = st.session_state.get("uploaded_evidence")
    return uploaded if uploaded is not None else bundled_evidence()


# ----------------------------------------------------------------------------------------------------------------
# Remembered widget values


def remember(*keys: str) -> None:
    """Keep these widget keys across runs in which their widgets are not drawn."""
    kept = st.session_state.setdefault(_KEPT, {})
    for key in keys:
        if key in st.session_state:
            kept[key] = st.session_state[key]
        elif key in kept:
            st.session_state[key] = kept[key]


def set_widget_value(key: str, value) -> None:
    """Change a remembered widget value (from a callback, or before its widget is drawn)."""
    st.session_state[key] = value
    st.session_state.setdefault(_KEPT, {})[key] = value


# ----------------------------------------------------------------------------------------------------------------
# Filters


def _query_dict() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params.keys()}


def _store_filters(filters: Filters) -> None:
    set_widget_value(FILTER_KEYS["countries"], list(filters.countries))
    set_widget_value(FILTER_KEYS["destinations"], list(filters.destinations))
    set_widget_value(FILTER_KEYS["cadres"], list(filters.cadres))
    set_widget_value(FILTER_KEYS["decades"], (filters.decade_from, filters.decade_to))
    set_widget_value(FILTER_KEYS["statuses"], list(filters.statuses))
    set_widget_value(FILTER_KEYS["designs"], list(filters.designs))


def init_from_link(evidence: EvidenceBase) -> list[str]:
    """On a session's first run, read the filters from the URL. Returns notices about dropped input (once)."""
    if st.session_state.get("_link_read"):
        return []
    st.session_state["_link_read"] = True
    filters, notices = filters_from_query(_query_dict(), evidence)
    _store_filters(filters)
    return notices


def _options(evidence: EvidenceBase) -> dict[str, list[str]]:
    by_name = lambda codes: sorted(codes, key=country_name)  # noqa: E731
    return {
        "countries": by_name(set(evidence.source["iso3"])),
        "destinations": by_name(set(evidence.destination["iso3"])),
        "cadres": [c for c in evidence.vocabulary.cadres["code"] if c in set(evidence.cadre["cadre"])],
        "statuses": list(STATUSES),
        "designs": list(DESIGNS),
    }


def sanitise_filters(evidence: EvidenceBase) -> list[str]:
    """Drop remembered filter values the evidence in use does not have (e.g. after an upload)."""
    remember(*FILTER_KEYS.values())
    dropped = []
    for field, allowed in _options(evidence).items():
        key = FILTER_KEYS[field]
        values = st.session_state.get(key, [])
        kept = [v for v in values if v in allowed]
        if kept != list(values):
            dropped += [v for v in values if v not in allowed]
            set_widget_value(key, kept)
    decade = st.session_state.get(FILTER_KEYS["decades"])
    if not (isinstance(decade, (tuple, list)) and len(decade) == 2 and all(d in DECADES for d in decade)):
        set_widget_value(FILTER_KEYS["decades"], (DECADES[0], DECADES[-1]))
    return dropped


def current_filters() -> Filters:
    """The filters as they stand in session state."""
    get = lambda field: tuple(st.session_state.get(FILTER_KEYS[field], ()))  # noqa: E731
    decade = st.session_state.get(FILTER_KEYS["decades"]) or (DECADES[0], DECADES[-1])
    return Filters(
        countries=get("countries"),
        destinations=get("destinations"),
        cadres=get("cadres"),
        decade_from=decade[0],
        decade_to=decade[1],
        statuses=get("statuses"),
        designs=get("designs"),
    )


def reset_filters() -> None:
    _store_filters(Filters())


def set_country_filter(iso3: str | None) -> None:
    """Callback helper: make one source country (or none) the country filter."""
    set_widget_value(FILTER_KEYS["countries"], [iso3] if iso3 else [])


def render_filter_sidebar(evidence: EvidenceBase, matching: int) -> None:
    """The shared filters, drawn in the sidebar of every page."""
    options = _options(evidence)
    counts = evidence.source.groupby("iso3")["study_id"].nunique()
    dest_counts = evidence.destination.groupby("iso3")["study_id"].nunique()
    vocab = evidence.vocabulary
    with st.sidebar:
        st.markdown(f"### Filters\n**{matching}** of **{evidence.n_studies}** studies match")
        st.multiselect("Source country", options["countries"], key=FILTER_KEYS["countries"],
                       format_func=lambda c: f"{country_name(c)} ({counts.get(c, 0)})",
                       placeholder="All source countries")
        st.multiselect("Destination", options["destinations"], key=FILTER_KEYS["destinations"],
                       format_func=lambda c: f"{country_name(c)} ({dest_counts.get(c, 0)})",
                       placeholder="All destinations")
        st.multiselect("Cadre", options["cadres"], key=FILTER_KEYS["cadres"], format_func=vocab.cadre_label,
                       placeholder="All cadres")
        st.select_slider("Publication decade", options=list(DECADES), key=FILTER_KEYS["decades"])
        st.multiselect("Migration status", options["statuses"], key=FILTER_KEYS["statuses"],
                       format_func=STATUS_LABELS.get, placeholder="All statuses")
        st.multiselect("Study design", options["designs"], key=FILTER_KEYS["designs"],
                       format_func=str.capitalize, placeholder="All designs")
        st.button("Reset filters", on_click=reset_filters, width="stretch")
        if evidence.origin != "bundled":
            st.warning(f"Showing your {plain(evidence.origin)} ({evidence.n_studies} studies), in this browser "
                       "session only.")
            st.button("Back to the bundled evidence base", on_click=clear_upload, key="sidebar_clear_upload")


# ----------------------------------------------------------------------------------------------------------------
# URL


def sync_url(filters: Filters, owned: tuple[str, ...] = ()) -> None:
    """Mirror the filters in the URL; keep only the parameters the current page owns besides them."""
    wanted = filters_to_query(filters)
    for name in list(st.query_params.keys()):
        if name not in wanted and name not in owned:
            del st.query_params[name]
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


def set_page_param(name: str, value) -> None:
    """Set (or, for None/empty, remove) one of the current page's own URL parameters."""
    if value in (None, ""):
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != str(value):
        st.query_params[name] = str(value)


def page_param(name: str) -> str | None:
    return st.query_params.get(name)


# ----------------------------------------------------------------------------------------------------------------
# What the current run shows


class Scope:
    """The evidence in use, the filters, and the evidence they select (computed once per run)."""

    def __init__(self, evidence: EvidenceBase, filters: Filters):
        self.run = _current_run()
        self.evidence = evidence
        self.filters = filters
        self.filtered = filtered(evidence, filters)

    @property
    def description(self) -> str:
        return self.filters.describe(self.evidence.vocabulary)


def _current_run():
    """An object that exists once per script run (Streamlit makes a new coordinator for every run)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "parallel_coordinator", None)


def publish_scope(evidence: EvidenceBase, filters: Filters) -> None:
    st.session_state["_scope"] = Scope(evidence, filters)


class PageDone(Exception):
    """Raised by a page that has nothing more to show (empty selection); app.py catches it and goes on."""


def end_page() -> None:
    """Like st.stop() for a page, but app.py still draws the sidebar after it (st.stop would end the run)."""
    raise PageDone


def scope() -> Scope:
    """The scope app.py published for this run.

    Streamlit treats an app with a ``pages/`` folder as a v1 multipage app until the entry script first calls
    ``st.navigation``; so the very first request a fresh server gets for a deep link (``/map``) runs the page
    file alone. The page then has no scope: switch the v1 behaviour off and rerun through app.py.
    """
    published = st.session_state.get("_scope")
    if published is None or published.run is not _current_run():
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["_scope"]


def link_params() -> dict[str, str]:
    """Query parameters that reproduce the current filters on another page."""
    return filters_to_query(scope().filters)


@st.cache_data(show_spinner=False)
def _policy_options(driver_codes: frozenset[str]):
    from components.policy import load_policy_options

    return load_policy_options(driver_codes=driver_codes)


def policy_options():
    """The policy options, checked against the driver codes of the evidence in use."""
    return _policy_options(current_evidence().vocabulary.driver_codes)


# Presenter mode: no sidebar, no Streamlit chrome, type large enough to read when screen-shared at 1280×720.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 1.2rem !important; max-width: 1240px;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {font-size: 1.45rem; line-height: 1.45;}
[data-testid="stMarkdownContainer"] h1, h1 {font-size: 2.7rem !important;}
[data-testid="stMarkdownContainer"] h3 {font-size: 1.9rem !important;}
[data-testid="stMetricValue"] {font-size: 2.6rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.15rem !important;}
button p {font-size: 1.2rem !important;}
</style>
"""


def clear_upload() -> None:
    """Go back to the bundled evidence base (callback of the banner button)."""
    st.session_state["uploaded_evidence"] = None
    st.session_state["upload_problems"] = []


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})
def _view(builder_name: str, evidence: EvidenceBase, *options):
    from components import views

    return getattr(views, builder_name)(evidence, *options)


def cached_view(builder, evidence: EvidenceBase, *options):
    """Run a components.views builder once per (evidence content, options) for all sessions; later calls
    get a copy from the cache (so a page may change what it receives)."""
    return _view(builder.__name__, evidence, *options)


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})
def _filtered(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...]) -> EvidenceBase:
    from components.filters import apply_filters

    return apply_filters(evidence, filters, ignore)


def filtered(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...] = ()) -> EvidenceBase:
    """apply_filters, shared across sessions."""
    return _filtered(evidence, filters, tuple(ignore))
