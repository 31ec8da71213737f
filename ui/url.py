"""The URL as the mirror of the state: page parameters, the language, and the filters read from a link and
written back every run.

The URL is read back into the widgets only when it changed from outside: a new session (a link opened or
reloaded), or browser back/forward (the run arrives with a URL other than the one this session last wrote)."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from typing import Any, cast

import streamlit as st

from components.analysis.filters import (
    FILTER_PARAMS,
    Filters,
    filters_from_query,
    filters_to_query,
    no_study_from,
    parse_int,
    shorten,
)
from components.core import i18n
from components.core.countries import is_iso3
from components.core.i18n import LANGUAGES, N_, _, number
from components.presentation.page_content import DRIVER_TABS, MAP_VIEWS
from components.tables.evidence import EvidenceBase
from components.tables.upload_limits import LIMITS
from ui.cache import policy_options
from ui.filter_state import store_filters
from ui.talk import LAST_TALK_RAW, LENS_KEY, POLICY_PATH, PRESENT_KEY, STEP_KEY, TALK, Talk, talk_query

LAST_QUERY, LAST_PATH, STARTED, LAST_LANG_RAW = "_last_query", "_last_path", "_started", "_last_lang_raw"


# Parameters Streamlit itself keeps in the URL (widgets with bind="query-params"); never rewritten here. None now:
# the Drivers tab is a page parameter, so its link value stays English whatever the language of its label.
STREAMLIT_BOUND: dict[str, tuple[str, ...]] = {}


# The interface language: ?lang=fr on every page and in every link the atlas makes; English is left out of links.
LANG_PARAM, LANG_KEY = "lang", "lang"


UPLOAD_LOST_PARAM = "upload"


UPLOAD_LOST = N_(
    "The file you uploaded earlier is no longer in use: uploads are kept only while a session lasts, "
    "and this one is new (the atlas restarted or the session ended). You are seeing the bundled evidence "
    "base; upload the file again under Methods and data to use it."
)


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
    # The value the shared filters give, when a link to the page does not name one (an older link's filters) and
    # when the page first opens in a session; None: the default.
    from_filters: Callable[[Filters], object] | None = None
    # A notice of its own for a value that is not valid (None: the usual "Ignored … in the link").
    explain: Callable[[str, EvidenceBase], str | None] | None = None

    def notice(self, raw: str, evidence: EvidenceBase) -> str:
        own = self.explain(raw, evidence) if self.explain else None
        return own or ignored_in_link(self.name, raw, self.hint)

    def first_value(self, filters: Filters) -> object:
        value = self.from_filters(filters) if self.from_filters else None
        return self.default if value is None else value


def ignored_in_link(name: str, raw: str, hint: str) -> str:
    """The notice for a link value the atlas cannot use (``hint``: an N_-marked reason, translated here)."""
    return _("Ignored {name} '{value}' in the link: {hint}.").format(name=name, value=shorten(raw), hint=_(hint))


def _choice(values: Callable[[EvidenceBase], Container[str]]):
    return lambda raw, evidence: raw if raw in values(evidence) else None


def _story_step(raw: str, evidence: EvidenceBase):
    from components.presentation.story_steps import story_steps

    return parse_int(raw, 1, len(story_steps(policy_options())))


def _lens(raw: str, evidence: EvidenceBase):
    code = raw.strip().upper()
    return code if code in set(evidence.source["iso3"]) else None


def _no_lens(raw: str, evidence: EvidenceBase) -> str | None:
    code = raw.strip().upper()
    return no_study_from(code, set(evidence.source["iso3"])) if is_iso3(code) else None


def _lens_of(filters: Filters) -> str | None:
    """The story's lens an older link gave by its country filter (``/policy?country=NGA``), and the one the story
    opens with the first time in a session: the filters' source country, when they name one."""
    return filters.countries[0] if len(filters.countries) == 1 else None


PAGE_PARAMS: dict[str, tuple[PageParam, ...]] = {
    "map": (
        PageParam("view", "map_view", "sources", _choice(lambda e: tuple(MAP_VIEWS))),
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
        # The story's country lens: its own, apart from the sidebar's filters (a question from the hall sets those).
        PageParam(
            "lens",
            LENS_KEY,
            None,
            _lens,
            hint=N_("the lens is a source country of the studies"),
            from_filters=_lens_of,
            explain=_no_lens,
        ),
    ),
}
# Pages told through a selection of their own (the story, through its lens): their link holds no filter, and the
# filters, kept in the session, are for the other pages. A link to such a page that has filters still sets them.
OWN_SELECTION = frozenset({"policy"})


def page_param_names(path: str) -> tuple[str, ...]:
    return tuple(p.name for p in PAGE_PARAMS.get(path, ())) + STREAMLIT_BOUND.get(path, ())


def first_values(path: str, filters: Filters) -> dict[str, object]:
    """The page's state when it first opens in a session (defaults, or what the filters give)."""
    return {p.key: p.first_value(filters) for p in PAGE_PARAMS.get(path, ())}


def _page_query(path: str, values: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The page's parameters as they stand (or as ``values`` gives them, by state key), defaults left out."""
    state: Mapping[str, Any] = values if values is not None else cast(Mapping[str, Any], st.session_state)
    query = {}
    for param in PAGE_PARAMS.get(path, ()):
        value = state.get(param.key, param.default)
        if value not in (None, "") and value != param.default:
            query[param.name] = param.dump(value)
    return query


LINK_TOO_LARGE = N_(
    "This link was too large to read ({params} parameters, {chars} characters; the atlas reads at most {max_params} "
    "parameters and {max_chars} characters), so the page opened without its settings."
)


def incoming_query() -> tuple[dict[str, str], tuple[int, int] | None]:
    """The link's parameters; when the link is beyond the link limits, nothing of it and its size (parameters,
    characters) for ``link_too_large``."""
    query = {name: ",".join(st.query_params.get_all(name)) for name in st.query_params}
    chars = sum(len(name) + len(value) + 2 for name, value in query.items())
    if len(query) <= LIMITS.link_params and chars <= LIMITS.link_chars:
        return query, None
    return {}, (len(query), chars)


def link_too_large(size: tuple[int, int] | None) -> list[str]:
    """The one notice for a link set aside whole (in the language in use, so call it after adopt_language)."""
    if size is None:
        return []
    params, chars = size
    return [
        _(LINK_TOO_LARGE).format(
            params=number(params),
            chars=number(chars),
            max_params=LIMITS.link_params,
            max_chars=number(LIMITS.link_chars),
        )
    ]


def adopt_language(raw: str | None) -> list[str]:
    """Set the run's language: from the link when one names it (a new session, or a link opened or typed into
    this tab), else the language this session already has (the switch, or navigation, which drops the query)."""
    unknown = None
    if raw is not None and (not st.session_state.get(STARTED) or raw != st.session_state.get(LAST_LANG_RAW)):
        lang = i18n.parse_language(raw)
        st.session_state[LANG_KEY] = lang or i18n.DEFAULT_LANGUAGE
        unknown = raw if lang is None else None
    st.session_state[LAST_LANG_RAW] = raw
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


def adopt_url(incoming: dict[str, str], evidence: EvidenceBase, path: str) -> list[str]:
    """Read filters and the current page's parameters from the URL into the widgets' state."""
    params = PAGE_PARAMS.get(path, ())
    filters, notices = filters_from_query(
        {k: [v] for k, v in incoming.items()}, evidence, page_params=page_param_names(path)
    )
    if path not in OWN_SELECTION or any(name in FILTER_PARAMS for name in incoming):
        store_filters(filters, evidence)
    for param in params:
        raw = incoming.get(param.name)
        if raw in (None, ""):
            st.session_state[param.key] = param.first_value(filters)
            continue
        value = param.parse(raw, evidence)
        if value is None:
            notices.append(param.notice(raw, evidence))
        st.session_state[param.key] = param.default if value is None else value
    return notices


def resume_query() -> dict[str, str]:
    """The story's link as the run that resumes the talk will write it (its step and lens, presenter mode on, the
    language). "Resume the talk" switches page with it, so the story's run finds its address already written:
    switching without it cleared the address, then the story's run wrote its own, and Streamlit's frontend added a
    history entry for each, in an order that varied (three entries, measured; one Back could land on the slides
    again). With it, two: the question's page, then the slides, and one Back leaves the slides."""
    talk: Talk | None = st.session_state.get(TALK)
    if talk is None:
        return {}
    story = {STEP_KEY: talk.step, PRESENT_KEY: True, LENS_KEY: talk.lens}
    return _page_query(POLICY_PATH, story) | language_query()


def write_url(filters: Filters, path: str) -> None:
    """Mirror filters and page parameters in the URL, then the talk under way and the language; drop everything
    else (except Streamlit's own bindings)."""
    wanted = ({} if path in OWN_SELECTION else filters_to_query(filters)) | _page_query(path)
    language = language_query()
    talk = talk_query(path)
    keep = set(STREAMLIT_BOUND.get(path, ()))
    target = {name: st.query_params.get_all(name) for name in st.query_params if name in keep}
    target |= {name: [value] for name, value in (wanted | talk | language).items()}
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    if current != target:
        # One step: Streamlit sends the whole query string after every change, so deleting a long link's
        # parameters one at a time cost the square of its size (250 MB for a 500 KB link).
        st.query_params.from_dict(target)
    st.session_state[LAST_QUERY] = wanted
    st.session_state[LAST_LANG_RAW] = language.get(LANG_PARAM)
    st.session_state[LAST_TALK_RAW] = next(iter(talk.values()), None)
    st.session_state[LAST_PATH] = path
