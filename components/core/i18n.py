"""The interface language: which one is in use, its messages, and its number formats. No Streamlit.

The language lives in a ContextVar: ``ui.session.start_run`` sets it once per script run from ``?lang=`` (Streamlit
runs each script run in its own thread, so the value is the run's own); ``use_language`` sets it for a block, for
tests and for builders that run outside a script run (downloads built when they are clicked).

Messages come from ``locale/<lang>/LC_MESSAGES/atlas.po``, compiled in memory on first use: no build step, and no
binary catalogue in git. ``make messages`` extracts ``locale/atlas.pot`` from the source and updates the .po files.
"""

from __future__ import annotations

import gettext as _gettext
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

import pandas as pd
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from components.core.paths import LOCALE_DIR

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
# Each language named in itself, as the switch shows it.
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
# Babel locales of the number formats; en_US writes numbers as the atlas always has (1,234 and 12%).
NUMBER_LOCALES = {"en": "en_US", "fr": "fr_FR"}
DATE_LOCALES = {"en": "en_GB", "fr": "fr_FR"}  # day month year in both: 30 June 2018, 30 juin 2018
DOMAIN = "atlas"

_language: ContextVar[str] = ContextVar("atlas_language", default=DEFAULT_LANGUAGE)


def parse_language(raw: str | None) -> str | None:
    """A link's ``lang`` value as a known language, or None."""
    value = str(raw or "").strip().lower()
    return value if value in LANGUAGES else None


def current_language() -> str:
    return _language.get()


def set_language(lang: str) -> None:
    """Make ``lang`` the language of the current context (a script run); unknown values mean English."""
    _language.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """The block runs in ``lang``; the language before it is restored afterwards."""
    token = _language.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def in_current_language(function):
    """``function`` wrapped to run in the language in use now, whenever and in whatever thread it is called
    (a download's content is built only when the button is clicked, outside the script run)."""
    lang = current_language()

    def run(*args, **kwargs):
        with use_language(lang):
            return function(*args, **kwargs)

    return run


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English: the messages as written in the code)."""
    path = catalogue_path(lang)
    if lang == DEFAULT_LANGUAGE or not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str) -> str:
    return translations(current_language()).gettext(message)


_ = gettext


def N_(message: str) -> str:
    """Marks a message for extraction where it is declared (module constants); it is translated where it is
    shown, with ``_(...)``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it is used (same English word, different French)."""
    return translations(current_language()).pgettext(context, message)


# French puts a no-break space before ; (and : ? !, which the catalogue's messages carry themselves); this is the
# separator of items in running text that the code joins.
_SEMICOLONS = {"en": "; ", "fr": "\u00a0; "}


def semicolon() -> str:
    """The "; " between items of running text, in the language's typography."""
    return _SEMICOLONS[current_language()]


# ----------------------------------------------------------------------------------------------------------------
# Numbers


def number(value: float | int) -> str:
    """A count with the language's grouping: 1,234 / 1 234."""
    if current_language() == DEFAULT_LANGUAGE:
        return f"{value:,}"  # exactly as the atlas has always written it
    return format_decimal(value, locale=NUMBER_LOCALES[current_language()])


def long_date(iso: str) -> str:
    """A date from a data file (YYYY-MM-DD) as a sentence writes it: 30 June 2018 / 30 juin 2018."""
    from datetime import date

    from babel.dates import format_date

    return format_date(date.fromisoformat(str(iso)[:10]), format="long", locale=DATE_LOCALES[current_language()])


def percent(share: float, digits: int = 0) -> str:
    """A share (0–1) as a percentage: 12% / 12 %, or with ``digits`` decimals: 12.5% / 12,5 %."""
    if current_language() == DEFAULT_LANGUAGE:
        return f"{share:.{digits}%}"  # exactly as the atlas has always written it
    locale = NUMBER_LOCALES[current_language()]
    if digits:
        from babel import Locale

        pattern = Locale.parse(locale).percent_formats[None].pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
        return format_percent(share, format=pattern, locale=locale)
    return format_percent(share, locale=locale)


# ----------------------------------------------------------------------------------------------------------------
# Data in the language


def localized_column(frame: pd.DataFrame, column: str, lang: str | None = None) -> pd.Series:
    """The column of ``frame`` in the language: ``<column>_<lang>`` where the data have it, cell by cell falling
    back to the English ``column`` where a translation is missing (data only: interface strings never fall back
    silently, see tests/test_translations.py)."""
    lang = lang or current_language()
    translated = f"{column}_{lang}"
    if lang == DEFAULT_LANGUAGE or translated not in frame.columns:
        return frame[column]
    values = frame[translated]
    missing = values.isna() | (values.astype(str).str.strip() == "")
    return values.where(~missing, frame[column])


def localized_frame(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` whose text columns hold the language's version where the data have one (every column X
    with a column X_<lang> beside it)."""
    lang = lang or current_language()
    if lang == DEFAULT_LANGUAGE:
        return frame
    swapped = {c: localized_column(frame, c, lang) for c in frame.columns if f"{c}_{lang}" in frame.columns}
    return frame.assign(**swapped) if swapped else frame


def sort_key(text: str) -> str:
    """Order names as a reader expects in either language: accents and case do not count (Égypte by E)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
