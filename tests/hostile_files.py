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
    return rewrite_parts(xlsx, {"xl/worksheets/sheet1.xml": lambda data: change(data.decode("utf-8")).encode("utf-8")})


def rewrite_parts(xlsx: bytes, changes: dict, added: dict[str, bytes] | None = None) -> bytes:
    """A workbook with each part named in ``changes`` rewritten by ``changes[name](bytes) -> bytes`` and the parts
    of ``added`` appended (maximum compression)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in changes:
                data = changes[info.filename](data)
            target.writestr(info.filename, data)
        for name, data in (added or {}).items():
            target.writestr(name, data)
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


def large_valid_csv(rows: int = 5000, pad_to: int = 0) -> bytes:
    """A valid studies file of ``rows`` studies: the bundled rows over and over, each with its own id and URL (no
    DOI, which must be unique). ``pad_to``: grow each coding note so the file reaches about that many bytes."""
    import csv

    bundled = list(csv.DictReader(io.StringIO(VALID_CSV.decode("utf-8"))))
    pad = max(0, pad_to - len(VALID_CSV) * rows // len(bundled)) // rows
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(bundled[0]), lineterminator="\r\n")
    writer.writeheader()
    for i in range(rows):
        row = dict(bundled[i % len(bundled)])
        row.update(study_id=f"{row['study_id']}_{i}", doi="", url=f"https://example.org/study/{i}")
        row["coding_note"] = (row["coding_note"] + " " + "n" * pad).strip()[:9_000]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def shared_string_bomb_xlsx(rows: int = 5000, strings: int = 4, chars: int = 10_000) -> bytes:
    """Issue 25, finding 3: a valid header, then ``rows`` valid studies whose free-text cells (author, title,
    journal, note, ...) all point at one of a few ``chars``-character shared strings: about 385 KB zipped, some
    450 million characters once every reference is expanded."""
    from xml.sax.saxutils import escape

    base = workbook_bytes(valid_records(1))
    header, template = valid_records(1)
    free_text = {"first_author", "title", "journal", "coding_note", "authors", "volume", "issue", "pages", "publisher"}
    shared = [f"s{i}" + "x" * (chars - 2) for i in range(strings)]

    def cell_ref(column: int) -> str:
        letters = ""
        column += 1
        while column:
            column, rest = divmod(column - 1, 26)
            letters = chr(65 + rest) + letters
        return letters

    def inline(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>' if text else ""

    body = ['<row r="1">' + "".join(inline(f"{cell_ref(c)}1", h) for c, h in enumerate(header)) + "</row>"]
    for n in range(2, rows + 2):
        values = dict(zip(header, template, strict=True))
        values.update(study_id=f"bomb_{n}", doi="", url=f"https://example.org/bomb/{n}")
        cells = []
        for c, name in enumerate(header):
            ref = f"{cell_ref(c)}{n}"
            if name in free_text:
                cells.append(f'<c r="{ref}" t="s"><v>{(n + c) % strings}</v></c>')
            else:
                cells.append(inline(ref, values[name]))
        body.append(f'<row r="{n}">' + "".join(cells) + "</row>")
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(body)
        + "</sheetData></worksheet>"
    )
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}" '
        f'uniqueCount="{len(shared)}">' + "".join(f"<si><t>{s}</t></si>" for s in shared) + "</sst>"
    )
    shared_strings_type = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    return rewrite_parts(
        base,
        {
            "xl/worksheets/sheet1.xml": lambda _: sheet.encode("utf-8"),
            # openpyxl writes inline strings: declare the shared-strings part
            "[Content_Types].xml": lambda data: data.replace(b"</Types>", shared_strings_type),
        },
        added={"xl/sharedStrings.xml": sst.encode("utf-8")},
    )
