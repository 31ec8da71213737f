"""Uploads under hostile input (issue 14, defects 1, 2 and 7): limits enforced while reading, one clear problem
naming the limit, bounded memory and time, at most 50 problems kept plus a count, formulas refused."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.core.paths import ROOT
from components.tables.evidence import STUDY_COLUMNS
from components.tables.problems import ProblemList
from components.tables.upload import parse_upload
from components.tables.upload_limits import LIMITS, MAX_UPLOAD_BYTES, UPLOAD_LIMIT_MB
from tests.hostile_files import (
    dimension_claim_xlsx,
    inflated_xlsx,
    long_field_csv,
    replace_sheet_xml,
    valid_csv,
    valid_records,
    workbook_bytes,
)


def texts(problems) -> str:
    return " | ".join(str(p) for p in problems)


# ---- the files of the issue


def test_inflated_xlsx_stops_at_the_row_limit(vocabulary):
    data = inflated_xlsx()
    assert len(data) < 150_000  # ~27 MB of sheet XML, zipped
    start = time.perf_counter()
    uploaded, problems = parse_upload("inflated.xlsx", data, vocabulary)
    assert time.perf_counter() - start < 5
    assert uploaded is None and len(problems) == 1
    assert "at most 5,000 studies (rows)" in problems[0].expected and "row limit" in problems[0].expected


def test_xlsx_dimension_claim_is_not_trusted(vocabulary):
    uploaded, problems = parse_upload("dimension.xlsx", dimension_claim_xlsx(), vocabulary)
    assert uploaded is None and len(problems) == 1
    assert "limit" in problems[0].expected and problems[0].line == 20000


def test_xlsx_value_far_below_the_data_names_the_row_limit(vocabulary):
    xml_row = '<row r="9000"><c r="A9000" t="inlineStr"><is><t>x</t></is></c></row>'
    data = replace_sheet_xml(
        workbook_bytes(valid_records(3)), lambda x: x.replace("</sheetData>", xml_row + "</sheetData>")
    )
    uploaded, problems = parse_upload("far.xlsx", data, vocabulary)
    assert uploaded is None and "row limit" in problems[0].expected and problems[0].line == 9000


def test_long_csv_field_is_one_clear_problem(vocabulary):
    uploaded, problems = parse_upload("long.csv", long_field_csv(200_000), vocabulary)
    assert uploaded is None and len(problems) == 1
    assert problems[0].line == 2
    assert "at most 10,000 characters" in problems[0].expected
    assert len(problems[0].value) < 100


def test_long_xlsx_cell_is_one_clear_problem(vocabulary):
    records = valid_records(1)
    records[1][records[0].index("title")] = "t" * 20_000
    uploaded, problems = parse_upload("long.xlsx", workbook_bytes(records), vocabulary)
    assert uploaded is None and len(problems) == 1 and "at most 10,000 characters" in problems[0].expected


def test_unterminated_quote_is_one_problem(vocabulary):
    lines = valid_csv(3).splitlines()
    data = b"\n".join([*lines[:-1], lines[-1].replace(b",abstract", b',"abstract', 1)]) + b"\n"
    uploaded, problems = parse_upload("quote.csv", data, vocabulary)
    assert uploaded is None and len(problems) == 1
    assert problems[0].column == "(quote)" and "never closed" in problems[0].value and problems[0].line == 4
    # A stray quote that a later quote "closes" is one problem too, on the line where the reader stopped.
    data = valid_csv(3).replace(b",Van der Vyver,", b',"Van der Vyver,', 1)
    _, problems = parse_upload("quote.csv", data, vocabulary)
    assert len(problems) == 1 and problems[0].column == "(quote)"


def test_row_column_and_cell_limits_in_csv(vocabulary):
    header = valid_csv(0)
    row = valid_csv(1).splitlines()[1]
    too_many_rows = header + b"\n".join([row] * (LIMITS.rows + 1)) + b"\n"
    _, problems = parse_upload("rows.csv", too_many_rows, vocabulary)
    assert len(problems) == 1 and "at most 5,000 studies" in problems[0].expected
    wide = header.rstrip() + b"," + b",".join(b"x%d" % i for i in range(60)) + b"\n" + row + b"\n"
    _, problems = parse_upload("wide.csv", wide, vocabulary)
    assert len(problems) == 1 and "at most 50 columns" in problems[0].expected
    cells = (b",".join([b""] * 49) + b"\n") * 3100  # 151,900 empty cells, 3,100 rows
    _, problems = parse_upload("cells.csv", header + cells, vocabulary)
    assert len(problems) == 1 and "at most 150,000 cells" in problems[0].expected


def test_at_most_50_problems_are_kept_plus_a_count(vocabulary):
    row = valid_csv(1).splitlines()[1].replace(b"abstract", b"memory")
    rows = [row.replace(row.split(b",")[0], b"s%d" % i, 1) for i in range(300)]
    data = valid_csv(0) + b"\n".join(rows) + b"\n"
    uploaded, problems = parse_upload("many.csv", data, vocabulary)
    assert uploaded is None and isinstance(problems, ProblemList)
    assert len(problems) == 51 and problems.total >= 300
    assert problems[-1].column == "(more)" and f"{problems.total - 50:,} more problem(s)" in problems[-1].value


def test_oversize_file_names_the_one_limit(vocabulary):
    assert MAX_UPLOAD_BYTES == UPLOAD_LIMIT_MB * 1_000_000
    _, problems = parse_upload("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1), vocabulary)
    assert problems[0].expected == f"a file of at most {UPLOAD_LIMIT_MB} MB ({MAX_UPLOAD_BYTES:,} bytes)"


def test_server_transport_cap_lets_every_browser_accepted_file_through():
    """server.maxUploadSize (MiB) must exceed the widget's limit as any browser counts it (Windows counts MiB),
    plus multipart framing, so a file the browser accepts reaches parse_upload and never gets a bare HTTP 413."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    transport = config["server"]["maxUploadSize"] * 1024 * 1024
    assert transport >= UPLOAD_LIMIT_MB * 1024 * 1024 + 64 * 1024


# ---- formulas in the upload contract


def _with(column: str, value: str) -> bytes:
    records = valid_records(1)
    records[1][records[0].index(column)] = value
    return workbook_bytes(records)


@pytest.mark.parametrize("value", ["=1+1", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1)", "\t=1", "\r=1"])
def test_formula_like_cells_are_refused(vocabulary, value):
    uploaded, problems = parse_upload("f.xlsx", _with("title", value), vocabulary)
    assert uploaded is None
    assert any(p.column == "title" and "not a spreadsheet formula" in p.expected for p in problems), texts(problems)


def test_array_formula_is_refused_not_stored_as_an_object(vocabulary):
    from openpyxl.worksheet.formula import ArrayFormula

    records = valid_records(1)
    column = records[0].index("title") + 1

    def edit(sheet):
        cell = sheet.cell(row=2, column=column)
        cell.value = ArrayFormula(cell.coordinate, "=SUM(A1:A2*B1:B2)")

    uploaded, problems = parse_upload("array.xlsx", workbook_bytes(records, edit), vocabulary)
    assert uploaded is None
    assert [(p.column, p.value) for p in problems] == [("title", "=SUM(A1:A2*B1:B2)")]
    assert "openpyxl" not in texts(problems)


def test_negative_numbers_stay_numbers(vocabulary):
    _, problems = parse_upload("n.xlsx", _with("sample_size", "-2"), vocabulary)
    assert [(p.column, p.expected) for p in problems] == [("sample_size", "a whole number of at least 1, or empty")]
    uploaded, problems = parse_upload("ok.xlsx", _with("coding_note", "-2"), vocabulary)
    assert problems == [] and uploaded.studies["coding_note"].tolist() == ["-2"]


# ---- peak memory in a fresh process (what a server would hold)

MEASURE = r"""
import json, resource, sys, time, tracemalloc
from components.tables.vocabularies import load_vocabulary
from components.tables.upload import parse_upload
from tests.hostile_files import dimension_claim_xlsx, inflated_xlsx, long_field_csv
vocabulary = load_vocabulary()
files = {"inflated.xlsx": inflated_xlsx(), "dimension.xlsx": dimension_claim_xlsx(), "long.csv": long_field_csv()}
out = {}
for name, data in files.items():
    tracemalloc.start()
    start = time.perf_counter()
    uploaded, problems = parse_upload(name, data, vocabulary)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    out[name] = {"bytes": len(data), "seconds": round(seconds, 2), "parse_peak_mb": round(peak / 1e6, 1),
                 "problems": [str(p) for p in problems], "accepted": uploaded is not None}
out["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(out))
"""


def test_hostile_files_stay_within_memory_and_time():
    result = subprocess.run([sys.executable, "-c", MEASURE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    print(json.dumps(figures, indent=1))
    assert figures["process_peak_rss_mb"] < 700
    for name in ("inflated.xlsx", "dimension.xlsx", "long.csv"):
        entry = figures[name]
        assert not entry["accepted"] and len(entry["problems"]) == 1 and "limit" in entry["problems"][0]
        assert entry["parse_peak_mb"] < 50 and entry["seconds"] < 10


# ---- property-based: random and hostile bytes, under a memory and time budget

BUDGET_MB = 64
BUDGET_S = 5


def _within_budget(name: str, data: bytes, vocabulary):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        uploaded, problems = parse_upload(name, data, vocabulary)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < BUDGET_S
    assert peak < BUDGET_MB * 1e6, f"{peak / 1e6:.0f} MB"
    assert (uploaded is None) == bool(problems)
    assert len(problems) <= LIMITS.problems + 1
    for problem in problems:
        assert isinstance(problem.value, str) and len(problem.value) <= LIMITS.problem_value_chars + 40
        assert "object at 0x" not in problem.value
    return uploaded, problems


CSV_PIECES = st.sampled_from(
    [
        ",",
        "\n",
        "\r\n",
        "\r",
        '"',
        '""',
        "=",
        "+",
        "-",
        "@",
        "\t",
        ";",
        "x",
        "2010",
        "NGA",
        "\x00",
        "é",
        "\ufeff",
        ",".join(STUDY_COLUMNS) + "\n",
        "10.1234/abc},note={X",
    ]
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_as_csv_or_xlsx(vocabulary, data):
    _within_budget("r.csv", data, vocabulary)
    _within_budget("r.xlsx", data, vocabulary)


@FUZZ
@given(st.lists(CSV_PIECES, max_size=200), st.integers(0, 2000))
def test_hostile_csv_text(vocabulary, pieces, position):
    base = valid_csv(3).decode("utf-8")
    position = min(position, len(base))
    _within_budget(
        "h.csv", (base[:position] + "".join(pieces) + base[position:]).encode("utf-8", "surrogatepass"), vocabulary
    )


@FUZZ
@given(st.lists(st.integers(0, 255), min_size=1, max_size=20), st.integers(0, 10**9))
def test_corrupted_xlsx(vocabulary, noise, seed):
    import random

    data = bytearray(workbook_bytes(valid_records(3)))
    rng = random.Random(seed)
    for byte in noise:
        data[rng.randrange(len(data))] = byte
    _within_budget("c.xlsx", bytes(data), vocabulary)


ROW_NUMBERS = st.one_of(
    st.integers(1, 30),
    st.integers(5_000, 6_100),
    st.integers(10**6, 10**12),
    st.sampled_from(["0", "-1", "x", "1.5", ""]),
)
COLUMNS = st.sampled_from(["A", "B", "P", "AX", "AY", "XFD", "ZZZZ", "", "1"])
VALUES = st.sampled_from(
    [
        "<v>1</v>",
        't="s"><v>0</v',
        't="s"><v>999999</v',
        't="inlineStr"><is><t>x</t></is',
        '><f t="array" ref="A1:A2">SUM(A1)</f><v>1</v',
        '><f t="shared" si="0" ref="A1:A9">A1+1</f><v>1</v',
        '><f t="dataTable" ref="A1:B2" dt2D="1" dtr="1" r1="A1"/><v>1</v',
        't="b"><v>1</v',
        't="e"><v>#N/A</v',
        't="d"><v>not a date</v',
        "><v>" + "9" * 400 + "</v",
        't="inlineStr"><is><t>' + "y" * 12_000 + "</t></is",
    ]
)


@st.composite
def sheet_rows(draw):
    rows = []
    for _ in range(draw(st.integers(0, 40))):
        r = draw(ROW_NUMBERS)
        cells = []
        for _ in range(draw(st.integers(0, 6))):
            column, value = draw(COLUMNS), draw(VALUES)
            attr = f' r="{column}{r}"' if draw(st.booleans()) else ""
            if value.startswith("<v>"):
                cells.append(f"<c{attr}>{value}</c>")
            elif value.startswith(">"):
                cells.append(f"<c{attr}{value}></c>")
            else:
                cells.append(f"<c{attr} {value}></c>")
        repeat = draw(st.sampled_from([1, 1, 1, 50, 3000]))
        rows.append((f'<row r="{r}">' + "".join(cells) + "</row>") * repeat)
    return "".join(rows)


@FUZZ
@given(sheet_rows(), st.sampled_from(["", '<dimension ref="A1:XFD1048576"/>', '<dimension ref="A1"/>']), st.booleans())
def test_hostile_sheet_xml(vocabulary, rows, dimension, truncate):
    import re

    base = workbook_bytes(valid_records(2))

    def change(xml: str) -> str:
        xml = re.sub(r"<dimension [^>]*/>", dimension, xml).replace("</sheetData>", rows + "</sheetData>")
        return xml[: len(xml) // 2] if truncate else xml

    _within_budget("s.xlsx", replace_sheet_xml(base, change), vocabulary)


def test_zip_bomb_part_is_refused_from_the_directory(vocabulary):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/styles.xml", b" " * (LIMITS.other_part_bytes + 1))
    _, problems = _within_budget("bomb.xlsx", buffer.getvalue(), vocabulary)
    assert len(problems) == 1 and "unpacked" in problems[0].expected
