"""CITATION.cff: how to cite the software and the review it builds on, in Citation File Format 1.2.0."""

import csv
import datetime as dt
import json

import yaml

from components.core.paths import ROOT


def _citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_has_the_required_keys():
    citation = _citation()
    for key in ("cff-version", "message", "title", "authors", "version", "date-released"):
        assert citation.get(key), f"CITATION.cff: no {key}"
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"] == "Health Worker Migration Atlas"
    assert all(author.get("name") or author.get("family-names") for author in citation["authors"])
    # Quoted, so that YAML keeps it the string the CFF schema asks for.
    assert isinstance(citation["date-released"], str)
    dt.date.fromisoformat(citation["date-released"])


def test_citation_and_data_package_name_the_same_version_and_date():
    citation = _citation()
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert str(citation["version"]) == package["version"]
    assert package["created"].startswith(citation["date-released"])


def test_citation_references_the_review_whose_figures_the_atlas_shows():
    with (ROOT / "data" / "review_reference.csv").open(encoding="utf-8") as handle:
        dois = {row["doi"] for row in csv.DictReader(handle)}
    articles = [ref for ref in _citation().get("references", []) if ref.get("type") == "article"]
    assert dois <= {ref.get("doi") for ref in articles}


def test_citation_covers_the_data_as_well_as_the_software():
    """The code is MIT; the data (datapackage.json) are CC BY 4.0 and are cited as a data reference of their own."""
    citation = _citation()
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert citation["type"] == "software" and citation["license"] == "MIT"
    data = [ref for ref in citation["references"] if ref.get("type") == "data"]
    assert len(data) == 1
    assert data[0]["title"] == package["title"]
    assert data[0]["license"] == package["licenses"][0]["name"]
    assert str(data[0]["version"]) == package["version"]
