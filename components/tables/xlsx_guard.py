"""Reading the first sheet of an uploaded XLSX without letting it spend memory: every zip member is checked
against a cap on its unpacked size before it is read, the sheet is streamed with openpyxl's read-only worksheet
parser (its ``<dimension>`` claim never used), and no run of the sheet's XML between two rows may exceed
``LIMITS.row_xml_bytes``. Formulas come back as their text ('=...'), never evaluated."""

from __future__ import annotations

import io
import zipfile

from components.core.i18n import _, number
from components.tables.upload_limits import BLANK_ROW_ALLOWANCE, Limits, Tally, limit_exceeded


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
            raise limit_exceeded(
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
            raise limit_exceeded(
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
                raise limit_exceeded(
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


def xlsx_records(data: bytes, file: str, limits: Limits) -> list[list[str]]:
    from openpyxl.worksheet._reader import WorkSheetParser  # the parser of openpyxl's read-only worksheets

    _check_zip(data, file, limits)
    book, shared_strings, raw, archive = _first_sheet_source(data)
    try:
        if raw is None:
            return []
        tally = Tally(file, limits)
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
                text = _cell_text(cell["value"])
                tally.text(len(text), row_number)  # as expanded: a shared string counts at every reference
                text = text.strip()
                if not text:
                    continue
                if cell["column"] > limits.columns:
                    raise limit_exceeded(
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
                raise limit_exceeded(
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
