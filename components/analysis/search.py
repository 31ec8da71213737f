"""The one search engine of the atlas: finds studies and countries as people type them.

Rules, each with its unit test in tests/components/analysis/test_search.py:

- case and accents do not count ("Turkiye" finds "Türkiye", "medecins" finds "Médecins"): Unidecode folds both
  sides to plain lower-case ASCII;
- every word typed must match somewhere in a study (title, authors, journal, source and destination countries by
  any of their names in English and French, cadres, drivers, design, migration status, year, decade, the coder's
  note); word order
  does not count;
- singular and plural and simple stems in English and French ("midwife" finds "midwives", "infirmière" finds
  "infirmiers"): Snowball stemmers of both languages;
- a typo of one letter in a word of 5 to 7 letters, or of two letters in a longer word, still finds it
  ("philipines"): RapidFuzz's Levenshtein distance;
- a word may be unfinished (people type): a word of three letters or more finds the words it starts;
- results are ranked, best first: exact words above stems above unfinished words above typos, title and countries
  above the other fields; each result carries the words it matched, as the study shows them.

``filter_words`` reads the words that name a filter (a country, a cadre, a decade), so the page can offer them as
filters in one click (``nearest.nearest_evidence`` names the evidence nearest to a country without a study).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from components.core.countries import all_country_codes, country_names_everywhere
from components.core.i18n import LANGUAGES
from components.core.labels import code_labels
from components.tables.evidence import DECADES, EvidenceBase

# Longer input is cut here: a search box is not a document (and the work stays bounded).
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
# How much a match in each field counts towards a study's rank.
FIELD_WEIGHTS = {
    "title": 3.0,
    "countries": 3.0,
    "authors": 2.0,
    "cadres": 2.0,
    "drivers": 1.5,
    "journal": 1.0,
    "design": 1.0,
    "status": 1.0,
    "year": 1.0,
    "note": 0.5,
}
# How much each kind of match counts: a word as typed above its stem above an unfinished word above a typo.
MATCH_WEIGHTS = {"exact": 1.0, "stem": 0.8, "prefix": 0.6, "typo": 0.4}
# Words that carry no meaning on their own in either language; dropped unless the query has nothing else.
_STOP_WORDS_EN = "a an and at by for from in of on or the to with"
_STOP_WORDS_FR = "au aux d de des du en et l la le les ou par pour sur un une"
STOP_WORDS = frozenset(f"{_STOP_WORDS_EN} {_STOP_WORDS_FR}".split())
PREFIX_MIN_CHARS = 3

_WORD = re.compile(r"[a-z0-9]+")
_STEMMERS = {"en": snowballstemmer.stemmer("english"), "fr": snowballstemmer.stemmer("french")}
# Snowball stemmers keep state while they work; Streamlit runs sessions in threads.
_STEM_LOCK = threading.Lock()


def fold(text: object) -> str:
    """Lower-case plain ASCII: 'Côte d'Ivoire' -> "cote d'ivoire", 'Türkiye' -> 'turkiye'."""
    return unidecode(str(text)).lower()


def words(text: object) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def query_words(text: str) -> list[str]:
    """The words of what a person typed, without stop words (unless nothing else is left), at most
    MAX_QUERY_WORDS, each once."""
    typed = list(dict.fromkeys(_decades_as_typed_in_french(words((text or "")[:MAX_QUERY_CHARS]))))
    meaningful = [w for w in typed if w not in STOP_WORDS]
    return (meaningful or typed)[:MAX_QUERY_WORDS]


def _decades_as_typed_in_french(typed: list[str]) -> list[str]:
    """'annees 2010' (années 2010) -> '2010s', the decade as the studies are indexed."""
    merged: list[str] = []
    for word in typed:
        if merged and merged[-1] in ("annee", "annees") and len(word) == 4 and word.isdigit() and word.endswith("0"):
            merged[-1] = f"{word}s"
        else:
            merged.append(word)
    return merged


def _stems_of(word: str) -> frozenset[str]:
    """The word's English and French Snowball stems ('midwives' -> midwiv, 'infirmieres' -> infirmi, infirmier)."""
    if any(ch.isdigit() for ch in word):
        return frozenset((word,))
    with _STEM_LOCK:
        return frozenset(stemmer.stemWord(word) for stemmer in _STEMMERS.values())


# Typed words only: a vocabulary stems its own words once when it is built (_Vocabulary), so the words of an
# uploaded file never enter this process-wide cache and leave with the session that holds its index.
stems = lru_cache(maxsize=4096)(_stems_of)


def typo_budget(word: str) -> int:
    """Letters that may be wrong: none in short words or numbers, one in 5-7 letters, two in longer words."""
    if any(ch.isdigit() for ch in word) or len(word) < 5:
        return 0
    return 1 if len(word) < 8 else 2


def word_match(typed: str, word: str) -> str | None:
    """How a typed word matches one word of a text: 'exact', 'stem', 'prefix', 'typo', or None."""
    return _Vocabulary((word,)).matches(typed).get(word)


class _Vocabulary:
    """The distinct words of a text collection, with their stems, for matching one typed word against all."""

    def __init__(self, vocabulary: Iterable[str]):
        self.words = sorted(set(vocabulary))
        self.word_set = set(self.words)
        self.by_stem: dict[str, set[str]] = {}
        for word in self.words:
            for stem in _stems_of(word):
                self.by_stem.setdefault(stem, set()).add(word)
        self.stem_list = sorted(self.by_stem)

    def matches(self, typed: str) -> dict[str, str]:
        """word -> kind of match, for every word of the vocabulary that ``typed`` finds (the best kind each)."""
        found: dict[str, str] = {}

        def add(candidates: Iterable[str], kind: str) -> None:
            for candidate in candidates:
                if candidate not in found:
                    found[candidate] = kind

        add([typed] if typed in self.word_set else [], "exact")
        for stem in stems(typed):
            add(self.by_stem.get(stem, ()), "stem")
        # A whole year (2010) is that year, not the start of the decade (2010s).
        if len(typed) >= PREFIX_MIN_CHARS and not (typed.isdigit() and len(typed) >= 4):
            add((w for w in self.words if w.startswith(typed)), "prefix")
        budget = typo_budget(typed)
        if budget:
            near = process.extract(typed, self.words, scorer=Levenshtein.distance, score_cutoff=budget, limit=None)
            add((w for w, _score, _i in near if not w.isdigit()), "typo")
            # Plurals the stemmers leave apart (midwife / midwives: midwif, midwiv) are one letter apart as stems.
            for stem in (s for s in stems(typed) if len(s) >= 6):
                close = process.extract(stem, self.stem_list, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
                for other, _score, _i in close:
                    add(self.by_stem[other], "stem")
        return found


@dataclass(frozen=True)
class SearchIndex:
    """The searchable text of a set of studies: per field, which words each study has, and how it spells them."""

    study_ids: tuple[str, ...]
    # folded word -> {(row, field)}: where the word occurs
    postings: dict[str, frozenset[tuple[int, str]]]
    # folded word -> the word as the studies spell it (for marking)
    spelling: dict[str, str]
    vocabulary: _Vocabulary = field(repr=False)


@dataclass(frozen=True)
class SearchResult:
    """Studies that match every word, best first, with the words each matched as the study spells them."""

    study_ids: tuple[str, ...]
    scores: tuple[float, ...]
    matched: tuple[tuple[str, ...], ...]
    # Typed words that no study has (for an honest empty result)
    missing_words: tuple[str, ...] = ()
    searched: bool = True

    def __len__(self) -> int:
        return len(self.study_ids)


def _bilingual_labels(frame: pd.DataFrame, columns: Iterable[str]) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for column in columns:
        for name in (column, f"{column}_fr"):
            if name in frame.columns:
                for code, label in zip(frame["code"], frame[name], strict=True):
                    labels.setdefault(code, []).append(str(label))
    return labels


def study_fields(evidence: EvidenceBase) -> list[dict[str, str]]:
    """The text of each study per searchable field, countries and vocabularies in every language of the atlas."""
    vocab = evidence.vocabulary
    cadre_labels = _bilingual_labels(vocab.cadres, ("label", "short_label"))
    driver_labels = _bilingual_labels(vocab.drivers, ("label",))
    design_labels = {lang: code_labels("designs", lang) for lang in LANGUAGES}
    status_labels = {lang: code_labels("statuses", lang) for lang in LANGUAGES}

    def countries(codes) -> str:
        return " ; ".join(" ; ".join(country_names_everywhere(c)) for c in codes)

    rows = []
    for study in evidence.studies.itertuples(index=False):
        year = getattr(study, "year", "")
        decade = f"{int(year) // 10 * 10}s" if str(year).isdigit() else ""
        rows.append(
            {
                "title": str(study.title),
                "authors": f"{study.first_author} ; {getattr(study, 'authors', '') or ''}",
                "journal": str(study.journal or ""),
                "countries": countries(study.source_countries) + " ; " + countries(study.destination_countries),
                "cadres": " ; ".join(f"{c} ; {' ; '.join(cadre_labels.get(c, []))}" for c in study.cadres),
                "drivers": " ; ".join(" ; ".join(driver_labels.get(d, [d])) for d in study.drivers),
                "design": " ; ".join(design_labels[lang].get(study.design, study.design) for lang in LANGUAGES),
                "status": " ; ".join(
                    status_labels[lang].get(s, s) for s in study.migration_status for lang in LANGUAGES
                ),
                "year": f"{year} {decade}",
                # The coder's note names places and groups the title may not (Kerala, Ugandan doctors).
                "note": str(getattr(study, "coding_note", "") or ""),
            }
        )
    return rows


def build_index(evidence: EvidenceBase) -> SearchIndex:
    """Index the studies of ``evidence`` (in their order) for ``search``."""
    postings: dict[str, set[tuple[int, str]]] = {}
    spelling: dict[str, str] = {}
    for row, fields in enumerate(study_fields(evidence)):
        for name, text in fields.items():
            for raw in re.findall(r"\w+", text):
                for word in words(raw):
                    postings.setdefault(word, set()).add((row, name))
                    spelling.setdefault(word, raw)
    return SearchIndex(
        study_ids=tuple(evidence.studies["study_id"]),
        postings={w: frozenset(p) for w, p in postings.items()},
        spelling=spelling,
        vocabulary=_Vocabulary(postings),
    )


_INDEXES: dict[str, SearchIndex] = {}
_INDEX_LOCK = threading.Lock()
_MAX_INDEXES = 8


def index_of(evidence: EvidenceBase) -> SearchIndex:
    """The index of an evidence base, built once per content (its fingerprint) and kept for the next rerun. Only
    the bundled base is kept here (one process-wide store); an upload's index is kept by its session (ui.cache)."""
    key = evidence.fingerprint if evidence.origin == "bundled" else ""
    with _INDEX_LOCK:
        if key and key in _INDEXES:
            return _INDEXES[key]
    index = build_index(evidence)
    if key:
        with _INDEX_LOCK:
            if len(_INDEXES) >= _MAX_INDEXES:
                _INDEXES.pop(next(iter(_INDEXES)))
            _INDEXES[key] = index
    return index


def unsearched(study_ids: Iterable[str], within: Iterable[str] | None = None) -> SearchResult:
    """What ``search`` answers when nothing was typed: every study (of those in ``within``), in its order. It needs
    no index, so an upload's index is built only at its first search."""
    allowed = None if within is None else set(within)
    kept = tuple(sid for sid in study_ids if allowed is None or sid in allowed)
    return SearchResult(kept, (0.0,) * len(kept), ((),) * len(kept), (), False)


def search(index: SearchIndex, text: str, within: Iterable[str] | None = None) -> SearchResult:
    """The studies of ``index`` (restricted to the ids in ``within``) that match every word of ``text``, best
    first (ties keep the index's order)."""
    typed = query_words(text)
    if not typed:
        return unsearched(index.study_ids, within)
    allowed = None if within is None else set(within)
    rows = [r for r, sid in enumerate(index.study_ids) if allowed is None or sid in allowed]
    scores = dict.fromkeys(rows, 0.0)
    marks: dict[int, list[str]] = {r: [] for r in rows}
    missing = []
    for word in typed:
        best: dict[int, tuple[float, str]] = {}
        matches = index.vocabulary.matches(word)
        if not matches:
            missing.append(word)
        for found, kind in matches.items():
            for row, name in index.postings[found]:
                if row in scores:
                    value = MATCH_WEIGHTS[kind] * FIELD_WEIGHTS[name]
                    if value > best.get(row, (0.0, ""))[0]:
                        best[row] = (value, found)
                    if index.spelling[found] not in marks[row]:
                        marks[row].append(index.spelling[found])
        for row in list(scores):
            if row in best:
                scores[row] += best[row][0]
            else:
                del scores[row]
    ranked = sorted(scores, key=lambda r: -scores[r])
    return SearchResult(
        study_ids=tuple(index.study_ids[r] for r in ranked),
        scores=tuple(scores[r] for r in ranked),
        matched=tuple(tuple(marks[r]) for r in ranked),
        missing_words=tuple(missing),
    )


def search_studies(evidence: EvidenceBase, text: str, within: Iterable[str] | None = None) -> SearchResult:
    """``search`` over the (cached) index of ``evidence``."""
    return search(index_of(evidence), text, within)


def mark(text: str, matched: Iterable[str], before: str = "**", after: str = "**") -> str:
    """``text`` with each whole word of ``matched`` wrapped in ``before`` and ``after`` (Markdown bold)."""
    wanted = {fold(m) for m in matched}
    return re.sub(r"\w+", lambda m: f"{before}{m.group(0)}{after}" if fold(m.group(0)) in wanted else m.group(0), text)


# ----------------------------------------------------------------------------------------------------------------
# Words that name a filter, and the evidence nearest to a country without a study


@dataclass(frozen=True)
class FilterWords:
    """What a query names: source countries, destinations (countries only studies' workers went to), countries with
    no study either way, cadres, decades, and the words left to search."""

    countries: tuple[str, ...] = ()
    countries_without_studies: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    cadres: tuple[str, ...] = ()
    decades: tuple[str, ...] = ()
    rest: str = ""

    @property
    def any(self) -> bool:
        return bool(self.countries or self.destinations or self.cadres or self.decades)


@lru_cache(maxsize=1)
def _country_name_words() -> dict[tuple[str, ...], str]:
    """Every name of every country as a tuple of folded words (stop words kept: 'cote d ivoire') -> code."""
    names: dict[tuple[str, ...], str] = {}
    for code in all_country_codes():
        for name in country_names_everywhere(code):
            key = tuple(words(name))
            if key and key not in names:
                names[key] = code
    return names


@lru_cache(maxsize=1)
def _single_word_country_names() -> tuple[str, ...]:
    return tuple(sorted(k[0] for k in _country_name_words() if len(k) == 1))


def country_of_words(typed: tuple[str, ...]) -> str | None:
    """The country a run of typed words names (any of its names, accents and case aside, a typo allowed in a long
    single-word name: 'philipines'), or None."""
    names = _country_name_words()
    if typed in names:
        return names[typed]
    if len(typed) == 1 and typo_budget(typed[0]):
        near = process.extractOne(
            typed[0], _single_word_country_names(), scorer=Levenshtein.distance, score_cutoff=typo_budget(typed[0])
        )
        if near:
            return names[(near[0],)]
    return None


def _cadre_of_word(word: str, evidence: EvidenceBase) -> str | None:
    """The cadre a single typed word names by a one-word label in either language ('nurses', 'infirmieres')."""
    labels = _bilingual_labels(evidence.vocabulary.cadres, ("label", "short_label"))
    found = {
        code
        for code, names in labels.items()
        for name in names
        if len(words(name)) == 1 and word_match(word, words(name)[0]) not in (None, "prefix")
    }
    return found.pop() if len(found) == 1 else None


def filter_words(text: str, evidence: EvidenceBase) -> FilterWords:
    """Read the words of ``text`` that name a filter value of ``evidence``: 'Ghana nurses 2010s' -> country GHA,
    cadre nurses, decade 2010s, nothing left. A country that is no study's source but some studies' destination
    ('uk') is a destination; countries named by no study at all are reported apart."""
    typed = words((text or "")[:MAX_QUERY_CHARS])[: MAX_QUERY_WORDS * 2]
    with_studies = set(evidence.source["iso3"])
    destined = set(evidence.destination["iso3"])
    cadres_present = set(evidence.cadre["cadre"])
    countries: list[str] = []
    without: list[str] = []
    destinations: list[str] = []
    cadres: list[str] = []
    decades: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(typed):
        for length in range(min(5, len(typed) - i), 0, -1):
            run = tuple(typed[i : i + length])
            if length == 1 and run[0] in STOP_WORDS:
                continue
            code = country_of_words(run)
            if code:
                if code in with_studies:
                    countries.append(code)
                else:
                    (destinations if code in destined else without).append(code)
                i += length
                break
        else:
            word = typed[i]
            decade = word if word in DECADES else None
            if word in ("annee", "annees") and i + 1 < len(typed) and f"{typed[i + 1]}s" in DECADES:
                decade, i = f"{typed[i + 1]}s", i + 1
            cadre = None if decade else _cadre_of_word(word, evidence)
            if decade:
                decades.append(decade)
            elif cadre and cadre in cadres_present:
                cadres.append(cadre)
            else:
                rest.append(word)
            i += 1
    kept_rest = [w for w in rest if w not in STOP_WORDS]
    return FilterWords(
        countries=tuple(dict.fromkeys(countries)),
        countries_without_studies=tuple(dict.fromkeys(without)),
        destinations=tuple(dict.fromkeys(destinations)),
        cadres=tuple(dict.fromkeys(cadres)),
        decades=tuple(dict.fromkeys(decades)),
        rest=" ".join(kept_rest),
    )


def countries_matching(text: str, codes: Iterable[str]) -> list[str]:
    """The codes among ``codes`` whose names (any of them, any language) match every typed word, best first: the
    engine behind the country boxes."""
    codes = list(codes)
    exact = country_of_words(tuple(words(text)))
    index_words = {code: " ".join(country_names_everywhere(code)) for code in codes}
    vocabulary = _Vocabulary(w for text_ in index_words.values() for w in words(text_))
    typed = query_words(text)
    if not typed:
        return codes
    scores = dict.fromkeys(codes, 0.0)
    code_words = {code: set(words(t)) for code, t in index_words.items()}
    for word in typed:
        found = vocabulary.matches(word)
        for code in list(scores):
            kinds = [MATCH_WEIGHTS[found[w]] for w in code_words[code] if w in found]
            if kinds:
                scores[code] += max(kinds)
            else:
                del scores[code]
    ranked = sorted(scores, key=lambda c: -scores[c])
    if exact in ranked:
        ranked.remove(exact)
        ranked.insert(0, exact)
    return ranked
