"""Downloads: study tables as CSV (safe to open in a spreadsheet) and self-contained HTML handouts (BibTeX and RIS
are in citations)."""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata
from datetime import date

import pandas as pd

from components.core.countries import country_name
from components.core.i18n import N_, _, current_language, ngettext, number, percent
from components.core.labels import code_label
from components.tables.evidence import EvidenceBase
from components.tables.formats import looks_like_formula

ATLAS_NAME = N_("Health Worker Migration Atlas")
# What a chart image says it rests on, after the atlas's name and the number of studies (see chart_credit).
CHART_SOURCE = N_("source: published studies, listed on the Studies page")


def chart_credit(n_studies: int) -> str:
    """The one-line source a chart carries into a slide: 'Health Worker Migration Atlas · 58 studies · source…'."""
    studies = ngettext("{n} study", "{n} studies", n_studies).format(n=n_studies)
    return f"{_(ATLAS_NAME)} · {studies} · {_(CHART_SOURCE)}"


# A chart's source line at 12 px stays within a phone's chart (about 360 px) at this many characters a line.
CREDIT_LINE_CHARS = 56


def credit_lines(credit: str, width: int = CREDIT_LINE_CHARS) -> list[str]:
    """The source line cut into lines of at most ``width`` characters, at its " · " joins where it can and between
    words where a part is longer; a part ends with " ·" as in the line, so the lines read as the one sentence."""
    parts = credit.split(" · ")
    lines: list[str] = []
    for position, part in enumerate(parts, start=1):
        piece = part if position == len(parts) else f"{part} ·"
        if lines and lines[-1].endswith(" ·") and len(lines[-1]) + 1 + len(piece) <= width:
            lines[-1] = f"{lines[-1]} {piece}"
        else:
            lines += textwrap.wrap(piece, width, break_long_words=False, break_on_hyphens=False) or [piece]
    return lines


# The handout's and the offline story file's title (English; translated where it is used).
STORY_TITLE = N_("Policy story: health worker migration")


def neutralise_formula(value):
    """Prefix a quote to text a spreadsheet would run as a formula (CSV injection: text starting with = + - @, a
    tab or a carriage return); plain numbers such as -2 and non-text values are unchanged."""
    if looks_like_formula(value):
        return "'" + value
    return value


def FINDING_COLUMN() -> str:
    return _("Finding (one line)")


def finding_line(note: str, coded_from: str) -> str:
    """A study's one-line finding with what the coder read ('Finding (read from: Abstract): ...')."""
    return _("Finding (read from: {source}): {note}").format(source=code_label("coded_from", coded_from), note=note)


def READ_FROM_COLUMN() -> str:  # named by the Methods page (methods_text), so its sentence names a real column
    return _("Read from")


def study_table(evidence: EvidenceBase) -> pd.DataFrame:
    """The studies as readers see them: names and labels instead of codes, one row per study."""
    vocab = evidence.vocabulary
    studies = evidence.studies

    def names(codes):
        return "; ".join(country_name(c) for c in codes)

    def labels(codes, lookup):
        return "; ".join(lookup(c) for c in codes)

    return pd.DataFrame(
        {
            _("First author"): studies["first_author"],
            _("Year"): studies["year"],
            _("Title"): studies["title"],
            _("Journal"): studies["journal"],
            _("Source countries"): studies["source_countries"].map(names),
            _("Destinations"): studies["destination_countries"].map(names),
            _("Cadres"): studies["cadres"].map(lambda c: labels(c, vocab.cadre_label)),
            _("Drivers"): studies["drivers"].map(lambda c: labels(c, vocab.driver_label)),
            _("Status"): studies["migration_status"].map(lambda c: labels(c, lambda s: code_label("statuses", s))),
            _("Design"): studies["design"].map(lambda d: code_label("designs", d)),
            # Whole numbers, empty where the study gives none (never the text "None").
            _("Sample size"): pd.to_numeric(studies["sample_size"], errors="coerce").astype("Int64"),
            # The coder's one-line finding, written in English from the page named in "Read from".
            FINDING_COLUMN(): studies["coding_note"],
            READ_FROM_COLUMN(): studies["coded_from"].map(lambda c: code_label("coded_from", c)),
            _("Link"): studies["link"],
            _("Study id"): studies["study_id"],
        }
    )


def csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM so spreadsheet programs detect the encoding) with formula-like cells neutralised;
    numbers, including negative ones, stay numbers."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_formula)
    safe.columns = [neutralise_formula(str(c)) for c in safe.columns]
    # CRLF line ends (RFC 4180): the writer then quotes every cell holding a CR or LF, so a line break inside a
    # cell cannot start a new row whose first cell a spreadsheet would run.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


# ----------------------------------------------------------------------------------------------------------------
# HTML handouts

_STYLE = """
body{font-family:Arial,Helvetica,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;
line-height:1.45}
h1{font-size:1.8rem;margin-bottom:.2rem} h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #1b6ca8}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;
vertical-align:top;font-size:.92rem} th{background:#eef3f8} .muted{color:#555;font-size:.9rem}
.bar{background:#1b6ca8;height:.8rem;display:inline-block;vertical-align:middle}
.columns{display:grid;grid-template-columns:1.4fr 1fr 1fr;gap:1rem;align-items:start}
@page{size:A4;margin:9mm 10mm}
@media print{
 body{max-width:none;margin:0;padding:0;font-size:8.5pt;line-height:1.3}
 h1{font-size:14pt;margin:0 0 2pt 0} h2{font-size:10.5pt;margin:5pt 0 2pt 0;break-after:avoid}
 table{margin:2pt 0} th,td{font-size:7pt;padding:.5pt 3pt;line-height:1.15} p{margin:2pt 0}
 a{color:#1a1a1a;text-decoration:none} .muted{font-size:7.5pt}
 .columns{gap:6pt}
 tr{break-inside:avoid}
 table.records td{font-size:7pt;padding:.5pt 2.5pt;line-height:1.15}
}
"""


def escape_html(value) -> str:
    """HTML-escape any value (titles from uploaded files may hold markup)."""
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def html_table(table: pd.DataFrame, link_column: str | None = None) -> str:
    head = "".join(f"<th>{escape_html(c)}</th>" for c in table.columns)
    body = []
    for row in table.itertuples(index=False):
        cells = []
        for column, value in zip(table.columns, row, strict=True):
            if column == link_column and isinstance(value, str) and value.startswith(("http://", "https://")):
                cells.append(f'<td><a href="{escape_html(value)}">{escape_html(value)}</a></td>')
            else:
                cells.append(f"<td>{escape_html(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def html_document(title: str, sections: list[str], footer: str) -> str:
    """A self-contained HTML page (inline CSS, no scripts, no external requests)."""
    return (
        f"<!DOCTYPE html><html lang='{current_language()}'><head><meta charset='utf-8'>"
        f"<title>{escape_html(title)}</title><style>{_STYLE}</style></head><body>"
        + "".join(sections)
        + f"<p class='muted'>{footer}</p></body></html>"
    )


def share_bars(table: pd.DataFrame, label: str, studies: str = "studies", n: str = "n") -> str:
    """A text-and-bar table for shares, readable without JavaScript."""
    of, what, count, share_word = _("{k} of {n}"), _("What"), _("Studies"), _("Share")
    rows = []
    for row in table.itertuples(index=False):
        values = dict(zip(table.columns, row, strict=True))
        share = values[studies] / values[n] if values[n] else 0
        counted_text = escape_html(of.format(k=values[studies], n=values[n]))
        rows.append(
            f"<tr><td>{escape_html(values[label])}</td><td>{counted_text}</td>"
            f"<td><span class='bar' style='width:{share * 12:.2f}rem'></span> {escape_html(percent(share))}</td></tr>"
        )
    return (
        f"<table><thead><tr><th>{escape_html(what)}</th><th>{escape_html(count)}</th><th>{escape_html(share_word)}</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


def origin_label(origin: str) -> str:
    """Where the evidence in use comes from, in the language in use ('bundled', 'uploaded file studies.csv')."""
    if origin == "bundled":
        return _("bundled")
    prefix = "uploaded file "
    if origin.startswith(prefix):
        return _("uploaded file {name}").format(name=origin[len(prefix) :])
    return origin


def generated_footer(evidence: EvidenceBase, filters_text: str) -> str:
    return escape_html(
        _(
            "Generated by the {atlas} on {date} from {origin} data; selection: {selection}. "
            "Each study is linked to its source; counts are studies, not people."
        ).format(
            atlas=_(ATLAS_NAME),
            date=date.today().isoformat(),
            origin=origin_label(evidence.origin),
            selection=filters_text,
        )
    )


def file_stem(*parts: str) -> str:
    """A download's file name from what it holds: file_stem('studies', 'from Ghana · Nurses') ->
    'atlas_studies_from-ghana_nurses'. Only ASCII letters, digits, '-' and '_' survive; at most 80 characters."""
    import re

    words = []
    for part in parts:
        if not part or part in ("all studies", _("all studies")):
            continue
        text = unicodedata.normalize("NFKD", str(part)).encode("ascii", "ignore").decode().lower()
        text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
        if text:
            words.append(text)
    return ("atlas_" + "_".join(words))[:80].rstrip("-_")


def markdown_table(table: pd.DataFrame, headers: list[str]) -> str:
    """A small table as Markdown, values escaped so no cell can add markup."""

    def cell(value) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            text = ""  # missing stays blank, never 0
        elif isinstance(value, int | float) and not isinstance(value, bool):
            text = number(value)  # the language's decimal mark: 41.5 / 41,5
        else:
            text = str(value)
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines)
