"""Bring-your-own extraction: turn an uploaded CSV or XLSX into an evidence base, or a list of problems.

Nothing here touches the disk: the upload is parsed from memory and the result lives only in the caller's
session. Formulas are never evaluated: an XLSX is read with its stored formulas as plain text, which the study
validator then rejects.

Limits are enforced while reading, before memory is spent: the reader stops at the first row, column, cell or
field beyond ``LIMITS`` and the file is refused with one problem naming the limit. An XLSX is streamed with
openpyxl's read-only worksheet parser; its ``<dimension>`` claim is never used, every zip member is checked
against a cap on its unpacked size before it is read, and no run of the sheet's XML between two rows may exceed
``LIMITS.row_xml_bytes``. After a rejection nothing is kept but the (short) problems.
"""

from __future__ import annotations

from dataclasses import replace

from components.core.i18n import _, number
from components.tables.csv_reader import iter_csv_records, record_rows
from components.tables.evidence import EvidenceBase, build_evidence, validate_studies
from components.tables.problems import EvidenceError, Problem, ProblemList
from components.tables.upload_limits import (
    ACCEPTED_TYPES,
    LIMITS,
    MAX_UPLOAD_BYTES,
    UPLOAD_LIMIT_MB,
    LimitExceeded,
    Limits,
    Tally,
    megabytes,
    study_breadth_problems,
)
from components.tables.vocabularies import Vocabulary
from components.tables.xlsx_guard import xlsx_records


def _csv_records(text: str, file: str, limits: Limits) -> list[list[str]]:
    tally = Tally(file, limits)
    records: list[list[str]] = []
    for line, record in iter_csv_records(text, file):
        tally.cell_count(len(record), line)
        tally.row(len(record), line, header=not records)
        for value in record:
            tally.field(value, line, "(cell)")
            tally.text(len(value), line)
        records.append(record)
    return records


def _short(problem: Problem, limits: Limits) -> Problem:
    value = problem.value
    if len(value) > limits.problem_value_chars:
        value = value[: limits.problem_value_chars] + _("… ({n} characters)").format(n=number(len(problem.value)))
    return replace(problem, value=value)


def _reject(problems, name: str, limits: Limits) -> ProblemList:
    """At most ``limits.problems`` short problems, plus one line counting the rest."""
    kept = ProblemList()
    for problem in list(problems)[: limits.problems]:
        kept.append(_short(problem, limits))
    omitted = getattr(problems, "total", len(problems)) - len(kept)
    if omitted > 0:
        kept.append(
            Problem(
                name,
                None,
                _("(more)"),
                _("{n} more problem(s) not listed").format(n=number(omitted)),
                _("only the first {n} problems are listed: fix these and upload again").format(n=limits.problems),
            )
        )
    kept.omitted = max(omitted - 1, 0) if omitted > 0 else 0
    return kept


def parse_upload(
    name: str, data: bytes, vocabulary: Vocabulary, limits: Limits = LIMITS
) -> tuple[EvidenceBase | None, list[Problem]]:
    """Validate an uploaded studies file against the contract and build an evidence base from it.

    On rejection the problems come back as a ``ProblemList`` of at most ``limits.problems`` entries plus one
    counting the rest; nothing else of the file is kept.
    """
    name = name or "upload"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(data) > MAX_UPLOAD_BYTES:
        return None, _reject(
            [
                Problem(
                    name,
                    None,
                    _("(file)"),
                    _("{mb} MB ({bytes} bytes)").format(mb=megabytes(len(data)), bytes=number(len(data))),
                    _("a file of at most {mb} MB ({bytes} bytes)").format(
                        mb=UPLOAD_LIMIT_MB, bytes=number(MAX_UPLOAD_BYTES)
                    ),
                )
            ],
            name,
            limits,
        )
    if not data.strip():
        return None, _reject(
            [Problem(name, None, _("(file)"), _("empty file"), _("a header row and at least one study"))], name, limits
        )
    if extension not in ACCEPTED_TYPES:
        shown = f".{extension}" if extension else _("no extension")
        return None, _reject([Problem(name, None, _("(file)"), shown, _("a .csv or .xlsx file"))], name, limits)
    try:
        records = _read_xlsx(data, name, limits) if extension == "xlsx" else _read_csv(data, name, limits)
    except LimitExceeded as exc:
        return None, _reject([exc.problem], name, limits)
    except EvidenceError as exc:
        return None, _reject(exc.problems, name, limits)
    if isinstance(records, Problem):
        return None, _reject([records], name, limits)
    header = [h.strip() for h in records[0]] if records else []
    rows = record_rows(header, records[1:])
    del records
    problems = validate_studies(header, rows, vocabulary, name, max_problems=limits.problems)
    problems += study_breadth_problems(rows, name, limits)
    if problems:
        return None, _reject(problems, name, limits)
    return build_evidence(rows, vocabulary, origin=f"uploaded file {name}"), []


def _read_csv(data: bytes, name: str, limits: Limits) -> list[list[str]] | Problem:
    if b"\x00" in data:
        return Problem(name, None, _("(file)"), _("binary content"), _("a UTF-8 text CSV file"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(
            name, None, _("(file)"), _("byte {n} is not UTF-8").format(n=exc.start), _("a CSV saved as UTF-8")
        )
    return _csv_records(text, name, limits)


def _read_xlsx(data: bytes, name: str, limits: Limits) -> list[list[str]] | Problem:
    try:
        return xlsx_records(data, name, limits)
    except LimitExceeded:
        raise
    except Exception as exc:
        return Problem(name, None, _("(file)"), type(exc).__name__, _("a readable .xlsx workbook"))


def problem_count(problems: list[Problem]) -> int:
    """How many problems a rejected file had: the listed ones plus those counted on the '(more)' line (kept as a
    number by ``_reject``, never read back from the line's text, which is in the language of the page)."""
    return problems.total if isinstance(problems, ProblemList) else len(problems)
