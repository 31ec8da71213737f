"""Uploads, downloads and the policy options."""

import io

import openpyxl

from components.analysis.policy_coverage import option_coverage
from components.presentation.citations import bibtex
from components.presentation.exports import csv_bytes, neutralise_formula, study_table
from components.presentation.handouts import country_brief, story_handout
from components.presentation.story_steps import story_steps
from components.tables.evidence import STUDY_COLUMNS
from components.tables.migration_figures import load_migration_figures
from components.tables.policy import load_policy, load_policy_options
from components.tables.upload import parse_upload
from tests.support.rows import SMALL_ROWS, study_row


def xlsx_bytes(rows, formula_title=False):
    book = openpyxl.Workbook()
    sheet = book.active
    columns = list(STUDY_COLUMNS)
    sheet.append(columns)
    for row in rows:
        sheet.append([row[c] for c in columns])
    if formula_title:
        sheet.cell(row=2, column=columns.index("title") + 1, value="=1+1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_valid_xlsx_upload(vocabulary):
    uploaded, problems = parse_upload("mine.xlsx", xlsx_bytes(SMALL_ROWS), vocabulary)
    assert problems == [] and uploaded.n_studies == 4 and uploaded.origin == "uploaded file mine.xlsx"


def test_xlsx_formula_is_never_evaluated(vocabulary):
    uploaded, problems = parse_upload("f.xlsx", xlsx_bytes(SMALL_ROWS, formula_title=True), vocabulary)
    assert uploaded is None
    assert [(p.line, p.column, p.value) for p in problems] == [(2, "title", "=1+1")]


def test_wrong_extension_and_extra_cells(vocabulary):
    _, problems = parse_upload("notes.txt", b"a,b\n1,2\n", vocabulary)
    assert problems[0].expected == "a .csv or .xlsx file"
    header = ",".join(list(STUDY_COLUMNS)).encode()
    row = ",".join(study_row()[c] for c in STUDY_COLUMNS).encode() + b",surplus"
    _, problems = parse_upload("x.csv", header + b"\n" + row + b"\n", vocabulary)
    assert any(p.column == "(row)" and p.value == "surplus" for p in problems)


def test_csv_neutralises_formula_cells(small):
    assert neutralise_formula("=SUM(A1)") == "'=SUM(A1)" and neutralise_formula("@x") == "'@x"
    assert (
        neutralise_formula("-3") == "-3"
        and neutralise_formula("-3+cmd") == "'-3+cmd"
        and neutralise_formula("Plain") == "Plain"
        and neutralise_formula(5) == 5
    )
    table = study_table(small)
    table.loc[0, "Title"] = '+HYPERLINK("http://evil")'
    text = csv_bytes(table).decode("utf-8-sig")
    assert "'+HYPERLINK" in text and len(text.strip().splitlines()) == 5


def test_bibtex_has_one_entry_per_study(small):
    text = bibtex(small)
    assert text.count("@article{") == 4
    assert "doi = {10.1000/s1}" in text and "year = {2015}" in text


def test_handouts_escape_markup_and_carry_numbers(small):
    policy = load_policy(driver_codes=small.vocabulary.driver_codes)
    rows = [dict(r) for r in SMALL_ROWS]
    rows[0]["title"] = "<script>alert(1)</script>"
    from components.tables.evidence import build_evidence

    hostile = build_evidence(rows, small.vocabulary)
    page = story_handout(hostile, policy, "all studies")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "https://" not in page.split("<body>")[0]  # no external stylesheet or script
    brief = country_brief(small, "NGA", policy, "all studies", load_migration_figures())
    assert "Country brief: Nigeria" in brief and "is on the WHO Health Workforce" in brief


def test_every_option_driver_exists_and_coverage_is_a_direct_count(evidence):
    options = load_policy_options(driver_codes=evidence.vocabulary.driver_codes)
    assert len(options) == 11
    assert set(options["chapter"]) == {"ps35", "universities", "diaspora"}
    coverage = option_coverage(evidence, options).set_index("option_id")
    for option in options.itertuples():
        assert set(option.drivers) <= set(evidence.vocabulary.driver_codes)
        direct = evidence.driver[evidence.driver["driver"].isin(option.drivers)]["study_id"].nunique()
        assert coverage.loc[option.option_id, "studies"] == direct
    assert [s.number for s in story_steps(options)] == list(range(1, 15))


def test_unknown_option_driver_is_rejected(tmp_path, evidence):
    import shutil

    import pytest

    from components.core.paths import DATA_DIR
    from components.tables.problems import EvidenceError

    for name in ("policy_options.csv", "policy_links.csv", "policy_evidence.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    path = tmp_path / "policy_links.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("active_recruitment", "poaching", 1), encoding="utf-8")
    with pytest.raises(EvidenceError, match="poaching"):
        load_policy_options(tmp_path, driver_codes=evidence.vocabulary.driver_codes)
