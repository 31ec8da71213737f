"""The hostile files of issue 14, built in memory (a few MB of XML at most, zipped to kilobytes)."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl

from components.core.paths import DATA_DIR
from components.tables.evidence import STUDY_COLUMNS

VALID_CSV = (DATA_DIR / "studies.csv").read_bytes()


def valid_csv(n: int = 5) -> bytes:
    lines = VALID_CSV.decode("utf-8").splitlines()
    return ("\n".join(lines[: n + 1]) + "\n").encode("utf-8")


def valid_records(n: int = 5) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(valid_csv(n).decode("utf-8"))))


def workbook_bytes(records: list[list], edit=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for record in records:
        sheet.append(record)
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replace_sheet_xml(xlsx: bytes, change) -> bytes:
    """Rewrite xl/worksheets/sheet1.xml of a workbook with ``change(xml_text) -> xml_text`` (maximum compression)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, data)
    return out.getvalue()


def inflated_xlsx(target_mb: float = 27) -> bytes:
    """A valid header and 5 studies, then ~27 MB of one-cell rows: about 72 KB once zipped (issue 14, defect 1)."""
    base = workbook_bytes(valid_records(5))
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    filler = row * int(target_mb * 1e6 / len(row))

    def change(xml: str) -> str:
        xml = re.sub(r"<dimension [^>]*/>", "", xml)
        return xml.replace("</sheetData>", filler + "</sheetData>")

    return replace_sheet_xml(base, change)


def dimension_claim_xlsx() -> bytes:
    """A few KB: <dimension ref="A1:XFD20000"/> and one cell in row 20000 (issue 14, defect 1)."""
    base = workbook_bytes([list(STUDY_COLUMNS)])

    def change(xml: str) -> str:
        xml = re.sub(r"<dimension [^>]*/>", '<dimension ref="A1:XFD20000"/>', xml)
        return xml.replace(
            "</sheetData>", '<row r="20000"><c r="XFD20000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )

    return replace_sheet_xml(base, change)


def long_field_csv(chars: int = 200_000) -> bytes:
    """One valid study whose coding_note has 200,000 characters (issue 14, defect 2)."""
    records = valid_records(1)
    header = records[0]
    row = records[1] + [""] * (len(header) - len(records[1]))
    row[header.index("coding_note")] = "n" * chars
    return (",".join(header) + "\n" + ",".join(row) + "\n").encode("utf-8")
