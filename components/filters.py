"""The one filter model shared by every page, and its mapping to and from URL query parameters.

Within a facet the selected values are alternatives (nurses OR midwives); facets combine with AND.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from components.countries import country_name
from components.evidence import DECADES, DESIGNS, STATUSES, EvidenceBase

# Query parameter names, in the order they appear in a shared link.
FILTER_PARAMS = ("country", "dest", "cadre", "decade", "status", "design")
# Parameters that belong to one page and are not filters.
PAGE_PARAMS = ("present", "step", "view", "tab")
MAX_VALUES_PER_PARAM = 30
_NOTICE_VALUE_CHARS = 40


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    cadres: tuple[str, ...] = ()
    decade_from: str = DECADES[0]
    decade_to: str = DECADES[-1]
    statuses: tuple[str, ...] = ()
    designs: tuple[str, ...] = ()

    @property
    def decades(self) -> tuple[str, ...]:
        start, end = DECADES.index(self.decade_from), DECADES.index(self.decade_to)
        return DECADES[min(start, end): max(start, end) + 1]

    @property
    def is_default(self) -> bool:
        return self == Filters()

    def describe(self, vocabulary=None) -> str:
        """A plain-language summary, e.g. 'nurses · 2010s–2020s · Nigeria'."""
        parts = []
        if self.countries:
            parts.append("from " + ", ".join(country_name(c) for c in self.countries))
        if self.destinations:
            parts.append("to " + ", ".join(country_name(c) for c in self.destinations))
        if self.cadres:
            label = vocabulary.cadre_label if vocabulary is not None else str
            parts.append(", ".join(label(c) for c in self.cadres))
        if (self.decade_from, self.decade_to) != (DECADES[0], DECADES[-1]):
            span = self.decades
            parts.append(span[0] if len(span) == 1 else f"{span[0]}–{span[-1]}")
        if self.statuses:
            parts.append(", ".join(s.replace("_", "-") for s in self.statuses))
        if self.designs:
            parts.append(", ".join(self.designs))
        return " · ".join(parts) if parts else "all studies"


def _shorten(value: str) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= _NOTICE_VALUE_CHARS else value[: _NOTICE_VALUE_CHARS - 1] + "…"


def _values(raw: Iterable[str]) -> list[str]:
    """Accept both ?cadre=a,b and ?cadre=a&cadre=b."""
    out: list[str] = []
    for chunk in raw:
        out += [v.strip() for v in str(chunk).split(",") if v.strip()]
    return list(dict.fromkeys(out))


def filters_from_query(params: Mapping[str, list[str]], evidence: EvidenceBase) -> tuple[Filters, list[str]]:
    """Read filters from query parameters (name -> list of raw values).

    Returns the filters and one plain notice per value that was dropped; unknown parameter names are reported too.
    """
    notices: list[str] = []
    known_countries = set(evidence.source["iso3"]) | set(evidence.destination["iso3"])
    allowed = {
        "country": set(evidence.source["iso3"]),
        "dest": set(evidence.destination["iso3"]),
        "cadre": set(evidence.vocabulary.cadre_codes),
        "status": set(STATUSES),
        "design": set(DESIGNS),
    }
    chosen: dict[str, tuple[str, ...]] = {}
    decade_from, decade_to = DECADES[0], DECADES[-1]
    for name, raw in params.items():
        if name not in FILTER_PARAMS:
            if name not in PAGE_PARAMS:
                notices.append(f"Ignored the unknown link parameter '{_shorten(name)}'.")
            continue
        values = _values(raw)
        if len(values) > MAX_VALUES_PER_PARAM:
            notices.append(f"Kept the first {MAX_VALUES_PER_PARAM} values of '{name}'.")
            values = values[:MAX_VALUES_PER_PARAM]
        if name == "decade":
            parsed = parse_decade_range(values)
            if parsed is None:
                if values:
                    notices.append(f"Ignored decade '{_shorten(','.join(values))}': use e.g. 2010s or 1990s-2010s.")
            else:
                decade_from, decade_to = parsed
            continue
        if name in ("country", "dest"):
            values = [v.upper() for v in values]
        kept = [v for v in values if v in allowed[name]]
        for value in values:
            if value not in allowed[name]:
                if name in ("country", "dest") and value in known_countries:
                    what = "source" if name == "country" else "destination"
                    notices.append(f"No study has {country_name(value)} as a {what} country; '{value}' was ignored.")
                else:
                    notices.append(f"Ignored unknown {name} '{_shorten(value)}'.")
        chosen[name] = tuple(kept)
    filters = Filters(
        countries=chosen.get("country", ()),
        destinations=chosen.get("dest", ()),
        cadres=chosen.get("cadre", ()),
        decade_from=decade_from,
        decade_to=decade_to,
        statuses=chosen.get("status", ()),
        designs=chosen.get("design", ()),
    )
    return filters, notices


def parse_decade_range(values: list[str]) -> tuple[str, str] | None:
    """'2010s' -> ('2010s', '2010s'); '1990s-2010s' -> ('1990s', '2010s'); anything else -> None."""
    if len(values) != 1:
        return None
    parts = [p.strip().lower() for p in values[0].replace("–", "-").split("-")]
    if len(parts) not in (1, 2) or not all(p in DECADES for p in parts):
        return None
    start, end = sorted((parts[0], parts[-1]), key=DECADES.index)
    return start, end


def filters_to_query(filters: Filters) -> dict[str, str]:
    """The query parameters of a shareable link; defaults are left out so links stay short."""
    query: dict[str, str] = {}
    if filters.countries:
        query["country"] = ",".join(filters.countries)
    if filters.destinations:
        query["dest"] = ",".join(filters.destinations)
    if filters.cadres:
        query["cadre"] = ",".join(filters.cadres)
    if (filters.decade_from, filters.decade_to) != (DECADES[0], DECADES[-1]):
        span = filters.decades
        query["decade"] = span[0] if len(span) == 1 else f"{span[0]}-{span[-1]}"
    if filters.statuses:
        query["status"] = ",".join(filters.statuses)
    if filters.designs:
        query["design"] = ",".join(filters.designs)
    return query


def matching_study_ids(evidence: EvidenceBase, filters: Filters, ignore: Iterable[str] = ()) -> list[str]:
    """Ids of the studies that pass every facet of ``filters`` except the facets named in ``ignore``."""
    ignore = set(ignore)
    studies = evidence.studies
    keep = studies["study_id"].notna()

    def any_of(frame, column, wanted):
        return studies["study_id"].isin(frame.loc[frame[column].isin(wanted), "study_id"])

    if filters.countries and "countries" not in ignore:
        keep &= any_of(evidence.source, "iso3", filters.countries)
    if filters.destinations and "destinations" not in ignore:
        keep &= any_of(evidence.destination, "iso3", filters.destinations)
    if filters.cadres and "cadres" not in ignore:
        keep &= any_of(evidence.cadre, "cadre", filters.cadres)
    if "decades" not in ignore:
        keep &= studies["decade"].isin(filters.decades)
    if filters.statuses and "statuses" not in ignore:
        keep &= any_of(evidence.status, "status", filters.statuses)
    if filters.designs and "designs" not in ignore:
        keep &= studies["design"].isin(filters.designs)
    return studies.loc[keep, "study_id"].tolist()


def apply_filters(evidence: EvidenceBase, filters: Filters, ignore: Iterable[str] = ()) -> EvidenceBase:
    """The evidence base restricted to the studies that match."""
    return evidence.subset(matching_study_ids(evidence, filters, ignore))


def search_table(table, text: str, skip: Iterable[str] = ()):
    """Rows of ``table`` whose cells (except ``skip``) contain ``text``, case-insensitive and literal."""
    needle = (text or "").strip().lower()
    if not needle:
        return table
    haystack = table.drop(columns=list(skip)).astype("string").fillna("").agg(" ".join, axis=1).str.lower()
    return table[haystack.str.contains(needle, regex=False)].reset_index(drop=True)
