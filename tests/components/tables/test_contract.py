"""The contract engine: every rule of every data file the code reads has a malformed-file test whose problem names
file, line, column, value and expectation. Studies, policy links and records have theirs in test_evidence.py and
test_policy_data.py; this file covers the other files and the rules those leave out."""

import csv
import io
import json

import pytest

from components.analysis.prisma import read_prisma_inputs
from components.analysis.reliability import read_second_coding
from components.core import paths
from components.tables import formats, schema
from components.tables.csv_reader import read_checked_frame
from components.tables.evidence import load_evidence
from components.tables.policy import load_policy
from components.tables.problems import EvidenceError
from tests.support.files import rewrite_csv


def _load(name, data_dir):
    """Read a file the way the atlas reads it."""
    if name in ("studies", "drivers", "cadres", "review_reference", "who_ssl_2023"):
        evidence = load_evidence(data_dir)
        return evidence
    if name.startswith("policy_"):
        codes = frozenset(read_checked_frame("drivers", data_dir)["code"])
        return load_policy(data_dir, driver_codes=codes)
    if name in ("excluded_studies", "search_log"):
        return read_prisma_inputs(data_dir)
    if name == "second_coding":
        return read_second_coding(data_dir)
    return read_checked_frame(name, data_dir)  # who_regions, country_points


def _first_row(**changes):
    return lambda rows, header: rows[0].update(changes)


def _problems(name, data_dir):
    with pytest.raises(EvidenceError) as raised:
        _load(name, data_dir)
    return raised.value.problems


# (resource, edit, line, column, value, words the expectation must hold)
CASES = [
    ("drivers", _first_row(group="push"), 2, "group", "push", "one of migration | non_migration"),
    ("drivers", _first_row(code="Bad Code"), 2, "code", "Bad Code", "lower-case slug"),
    ("drivers", _first_row(label=""), 2, "label", "", "a value"),
    ("drivers", lambda rows, h: rows[1].update(code=rows[0]["code"]), 3, "code", "remuneration", "unique value"),
    ("cadres", lambda rows, h: rows.pop(1), None, "code", "", "the cadre 'nurses'"),
    ("cadres", _first_row(label="=cmd()"), 2, "label", "=cmd()", "not a spreadsheet formula"),
    ("review_reference", _first_row(value="many"), 2, "value", "many", "a number"),
    ("review_reference", _first_row(denominator="0"), 2, "denominator", "0", "at least 1"),
    ("review_reference", _first_row(doi="doi:10.1136/x"), 2, "doi", "doi:10.1136/x", "a DOI"),
    ("review_reference", _first_row(citation=""), 2, "citation", "", "a value"),
    ("who_ssl_2023", _first_row(iso3="QQQ"), 2, "iso3", "QQQ", "ISO 3166-1 alpha-3"),
    ("who_ssl_2023", _first_row(who_region="AFRO"), 2, "who_region", "AFRO", "one of AFR"),
    ("who_regions", _first_row(iso3="afg"), 2, "iso3", "afg", "ISO 3166-1 alpha-3"),
    ("country_points", _first_row(lat="91"), 2, "lat", "91", "a number from -90 to 90"),
    ("country_points", _first_row(lon="east"), 2, "lon", "east", "a number from -180 to 180"),
    ("excluded_studies", _first_row(reason_category="boring"), 2, "reason_category", "boring", "duplicate"),
    ("excluded_studies", _first_row(search_round="round2"), 2, "search_round", "round2", "matching the pattern"),
    ("excluded_studies", _first_row(year="19x5"), 2, "year", "19x5", "a whole number, or empty"),
    ("search_log", _first_row(date="24/11/2026"), 2, "date", "24/11/2026", "a date (YYYY-MM-DD)"),
    ("search_log", _first_row(hits="-1"), 2, "hits", "-1", "a whole number of at least 0"),
    ("search_log", _first_row(purpose="fun"), 2, "purpose", "fun", "studies | deeper_coding | policy_evidence"),
    ("second_coding", _first_row(page_read="www.x.org/a"), 2, "page_read", "www.x.org/a", "http(s) URL"),
    ("second_coding", _first_row(migration_status="left"), 2, "migration_status", "left", "one of migrated"),
    ("second_coding", _first_row(source_countries="QQQ"), 2, "source_countries", "QQQ", "ISO 3166-1"),
    ("second_coding", _first_row(drivers="money"), 2, "drivers", "money", "a code from drivers.csv"),
    ("policy_options", _first_row(chapter="other"), 2, "chapter", "other", "one of ps35"),
    ("policy_options", _first_row(actors="everyone"), 2, "actors", "everyone", "one of source_country"),
    ("policy_options", _first_row(order="first"), 2, "order", "first", "a whole number of at least 1"),
    ("policy_options", lambda rows, h: rows[1].update(order=rows[0]["order"]), 3, "order", "1", "unique value"),
    ("policy_options", _first_row(source_link="ftp://x.org"), 2, "source_link", "ftp://x.org", "http(s) URL"),
    ("policy_options", _first_row(title=""), 2, "title", "", "a value"),
    ("policy_links", lambda rows, h: rows.append(dict(rows[0])), 32, "driver", "working_environment", "once"),
    ("policy_evidence", lambda rows, h: rows[1].update(record_id=rows[0]["record_id"]), 3, "record_id", None, "unique"),
    ("studies", _first_row(added_in="version2"), 2, "added_in", "version2", "matching the pattern"),
    ("studies", _first_row(sample_size="0"), 2, "sample_size", "0", "at least 1, or empty"),
]


@pytest.mark.parametrize(
    "name, edit, line, column, value, expected", CASES, ids=[f"{c[0]}:{c[3]}:{c[4]}" for c in CASES]
)
def test_each_rule_names_file_line_column_value_and_expectation(data_copy, name, edit, line, column, value, expected):
    file = schema.file_name(name)
    rewrite_csv(data_copy / file, edit)
    problems = [p for p in _problems(name, data_copy) if p.file == file and p.column == column]
    assert problems, f"no problem reported in {file}, column {column}"
    problem = problems[0]
    assert problem.line == line and expected in problem.expected, problem
    if value is not None:
        assert problem.value == value
    where = f"line {line}" if line is not None else "whole file"
    assert str(problem).startswith(f"{file}, {where}, column '{column}': got '")


@pytest.mark.parametrize("column", ["category", "code", "denominator"])
def test_reference_table_needs_every_column_the_code_reads(data_copy, column):
    rewrite_csv(data_copy / "review_reference.csv", lambda rows, header: header.remove(column))
    problems = _problems("review_reference", data_copy)
    assert [(p.file, p.line, p.column, p.expected) for p in problems] == [
        ("review_reference.csv", 1, column, f"a column named '{column}'")
    ]


def test_policy_options_missing_or_malformed(data_copy):
    (data_copy / "policy_options.csv").unlink()
    problems = _problems("policy_options", data_copy)
    assert ("policy_options.csv", None, "(file)") in {(p.file, p.line, p.column) for p in problems}
    (data_copy / "policy_options.csv").write_text('option_id,order\n"unclosed,1\n', encoding="utf-8")
    problems = _problems("policy_options", data_copy)
    assert [(p.file, p.line, p.column) for p in problems] == [("policy_options.csv", 2, "(quote)")]
    (data_copy / "policy_options.csv").write_text("option_id,order\nx,1\n", encoding="utf-8")
    problems = _problems("policy_options", data_copy)
    assert {p.column for p in problems if p.line == 1} >= {"chapter", "title", "actors", "source"}


def test_an_option_without_drivers_is_reported(data_copy):
    options = csv.DictReader(io.StringIO((data_copy / "policy_options.csv").read_text(encoding="utf-8")))
    first = next(options)["option_id"]
    rewrite_csv(
        data_copy / "policy_links.csv",
        lambda rows, h: rows.__setitem__(slice(None), [r for r in rows if r["option_id"] != first]),
    )
    problems = _problems("policy_options", data_copy)
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [("policy_links.csv", None, "option_id", first)]
    assert "at least one row for each option_id of policy_options.csv" in problems[0].expected


def test_an_empty_studies_file_is_reported(data_copy):
    header = (data_copy / "studies.csv").read_text(encoding="utf-8").splitlines()[0]
    (data_copy / "studies.csv").write_text(header + "\n", encoding="utf-8")
    problems = _problems("studies", data_copy)
    assert [(p.line, p.column, p.value) for p in problems] == [(None, "(rows)", "no data rows")]


def test_lines_are_those_of_the_csv_when_a_cell_spans_lines(data_copy):
    rewrite_csv(data_copy / "drivers.csv", lambda rows, h: rows[0].update(description="two\nlines"))
    rewrite_csv(data_copy / "drivers.csv", _first_row(label=""))
    text = (data_copy / "drivers.csv").read_text(encoding="utf-8")
    assert "two\nlines" in text
    lines = text.splitlines()
    broken = next(i for i, line in enumerate(lines, start=1) if line.startswith("security,"))
    rewrite_csv(data_copy / "drivers.csv", lambda rows, h: rows[1].update(level="global"))
    problems = _problems("drivers", data_copy)
    assert ("level", broken) in {(p.column, p.line) for p in problems}


def test_the_package_uses_only_rules_the_engine_implements():
    standard = {"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"}
    field_properties = {"name", "type", "format", "description", "constraints"}
    schema_properties = {"fields", "missingValues", "primaryKey", "foreignKeys"}
    for resource in schema.package()["resources"]:
        spec = resource["schema"]
        assert set(spec) - schema_properties <= schema.SCHEMA_PROPERTIES, resource["name"]
        for f in spec["fields"]:
            assert set(f.get("constraints", {})) <= standard, (resource["name"], f["name"])
            assert set(f) - field_properties <= schema.FIELD_PROPERTIES, (resource["name"], f["name"])
            assert f.get("type", "string") in ("string", "integer", "number", "date")
            assert f.get("atlas:format", "doi") in formats.FORMATS
            rule = schema.list_rule(resource["name"], f["name"])
            if rule:
                assert set(rule) <= {"resource", "field", "enum", "format", "except"}


def test_constants_come_from_the_declaration():
    from components.analysis import prisma as analysis_prisma
    from components.tables import evidence
    from components.tables import policy as tables_policy

    package = json.loads(paths.PACKAGE_FILE.read_text(encoding="utf-8"))
    studies = {f["name"]: f for r in package["resources"] if r["name"] == "studies" for f in r["schema"]["fields"]}
    assert (
        studies["year"]["constraints"]["minimum"],
        studies["year"]["constraints"]["maximum"],
    ) == (evidence.FIRST_YEAR, evidence.LAST_YEAR)
    # The status and design codes are declared once, as the rows of their vocabulary files.
    assert studies["migration_status"]["atlas:listOf"] == {"resource": "statuses", "field": "code"}
    assert "enum" not in studies["design"]["constraints"]
    for constant, vocabulary in (
        (evidence.STATUSES, "statuses"),
        (evidence.DESIGNS, "designs"),
        (evidence.CODED_FROM, "coded_from"),
        (evidence.DRIVER_GROUPS, "driver_groups"),
    ):
        rows = list(csv.DictReader(io.StringIO((paths.PACKAGE_FILE.parent / "data" / f"{vocabulary}.csv").read_text())))
        assert constant == tuple(row["code"] for row in rows), vocabulary
    assert evidence.OPTIONAL_STUDY_COLUMNS == (
        "added_in",
        "coding_note",
        "authors",
        "volume",
        "issue",
        "pages",
        "publisher",
        "entry_type",
        "student_programmes",
    )
    assert list(tables_policy.FINDINGS) == list(schema.allowed_values("policy_evidence", "finding"))
    assert list(analysis_prisma.REASON_LABELS) == list(schema.allowed_values("excluded_studies", "reason_category"))


def test_design_codes_are_read_from_the_vocabulary_file(data_copy):
    """designs.csv is the one declaration of the design codes: a code added there is accepted in studies.csv, and
    an unknown one is reported with the codes the file holds."""
    rewrite_csv(data_copy / "studies.csv", _first_row(design="case_study"))
    problems = [p for p in _problems("studies", data_copy) if p.column == "design"]
    assert [(p.file, p.line, p.value, p.expected) for p in problems] == [
        ("studies.csv", 2, "case_study", "one of quantitative | qualitative | mixed")
    ]
    with (data_copy / "designs.csv").open("a", encoding="utf-8") as handle:
        handle.write("case_study,Case study,Étude de cas\n")
    load_evidence(data_copy)
