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
from streamlit.navigation.page import StreamlitPage

from components import i18n
from components.evidence import DECADES, EvidenceBase, load_evidence
from components.exports import origin_label
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
from components.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _
from components.labels import decade_label
from components.page_content import DRIVER_TABS
from ui import internals
from ui.controls import upload_watch

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|<>~$:])")
_LAST_QUERY, _LAST_PATH, _STARTED, _LAST_LANG_RAW = "_last_query", "_last_path", "_started", "_last_lang_raw"
# Parameters Streamlit itself keeps in the URL (widgets with bind="query-params"); never rewritten here. None now:
# the Drivers tab is a page parameter, so its link value stays English whatever the language of its label.
STREAMLIT_BOUND: dict[str, tuple[str, ...]] = {}
# The interface language: ?lang=fr on every page and in every link the atlas makes; English is left out of links.
LANG_PARAM, LANG_KEY = "lang", "lang"


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
    hint: str = N_("it is not one of the choices on this page")

    def notice(self, raw: str) -> str:
        return ignored_in_link(self.name, raw, self.hint)


def ignored_in_link(name: str, raw: str, hint: str) -> str:
    """The notice for a link value the atlas cannot use (``hint``: an N_-marked reason, translated here)."""
    return _("Ignored {name} '{value}' in the link: {hint}.").format(name=name, value=shorten(raw), hint=_(hint))


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
        PageParam("tab", "drivers_tab", DRIVER_TABS[0], _choice(lambda e: DRIVER_TABS)),
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
            hint=N_("the story's steps are numbered from 1 to its last step, so it starts at step 1"),
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


def start_run(navigate: Callable[[], StreamlitPage]) -> tuple[StreamlitPage, Scope, list[str]]:
    """Everything a run needs before its page draws: the language (first, so the navigation that ``navigate``
    draws is in it), the evidence, the filters and page state (from the URL when it changed from outside, else
    from the widgets), checked against the evidence, and the URL written back.

    Returns the page ``navigate`` chose, the scope and plain notices to show (dropped link values, values the
    evidence does not have).
    """
    incoming = _incoming_query()
    notices = _adopt_language(incoming.pop(LANG_PARAM, None))
    page = navigate()
    path = page.url_path or ""
    evidence = current_evidence()
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
            _("Some filter values do not exist in the evidence now in use and were cleared: {values}.").format(
                values=", ".join(dropped)
            )
        )
        store_filters(filters, evidence)
    if path != "policy":
        st.session_state["present"] = False
    if lost_upload and evidence.origin == "bundled":
        notices.append(_(UPLOAD_LOST))
    scope = Scope(evidence, filters, path)
    st.session_state["_scope"] = scope
    _write_url(filters, path)
    return page, scope, notices


def _adopt_language(raw: str | None) -> list[str]:
    """Set the run's language: from the link when one names it (a new session, or a link opened or typed into
    this tab), else the language this session already has (the switch, or navigation, which drops the query)."""
    unknown = None
    if raw is not None and (not st.session_state.get(_STARTED) or raw != st.session_state.get(_LAST_LANG_RAW)):
        lang = i18n.parse_language(raw)
        st.session_state[LANG_KEY] = lang or i18n.DEFAULT_LANGUAGE
        unknown = raw if lang is None else None
    st.session_state[_LAST_LANG_RAW] = raw
    if st.session_state.get(LANG_KEY) not in LANGUAGES:
        st.session_state[LANG_KEY] = i18n.DEFAULT_LANGUAGE
    i18n.set_language(st.session_state[LANG_KEY])
    if unknown is None:
        return []
    return [ignored_in_link(LANG_PARAM, unknown, N_("the atlas is in English (en) or French (fr)"))]


def language_query() -> dict[str, str]:
    """The language's part of a link: nothing for English, so English links stay as they were."""
    lang = i18n.current_language()
    return {} if lang == i18n.DEFAULT_LANGUAGE else {LANG_PARAM: lang}


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
    language = language_query()
    keep = set(STREAMLIT_BOUND.get(path, ()))
    for name in list(st.query_params.keys()):
        if name not in wanted and name not in language and name not in keep:
            del st.query_params[name]
    for name, value in (wanted | language).items():
        if st.query_params.get_all(name) != [value]:
            st.query_params[name] = value
    st.session_state[_LAST_QUERY] = wanted
    st.session_state[_LAST_LANG_RAW] = language.get(LANG_PARAM)
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
        language_switch()
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
    # select_all=False: Enter picks the best match ("Ghana"), never "Select 2 matches" (Ghana and Afghanistan).
    st.multiselect(
        _(spec.label),
        spec.options(evidence),
        key=spec.key,
        persist_state="session",
        select_all=False,
        format_func=lambda c: f"{spec.label_of(c, vocab)} ({counts.get(c, 0)})",
        placeholder=_(spec.placeholder),
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
    """Query parameters that reproduce the current filters, and the language, on another page."""
    return filters_to_query(scope().filters) | extra | language_query()


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
UPLOAD_LOST = N_(
    "The file you uploaded earlier is no longer in use: uploads are kept only while a session lasts, "
    "and this one is new (the atlas restarted or the session ended). You are seeing the bundled evidence "
    "base; upload the file again under Methods and data to use it."
)


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})
def _view(builder_name: str, lang: str, evidence: EvidenceBase, *options):
    from components import page_content

    with i18n.use_language(lang):
        return getattr(page_content, builder_name)(evidence, *options)


def cached_view(builder, evidence: EvidenceBase, *options):
    """Run a components.page_content builder once per (language, evidence content, options) for all sessions;
    later calls get a copy from the cache (so a page may change what it receives)."""
    return _view(builder.__name__, i18n.current_language(), evidence, *options)


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs={EvidenceBase: lambda e: e.fingerprint})
def _filtered(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...]) -> EvidenceBase:
    from components.filters import apply_filters

    return apply_filters(evidence, filters, ignore)


def filtered(evidence: EvidenceBase, filters: Filters, ignore: tuple[str, ...] = ()) -> EvidenceBase:
    """apply_filters, shared across sessions."""
    return _filtered(evidence, filters, tuple(ignore))


def methods_view():
    """The PRISMA flow and reliability table (read from the data files once per server and language)."""
    return _methods_view(i18n.current_language())


@st.cache_data(show_spinner=False)
def _methods_view(lang: str):
    from components.page_content import methods_view as build

    with i18n.use_language(lang):
        return build()
