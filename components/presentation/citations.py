"""Reference-manager exports of the studies: BibTeX (for LaTeX) and RIS (Zotero, EndNote, Mendeley).

Both are built from the citation columns of studies.csv (authors, journal, volume, issue, pages, publisher,
entry_type). Where a page did not print the complete author list, the first author is given with "and others"
(BibTeX) or alone (RIS), never a guessed list."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

import rispy

from components.tables.evidence import EvidenceBase

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# Every character LaTeX treats specially, as text a LaTeX build prints literally. Braces become commands whose own
# braces are balanced, so no title can close a field or leave one open (BibTeX counts braces, backslash or not).
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(ch) for ch in _LATEX))

# entry_type -> (BibTeX entry type, field that carries the container or institution name)
_BIBTEX_TYPES = {
    "article": ("article", "journal"),
    "thesis": ("phdthesis", "school"),
    "report": ("techreport", "institution"),
    "chapter": ("incollection", "booktitle"),
    "conference": ("inproceedings", "booktitle"),
    "preprint": ("misc", "howpublished"),
}
_RIS_TYPES = {
    "article": "JOUR",
    "thesis": "THES",
    "report": "RPRT",
    "chapter": "CHAP",
    "conference": "CONF",
    "preprint": "UNPB",
}


def latex_escape(text: str) -> str:
    """Text for a braced BibTeX field: control characters and line breaks become spaces, LaTeX specials are
    escaped."""
    text = _CONTROL.sub(" ", str(text))
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group(0)], text)


def _link(text: str) -> str:
    """A DOI or URL kept usable as a link inside a braced field: characters that could end the field or break the
    entry are percent-encoded (validation already refuses them; this holds for links from elsewhere too)."""
    return "".join(
        quote(ch, safe="") if ch in '{}\\"' or ch.isspace() or _CONTROL.match(ch) else ch for ch in str(text)
    )


def _ascii_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


def author_list(authors: str) -> list[str]:
    """'Family, Given; Family, Given' as a list of names (empty when the column is empty)."""
    return [name.strip() for name in str(authors or "").split(";") if name.strip()]


def _value(row, column: str) -> str:
    value = getattr(row, column, "")
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def _bibtex_name(name: str) -> str:
    """'Family, Given' for BibTeX: a family name of several words is braced so that BibTeX keeps it whole (it would
    read 'Qurat ul Ain' or 'Van der Vyver' as given names plus a 'von' part); a name without a comma is one
    braced whole (an organisation, or a name printed in one piece)."""
    family, comma, given = name.partition(",")
    if not comma:
        return "{" + latex_escape(name) + "}"
    family = latex_escape(family.strip())
    if " " in family or " and " in f" {family} ":
        family = "{" + family + "}"
    return f"{family}, {latex_escape(given.strip())}" if given.strip() else family


def _bibtex_entry(row) -> str:
    entry_type, container_field = _BIBTEX_TYPES.get(_value(row, "entry_type") or "article", _BIBTEX_TYPES["article"])
    names = author_list(_value(row, "authors"))
    author = (
        " and ".join(_bibtex_name(n) for n in names)
        if names
        else latex_escape(_value(row, "first_author")) + " and others"
    )
    fields = {"author": author, "title": "{" + latex_escape(_value(row, "title")) + "}", "year": _value(row, "year")}
    container = _value(row, "journal") or _value(row, "publisher")
    if container:
        fields[container_field] = latex_escape(container)
    if entry_type == "phdthesis":
        fields["type"] = "Thesis"
    if _value(row, "publisher") and container_field in ("journal", "booktitle"):
        fields["publisher"] = latex_escape(_value(row, "publisher"))
    for column, field in (("volume", "volume"), ("issue", "number"), ("pages", "pages")):
        if _value(row, column):
            fields[field] = latex_escape(_value(row, column))
    if _value(row, "doi"):
        fields["doi"] = _link(_value(row, "doi"))
    if _value(row, "url"):
        fields["url"] = _link(_value(row, "url"))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{entry_type}{{{_ascii_key(_value(row, 'study_id')) or 'study'},\n{body}\n}}"


def bibtex(evidence: EvidenceBase) -> str:
    """BibTeX entries for the studies, keyed by study_id, with the entry type the work is."""
    return "\n\n".join(_bibtex_entry(row) for row in evidence.studies.itertuples()) + "\n"


def _ris_entry(row) -> dict:
    names = author_list(_value(row, "authors")) or [_value(row, "first_author")]
    entry: dict = {
        "type_of_reference": _RIS_TYPES.get(_value(row, "entry_type") or "article", "JOUR"),
        "authors": names,
        "title": _CONTROL.sub(" ", _value(row, "title")),
        "year": _value(row, "year"),
        "id": _value(row, "study_id"),
    }
    optional: dict[str, str] = {
        "secondary_title": _value(row, "journal"),
        "publisher": _value(row, "publisher"),
        "volume": _value(row, "volume"),
        "number": _value(row, "issue"),
        "doi": _value(row, "doi"),
    }
    pages = _value(row, "pages")
    if pages:
        start, _, end = pages.partition("-")
        optional["start_page"], optional["end_page"] = start.strip(), end.strip()
    entry.update({k: _CONTROL.sub(" ", v) for k, v in optional.items() if v})
    if _value(row, "url"):
        entry["urls"] = [_value(row, "url")]
    return entry


def ris(evidence: EvidenceBase) -> str:
    """RIS records for the studies (one per study), written by rispy."""
    return rispy.dumps([_ris_entry(row) for row in evidence.studies.itertuples()])
