"""The loader: valid data loads into tidy frames; each broken rule fails with file, line, column and value."""

import pytest

from components.tables.evidence import load_evidence
from components.tables.problems import EvidenceError
from tests.support.rows import study_row, write_studies


def test_bundled_evidence_loads_into_tidy_frames(evidence):
    studies = evidence.studies
    assert len(studies) == studies["study_id"].nunique() >= 107
    # One row per study × value in each long frame.
    expected_sources = sum(len(c) for c in studies["source_countries"])
    assert len(evidence.source) == expected_sources
    assert len(evidence.driver) == sum(len(d) for d in studies["drivers"])
    assert set(evidence.studies["decade"]) <= {"1970s", "1980s", "1990s", "2000s", "2010s", "2020s"}
    row = studies.iloc[0]
    assert row["decade"] == f"{row['year'] // 10 * 10}s"


def test_derived_columns(small):
    assert small.studies.set_index("study_id").loc["s3", "decade"] == "2000s"
    assert small.source.set_index("study_id").loc["s2", "country"] == "Ghana"
    assert small.studies.set_index("study_id").loc["s1", "link"] == "https://doi.org/10.1000/s1"
    assert small.studies.set_index("study_id").loc["s2", "link"] == "https://example.org/a"
    assert set(small.cadre.loc[small.cadre.study_id == "s1", "cadre"]) == {"doctors", "nurses"}
    corridors = set(map(tuple, small.corridor[["source_iso3", "destination_iso3"]].values))
    assert corridors == {("NGA", "GBR"), ("NGA", "USA"), ("GHA", "GBR"), ("IND", "USA")}


BROKEN = [
    ("study_id", {"study_id": "Bad Id"}, "Bad Id"),
    ("year", {"year": "1969"}, "1969"),
    ("year", {"year": "20x1"}, "20x1"),
    ("doi", {"doi": "https://doi.org/10.1/x"}, "https://doi.org/10.1/x"),
    ("url", {"url": "www.example.org/no-scheme"}, "www.example.org/no-scheme"),
    ("url", {"url": "javascript:alert(1)"}, "javascript:alert(1)"),
    ("doi/url", {"doi": "", "url": ""}, ""),
    ("design", {"design": "survey"}, "survey"),
    ("migration_status", {"migration_status": "left"}, "left"),
    ("cadres", {"cadres": "surgeons"}, "surgeons"),
    ("source_countries", {"source_countries": "XXX"}, "XXX"),
    ("source_countries", {"source_countries": ""}, ""),
    ("destination_countries", {"destination_countries": "UK"}, "UK"),
    ("drivers", {"drivers": "money"}, "money"),
    ("drivers", {"drivers": ""}, ""),
    ("sample_size", {"sample_size": "about 200"}, "about 200"),
    ("coded_from", {"coded_from": "memory"}, "memory"),
    ("first_author", {"first_author": ""}, ""),
    ("title", {"title": '=HYPERLINK("http://x")'}, '=HYPERLINK("http://x")'),
]


@pytest.mark.parametrize("column, change, value", BROKEN, ids=[f"{c}:{v or 'empty'}" for c, _, v in BROKEN])
def test_each_rule_names_file_line_column_and_value(data_copy, column, change, value):
    rows = [
        study_row(study_id="ok_1"),
        study_row(study_id="ok_2", **{k: v for k, v in change.items() if k != "study_id"}),
    ]
    if "study_id" in change:
        rows[1]["study_id"] = change["study_id"]
    write_studies(data_copy / "studies.csv", rows)
    with pytest.raises(EvidenceError) as raised:
        load_evidence(data_copy)
    problems = raised.value.problems
    match = [p for p in problems if p.column == column and p.value == value]
    assert match, problems
    assert match[0].file == "studies.csv" and match[0].line == 3
    assert f"line 3, column '{column}'" in str(raised.value)


def test_duplicate_study_id_and_doi(data_copy):
    rows = [study_row(study_id="dup", doi="10.1000/x"), study_row(study_id="dup", doi="10.1000/X")]
    write_studies(data_copy / "studies.csv", rows)
    with pytest.raises(EvidenceError) as raised:
        load_evidence(data_copy)
    found = {(p.column, p.line) for p in raised.value.problems}
    assert ("study_id", 3) in found and ("doi", 3) in found


def test_missing_column_is_reported(data_copy):
    text = (data_copy / "studies.csv").read_text(encoding="utf-8").replace("coded_from", "coded_by", 1)
    (data_copy / "studies.csv").write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError, match="a column named 'coded_from'"):
        load_evidence(data_copy)


def test_vocabulary_must_keep_headline_drivers(data_copy):
    lines = (data_copy / "drivers.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("security,")]
    (data_copy / "drivers.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match="headline driver 'security'"):
        load_evidence(data_copy)


def test_bad_driver_level_is_reported(data_copy):
    text = (data_copy / "drivers.csv").read_text(encoding="utf-8").replace(",macro,migration,", ",global,migration,", 1)
    (data_copy / "drivers.csv").write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError) as raised:
        load_evidence(data_copy)
    assert any(p.file == "drivers.csv" and p.column == "level" and p.value == "global" for p in raised.value.problems)


def test_missing_file_is_reported(data_copy):
    (data_copy / "studies.csv").unlink()
    with pytest.raises(EvidenceError, match=r"studies\.csv"):
        load_evidence(data_copy)
