"""datapackage.json: a Frictionless Data Package that describes every data file and validates against the data."""

import csv
import json
import re
import shutil
import subprocess
import sys

import frictionless
import pytest

from components.analysis.prisma import REASON_LABELS
from components.core.paths import ROOT
from components.tables.csv_reader import read_table
from components.tables.evidence import CODED_FROM, DESIGNS, DRIVER_GROUPS, FIRST_YEAR, LAST_YEAR, LEVELS
from components.tables.policy import CHAPTERS

DESCRIPTOR = ROOT / "datapackage.json"


@pytest.fixture(autouse=True)
def _keep_the_csv_field_limit():
    """frictionless raises the csv module's process-wide field limit; the app's own limit must hold for later tests."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


def _package() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def _fields(resource_name: str) -> dict[str, dict]:
    resource = next(r for r in _package()["resources"] if r["name"] == resource_name)
    return {field["name"]: field for field in resource["schema"]["fields"]}


def _problems(report: frictionless.Report) -> str:
    rows = report.flatten(["rowNumber", "fieldName", "type", "note"])
    return "\n".join(str(row) for row in rows[:50])


def test_frictionless_validates_the_package():
    report = frictionless.validate(str(DESCRIPTOR))
    assert report.valid, _problems(report)
    assert report.stats["tasks"] == len(_package()["resources"])


def test_the_frictionless_command_accepts_the_custom_properties():
    """The atlas: properties are the contract's own rules; Frictionless tools must read the package all the same."""
    assert any(key.startswith("atlas:") for resource in _package()["resources"] for key in resource["schema"])
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.json"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "INVALID" not in result.stdout


def test_every_data_file_is_a_resource_and_every_resource_exists():
    paths = {resource["path"] for resource in _package()["resources"]}
    on_disk = {f"data/{path.name}" for path in (ROOT / "data").glob("*.csv")}
    assert on_disk - paths == set(), "data files missing from datapackage.json"
    assert paths - on_disk == set(), "resources of datapackage.json with no file"


def test_every_resource_carries_its_metadata():
    package = _package()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert len({resource["name"] for resource in package["resources"]}) == len(package["resources"])
    for resource in package["resources"]:
        for key in ("name", "path", "title", "description", "format", "encoding", "licenses", "sources", "schema"):
            assert resource.get(key), f"{resource['name']}: no {key}"
        assert (resource["format"], resource["encoding"]) == ("csv", "utf-8")
        assert all(source.get("title") for source in resource["sources"]), resource["name"]
        # Every source says when it was read (ISO date), so a reuser knows which version of a page was coded.
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.get("accessed", "")) for source in resource["sources"])


def test_schemas_agree_with_the_loaders_vocabularies():
    """The loader's constants are read from the package (components/tables/schema.py), so these hold by construction."""
    studies = _fields("studies")
    assert studies["year"]["constraints"]["minimum"] == FIRST_YEAR
    assert studies["year"]["constraints"]["maximum"] == LAST_YEAR
    assert _fields("drivers")["level"]["constraints"]["enum"] == list(LEVELS)
    # Coded columns with a vocabulary file refer to it (a foreign key Frictionless checks); the codes are its rows.
    keys = {
        (resource["name"], key["fields"]): key["reference"]
        for resource in json.loads(DESCRIPTOR.read_text(encoding="utf-8"))["resources"]
        for key in resource["schema"].get("foreignKeys", [])
        if isinstance(key["fields"], str)
    }
    for (name, column), vocabulary, codes in (
        (("studies", "design"), "designs", DESIGNS),
        (("studies", "coded_from"), "coded_from", CODED_FROM),
        (("drivers", "group"), "driver_groups", DRIVER_GROUPS),
    ):
        assert keys[(name, column)] == {"resource": vocabulary, "fields": "code"}
        assert "enum" not in _fields(name)[column]["constraints"]
        with (ROOT / "data" / f"{vocabulary}.csv").open(encoding="utf-8") as handle:
            assert codes == tuple(row["code"] for row in csv.DictReader(handle))
    assert _fields("policy_options")["chapter"]["constraints"]["enum"] == list(CHAPTERS)
    assert keys[("excluded_studies", "reason_category")] == {"resource": "exclusion_reasons", "fields": "code"}
    assert "enum" not in _fields("excluded_studies")["reason_category"]["constraints"]
    with (ROOT / "data" / "exclusion_reasons.csv").open(encoding="utf-8") as handle:
        assert set(REASON_LABELS) == {row["code"] for row in csv.DictReader(handle)}
    for name in ("who_regions", "who_ssl_2023"):
        assert keys[(name, "who_region")] == {"resource": "who_region_names", "fields": "code"}


@pytest.mark.parametrize(
    ("file", "old", "new", "error"),
    [
        ("studies.csv", ",quantitative,", ",survey,", "foreign-key"),
        ("second_coding.csv", "\nismail_2024_chiropractic_students,", "\nno_such_study,", "foreign-key"),
        ("who_ssl_2023.csv", "\nAGO,", "\nAgo,", "constraint-error"),
    ],
)
def test_the_schemas_catch_a_broken_row(tmp_path, file, old, new, error):
    shutil.copy(DESCRIPTOR, tmp_path / "datapackage.json")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert error in {row[0] for row in report.flatten(["type"])}
    # The atlas's own engine rejects the same row (the second coding's foreign key needs the studies at hand).
    name = file.removesuffix(".csv")
    studies = {row["study_id"] for row in read_table("studies", tmp_path / "data")[1]}
    references = lambda resource, column: studies if (resource, column) == ("studies", "study_id") else None  # noqa: E731
    assert read_table(name, tmp_path / "data", references)[2]
