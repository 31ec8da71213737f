"""PRISMA 2020 flow (updated-review form) of the evidence base, counted from the data files alone.

Previous version: the studies of search round v1 (no search log was kept for it). This version: the searches in
data/search_log.csv (purpose "studies") → records assessed (every record assessed has a row in studies.csv with
added_in = v2 or in excluded_studies.csv with search_round v2*) → excluded with reasons → new studies included.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import contract
from components.evidence import DATA_DIR, read_checked_frame

REASON_LABELS = contract.labelled(
    "excluded_studies",
    "reason_category",
    {
        "bibliographic_not_readable": "Author, year or title not printed on the page",
        "design_or_reasons_not_readable": "Design or reasons not readable on the page",
        "not_primary_or_no_reasons": "Not a primary study of reasons for migrating",
        "not_emigration": "Job turnover or moves within a country, not emigration",
        "out_of_scope": "Outside scope (population, country or years)",
        "duplicate": "Duplicate of an included study",
    },
)


@dataclass(frozen=True)
class PrismaCounts:
    previous_studies: int
    searches: int
    identified: int
    removed_before_assessment: int
    assessed: int
    excluded: int
    excluded_by_reason: dict[str, int]
    new_studies: int
    total_studies: int


def read_prisma_inputs(data_dir=DATA_DIR) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """studies.csv (checked in full by the evidence loader), excluded_studies.csv and search_log.csv, the last two
    checked against their schemas."""
    studies = pd.read_csv(data_dir / "studies.csv", dtype=str, keep_default_na=False)
    return studies, read_checked_frame("excluded_studies", data_dir), read_checked_frame("search_log", data_dir)


def prisma_counts(studies: pd.DataFrame, excluded: pd.DataFrame, search_log: pd.DataFrame) -> PrismaCounts:
    searches = search_log[search_log["purpose"] == "studies"]
    identified = int(pd.to_numeric(searches["hits"], errors="coerce").fillna(0).sum())
    added = studies.get("added_in", pd.Series("v1", index=studies.index))
    new_studies = int((added == "v2").sum())
    excluded_now = excluded[excluded["search_round"].str.startswith("v2")]
    by_reason = excluded_now["reason_category"].value_counts()
    assessed = len(excluded_now) + new_studies
    return PrismaCounts(
        previous_studies=int((added != "v2").sum()),
        searches=len(searches),
        identified=identified,
        removed_before_assessment=identified - assessed,
        assessed=assessed,
        excluded=len(excluded_now),
        excluded_by_reason={code: int(by_reason.get(code, 0)) for code in REASON_LABELS if by_reason.get(code, 0)},
        new_studies=new_studies,
        total_studies=len(studies),
    )


_BOX = (
    "border:1.5px solid #1b6ca8;background:#f3f7fb;border-radius:6px;padding:.5rem .7rem;text-align:center;"
    "font-size:.92rem;line-height:1.35"
)
_ARROW = "text-align:center;color:#444;font-size:1.1rem;line-height:1"


def prisma_html(counts: PrismaCounts) -> str:
    """The PRISMA 2020 flow (updated-review form) as plain HTML boxes: readable by screen readers, printable, and
    drawn without loading a charting library."""

    def box(title: str, body: str, extra: str = "") -> str:
        return f"<div role='group' aria-label='{title}' style='{_BOX}{extra}'><b>{title}</b><br>{body}</div>"

    reasons = "<br>".join(f"{REASON_LABELS[k]}: {v:,}" for k, v in counts.excluded_by_reason.items())
    return (
        "<figure style='margin:0' aria-label='PRISMA 2020 flow of the evidence base'>"
        "<div style='display:grid;grid-template-columns:1fr 1.2fr 1.2fr;gap:.5rem 1rem;align-items:stretch'>"
        + box("Previous version", f"Studies included: {counts.previous_studies:,}")
        + box(
            "Identification",
            f"{counts.searches:,} logged searches of stored public pages<br>Records returned: {counts.identified:,}",
        )
        + box(
            "Removed before assessment",
            f"Duplicates, mirrors, studies already included, off-topic titles: {counts.removed_before_assessment:,}",
        )
        + f"<div></div><div style='{_ARROW}'>↓</div><div></div>"
        + "<div></div>"
        + box("Assessed for eligibility", f"Records assessed: {counts.assessed:,}")
        + box(f"Excluded with reasons: {counts.excluded:,}", reasons, ";text-align:left")
        + f"<div></div><div style='{_ARROW}'>↓</div><div></div>"
        + "<div></div>"
        + box("New studies included", f"{counts.new_studies:,}")
        + "<div></div>"
        + f"<div style='{_ARROW}'>↓</div><div style='{_ARROW}'>↓</div><div></div>"
        + box(
            "Total studies in the atlas",
            f"{counts.previous_studies:,} previous + {counts.new_studies:,} new = {counts.total_studies:,}",
            ";grid-column:1 / span 2",
        )
        + "</div><figcaption style='font-size:.85rem;color:#555;margin-top:.4rem'>PRISMA 2020 flow (updated "
        "review), counted from data/search_log.csv, data/excluded_studies.csv and data/studies.csv.</figcaption>"
        "</figure>"
    )
