"""The one filter model shared by every page, declared once per filter.

``FILTER_SPECS`` holds one ``FilterSpec`` per filter: its field on ``Filters``, its URL parameter, its widget key,
its label, where its options come from and which long frame it filters. Parsing links, writing links, the
"Showing: …" sentence, the sidebar (``ui.sidebar``) and the filtering itself all derive from it.

Within a facet the selected values are alternatives (nurses OR midwives); facets combine with AND.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import pandas as pd

from components.core.countries import country_in_sentence, country_name, country_sort_key, is_iso3, who_region_name
from components.core.i18n import N_, _, ngettext, number
from components.core.labels import code_label, decade_label
from components.tables.evidence import DECADES, DESIGNS, STATUSES, EvidenceBase
from components.tables.regions import who_region
from components.tables.schema import allowed_values

WHO_REGIONS = allowed_values("who_regions", "who_region")  # the regions in the order of their code list

MAX_VALUES_PER_PARAM = 30
_NOTICE_VALUE_CHARS = 40
# More unknown link parameters than this are reported in one sentence.
_MAX_UNKNOWN_NAMED = 3


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    cadres: tuple[str, ...] = ()
    decade_from: str = DECADES[0]
    decade_to: str = DECADES[-1]
    statuses: tuple[str, ...] = ()
    designs: tuple[str, ...] = ()

    @property
    def decades(self) -> tuple[str, ...]:
        start, end = DECADES.index(self.decade_from), DECADES.index(self.decade_to)
        return DECADES[min(start, end) : max(start, end) + 1]

    @property
    def is_default(self) -> bool:
        return self == Filters()

    def describe(self, vocabulary=None) -> str:
        """A plain-language summary, e.g. 'from Nigeria · Nurses · 2010s'."""
        parts = [spec.describe(getattr(self, spec.field), vocabulary) for spec in FILTER_SPECS if spec.kind == "multi"]
        parts.insert(DECADE_POSITION, describe_decades(self, decade_label))
        parts = [p for p in parts if p]
        return " · ".join(parts) if parts else _("all studies")


@dataclass(frozen=True)
class FilterSpec:
    """Everything the app needs to know about one multi-value filter."""

    field: str  # attribute of Filters
    param: str  # URL query parameter
    key: str  # widget key in session state
    label: str  # sidebar label (English; translated where it is shown)
    placeholder: str
    frame: str  # long frame of EvidenceBase that holds the values ("studies" for a study column)
    column: str  # column of that frame
    # "from {values}" / "to {values}" in the "Showing" sentence (English; translated where shown), or "{values}"
    prefix: str
    # human label of a code, given the vocabulary (or None)
    label_of: Callable[[str, object], str]
    kind: str = "multi"
    upper: bool = False  # link values are upper-cased (country codes)

    def describe(self, values: tuple[str, ...], vocabulary=None) -> str:
        if not values:
            return ""
        return _(self.prefix).format(values=", ".join(self.label_of(v, vocabulary) for v in values))

    def options(self, evidence: EvidenceBase) -> list[str]:
        """The values present in the evidence, in a reader's order (countries by name, vocabularies by file)."""
        present = set(getattr(evidence, self.frame)[self.column])
        if self.field == "cadres":
            return [c for c in evidence.vocabulary.cadres["code"] if c in present]
        if self.field == "regions":
            return [r for r in WHO_REGIONS if r in present]
        if self.field in ("statuses", "designs"):
            order = STATUSES if self.field == "statuses" else DESIGNS
            return [v for v in order if v in present]
        return sorted(present, key=country_sort_key)

    def counts(self, evidence: EvidenceBase) -> pd.Series:
        """Studies per value, for the option labels of the sidebar."""
        return getattr(evidence, self.frame).groupby(self.column)["study_id"].nunique()

    def matches(self, evidence: EvidenceBase, values: tuple[str, ...]) -> pd.Series:
        """A boolean over ``evidence.studies``: which studies have any of ``values`` (a cadre's view includes the
        cadres declared in view of it: nurses include nursing students)."""
        if self.field == "cadres":
            values = (*values, *(c for v in values for c in evidence.vocabulary.cadres_in_view_of(v)))
        frame = getattr(evidence, self.frame)
        ids = frame.loc[frame[self.column].isin(values), "study_id"]
        return evidence.studies["study_id"].isin(ids)


def _cadre_label(code: str, vocabulary) -> str:
    if vocabulary is None:
        return code
    included = [vocabulary.cadre_label(c).lower() for c in vocabulary.cadres_in_view_of(code)]
    if not included:
        return vocabulary.cadre_label(code)
    return _("{cadre} (with {included})").format(cadre=vocabulary.cadre_label(code), included=", ".join(included))


FILTER_SPECS: tuple[FilterSpec, ...] = (
    FilterSpec(
        "countries",
        "country",
        "f_country",
        N_("Source country"),
        N_("All source countries"),
        "source",
        "iso3",
        N_("from {values}"),
        lambda c, _: country_name(c),
        upper=True,
    ),
    # A WHO region of the source countries: the evidence nearest to a country the atlas has no study from.
    FilterSpec(
        "regions",
        "region",
        "f_region",
        N_("WHO region"),
        N_("All WHO regions"),
        "source",
        "who_region",
        N_("from the WHO {values}"),
        lambda r, _: who_region_name(r),
    ),
    FilterSpec(
        "destinations",
        "dest",
        "f_dest",
        N_("Destination"),
        N_("All destinations"),
        "destination",
        "iso3",
        N_("to {values}"),
        lambda c, _: country_name(c),
        upper=True,
    ),
    FilterSpec("cadres", "cadre", "f_cadre", N_("Cadre"), N_("All cadres"), "cadre", "cadre", "{values}", _cadre_label),
    FilterSpec(
        "statuses",
        "status",
        "f_status",
        N_("Migration status"),
        N_("All statuses"),
        "status",
        "status",
        "{values}",
        lambda s, vocabulary: code_label("statuses", s).lower(),
    ),
    FilterSpec(
        "designs",
        "design",
        "f_design",
        N_("Study design"),
        N_("All designs"),
        "studies",
        "design",
        "{values}",
        lambda d, vocabulary: code_label("designs", d),
    ),
)
DECADE_PARAM, DECADE_KEY, DECADE_LABEL = "decade", "f_decade", N_("Publication decade")
# The decade range sits after the cadres, in the "Showing" sentence and in the sidebar alike.
DECADE_POSITION = [spec.field for spec in FILTER_SPECS].index("cadres") + 1
FILTER_PARAMS = (*tuple(spec.param for spec in FILTER_SPECS), DECADE_PARAM)
SPEC_BY_PARAM = {spec.param: spec for spec in FILTER_SPECS}
assert {spec.field for spec in FILTER_SPECS} | {"decade_from", "decade_to"} == {f.name for f in fields(Filters)}


def describe_decades(filters: Filters, label: Callable[[str], str] = str) -> str:
    """'2010s' or '2000s–2020s' (the link's form); ``label`` names each decade for readers."""
    if (filters.decade_from, filters.decade_to) == (DECADES[0], DECADES[-1]):
        return ""
    span = filters.decades
    return label(span[0]) if len(span) == 1 else f"{label(span[0])}–{label(span[-1])}"


def evidence_decades(evidence: EvidenceBase) -> tuple[str, ...]:
    """The decades from the first to the last one that has a study (the decade slider's range)."""
    present = set(evidence.studies["decade"])
    indices = [i for i, d in enumerate(DECADES) if d in present]
    return DECADES[min(indices) : max(indices) + 1] if indices else DECADES


def shorten(value: str) -> str:
    """A link value cut to a readable length for a notice."""
    value = " ".join(str(value).split())
    return value if len(value) <= _NOTICE_VALUE_CHARS else value[: _NOTICE_VALUE_CHARS - 1] + "…"


def _values(raw: Iterable[str]) -> list[str]:
    """Accept both ?cadre=a,b and ?cadre=a&cadre=b."""
    out: list[str] = []
    for chunk in raw:
        out += [v.strip() for v in str(chunk).split(",") if v.strip()]
    return list(dict.fromkeys(out))


def unknown_params_notice(names: list[str]) -> list[str]:
    """One notice for unknown link parameters, however many there are."""
    if not names:
        return []
    if len(names) <= _MAX_UNKNOWN_NAMED:
        listed = ", ".join(f"'{shorten(n)}'" for n in names)
        return [
            ngettext(
                "Ignored the unknown link parameter {names}.",
                "Ignored the unknown link parameters {names}.",
                len(names),
            ).format(names=listed)
        ]
    return [
        _("Ignored {n} unknown link parameters (e.g. '{name}').").format(n=number(len(names)), name=shorten(names[0]))
    ]


def filters_from_query(
    params: Mapping[str, list[str]], evidence: EvidenceBase, page_params: Iterable[str] = ()
) -> tuple[Filters, list[str]]:
    """Read filters from query parameters (name -> list of raw values).

    Returns the filters and plain notices about what was dropped; parameters that are neither filters nor in
    ``page_params`` are reported together in one notice.
    """
    notices: list[str] = []
    known_countries = set(evidence.source["iso3"]) | set(evidence.destination["iso3"])
    chosen: dict[str, tuple[str, ...]] = {}
    decade_from, decade_to = DECADES[0], DECADES[-1]
    unknown = [name for name in params if name not in FILTER_PARAMS and name not in set(page_params)]
    for name, raw in params.items():
        if name not in FILTER_PARAMS:
            continue
        values = _values(raw)
        if len(values) > MAX_VALUES_PER_PARAM:
            notices.append(_("Kept the first {n} values of '{name}'.").format(n=MAX_VALUES_PER_PARAM, name=name))
            values = values[:MAX_VALUES_PER_PARAM]
        if name == DECADE_PARAM:
            parsed = parse_decade_range(values)
            if parsed is None:
                if values:
                    notices.append(
                        _("Ignored decade '{value}': use e.g. 2010s or 2000s-2020s.").format(
                            value=shorten(",".join(values))
                        )
                    )
            else:
                decade_from, decade_to = parsed
            continue
        spec = SPEC_BY_PARAM[name]
        if spec.upper:
            values = [v.upper() for v in values]
        allowed = set(spec.options(evidence))
        for value in values:
            if value in allowed:
                continue
            if spec.upper and value in known_countries:
                text = (
                    _("No study has {country} as a source country; '{code}' was ignored.")
                    if spec.field == "countries"
                    else _("No study has {country} as a destination country; '{code}' was ignored.")
                )
                notices.append(text.format(country=country_name(value), code=value))
            elif spec.field == "countries" and is_iso3(value):
                notices.append(no_study_from(value, allowed))
            else:
                notices.append(_("Ignored unknown {name} '{value}'.").format(name=name, value=shorten(value)))
        chosen[spec.field] = tuple(v for v in values if v in allowed)
    notices += unknown_params_notice(unknown)
    return Filters(decade_from=decade_from, decade_to=decade_to, **chosen), notices


def no_study_from(iso3: str, countries_with_studies: set[str]) -> str:
    """A real country the evidence has no study from: say so, and name the countries of its WHO region it has."""
    name = country_in_sentence(iso3)
    region = who_region(iso3)
    nearby = sorted((c for c in countries_with_studies if region and who_region(c) == region), key=country_sort_key)
    if not nearby:
        return _("The atlas has no study from {country} yet; showing all studies.").format(country=name)
    return _(
        "The atlas has no study from {country} yet; showing all studies. Nearby, in the WHO {region}: {countries}."
    ).format(country=name, region=who_region_name(region), countries=", ".join(map(country_name, nearby)))


def parse_decade_range(values: list[str]) -> tuple[str, str] | None:
    """'2010s' -> ('2010s', '2010s'); '1990s-2010s' -> ('1990s', '2010s'); anything else -> None."""
    if len(values) != 1:
        return None
    parts = [p.strip().lower() for p in values[0].replace("–", "-").split("-")]
    if len(parts) not in (1, 2) or not all(p in DECADES for p in parts):
        return None
    start, end = sorted((parts[0], parts[-1]), key=DECADES.index)
    return start, end


def parse_int(raw: str | None, low: int, high: int) -> int | None:
    """A link value as a whole number in [low, high], or None. Tolerant of anything a link can hold:
    Unicode digits such as '²' (which str.isdigit accepts but int refuses), huge numbers, signs, spaces."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not text or len(text) > 6 or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


def clamp_decades(filters: Filters, allowed: tuple[str, ...]) -> Filters:
    """Keep the decade range inside the decades the evidence has; the full range means no decade filter."""
    start, end = filters.decades[0], filters.decades[-1]
    if start not in allowed:
        start = allowed[0] if DECADES.index(start) < DECADES.index(allowed[0]) else allowed[-1]
    if end not in allowed:
        end = allowed[-1] if DECADES.index(end) > DECADES.index(allowed[-1]) else allowed[0]
    if (start, end) == (allowed[0], allowed[-1]):
        start, end = DECADES[0], DECADES[-1]
    return replace(filters, decade_from=start, decade_to=end)


def filters_to_query(filters: Filters) -> dict[str, str]:
    """The query parameters of a shareable link; defaults are left out so links stay short."""
    query = {
        spec.param: ",".join(getattr(filters, spec.field)) for spec in FILTER_SPECS if getattr(filters, spec.field)
    }
    decades = describe_decades(filters)
    if decades:
        query[DECADE_PARAM] = decades.replace("–", "-")
    ordered = {p: query[p] for p in FILTER_PARAMS if p in query}
    return ordered


def matching_study_ids(evidence: EvidenceBase, filters: Filters, ignore: Iterable[str] = ()) -> list[str]:
    """Ids of the studies that pass every facet of ``filters`` except the facets (fields) named in ``ignore``."""
    ignore = set(ignore)
    studies = evidence.studies
    keep = studies["study_id"].notna()
    for spec in FILTER_SPECS:
        values = getattr(filters, spec.field)
        if values and spec.field not in ignore:
            keep &= spec.matches(evidence, values)
    if "decades" not in ignore:
        keep &= studies["decade"].isin(filters.decades)
    return studies.loc[keep, "study_id"].tolist()


def apply_filters(evidence: EvidenceBase, filters: Filters, ignore: Iterable[str] = ()) -> EvidenceBase:
    """The evidence base restricted to the studies that match."""
    return evidence.subset(matching_study_ids(evidence, filters, ignore))


def sanitise(filters: Filters, evidence: EvidenceBase) -> tuple[Filters, list[str]]:
    """Drop values the evidence in use does not have (e.g. after an upload); returns what was dropped."""
    dropped: list[str] = []
    kept: dict[str, Any] = {}  # Filters fields by name, for replace()
    for spec in FILTER_SPECS:
        allowed = set(spec.options(evidence))
        values = getattr(filters, spec.field)
        kept[spec.field] = tuple(v for v in values if v in allowed)
        dropped += [spec.label_of(v, evidence.vocabulary) for v in values if v not in allowed]
    return clamp_decades(replace(filters, **kept), evidence_decades(evidence)), dropped


def search_table(table, text: str, skip: Iterable[str] = ()):
    """Rows of ``table`` whose cells (except ``skip``) contain ``text``, case-insensitive and literal."""
    needle = (text or "").strip().lower()
    if not needle:
        return table
    haystack = table.drop(columns=list(skip)).astype("string").fillna("").agg(" ".join, axis=1).str.lower()
    return table[haystack.str.contains(needle, regex=False)].reset_index(drop=True)
