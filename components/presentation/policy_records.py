"""Policy records as readers take them away: where and when, what was done, what was measured and found, the type
of evidence, what the coder read and the source, as a table for the page and the story file, and as HTML for the
handout and the country brief."""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd

from components.core.countries import country_name
from components.core.i18n import _, localized_frame
from components.presentation.exports import escape_html
from components.tables.policy import EVIDENCE_STRENGTH, EVIDENCE_TYPES, FINDINGS, RECORD_CODED_FROM, coded_label

NO_YEARS = "–"  # a record whose source gives no years shows a dash: missing, never a guessed year


def SOURCE_COLUMN() -> str:  # the name of a column, looked up by the page's column config
    return _("Source")


def MEASURED_COLUMN() -> str:
    return _("What was measured")


def where(countries: tuple[str, ...]) -> str:
    return _("Global") if countries == ("global",) else ", ".join(map(country_name, countries))


def ranked_records(records: pd.DataFrame) -> pd.DataFrame:
    """Strongest evidence first (EVIDENCE_STRENGTH), then the most informative finding, then the record id."""
    strength = {t: i for i, t in enumerate(EVIDENCE_STRENGTH)}
    findings = {f: i for i, f in enumerate(FINDINGS)}
    keys = records.assign(_strength=records["evidence_type"].map(strength), _finding=records["finding"].map(findings))
    return keys.sort_values(["_strength", "_finding", "record_id"]).drop(columns=["_strength", "_finding"])


def records_table(records: pd.DataFrame, compact: bool = False) -> pd.DataFrame:
    """The records as a reader's table, in the order given. ``compact`` (a projector) leaves out what was done and
    what the coder read, keeping what was measured and found. The finding and its kind of evidence come right after
    the place: on a laptop the long text columns push the others out of view."""
    part = localized_frame(records)
    table = {
        _("Where"): part["countries"].map(where),
        _("Finding"): part["finding"].map(lambda f: coded_label(FINDINGS, f)),
        _("Evidence"): part["evidence_type"].map(lambda t: coded_label(EVIDENCE_TYPES, t)),
        _("Years"): part["years"].map(lambda y: y or NO_YEARS),
        _("What was done"): part["what_was_done"],
        MEASURED_COLUMN(): part["outcome_measured"],
        _("Read from"): part["coded_from"].map(lambda c: coded_label(RECORD_CODED_FROM, c)),
        SOURCE_COLUMN(): part["source_url"],
    }
    if compact:
        del table[_("What was done")], table[_("Read from")]
    return pd.DataFrame(table).reset_index(drop=True)


def source_host(url: str) -> str:
    """What a printed page shows of a link: its site (the full address stays in the link)."""
    host = urlparse(url).netloc
    return host.removeprefix("www.") or url


def records_html(records: pd.DataFrame, with_option: dict[str, str] | None = None) -> str:
    """The records as one compact HTML table (handout, country brief): each row says where and when, what was done,
    what was measured and found, the type of evidence and what the coder read, and links to the source.
    ``with_option`` (option id -> title) adds the option each record belongs to."""
    part = localized_frame(records)
    head = [
        _("Where, years") if with_option is None else _("Option: where, years"),
        _("What was done → what was measured: finding"),
        _("Evidence"),
        _("Source"),
    ]
    rows = []
    for r in part.itertuples():
        cells = [
            f"{escape_html(where(r.countries))}, {escape_html(r.years or NO_YEARS)}",
            f"{escape_html(r.what_was_done)} → {escape_html(r.outcome_measured)}: "
            f"<b>{escape_html(coded_label(FINDINGS, r.finding))}</b>",
            f"{escape_html(coded_label(EVIDENCE_TYPES, r.evidence_type))} "
            f"<span class='muted'>({escape_html(coded_label(RECORD_CODED_FROM, r.coded_from))})</span>",
            f'<a href="{escape_html(r.source_url)}">{escape_html(source_host(r.source_url))}</a>',
        ]
        if with_option is not None:
            cells[0] = f"<b>{escape_html(with_option.get(r.option_id, r.option_id))}</b>: {cells[0]}"
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = "".join(f"<th>{escape_html(h)}</th>" for h in head)
    return f"<table class='records'><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
