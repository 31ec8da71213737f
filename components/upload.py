"""Bring-your-own extraction: turn an uploaded CSV or XLSX into an evidence base, or a list of problems.

Nothing here touches the disk: the upload is parsed from memory and the result lives only in the caller's
session. Formulas are never evaluated: an XLSX is read with openpyxl's stored formulas as plain text, which the
study validator then rejects.
"""
from __future__ import annotations

import io
import zipfile

from components.evidence import (
    EvidenceBase,
    Problem,
    Vocabulary,
    build_evidence,
    read_csv_text,
    validate_studies,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ACCEPTED_TYPES = ("csv", "xlsx")


def _xlsx_rows(data: bytes, name: str) -> tuple[list[str], list[dict[str, str]]] | Problem:
    import openpyxl  # imported here: only uploads need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return Problem(name, None, "(file)", type(exc).__name__, "a readable .xlsx workbook")
    sheet = book.worksheets[0]
    values = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    values = [row for row in values if any(row)]
    if not values:
        return [], []
    header = values[0]
    rows = []
    for raw in values[1:]:
        row = {key: (raw[i] if i < len(raw) else "") for i, key in enumerate(header) if key}
        extra = [v for v in raw[len(header):] if v]
        if extra:
            row["__extra__"] = ";".join(extra)
        rows.append(row)
    return header, rows


def parse_upload(name: str, data: bytes, vocabulary: Vocabulary) -> tuple[EvidenceBase | None, list[Problem]]:
    """Validate an uploaded studies file against the contract and build an evidence base from it."""
    name = name or "upload"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(data) > MAX_UPLOAD_BYTES:
        size_mb = len(data) / 1024 / 1024
        return None, [Problem(name, None, "(file)", f"{size_mb:.1f} MB", "a file of at most 5 MB")]
    if not data.strip():
        return None, [Problem(name, None, "(file)", "empty file", "a header row and at least one study")]
    if extension not in ACCEPTED_TYPES:
        return None, [Problem(name, None, "(file)", f".{extension}" if extension else "no extension", "a .csv or .xlsx file")]
    if extension == "xlsx":
        parsed = _xlsx_rows(data, name)
        if isinstance(parsed, Problem):
            return None, [parsed]
        header, rows = parsed
    else:
        if b"\x00" in data:
            return None, [Problem(name, None, "(file)", "binary content", "a UTF-8 text CSV file")]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return None, [Problem(name, None, "(file)", f"byte {exc.start} is not UTF-8", "a CSV saved as UTF-8")]
        header, rows = read_csv_text(text, name)
    problems = validate_studies(header, rows, vocabulary, name)
    if problems:
        return None, problems
    return build_evidence(rows, vocabulary, origin=f"uploaded file {name}"), []
