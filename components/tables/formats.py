"""The custom cell formats of the data contract (``atlas:format``: doi, url, iso3, year-span), the formula
guard (``atlas:noFormulas``) and the ``;``-separated list cells."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlparse

from components.core.countries import is_iso3
from components.core.i18n import N_

# Spreadsheet programs run cells that start with these characters (CSV/formula injection); the contract holds data,
# never formulas. A plain number such as -2 is not a formula and stays what it is.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


# Links. A DOI is 10.<registrant>/<suffix> with a suffix of printable ASCII; a URL is http(s) with a host name.
# Neither may hold braces, quotes, backslashes, backticks, whitespace or control characters: those are what break
# out of a BibTeX field, an HTML attribute or a CSV cell. A URL may not hold angle brackets either (RFC 3986 wants
# them percent-encoded); a DOI may, as old SICI DOIs do (every output escapes them).
_DOI = re.compile(r"10\.[0-9]{4,9}/[!-~]+")


_LINK_FORBIDDEN = frozenset("{}\"'\\`")


_HOST_LABEL = re.compile(r"^(?!-)[^\W_]([^\W_]|-){0,62}(?<!-)$")


_YEAR_SPAN = re.compile(r"(\d{4})(?:-(\d{4}))?")


def looks_like_formula(value: str) -> bool:
    """True for text a spreadsheet would run as a formula (plain numbers such as -2 or +3.5 are not)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.match(value)


def _link_characters_ok(value: str, forbidden: str = "") -> bool:
    return bool(value) and not any(
        ch in _LINK_FORBIDDEN or ch in forbidden or ch.isspace() or unicodedata.category(ch)[0] in ("C", "Z")
        for ch in value
    )


def valid_doi(value: str) -> bool:
    """A DOI as the contract writes it: ``10.<4-9 digits>/<printable ASCII, no space>``, no link-breaking characters."""
    return bool(_DOI.fullmatch(value or "")) and _link_characters_ok(value)


def valid_url(value: str) -> bool:
    """An http(s) URL with a host name (dotted, no user:password@), no link-breaking characters."""
    if not _link_characters_ok(value or "", "<>") or len(value) > 2000:
        return False
    try:
        parsed = urlparse(value)
        _ = parsed.port  # raises ValueError for a malformed port
    except ValueError:
        return False
    host = (parsed.hostname or "").removesuffix(".")  # a fully qualified name may end with a dot
    return (
        parsed.scheme in ("http", "https")
        and "@" not in parsed.netloc
        and "." in host
        and all(_HOST_LABEL.match(label) for label in host.split("."))
    )


def valid_year_span(value: str) -> bool:
    match = _YEAR_SPAN.fullmatch(value or "")
    return match is not None and (not match.group(2) or match.group(1) <= match.group(2))


FORMATS: dict[str, tuple[Callable[[str], bool], str]] = {
    "doi": (
        valid_doi,
        N_(
            "a DOI such as 10.1186/1478-4491-2-1 (no https prefix; no spaces, quotes, braces, backslashes or "
            "control characters)"
        ),
    ),
    "url": (
        valid_url,
        N_("a well-formed http(s) URL with a host name (no spaces, quotes, braces, backslashes or control characters)"),
    ),
    "iso3": (is_iso3, N_("an ISO 3166-1 alpha-3 code such as NGA")),
    "year-span": (valid_year_span, N_("a year (2005) or a span (2005-2009) whose first year is not after the second")),
}


def split_list(cell: str) -> tuple[str, ...]:
    """A ``;``-separated cell as a tuple of its non-empty items, in order, without repeats."""
    items = [part.strip() for part in (cell or "").split(";")]
    return tuple(dict.fromkeys(i for i in items if i))
