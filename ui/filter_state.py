"""The shared filters as the sidebar's widgets hold them in ``st.session_state`` (``persist_state="session"``)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.analysis.filters import (
    DECADE_KEY,
    FILTER_SPECS,
    SPEC_BY_PARAM,
    Filters,
    clamp_decades,
    evidence_decades,
)
from components.tables.evidence import DECADES, EvidenceBase
from ui.cache import current_evidence


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
