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

import io
import zipfile
from dataclasses import dataclass, replace

from components.evidence import (
    MAX_FIELD_CHARS,
    EvidenceBase,
    EvidenceError,
    Problem,
    ProblemList,
    Vocabulary,
    build_evidence,
    iter_csv_records,
    record_rows,
    validate_studies,
)
from components.i18n import _, number

# The one upload limit people see, in MB as browsers count them (1 MB = 1,000,000 bytes). The upload widget shows
# and enforces it in the browser; the server's transport cap (server.maxUploadSize in .streamlit/config.toml, in
# MiB) sits above it so every file a browser lets through reaches parse_upload, which refuses anything larger with
# a clear message rather than an HTTP 413 nobody sees.
UPLOAD_LIMIT_MB = 5
MAX_UPLOAD_BYTES = UPLOAD_LIMIT_MB * 1_000_000


def _megabytes(size: int) -> str:
    """A size in MB with one decimal, in the language's number format (5.2 / 5,2)."""
    from babel.numbers import format_decimal

    from components.i18n import NUMBER_LOCALES, current_language

    if current_language() == "en":
        return f"{size / 1e6:.1f}"  # exactly as the atlas has always written it
    return format_decimal(size / 1e6, format="0.0", locale=NUMBER_LOCALES[current_language()])


def upload_help() -> str:
    """The upload box's help text, in the language in use."""
    return _(
        "CSV (UTF-8) or XLSX, at most {mb} MB ({bytes} bytes), "
        "up to {rows} studies (rows) and {columns} columns; no cell over {chars} characters."
    ).format(mb=UPLOAD_LIMIT_MB, bytes=number(MAX_UPLOAD_BYTES), rows=number(5000), columns=50, chars=number(10_000))


ACCEPTED_TYPES = ("csv", "xlsx")


@dataclass(frozen=True)
class Limits:
    rows: int = 5_000  # data rows (studies) after the header
    columns: int = 50
    cells: int = 100_000  # every cell read, empty or not (XLSX: every row and cell element)
    field_chars: int = MAX_FIELD_CHARS
    problems: int = 50  # problems listed; the rest are counted
    problem_value_chars: int = 200  # a listed problem shows at most this much of the offending value
    # XLSX: unpacked size of the parts that are read, and of the sheet XML between two rows.
    sheet_xml_bytes: int = 64 * 1024 * 1024
    shared_strings_bytes: int = 16 * 1024 * 1024
    other_part_bytes: int = 4 * 1024 * 1024
    zip_members: int = 500
    row_xml_bytes: int = 2 * 1024 * 1024


LIMITS = Limits()
# An XLSX may have a few blank rows between studies; values further down than this below the row limit are refused.
BLANK_ROW_ALLOWANCE = 1_000


class _LimitExceeded(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _limit(file: str, line: int | None, column: str, value: str, expected: str) -> _LimitExceeded:
    return _LimitExceeded(Problem(file, line, column, value, expected))


class _Tally:
    """Counts what a reader has taken in and raises at the first breach of a limit."""

    def __init__(self, file: str, limits: Limits):
        self.file, self.limits = file, limits
        self.cells = 0
        self.data_rows = 0

    def cell_count(self, n: int, line: int | None) -> None:
        self.cells += n
        if self.cells > self.limits.cells:
            raise _limit(
                self.file,
                line,
                _("(file)"),
                _("more than {n} cells").format(n=number(self.limits.cells)),
                _("at most {n} cells in the file (the cell limit)").format(n=number(self.limits.cells)),
            )

    def row(self, width: int, line: int | None, header: bool) -> None:
        if width > self.limits.columns:
            raise _limit(
                self.file,
                line,
                _("(row)"),
                _("{n} columns").format(n=number(width)),
                _("at most {n} columns (the column limit)").format(n=self.limits.columns),
            )
        if not header:
            self.data_rows += 1
            if self.data_rows > self.limits.rows:
                raise _limit(
                    self.file,
                    line,
                    _("(file)"),
                    _("more than {n} rows of studies").format(n=number(self.limits.rows)),
                    _("at most {n} studies (rows) in one file (the row limit)").format(n=number(self.limits.rows)),
                )

    def field(self, value: str, line: int | None, column: str) -> None:
        if len(value) > self.limits.field_chars:
            raise _limit(
                self.file,
                line,
                column,
                _("a cell of {n} characters").format(n=number(len(value))),
                _("cells of at most {n} characters (the limit for any cell)").format(n=number(self.limits.field_chars)),
            )


# ----------------------------------------------------------------------------------------------------------------
# CSV


def _csv_records(text: str, file: str, limits: Limits) -> list[list[str]]:
    tally = _Tally(file, limits)
    records: list[list[str]] = []
    for line, record in iter_csv_records(text, file):
        tally.cell_count(len(record), line)
        tally.row(len(record), line, header=not records)
        for value in record:
            tally.field(value, line, "(cell)")
        records.append(record)
    return records


# ----------------------------------------------------------------------------------------------------------------
# XLSX


class _GuardedSource(io.RawIOBase):
    """A zip member read in small chunks that refuses to deliver more than ``limit`` bytes between two marks."""

    def __init__(self, raw, limit: int, file: str):
        self.raw, self.limit, self.file = raw, limit, file
        self.since_mark = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = 64 * 1024 if n is None or n < 0 else min(n, 64 * 1024)
        data = self.raw.read(n)
        self.since_mark += len(data)
        if self.since_mark > self.limit:
            raise _limit(
                self.file,
                None,
                _("(file)"),
                _("more than {mb} MB of sheet XML in one row").format(mb=self.limit // 1024 // 1024),
                _("rows of at most {mb} MB of sheet XML (the row size limit)").format(mb=self.limit // 1024 // 1024),
            )
        return data

    def mark(self) -> None:
        self.since_mark = 0


def _check_zip(data: bytes, file: str, limits: Limits) -> None:
    """Refuse a workbook whose parts would unpack beyond their caps (checked from the zip directory, before
    reading; zipfile stops each member at its declared size, so the declaration cannot lie upwards)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > limits.zip_members:
            raise _limit(
                file,
                None,
                _("(file)"),
                _("{n} parts in the workbook").format(n=number(len(members))),
                _("a workbook of at most {n} parts").format(n=limits.zip_members),
            )
        for info in members:
            name = info.filename.lower()
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                cap = limits.sheet_xml_bytes
            elif name == "xl/sharedstrings.xml":
                cap = limits.shared_strings_bytes
            else:
                cap = limits.other_part_bytes
            if info.file_size > cap:
                raise _limit(
                    file,
                    None,
                    _("(file)"),
                    _("{part} unpacks to {mb} MB").format(part=info.filename, mb=number(round(info.file_size / 1e6))),
                    _("workbook parts of at most {mb} MB unpacked").format(mb=cap // 1024 // 1024),
                )


def _cell_text(value) -> str:
    """A cell value as the text a person typed; formulas (plain, shared, array, data table) as '=' + formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (str, int, float)):
        return str(value)
    text = getattr(value, "text", None)  # openpyxl ArrayFormula: text is the formula with its '='
    if isinstance(text, str):
        return text if text.startswith("=") else "=" + text
    if type(value).__name__ == "DataTableFormula":
        return "=TABLE(" + ",".join(f"{k}={v}" for k, v in dict(value).items()) + ")"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _first_sheet_source(data: bytes):
    """Open the workbook as openpyxl's read-only loader does, minus what can blow up: only the manifest, shared
    strings, workbook part and styles are read (each capped by _check_zip), no external links, and only the first
    worksheet is opened. (openpyxl's load_workbook would also scan every sheet for its <dimension>, reading a whole
    sheet that has none.) Returns the workbook, its shared strings and the first sheet's raw XML stream."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    for _sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return reader.wb, reader.shared_strings, reader.archive.open(rel.target), reader.archive
    return reader.wb, reader.shared_strings, None, reader.archive


def _xlsx_records(data: bytes, file: str, limits: Limits) -> list[list[str]]:
    from openpyxl.worksheet._reader import WorkSheetParser  # the parser of openpyxl's read-only worksheets

    _check_zip(data, file, limits)
    book, shared_strings, raw, archive = _first_sheet_source(data)
    try:
        if raw is None:
            return []
        tally = _Tally(file, limits)
        records: list[list[str]] = []
        # Rows come one at a time and the loop stops at the first breach. Row and column positions come from each
        # cell, never from <dimension>; the guard refuses more than limits.row_xml_bytes of XML between two rows.
        source = _GuardedSource(raw, limits.row_xml_bytes, file)
        parser = WorkSheetParser(
            source,
            shared_strings,
            data_only=False,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        last_row = limits.rows + 1 + BLANK_ROW_ALLOWANCE
        for row_number, cells in parser.parse():
            source.mark()
            tally.cell_count(len(cells) + 1, row_number)
            values: dict[int, str] = {}
            for cell in cells:
                text = _cell_text(cell["value"]).strip()
                if not text:
                    continue
                if cell["column"] > limits.columns:
                    raise _limit(
                        file,
                        row_number,
                        _("(row)"),
                        _("a value in column {n}").format(n=number(cell["column"])),
                        _("at most {n} columns (the column limit)").format(n=limits.columns),
                    )
                tally.field(text, row_number, "(cell)")
                values[cell["column"]] = text
            if not values:
                continue  # blank rows are skipped, as in a CSV
            if row_number > last_row:
                raise _limit(
                    file,
                    row_number,
                    _("(file)"),
                    _("a value in row {n}").format(n=number(row_number)),
                    _(
                        "at most {n} studies (rows) in one file, all within the sheet's first {last} rows "
                        "(the row limit)"
                    ).format(n=number(limits.rows), last=number(last_row)),
                )
            width = max(values)
            tally.row(width, row_number, header=not records)
            records.append([values.get(i, "") for i in range(1, width + 1)])
        return records
    finally:
        if raw is not None:
            raw.close()
        archive.close()


# ----------------------------------------------------------------------------------------------------------------


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
                    _("{mb} MB ({bytes} bytes)").format(mb=_megabytes(len(data)), bytes=number(len(data))),
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
    except _LimitExceeded as exc:
        return None, _reject([exc.problem], name, limits)
    except EvidenceError as exc:
        return None, _reject(exc.problems, name, limits)
    if isinstance(records, Problem):
        return None, _reject([records], name, limits)
    header = [h.strip() for h in records[0]] if records else []
    rows = record_rows(header, records[1:])
    del records
    problems = validate_studies(header, rows, vocabulary, name, max_problems=limits.problems)
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
        return _xlsx_records(data, name, limits)
    except _LimitExceeded:
        raise
    except Exception as exc:
        return Problem(name, None, _("(file)"), type(exc).__name__, _("a readable .xlsx workbook"))


def problem_count(problems: list[Problem]) -> int:
    """How many problems a rejected file had: the listed ones plus those counted on the '(more)' line."""
    listed = [p for p in problems if p.column != "(more)"]
    more = [p for p in problems if p.column == "(more)"]
    extra = int(more[0].value.split()[0].replace(",", "")) if more else 0
    return len(listed) + extra
