"""Reading CSV text into rows of stripped strings (nothing evaluated or converted), and reading one resource's
file from the data folder checked against its schema."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from components.core.paths import DATA_DIR
from components.tables.problems import EvidenceError, Problem
from components.tables.schema import References, column_values, file_name
from components.tables.validation import check_table

# The longest cell any CSV of the atlas may hold, bundled or uploaded. The csv module's limit is process-wide, so it
# is set once, here, for every reader in the app; a longer field stops the reader at that length (memory stays
# bounded) and is reported as a problem, never as a crash.
MAX_FIELD_CHARS = 10_000


csv.field_size_limit(MAX_FIELD_CHARS)


def csv_problem(error: csv.Error, file: str, line: int, field_limit: int = MAX_FIELD_CHARS) -> Problem:
    """One clear problem for a CSV the csv module cannot read (``line``: where the failing record starts)."""
    from components.core.i18n import _, number

    message = str(error)
    if "field larger than field limit" in message:
        return Problem(
            file,
            line,
            _("(cell)"),
            _("a cell longer than {n} characters").format(n=number(field_limit)),
            _("cells of at most {n} characters (the limit for any cell)").format(n=number(field_limit)),
        )
    if "unexpected end of data" in message:
        return Problem(
            file,
            line,
            _("(quote)"),
            _('a quote (") opened here is never closed'),
            _('every quoted cell closed by a second quote (write "" for a quote inside a cell)'),
        )
    if "expected after" in message:
        return Problem(
            file,
            line,
            _("(quote)"),
            _("text right after a closing quote (or a quote opened earlier and never closed)"),
            _('a comma or the end of the line after a quoted cell (write "" for a quote inside a cell)'),
        )
    return Problem(file, line, _("(file)"), message, _("well-formed CSV"))


def iter_csv_records(text: str, file: str):
    """Yield (line where the record starts, list of cells) for each non-blank record; raise EvidenceError on a
    malformed CSV (unclosed quote, cell over the field limit) with one problem saying which and where."""
    reader = csv.reader(io.StringIO(text), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise EvidenceError([csv_problem(exc, file, start)]) from None
        if record:
            yield start, record


def record_rows(header: list[str], records, lines: list[int] | None = None) -> list[dict[str, str]]:
    """Rows of stripped strings keyed by header; surplus cells are kept under ``__extra__`` and the CSV line each
    record starts on (when ``lines`` are given) under ``__line__``, for the validator's messages."""
    rows = []
    for position, record in enumerate(records):
        row = {}
        for i, key in enumerate(header):
            if key and key not in row:
                row[key] = record[i].strip() if i < len(record) else ""
        extra = [v for v in record[len(header) :] if v.strip()]
        if extra:
            row["__extra__"] = ";".join(extra)
        if lines is not None:
            row["__line__"] = lines[position]
        rows.append(row)
    return rows


def read_csv_text(text: str, file: str) -> tuple[list[str], list[dict[str, str]]]:
    """Parse CSV text into a header and rows of stripped strings (nothing is evaluated or converted).

    Raises EvidenceError for a CSV that cannot be read (an unclosed quote, a cell over ``MAX_FIELD_CHARS``)."""
    numbered = list(iter_csv_records(text, file))
    if not numbered:
        return [], []
    header = [h.strip() for h in numbered[0][1]]
    body = numbered[1:]
    return header, record_rows(header, [record for _, record in body], [line for line, _ in body])


def read_table(
    name: str, data_dir: Path = DATA_DIR, references: References | None = None
) -> tuple[list[str], list[dict[str, str]], list[Problem]]:
    """Read the file of resource ``name`` from ``data_dir`` and check it against its schema in datapackage.json:
    (header, rows, problems). A missing file is one problem; a file that cannot be parsed as CSV is one problem."""
    file = file_name(name)
    path = Path(data_dir) / file
    if not path.exists():
        return [], [], [Problem(file, None, "(file)", file, "the file to exist in data/")]
    try:
        header, rows = read_csv_text(path.read_text(encoding="utf-8"), file)
    except EvidenceError as exc:
        return [], [], list(exc.problems)
    except UnicodeDecodeError as exc:
        return [], [], [Problem(file, None, "(file)", f"byte {exc.start} is not UTF-8", "a CSV saved as UTF-8")]
    return header, rows, check_table(name, header, rows, with_code_lists(references, data_dir), file)


# The vocabularies whose codes are read from their own files in the data folder, wherever a schema refers to them
# (drivers and cadres, which the loader keeps as frames, come through the caller's references).
CODE_LISTS = ("statuses", "designs", "coded_from", "driver_groups", "exclusion_reasons", "who_region_names")


def with_code_lists(references: References | None, data_dir: Path) -> References:
    def lookup(resource: str, column: str):
        known = references(resource, column) if references else None
        if known is None and resource in CODE_LISTS:
            known = column_values(resource, column, data_dir)
        return known

    return lookup


def read_checked_frame(name: str, data_dir: Path = DATA_DIR, references: References | None = None):
    """The file of resource ``name`` as a frame of strings, or EvidenceError listing every breach of its schema."""
    header, rows, problems = read_table(name, data_dir, references)
    if problems:
        raise EvidenceError(problems)
    return pd.DataFrame(rows, columns=header)
