"""Country codes and the names shown to readers."""

from __future__ import annotations

from functools import cache, lru_cache

import pycountry

# pycountry's official names are long ("Tanzania, United Republic of"); readers expect the short forms.
SHORT_NAMES = {
    "BOL": "Bolivia",
    "CIV": "Côte d'Ivoire",
    "COD": "DR Congo",
    "COG": "Congo",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SYR": "Syria",
    "TUR": "Türkiye",
    "TZA": "Tanzania",
    "USA": "United States",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
    "XKX": "Kosovo",
}

# Kosovo has no ISO 3166-1 code; XKX is the user-assigned code used by the World Bank and the EU.
EXTRA_CODES = {"XKX"}


@cache
def is_iso3(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code (upper case), or one of the documented extra codes."""
    if not isinstance(code, str) or len(code) != 3 or not code.isupper():
        return False
    return code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None


@cache
def country_name(code: str) -> str:
    """Short English name for an alpha-3 code; the code itself if it is unknown."""
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_3=code) if isinstance(code, str) else None
    if country is None:
        return str(code)
    return getattr(country, "common_name", None) or country.name


WHO_REGION_NAMES = {
    "AFR": "African Region",
    "AMR": "Region of the Americas",
    "SEAR": "South-East Asia Region",
    "EUR": "European Region",
    "EMR": "Eastern Mediterranean Region",
    "WPR": "Western Pacific Region",
}


@lru_cache(maxsize=1)
def _who_regions() -> dict[str, str]:
    from components.evidence import read_checked_frame  # the loader itself uses this module's codes

    regions = read_checked_frame("who_regions")
    return dict(zip(regions["iso3"], regions["who_region"], strict=True))


def who_region(iso3: str) -> str:
    """The WHO region code of a country (data/who_regions.csv), or '' when the file does not list it."""
    return _who_regions().get(iso3, "")
