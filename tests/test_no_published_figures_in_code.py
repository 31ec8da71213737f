"""No published figure typed into the app's code: every figure shown comes from a data file.

The review's figures live in data/review_reference.csv and the safeguards list in data/who_ssl_2023.csv; a page
that types "107 studies" or "55 countries" goes stale the day the data change. This test reads those files and
searches the literals (numbers and strings, f-string text included; not comments, not docstrings) of app.py,
pages/, components/ and ui/ for:

- distinctive figures: any reference value with a decimal point or of 100 or more (83.2, 107, 21593, "21,593");
- any reference value or denominator, the size of the safeguards list or its count in any WHO region, written
  next to "studies", "countries" or "records" in a string ("26 countries", "55 countries", "37 countries");
- the review's search end year (2022), as a number or inside a string.

Small integers on their own (7, 13, 25, ...) are left alone: they are too common in code to mean a figure.
"""

from __future__ import annotations

import ast
import csv
import re
from collections import Counter
from pathlib import Path

from components.core.paths import ROOT

SCANNED = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").rglob("*.py")),
    *sorted((ROOT / "components").rglob("*.py")),
    *sorted((ROOT / "ui").rglob("*.py")),
]


# A number as text: 107, 21593, 21,593, 83.2; not part of a longer number, a version (1.2.3) or an identifier.
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w]|[.,]\d)")
_COUNTED = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)\s+(studies|countries|records)\b", re.IGNORECASE)


def _rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _reference_values() -> set[float]:
    rows = _rows("review_reference.csv")
    return {float(row["value"]) for row in rows} | {float(row["denominator"]) for row in rows if row["denominator"]}


def _ssl_counts() -> set[float]:
    """The size of the safeguards list and its count per WHO region."""
    regions = Counter(row["who_region"] for row in _rows("who_ssl_2023.csv"))
    return {float(sum(regions.values()))} | {float(n) for n in regions.values()}


# The review's search end year (it searched 1970 to 2022), read from its reference row.
REVIEW_SEARCH_END = int(next(float(r["value"]) for r in _rows("review_reference.csv") if r["key"] == "search_end_year"))
REFERENCE = _reference_values()
DISTINCTIVE = {value for value in REFERENCE if value >= 100 or value != int(value)}
COUNTED = REFERENCE | _ssl_counts()


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (documentation, like comments)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                ids.add(id(first.value))
    return ids


def _as_number(digits: str, decimals: str | None) -> float:
    return float(digits.replace(",", "") + (decimals or ""))


def _string_hits(text: str) -> list[tuple[str, str]]:
    """(matched text, what) for each figure in a string."""
    hits = []
    for match in _NUMBER.finditer(text):
        value = _as_number(match.group(1), match.group(2))
        if value in DISTINCTIVE:
            hits.append((match.group(0), "published figure"))
        elif value == REVIEW_SEARCH_END and not match.group(2):
            hits.append((match.group(0), "review search end year"))
    for match in _COUNTED.finditer(text):
        value = _as_number(match.group(1), None)
        if value in COUNTED and value not in DISTINCTIVE:
            hits.append((match.group(0), "figure next to a count word"))
    return hits


def _line_of(lines: list[str], node: ast.Constant, found: str) -> int:
    """The source line of the node that holds the matched text (an implicitly joined string spans several lines)."""
    for number in range(node.lineno, (node.end_lineno or node.lineno) + 1):
        if found in lines[number - 1]:
            return number
    return node.lineno


def literal_hits(path: Path, name: str) -> list[str]:
    """'name:line: what' for every literal in the file that types a published figure."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    lines = source.splitlines()
    skip = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        value = node.value
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            if float(value) in DISTINCTIVE:
                hits.append(f"{name}:{node.lineno}: published figure {value!r}")
            elif value == REVIEW_SEARCH_END:
                hits.append(f"{name}:{node.lineno}: review search end year {value!r}")
        elif isinstance(value, str):
            hits += [f"{name}:{_line_of(lines, node, found)}: {what} {found!r}" for found, what in _string_hits(value)]
    return sorted(set(hits), key=lambda hit: (int(hit.split(":")[1]), hit))


def test_the_search_finds_figures_and_ignores_comments_and_docstrings(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""The review included 107 studies (docstring: not searched)."""\n'
        "# 107 studies in a comment: not searched\n"
        "N = 107\n"
        "TEXT = f'the review ({n} of 21,593 records)'\n"
        "SHARE = '83.2% of studies'\n"
        "LIST = 'the 55 countries of the list'\n"
        "END = ('the review searched to '\n"
        "       'August 2022')\n"
        "FINE = ('7 days', 13, 'version 1.107.2', 'id_107', 'x' * 58)\n",
        encoding="utf-8",
    )
    assert literal_hits(sample, "sample.py") == [
        "sample.py:3: published figure 107",
        "sample.py:4: published figure '21,593'",
        "sample.py:5: published figure '83.2'",
        "sample.py:6: figure next to a count word '55 countries'",
        "sample.py:8: published figure '2022'",
    ]


def _all_hits() -> list[str]:
    hits = []
    for path in SCANNED:
        hits += literal_hits(path, path.relative_to(ROOT).as_posix())
    return hits


def _without_line(hit: str) -> tuple[str, str]:
    name, _line, what = hit.split(":", 2)
    return name, what.strip()


def test_every_app_file_is_searched():
    names = {path.relative_to(ROOT).as_posix() for path in SCANNED}
    assert "app.py" in names
    assert {name.split("/")[0] for name in names} == {"app.py", "pages", "components", "ui"}


def test_no_published_figure_is_typed_into_pages_components_or_ui():
    hits = _all_hits()
    assert not hits, "published figures typed into code (read them from data/ instead):\n" + "\n".join(hits)
