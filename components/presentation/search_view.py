"""What a search shows: the studies table in the order of the search with the words it found, the line that counts
what is shown, the filters the words name, and the sentences of an honest empty result."""

from __future__ import annotations

import pandas as pd

from components.analysis.filters import SPEC_BY_PARAM
from components.analysis.nearest import NearestEvidence
from components.analysis.search import FilterWords, SearchResult
from components.core.countries import country_in_sentence, country_name, who_region_name
from components.core.i18n import _, ngettext
from components.core.labels import decade_label
from components.presentation.exports import study_table
from components.tables.evidence import EvidenceBase

# Shown for a missing value in the table, in every language (never "None", "nan" or an empty cell).
MISSING = "—"


def found_column() -> str:
    return _("Found")


def ranked_study_table(evidence: EvidenceBase, result: SearchResult) -> pd.DataFrame:
    """``study_table`` of the studies of ``result`` in its order (best first); when words were searched, a column
    lists the words found in each study, as the study spells them."""
    shown = evidence.subset(result.study_ids)
    table = study_table(shown)
    order = {sid: i for i, sid in enumerate(result.study_ids)}
    ids = table[_("Study id")]
    table = table.iloc[ids.map(order).argsort(kind="stable")].reset_index(drop=True)
    if result.searched:
        table.insert(3, found_column(), [", ".join(words) for words in result.matched])
    return table


def with_missing_marked(table: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells as missing (the table draws missing values as ``MISSING``)."""
    marked = table.copy()
    for column in marked.columns:
        if marked[column].dtype == object or pd.api.types.is_string_dtype(marked[column]):
            marked[column] = marked[column].map(
                lambda v: pd.NA if v is None or (isinstance(v, str) and not v.strip()) else v
            )
    return marked


def _none_if_blank(value):
    return pd.NA if value is None or (isinstance(value, str) and not value.strip()) else value


def shown_summary(shown: EvidenceBase, total: int) -> str:
    """'**12** of 183 studies shown · 3 source countries · 2004–2021', counted on the studies shown."""
    n = shown.n_studies
    countries = shown.source["iso3"].nunique()
    # The shown number decides the plural in French (1 étude affichée, 9 études affichées).
    line = ngettext("**{shown}** of {total} studies shown", "**{shown}** of {total} studies shown", n).format(
        shown=n, total=total
    )
    line += " · " + ngettext("{n} source country", "{n} source countries", countries).format(n=countries)
    if n:
        line += f" · {shown.studies['year'].min()}–{shown.studies['year'].max()}"
    return line


def filter_offer_label(words: FilterWords, evidence: EvidenceBase) -> str:
    """The button that turns the words naming filters into filters: 'Use as filters: Ghana · Nurses · 2010s'."""
    parts = [country_name(c) for c in words.countries]
    if words.destinations:  # as the destination filter says itself: 'to United Kingdom'
        parts.append(SPEC_BY_PARAM["dest"].describe(words.destinations))
    parts += [evidence.vocabulary.cadre_label(c) for c in words.cadres]
    parts += [decade_label(d) for d in words.decades]
    return _("Use as filters: {filters}").format(filters=" · ".join(parts))


def studies_in_region(evidence: EvidenceBase, region: str) -> int:
    """Studies with a source country in WHO region ``region`` (0 for no region)."""
    if not region:
        return 0
    return int(evidence.source.loc[evidence.source["who_region"] == region, "study_id"].nunique())


def region_offer_label(code: str, region: str, n: int) -> str:
    """The one-click offer for a country without studies: its WHO region's studies."""
    return ngettext(
        "No study from {country}; the atlas has {n} study from the WHO {region}: show it",
        "No study from {country}; the atlas has {n} studies from the WHO {region}: show them",
        n,
    ).format(country=country_name(code), n=n, region=who_region_name(region))


def no_study_sentence(code: str) -> str:
    return _("No study in the atlas is about {country}.").format(country=country_in_sentence(code))


def nearest_headings(nearest: NearestEvidence) -> tuple[str, str]:
    """The two headings of the nearest evidence: the WHO region, and the neighbours (or nearest countries)."""
    region = _("Same WHO region ({region}):").format(region=who_region_name(nearest.region)) if nearest.region else ""
    if nearest.neighbours_are_nearest:
        near = _("Nearest countries with studies:")
    else:
        near = _("Neighbouring countries with studies:")
    return region, near


def country_link_label(code: str, studies: int) -> str:
    return f"{country_name(code)} ({studies})"


def empty_search_sentence(search: str, missing_words: tuple[str, ...], n_in_filters: int) -> str:
    """Why nothing is shown: the words no study has, else that no study has all the words together."""
    if missing_words:
        return ngettext(
            "No study has the word “{words}” anywhere (title, authors, journal, countries, cadres, drivers, design, "
            "year).",
            "No study has the words “{words}” anywhere (title, authors, journal, countries, cadres, drivers, design, "
            "year).",
            len(missing_words),
        ).format(words="”, “".join(missing_words))
    return _(
        "No study of the current filters has all the words of the search “{search}” together. "
        "Clear the search box to see all {n} studies of the current filters."
    ).format(search=search, n=n_in_filters)
