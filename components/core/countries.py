"""Country codes and the names shown to readers."""

from __future__ import annotations

from functools import cache

import pycountry

from components.core.i18n import LANGUAGES, current_language, sort_key
from components.core.labels import code_label

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


def country_name(code: str) -> str:
    """Short name of an alpha-3 code in the language in use; the code itself if it is unknown."""
    return _country_name(code, current_language())


# English short names that take "the" inside a sentence ("doctors working in the United Kingdom"). French
# sentences are written so that no article is needed ("… ne porte sur ce pays : Sénégal").
NAMES_WITH_THE = frozenset({"ARE", "BHS", "CAF", "COM", "DOM", "GBR", "GMB", "MDV", "MHL", "NLD", "PHL", "SLB", "USA"})


def country_in_sentence(code: str) -> str:
    """A country's name as it reads inside a sentence: with "the" where English needs it ("the Philippines");
    the short name otherwise, and in every other language."""
    name = country_name(code)
    if current_language() == "en" and code in NAMES_WITH_THE:
        return f"the {name}"
    return name


def country_sort_key(code: str) -> str:
    """Countries sorted by their name in the language in use (accents do not count: Égypte among the E)."""
    return sort_key(country_name(code))


@cache
def _country_name(code: str, lang: str) -> str:
    english = _english_name(code)
    if lang == "en":
        return english
    names = _iso_names(lang)
    if english in names:
        return names[english]
    country = pycountry.countries.get(alpha_3=code) if isinstance(code, str) else None
    for official in (getattr(country, "common_name", None), getattr(country, "name", None)):
        if official and official in names:
            # Inverted official forms ("Russie, Fédération de") read as their first part.
            return names[official].split(", ")[0]
    return english


@cache
def _iso_names(lang: str) -> dict[str, str]:
    """pycountry's own translations of ISO 3166-1 names (English name -> name in ``lang``)."""
    import gettext

    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return {}
    # gettext has no public way to ask whether a message is in a catalogue; its compiled dict says so.
    messages = getattr(catalogue, "_catalog", {})
    return {k: v for k, v in messages.items() if isinstance(k, str) and k}


def _english_name(code: str) -> str:
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_3=code) if isinstance(code, str) else None
    if country is None:
        return str(code)
    return getattr(country, "common_name", None) or country.name


def who_region_name(code: str) -> str:
    """The name of a WHO region in the language in use (data/who_region_names.csv), or the code."""
    return code_label("who_region_names", code)


# Names people type that neither the short name nor pycountry's English and French names give (former names,
# names in other common usage, abbreviations). The search finds a country by any of them.
OTHER_NAMES = {
    "CIV": ("Ivory Coast", "Cote d'Ivoire", "Côte-d'Ivoire"),
    "COD": ("Democratic Republic of the Congo", "DRC", "Congo-Kinshasa", "Zaire", "RDC", "RD Congo"),
    "COG": ("Republic of the Congo", "Congo-Brazzaville"),
    "CZE": ("Czech Republic",),
    "GBR": ("UK", "Britain", "Great Britain", "England", "Scotland", "Wales", "Royaume-Uni", "Angleterre"),
    "KOR": ("Korea",),
    "MMR": ("Burma", "Birmanie"),
    "MKD": ("Macedonia", "Macédoine"),
    "NLD": ("Holland", "the Netherlands"),
    "PHL": ("Philippine",),
    "SWZ": ("Swaziland",),
    "TLS": ("East Timor", "Timor Oriental"),
    "TUR": ("Turkey", "Turkiye", "Turquie"),
    "USA": ("USA", "US", "America", "United States of America", "Amérique"),
    "ARE": ("UAE", "Emirates", "EAU"),
    "CPV": ("Cape Verde", "Cap-Vert"),
    "STP": ("Sao Tome", "São Tomé", "Sao Tome and Principe"),
    "ZAF": ("RSA",),
}


@cache
def country_names_everywhere(code: str) -> tuple[str, ...]:
    """Every name a reader may type for a country: the short name in each language of the atlas, pycountry's
    official and common names, and the other names above. Duplicates removed, order kept."""

    country = pycountry.countries.get(alpha_3=code) if isinstance(code, str) and len(code) == 3 else None
    names = [_country_name(code, lang) for lang in LANGUAGES]
    names += [getattr(country, attr, None) or "" for attr in ("name", "common_name", "official_name")]
    names += list(OTHER_NAMES.get(code, ()))
    return tuple(dict.fromkeys(n for n in names if n))


@cache
def all_country_codes() -> tuple[str, ...]:
    """Every ISO 3166-1 alpha-3 code, and the documented extra codes."""
    return tuple(sorted({c.alpha_3 for c in pycountry.countries} | EXTRA_CODES))
