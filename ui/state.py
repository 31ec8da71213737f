"""Streamlit glue: the evidence in use, the shared filter state, page parameters, and their mirror in the URL.

One store: the widgets' own values in ``st.session_state``, kept by Streamlit while a widget is not drawn
(``persist_state="session"``). Filters are derived from them each run; the URL is written from them each run.
The URL is read back into them only when it changed from outside: a new session (a link opened or reloaded), or
browser back/forward (the run arrives with a URL other than the one this session last wrote).

``start_run`` is the one per-run entry point; app.py calls it once, before the page runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Any, NoReturn

import streamlit as st

from components.evidence import DECADES, EvidenceBase, load_evidence
from components.filters import (
    DECADE_KEY,
    DECADE_LABEL,
    DECADE_POSITION,
    FILTER_PARAMS,
    FILTER_SPECS,
    SPEC_BY_PARAM,
    Filters,
    clamp_decades,
    evidence_decades,
    filters_from_query,
    filters_to_query,
    parse_int,
    sanitise,
    shorten,
)
from ui import internals
from ui.controls import upload_watch

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|<>~$:])")
_LAST_QUERY, _LAST_PATH, _STARTED = "_last_query", "_last_path", "_started"
# Parameters Streamlit itself keeps in the URL (widgets with bind="query-params"); never rewritten here.
STREAMLIT_BOUND = {"drivers": ("tab",)}


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
# Page parameters: state that belongs to one page and is part of a shareable link


@dataclass(frozen=True)
class PageParam:
    """One piece of page state kept in the URL: ?name=value <-> st.session_state[key]."""

    name: str
    key: str
    default: object
    # raw URL value + evidence in use -> value, or None when the value is not valid
    parse: Callable[[str, EvidenceBase], object]
    dump: Callable[[Any], str] = str  # the value is of the parameter's own type
    hint: str = "it is not one of the choices on this page"

    def notice(self, raw: str) -> str:
        return f"Ignored {self.name} '{shorten(raw)}' in the link: {self.hint}."


def _choice(values: Callable[[EvidenceBase], Container[str]]):
    return lambda raw, evidence: raw if raw in values(evidence) else None


def _story_step(raw: str, evidence: EvidenceBase):
    from components.policy import story_steps

    return parse_int(raw, 1, len(story_steps(policy_options())))


PAGE_PARAMS: dict[str, tuple[PageParam, ...]] = {
    "map": (
        PageParam("view", "map_view", "sources", _choice(lambda e: ("sources", "destinations"))),
        PageParam("flows", "map_flows", True, lambda raw, e: {"1": True, "0": False}.get(raw), lambda v: str(int(v))),
        PageParam(
            "corridor",
            "map_corridor",
            None,
            lambda raw, e: raw.upper() if re.fullmatch(r"[A-Za-z]{3}-[A-Za-z]{3}", raw) else None,
        ),
    ),
    "drivers": (
        PageParam("driver", "behind_driver", "", _choice(lambda e: set(e.vocabulary.driver_codes))),
        PageParam("within", "behind_facet", "all", _choice(lambda e: ("all", "cadre", "decade", "status"))),
        PageParam("group", "behind_group", "", lambda raw, e: raw if len(raw) <= 40 else None),
    ),
    "studies": (PageParam("q", "study_search", "", lambda raw, e: raw[:200]),),
    "policy": (
        PageParam(
            "step",
            "story_step",
            1,
            _story_step,
            hint="the story's steps are numbered from 1 to its last step, so it starts at step 1",
        ),
        PageParam("present", "present", False, lambda raw, e: {"1": True, "0": False}.get(raw), lambda v: "1"),
    ),
}


def page_defaults(path: str) -> dict[str, object]:
    return {p.key: p.default for p in PAGE_PARAMS.get(path, ())}


def _page_query(path: str) -> dict[str, str]:
    """The current page's parameters as they stand, defaults left out."""
    query = {}
    for param in PAGE_PARAMS.get(path, ()):
        value = st.session_state.get(param.key, param.default)
        if value not in (None, "") and value != param.default:
            query[param.name] = param.dump(value)
    return query


# ----------------------------------------------------------------------------------------------------------------
# Filters


def filters_in_state(evidence: EvidenceBase) -> Filters:
    """The filters as the widgets hold them."""
    values: dict[str, Any] = {spec.field: tuple(st.session_state.get(spec.key) or ()) for spec in FILTER_SPECS}
    decade = st.session_state.get(DECADE_KEY)
    if isinstance(decade, (tuple, list)) and len(decade) == 2 and all(d in DECADES for d in decade):
        values |= {"decade_from": decade[0], "decade_to": decade[1]}
    return clamp_decades(Filters(**values), evidence_decades(evidence))


def store_filters(filters: Filters, evidence: EvidenceBase) -> None:
    """Put filters into the widgets' state (before the widgets are drawn in this run, or from a callback)."""
    for spec in FILTER_SPECS:
        st.session_state[spec.key] = list(getattr(filters, spec.field))
    decades = evidence_decades(evidence)
    span = filters.decades
    lo = span[0] if span[0] in decades else decades[0]
    hi = span[-1] if span[-1] in decades else decades[-1]
    st.session_state[DECADE_KEY] = (lo, hi)


def reset_filters() -> None:
    store_filters(Filters(), current_evidence())


def set_country_filter(iso3: str | None) -> None:
    """Callback helper: make one source country (or none) the country filter."""
    st.session_state[SPEC_BY_PARAM["country"].key] = [iso3] if iso3 else []


# ----------------------------------------------------------------------------------------------------------------
# The per-run entry point


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


def _incoming_query() -> dict[str, str]:
    return {name: ",".join(st.query_params.get_all(name)) for name in st.query_params}


def start_run(path: str) -> tuple[Scope, list[str]]:
    """Everything a run needs before its page draws: the evidence, the filters and page state (from the URL when
    it changed from outside, else from the widgets), checked against the evidence, and the URL written back.

    Returns the scope and plain notices to show (dropped link values, values the evidence does not have).
    """
    evidence = current_evidence()
    notices: list[str] = []
    incoming = _incoming_query()
    # Set by the tab itself when it reloads after losing a session that held an upload (ui.controls).
    lost_upload = incoming.pop(UPLOAD_LOST_PARAM, None) == "lost"
    incoming = {name: value for name, value in incoming.items() if name not in STREAMLIT_BOUND.get(path, ())}
    first = not st.session_state.get(_STARTED)
    changed_outside = incoming != st.session_state.get(_LAST_QUERY) and (
        any(name in FILTER_PARAMS for name in incoming) or path == st.session_state.get(_LAST_PATH)
    )
    if first or changed_outside:
        notices += _adopt_url(incoming, evidence, path)
    st.session_state[_STARTED] = True
    for key, default in page_defaults(path).items():
        st.session_state.setdefault(key, default)

    filters, dropped = sanitise(filters_in_state(evidence), evidence)
    if dropped:
        notices.append(
            "Some filter values do not exist in the evidence now in use and were cleared: " + ", ".join(dropped) + "."
        )
        store_filters(filters, evidence)
    if path != "policy":
        st.session_state["present"] = False
    if lost_upload and evidence.origin == "bundled":
        notices.append(UPLOAD_LOST)
    scope = Scope(evidence, filters, path)
    st.session_state["_scope"] = scope
    _write_url(filters, path)
    return scope, notices


def _adopt_url(incoming: dict[str, str], evidence: EvidenceBase, path: str) -> list[str]:
    """Read filters and the current page's parameters from the URL into the widgets' state."""
    params = PAGE_PARAMS.get(path, ())
    names = [p.name for p in params] + list(STREAMLIT_BOUND.get(path, ()))
    filters, notices = filters_from_query({k: [v] for k, v in incoming.items()}, evidence, page_params=names)
    store_filters(filters, evidence)
    for param in params:
        raw = incoming.get(param.name)
        value = param.parse(raw, evidence) if raw not in (None, "") else None
        if raw not in (None, "") and value is None:
            notices.append(param.notice(raw))
        st.session_state[param.key] = param.default if value is None else value
    return notices


def _write_url(filters: Filters, path: str) -> None:
    """Mirror filters and page parameters in the URL; drop everything else (except Streamlit's own bindings)."""
    wanted = filters_to_query(filters) | _page_query(path)
    keep = set(STREAMLIT_BOUND.get(path, ()))
    for name in list(st.query_params.keys()):
        if name not in wanted and name not in keep:
            del st.query_params[name]
    for name, value in wanted.items():
        if st.query_params.get_all(name) != [value]:
            st.query_params[name] = value
    st.session_state[_LAST_QUERY] = wanted
    st.session_state[_LAST_PATH] = path


def sync_url() -> None:
    """After a page changed its own state during the run (a step clamped, a stale choice reset), write the URL
    again. (Widget changes need no call: their callbacks run before start_run writes the URL.)"""
    current = scope()
    _write_url(current.filters, current.path)


# ----------------------------------------------------------------------------------------------------------------
# The sidebar


def render_filter_sidebar(evidence: EvidenceBase, matching: int) -> None:
    """The shared filters, drawn in the sidebar of every page, one widget per FilterSpec."""
    with st.sidebar:
        st.markdown(f"### Filters\n**{matching}** of **{evidence.n_studies}** studies match")
        for spec in FILTER_SPECS[:DECADE_POSITION]:
            _multiselect(spec, evidence)
        decades = evidence_decades(evidence)
        if len(decades) > 1:
            # value= makes it a range slider (without it a tuple in session state collapses to one decade); the
            # value is the one already in session state, so it never overrides what the person chose.
            chosen = tuple(st.session_state.get(DECADE_KEY) or (decades[0], decades[-1]))
            st.select_slider(
                DECADE_LABEL,
                options=list(decades),
                value=chosen,
                key=DECADE_KEY,
                persist_state="session",
                help="Decade of publication. Drag either end, or focus it and press ← →.",
            )
        for spec in FILTER_SPECS[DECADE_POSITION:]:
            _multiselect(spec, evidence)
        st.button("Reset filters", on_click=reset_filters, width="stretch")
        if evidence.origin != "bundled":
            upload_watch()
            st.warning(
                f"Showing your {plain(evidence.origin)} ({evidence.n_studies} studies), in this browser session only."
            )
            st.button("Back to the bundled evidence base", on_click=clear_upload, key="sidebar_clear_upload")


def _multiselect(spec, evidence: EvidenceBase) -> None:
    counts = spec.counts(evidence)
    vocab = evidence.vocabulary
    # select_all=False: Enter picks the best match ("Ghana"), never "Select 2 matches" (Ghana and Afghanistan).
    st.multiselect(
        spec.label,
        spec.options(evidence),
        key=spec.key,
        persist_state="session",
        select_all=False,
        format_func=lambda c: f"{spec.label_of(c, vocab)} ({counts.get(c, 0)})",
        placeholder=spec.placeholder,
    )


# ----------------------------------------------------------------------------------------------------------------
# What the current run shows


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
    """Query parameters that reproduce the current filters on another page."""
    return filters_to_query(scope().filters) | extra


@st.cache_resource(show_spinner=False)
def _policy_data(driver_codes: frozenset[str]):
    from components.policy import load_policy

    return load_policy(driver_codes=driver_codes)


def policy_data():
    """Options, driver links and implementation records, checked against the driver codes of the evidence in use
    (read once per server; never changed by a page)."""
    return _policy_data(current_evidence().vocabulary.driver_codes)


def policy_options():
    return policy_data().options


def clear_upload() -> None:
    """Go back to the bundled evidence base (callback of the banner button)."""
    st.session_state["uploaded_evidence"] = None
    st.session_state["upload_problems"] = []


UPLOAD_LOST_PARAM = "upload"
UPLOAD_LOST = (
    "The file you uploaded earlier is no longer in use: uploads are kept only while a session lasts, "
    "and this one is new (the atlas restarted or the session ended). You are seeing the bundled evidence "
    "base; upload the file again under Methods and data to use it."
)


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})
def _view(builder_name: str, evidence: EvidenceBase, *options):
    from components import page_content

    return getattr(page_content, builder_name)(evidence, *options)


def cached_view(builder, evidence: EvidenceBase, *options):
    """Run a components.page_content builder once per (evidence content, options) for all sessions; later calls
    get a copy from the cache (so a page may change what it receives)."""
    return _view(builder.__name__, evidence, *options)


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})
def _filtered(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...]) -> EvidenceBase:
    from components.filters import apply_filters

    return apply_filters(evidence, filters, ignore)


def filtered(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...] = ()) -> EvidenceBase:
    """apply_filters, shared across sessions."""
    return _filtered(evidence, filters, tuple(ignore))


@st.cache_data(show_spinner=False)
def methods_view():
    """The PRISMA flow and reliability table (read from the data files once per server)."""
    from components.page_content import methods_view as build

    return build()
