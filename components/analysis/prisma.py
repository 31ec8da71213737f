"""PRISMA 2020 counts of the evidence base (updated-review form), from studies.csv, excluded.csv and the
search log."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.core.paths import DATA_DIR
from components.tables.csv_reader import read_checked_frame
from components.tables.schema import labelled

REASON_LABELS = labelled(
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
    round: str = "v2"


def read_prisma_inputs(data_dir=DATA_DIR) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """studies.csv (checked in full by the evidence loader), excluded_studies.csv and search_log.csv, the last two
    checked against their schemas."""
    studies = pd.read_csv(data_dir / "studies.csv", dtype=str, keep_default_na=False)
    return studies, read_checked_frame("excluded_studies", data_dir), read_checked_frame("search_log", data_dir)


def _round_number(code: str) -> int:
    """3 for 'v3' or 'v3_before_2000'; 0 for anything else."""
    head = code.split("_", 1)[0]
    return int(head[1:]) if head[:1] == "v" and head[1:].isdigit() else 0


def latest_round(studies: pd.DataFrame) -> str:
    """The newest search round that added studies (v1, v2, v3 ...): the PRISMA flow shows that round as the update."""
    added = studies.get("added_in", pd.Series("v1", index=studies.index))
    return f"v{max([_round_number(code) for code in added] + [1])}"


def _batch_round(batch: str) -> int:
    """A search batch belongs to the round its name starts with (v3_...); the log began in round 2 without prefixes."""
    return _round_number(batch) or 2


def prisma_counts(studies: pd.DataFrame, excluded: pd.DataFrame, search_log: pd.DataFrame) -> PrismaCounts:
    round_code = latest_round(studies)
    round_number = _round_number(round_code)
    in_round = search_log["batch"].map(_batch_round) == round_number
    searches = search_log[(search_log["purpose"] == "studies") & in_round]
    identified = int(pd.to_numeric(searches["hits"], errors="coerce").fillna(0).sum())
    added = studies.get("added_in", pd.Series("v1", index=studies.index))
    new_studies = int((added == round_code).sum())
    excluded_now = excluded[excluded["search_round"].map(_round_number) == round_number]
    by_reason = excluded_now["reason_category"].value_counts()
    assessed = len(excluded_now) + new_studies
    return PrismaCounts(
        previous_studies=int((added != round_code).sum()),
        searches=len(searches),
        identified=identified,
        removed_before_assessment=identified - assessed,
        assessed=assessed,
        excluded=len(excluded_now),
        excluded_by_reason={code: int(by_reason.get(code, 0)) for code in REASON_LABELS if by_reason.get(code, 0)},
        new_studies=new_studies,
        total_studies=len(studies),
        round=round_code,
    )
