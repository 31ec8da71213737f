"""Methods page: sources and citation shown; uploads validated, session-only, reversible; country brief."""

import pytest

from components.core.paths import DATA_DIR
from components.tables.upload_limits import UPLOAD_LIMIT_MB
from harness.apptest import open_page, texts
from tests.hostile_files import dimension_claim_xlsx, inflated_xlsx, long_field_csv

VALID = (DATA_DIR / "studies.csv").read_bytes()
HEADER = VALID.split(b"\n", 1)[0]


def small_valid_csv(n: int = 3) -> bytes:
    lines = VALID.decode("utf-8").splitlines()
    return ("\n".join(lines[: n + 1]) + "\n").encode("utf-8")


def upload(at, name: str, content: bytes, mime: str = "text/csv"):
    at.file_uploader(key="upload_file").upload(name, content, mime).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_methods_page_explains_sources_and_citation(evidence):
    at = open_page("methods")
    shown = texts(at)
    assert f"**{evidence.n_studies} primary studies**" in shown
    assert "doi:10.1136/bmjgh-2023-012338 (full reference: CITATION.cff)" in shown.replace("\\", "")
    assert not at.code  # a paragraph: a code block would load a syntax highlighter
    figure_table = next(d.value for d in at.dataframe if "Figure" in d.value.columns)
    assert figure_table.set_index("Figure").loc["Remuneration", "Value"] == 83.2


def test_valid_upload_replaces_the_evidence_for_this_session_only():
    at = open_page("methods")
    upload(at, "mine.csv", small_valid_csv(3))
    assert "The atlas is using uploaded file mine.csv (3 studies) in this session." in texts(at).replace("\\", "")
    at.switch_page("pages/overview.py").run()
    assert [m.value for m in at.metric if m.label == "Studies"] == ["3"]
    assert any("Showing your uploaded file mine.csv (3 studies)" in w.value.replace("\\", "") for w in at.warning)
    assert at.button(key="sidebar_clear_upload").label == "Back to the bundled evidence base"
    other = open_page("")  # a second browser session
    assert [m.value for m in other.metric if m.label == "Studies"] != ["3"]
    at.switch_page("pages/methods.py").run()
    at.button(key="clear_upload").click().run()
    assert "The atlas is using uploaded" not in texts(at)
    at.switch_page("pages/overview.py").run()
    assert [m.value for m in at.metric if m.label == "Studies"] == [str(len(VALID.decode().splitlines()) - 1)]


BAD_FILES = {
    "bad year": (b"\n".join([HEADER, small_valid_csv(1).splitlines()[1].replace(b",2000,", b",1850,", 1)]), "year"),
    "unknown driver": (small_valid_csv(1).replace(b"security", b"boredom", 1), "drivers"),
    "missing column": (small_valid_csv(1).replace(b"coded_from", b"coded", 1), "coded_from"),
    "formula cell": (small_valid_csv(1).replace(b"Van der Vyver", b"=cmd|' /C calc'!A0", 1), "first_author"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_invalid_upload_lists_problems_and_changes_nothing(case, evidence):
    content, column = BAD_FILES[case]
    at = open_page("methods")
    upload(at, f"{case}.csv", content)
    assert any("The file was not used" in e.value for e in at.error)
    problems = next(d.value for d in at.dataframe if "Expected" in d.value.columns)
    assert column in set(problems["Column"])
    assert {"File", "Line", "Column", "Value", "Expected"} <= set(problems.columns)
    at.switch_page("pages/overview.py").run()
    assert [m.value for m in at.metric if m.label == "Studies"] == [str(evidence.n_studies)]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.csv", b"", "empty file"),
        ("binary.csv", b"\x00\x01\x02PK\x03\x04" * 50, "binary content"),
        ("latin1.csv", HEADER + b"\nx,Mu\xf1oz", "is not UTF-8"),
        ("big.csv", HEADER + b"\n" + b"x" * (5 * 1024 * 1024 + 10), "a file of at most 5 MB"),
        ("fake.xlsx", b"not a zip at all", "a readable .xlsx workbook"),
        # issue 14: a 200,000-character cell crashed the page; a 72 KB workbook took gigabytes
        ("long.csv", long_field_csv(200_000), "cells of at most 10,000 characters"),
        ("inflated.xlsx", inflated_xlsx(), "(the row limit)"),
        ("dimension.xlsx", dimension_claim_xlsx(), "(the column limit)"),
    ],
)
def test_unusable_files_get_a_clear_message(name, content, message):
    at = open_page("methods")
    upload(at, name, content)
    problems = next(d.value for d in at.dataframe if "Expected" in d.value.columns)
    assert message in " ".join(problems["Value"].astype(str)) + " ".join(problems["Expected"].astype(str))
    assert "The atlas is using uploaded" not in texts(at)


def test_nothing_but_short_problems_is_kept_after_a_rejection():
    at = open_page("methods")
    upload(at, "inflated.xlsx", inflated_xlsx())
    kept = at.session_state["upload_problems"]
    assert len(kept) == 1 and len(kept[0].value) < 100
    assert "The atlas is using uploaded" not in texts(at)


def test_uploader_limit_is_the_one_constant():
    at = open_page("methods")
    assert at.get("file_uploader")[0].proto.max_upload_size_mb == UPLOAD_LIMIT_MB


def test_country_brief_download(evidence):
    at = open_page("methods", {"country": "GHA"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the country brief for Ghana (HTML)" in labels


def test_methods_text_is_written_from_the_files_it_describes(evidence):
    """The number of studies coded twice is read from data/second_coding.csv, no line says the studies were not
    double-coded, and the column the text names is one the Studies table shows (no `coded_from`)."""
    import csv

    from components.presentation.exports import study_table

    with (DATA_DIR / "second_coding.csv").open(encoding="utf-8", newline="") as handle:
        twice = sum(1 for _ in csv.DictReader(handle))
    with (DATA_DIR / "studies.csv").open(encoding="utf-8", newline="") as handle:
        depth = [row["coded_from"] for row in csv.DictReader(handle)]
    shown = texts(open_page("methods"))
    assert f"coded {twice} of {evidence.n_studies} studies" in shown
    assert f"except the {twice} studies of {evidence.n_studies}" in shown
    assert "not double-coded" not in shown and "coded_from" not in shown
    assert f"{depth.count('abstract')} from “Abstract”" in shown
    assert "“Read from”" in shown and "Read from" in study_table(evidence).columns
