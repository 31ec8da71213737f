"""Links and downloads that cannot be subverted (issue 14, defect 4 and must-deliver 3): DOI and URL grammar on
load and upload, BibTeX values that cannot add fields, CSV cells that cannot run as formulas."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

from components.presentation.citations import bibtex
from components.presentation.exports import csv_bytes, study_table
from components.tables.evidence import build_evidence, load_evidence
from components.tables.formats import valid_doi, valid_url
from components.tables.problems import EvidenceError
from components.tables.upload import parse_upload
from tests.hostile_files import valid_records, workbook_bytes
from tests.support.rows import SMALL_ROWS, study_row, write_studies

INJECTION = "10.1234/abc},note={INJECTED"


@pytest.mark.parametrize(
    "doi",
    [
        "10.1186/1478-4491-2-1",
        "10.1371/journal.pone.0123456",
        "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
    ],
)
def test_valid_dois(doi):
    assert valid_doi(doi)


@pytest.mark.parametrize(
    "doi",
    [
        INJECTION,
        "10.1234/a b",
        '10.1234/a"b',
        "10.1234/a'b",
        "10.1234/a\\b",
        "10.1234/a\tb",
        "10.1234/a\x00b",
        "10.1234/a\u202eb",
        "10.1234/é",
        "10.12/x",
        "11.1234/x",
        "10.1234/",
        "https://doi.org/10.1234/x",
        "10.1234/x`y",
    ],
)
def test_invalid_dois(doi):
    assert not valid_doi(doi)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a",
        "http://www.who.int/publications/i/item/9789240069787",
        "https://ideas.repec.org./a/x.html",
        "https://example.org/search?q=a&b=c#top",
    ],
)
def test_valid_urls(url):
    assert valid_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a},note={X",
        'https://example.org/"x',
        "https://example.org/a b",
        "https://example.org/\x07",
        "javascript:alert(1)",
        "ftp://example.org/x",
        "https:///path",
        "https://localhost/x",
        "https://user:pw@example.org/",
        "https://exa_mple.org/",
        "https://example.org:99999/",
        "https://-bad.org/",
        "https://example.org/<script>",
        "https://example.org/a\\b",
    ],
)
def test_invalid_urls(url):
    assert not valid_url(url)


def test_injected_doi_is_refused_on_upload(vocabulary):
    records = valid_records(1)
    records[1][records[0].index("doi")] = INJECTION
    uploaded, problems = parse_upload("inject.xlsx", workbook_bytes(records), vocabulary)
    assert uploaded is None and [(p.column, p.value) for p in problems] == [("doi", INJECTION)]


def test_injected_url_is_refused_on_load(data_copy):
    write_studies(data_copy / "studies.csv", [study_row(url="https://example.org/a},note={INJECTED")])
    with pytest.raises(EvidenceError, match="column 'url'"):
        load_evidence(data_copy)


def _fields(entry: str) -> list[str]:
    """Top-level field names of one BibTeX entry (braces tracked, as BibTeX reads them)."""
    body = entry[entry.index(",") + 1 : entry.rindex("}")]
    names, depth, token = [], 0, ""
    for ch in body:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            assert depth >= 0, entry
        elif depth == 0:
            token += ch
            if ch == "=":
                names.append(token[:-1].strip(" ,\n"))
                token = ""
    assert depth == 0, entry
    return names


def test_bibtex_values_cannot_add_fields_even_if_validation_is_bypassed(vocabulary):
    rows = [dict(r) for r in SMALL_ROWS]
    rows[0].update(doi=INJECTION, title="T}, note = {X", first_author="A\\}{", journal="J\n@misc{x,")
    rows[1].update(url='https://example.org/a"}, note={Y')
    evidence = build_evidence(rows, vocabulary)  # straight to the exporter, no validation
    text = bibtex(evidence)
    entries = ["@" + e for e in text.split("\n@") if e.strip()]
    entries[0] = entries[0].lstrip("@")
    assert len(entries) == 4 and text.count("@article{") == 4
    for entry in entries:
        assert set(_fields(entry)) <= {"author", "title", "journal", "year", "doi", "url"}, entry
    assert "note={INJECTED" not in text and "doi = {10.1234/abc%7D,note=%7BINJECTED}" in text


BIBTEX_FIELDS = {"author", "title", "journal", "school", "institution", "booktitle", "howpublished", "type"}
BIBTEX_FIELDS |= {"publisher", "volume", "number", "pages", "year", "doi", "url"}


def test_bibtex_of_the_bundled_evidence_is_well_formed(evidence):
    text = bibtex(evidence)
    entries = re.split(r"\n\n(?=@[a-z]+\{)", text.strip())
    assert len(entries) == evidence.n_studies
    for entry in entries:
        assert set(_fields(entry)) <= BIBTEX_FIELDS, entry


HOSTILE_CELLS = ["=1+1", "+1+cmd", "-1+cmd", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']


def test_every_csv_download_neutralises_formulas_and_keeps_numbers(small):
    table = study_table(small).astype({"Title": object})
    for i, cell in enumerate(HOSTILE_CELLS[:4]):
        table.loc[i, "Title"] = cell
    chart_table = pd.DataFrame(
        {"Driver": [*HOSTILE_CELLS, "-2", "Plain"], "Studies": [-2, 3, 4, 5, 6, 7, 8, 9, 10], "Share": [-0.5] * 9}
    )
    for frame in (table, chart_table):
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = frame[column].astype("str")  # pandas 3 string columns too
        rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")) or cell == "", row
                assert not cell.startswith("-") or re.fullmatch(r"-\d+(\.\d+)?", cell), row
    rows = list(csv.reader(io.StringIO(csv_bytes(chart_table).decode("utf-8-sig"))))
    assert rows[1] == ["'=1+1", "-2", "-0.5"] and rows[8] == ["-2", "9", "-0.5"]
    assert [r[0] for r in rows[1:8]] == ["'" + c for c in HOSTILE_CELLS]
    # A line break inside a cell stays inside its (quoted) cell: it cannot start a row whose first cell would run.
    broken = pd.DataFrame({"Title": ["a\r=cmd|' /C calc'!A0", "b\n=1+1"], "Year": [2001, 2002]})
    rows = list(csv.reader(io.StringIO(csv_bytes(broken).decode("utf-8-sig"), newline="")))
    assert rows == [["Title", "Year"], ["a\r=cmd|' /C calc'!A0", "2001"], ["b\n=1+1", "2002"]]


def test_a_long_source_line_is_cut_into_lines_a_phone_holds():
    from components.core.i18n import use_language
    from components.presentation.exports import CREDIT_LINE_CHARS, chart_credit, credit_lines

    for lang in ("en", "fr"):
        with use_language(lang):
            credit = chart_credit(194)
        lines = credit_lines(credit)
        assert len(lines) > 1 and all(len(line) <= CREDIT_LINE_CHARS for line in lines), lines
        assert " ".join(lines) == credit  # the lines read as the one sentence
        assert lines[0].endswith("194 études ·" if lang == "fr" else "194 studies ·")  # cut at a join first
    assert credit_lines("Short · line") == ["Short · line"]
