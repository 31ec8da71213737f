"""BibTeX and RIS exports read back with real parsers (pybtex, rispy): every study's authors, year and DOI survive,
and hostile titles cannot break a LaTeX build or add fields."""

import csv

import pytest
import rispy
from pybtex.database import parse_string

from components.core.paths import DATA_DIR
from components.presentation.citations import author_list, bibtex, latex_escape, ris
from components.tables.evidence import build_evidence, load_evidence


@pytest.fixture(scope="module")
def evidence():
    return load_evidence()


@pytest.fixture(scope="module")
def rows():
    with (DATA_DIR / "studies.csv").open(encoding="utf-8") as handle:
        return {row["study_id"]: row for row in csv.DictReader(handle)}


def _family(name: str) -> str:
    return name.split(",", 1)[0].strip().strip("{}")


def test_every_study_round_trips_through_pybtex(evidence, rows):
    parsed = parse_string(bibtex(evidence), "bibtex")
    assert len(parsed.entries) == len(rows) == evidence.n_studies
    for key, entry in parsed.entries.items():
        row = rows[key]
        assert entry.fields["year"] == row["year"]
        assert entry.fields.get("doi", "") == row["doi"]
        people = [str(p) for p in entry.persons["author"]]
        names = author_list(row["authors"])
        if names:
            assert len(people) == len(names), key
            # pybtex keeps the family name first in 'Family, Given'; LaTeX escapes only where the name has specials
            assert [_family(p) for p in people] == [_family(latex_escape(n)) for n in names], key
            assert people[0].startswith(("{" + _family(latex_escape(names[0])), _family(latex_escape(names[0])))), key
        else:
            # No complete list printed: the first author, then BibTeX's "others" (never a guessed list)
            assert len(people) == 2 and people[1] == "others", key
            assert latex_escape(row["first_author"]).split()[-1] in people[0], key


def test_entry_types_follow_what_the_work_is(evidence, rows):
    parsed = parse_string(bibtex(evidence), "bibtex")
    expected = {"article": "article", "thesis": "phdthesis", "report": "techreport", "chapter": "incollection"}
    expected |= {"conference": "inproceedings", "preprint": "misc", "": "article"}
    for key, entry in parsed.entries.items():
        assert entry.type == expected[rows[key]["entry_type"]], key
    assert {rows[k]["entry_type"] for k in parsed.entries} >= {"article", "thesis", "report"}


def test_every_study_round_trips_through_rispy(evidence, rows):
    records = rispy.loads(ris(evidence))
    assert len(records) == len(rows)
    for record in records:
        row = rows[record["id"]]
        assert record["year"] == row["year"]
        assert record.get("doi", "") == row["doi"]
        assert record["authors"] == (author_list(row["authors"]) or [row["first_author"]])
        assert record["title"] == row["title"]
        if row["volume"]:
            assert record["volume"] == row["volume"]


def test_a_study_with_complete_authors_lists_them_all(evidence, rows):
    with_authors = [k for k, r in rows.items() if len(author_list(r["authors"])) >= 5]
    assert with_authors, "the base has studies with five or more authors"
    key = with_authors[0]
    entry = parse_string(bibtex(evidence.subset([key])), "bibtex").entries[key]
    assert len(entry.persons["author"]) == len(author_list(rows[key]["authors"]))


HOSTILE_TITLES = [
    "Ca^2+ and K~1 in 100% of $cases & #1_a",
    r"\input{/etc/passwd} \def\x{y}",
    "Unbalanced { brace",
    "Unbalanced } brace}, note = {INJECTED",
    "Line\nbreak and tab\tand \x00 null",
]


def test_hostile_titles_parse_back_and_are_escaped(vocabulary):
    from tests.components.tables.test_upload_exports_policy import SMALL_ROWS

    rows = [dict(r) for r in SMALL_ROWS]
    for row, title in zip(rows, HOSTILE_TITLES, strict=False):
        row["title"] = title
        row["authors"] = "O'Brien, A.; Müller, B. C.; Smith_Jones, D."
    rows[-1]["title"] = HOSTILE_TITLES[-1]
    evidence = build_evidence(rows, vocabulary)
    text = bibtex(evidence)
    parsed = parse_string(text, "bibtex")
    assert len(parsed.entries) == len(rows)
    for entry in parsed.entries.values():
        assert set(entry.fields) <= {"title", "journal", "year", "doi", "url"}
        title = entry.fields["title"]
        # No raw LaTeX specials are left: each is a command or an escaped character
        stripped = title.replace(r"\textasciicircum{}", "").replace(r"\textasciitilde{}", "")
        stripped = stripped.replace(r"\textbackslash{}", "").replace(r"\textbraceleft{}", "")
        stripped = stripped.replace(r"\textbraceright{}", "")
        for ch in "&%$#_":
            stripped = stripped.replace("\\" + ch, "")
        assert not set(stripped) & set("^~\\&%$#_"), title
        assert stripped.strip("{}").count("{") == stripped.strip("{}").count("}")
        assert [str(p) for p in entry.persons["author"]][2] == r"Smith\_Jones, D."
    records = rispy.loads(ris(evidence))
    assert HOSTILE_TITLES[0] in [r["title"] for r in records]
    assert all("\n" not in r["title"] for r in records)
