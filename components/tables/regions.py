"""The WHO region of each country, from data/who_regions.csv (checked against its schema)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _who_regions() -> dict[str, str]:
    from components.tables.csv_reader import read_checked_frame

    regions = read_checked_frame("who_regions")
    return dict(zip(regions["iso3"], regions["who_region"], strict=True))


def who_region(iso3: str) -> str:
    """The WHO region code of a country (data/who_regions.csv), or '' when the file does not list it."""
    return _who_regions().get(iso3, "")
