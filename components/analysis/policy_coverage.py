"""How far the evidence base answers each policy option, and what the implementation records found."""

from __future__ import annotations

import pandas as pd

from components.analysis.aggregations import shared_rank
from components.core.i18n import localized_frame
from components.tables.evidence import EvidenceBase
from components.tables.policy import FINDINGS
from components.tables.regions import who_region


def option_coverage(evidence: EvidenceBase, options: pd.DataFrame) -> pd.DataFrame:
    """Per option: studies reporting at least one driver it addresses, out of n, ranked by share.

    Reasons-to-stay codes count too: an option that reinforces a reason to stay answers that evidence.
    """
    n = evidence.n_studies
    by_driver = evidence.driver.groupby("driver")["study_id"].agg(set)
    options = localized_frame(options)
    rows = []
    for option in options.itertuples():
        ids: set[str] = set()
        for code in option.drivers:
            ids |= by_driver.get(code, set())
        rows.append(
            {
                "option_id": option.option_id,
                "order": option.order,
                "title": option.title,
                "short_title": option.short_title,
                "chapter": option.chapter,
                "drivers": option.drivers,
                "studies": len(ids),
                "n": n,
                "share": len(ids) / n if n else 0.0,
            }
        )
    table = pd.DataFrame(rows)
    table = table.sort_values(["share", "order"], ascending=[False, True]).reset_index(drop=True)
    table["rank"] = shared_rank(table["studies"])
    return table


def records_for(records: pd.DataFrame, option_id: str | None = None, countries: set[str] | None = None):
    """Implementation records of one option (or all), optionally only those naming one of ``countries``."""
    part = records if option_id is None else records[records["option_id"] == option_id]
    if countries is not None:
        part = part[part["countries"].map(lambda cs: bool(set(cs) & countries))]
    return part.reset_index(drop=True)


def evidence_summary(records: pd.DataFrame, options: pd.DataFrame) -> pd.DataFrame:
    """Per option: records, countries named, and records per finding."""
    rows = []
    for option in options.itertuples():
        part = records_for(records, option.option_id)
        countries = {c for cs in part["countries"] for c in cs if c != "global"}
        row = {"option_id": option.option_id, "records": len(part), "countries": len(countries)}
        row |= {finding: int((part["finding"] == finding).sum()) for finding in FINDINGS}
        rows.append(row)
    return pd.DataFrame(rows)


def records_near(
    records: pd.DataFrame, country: str, option_id: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    """The records naming ``country`` (of one option, or all), the other records naming a country of its WHO region,
    and that region's code (None when the country has none: then no neighbours)."""
    here = records_for(records, option_id, {country})
    region = who_region(country)
    if not region:
        return here, records.iloc[0:0], None
    neighbours = {c for cs in records["countries"] for c in cs if c != country and who_region(c) == region}
    nearby = records_for(records, option_id, neighbours)
    return here, nearby[~nearby["record_id"].isin(here["record_id"])].reset_index(drop=True), region
