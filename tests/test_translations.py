"""The French catalogue covers the interface: every message in the source has a reviewed French translation with
the same placeholders, and the language mechanism (formats, data columns, country names) does what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from components.core import i18n
from components.core.countries import country_name, country_sort_key
from components.core.i18n import _, localized_column, localized_frame, ngettext, number, percent, use_language
from components.core.paths import ROOT

# Python-format names ({n}) and plotly template fields (%{y:.0f}) are both placeholders; the French must keep them.
_PLACEHOLDER = re.compile(r"%?\{[^{}]*\}")


# The app's Python sources, as babel.cfg lists them (every folder depth: components/ has one folder per layer).
SOURCE_PATTERNS = ("app.py", "pages/**.py", "ui/**.py", "components/**.py")
_GETTEXT_CALLS = ("_", "N_", "gettext", "ngettext", "pgettext")


def _python_sources() -> list[Path]:
    return sorted(
        {ROOT / "app.py", *(p for folder in ("pages", "ui", "components") for p in (ROOT / folder).rglob("*.py"))}
    )


def _extracted() -> list[tuple[str, int, object, str | None]]:
    """Every message the app marks for translation, extracted from the source as `make messages` does."""
    method_map = [(pattern, "python") for pattern in SOURCE_PATTERNS]
    keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    return [
        (filename, lineno, message, context)
        for filename, lineno, message, _comments, context in extract_from_dir(str(ROOT), method_map, keywords=keywords)
    ]


def _source_messages() -> dict[tuple[object, str | None], str]:
    return {(message, context): f"{filename}:{lineno}" for filename, lineno, message, context in _extracted()}


def _calls_gettext(path: Path) -> bool:
    import ast

    return any(
        isinstance(node, ast.Call)
        and getattr(node.func, "id", None) in _GETTEXT_CALLS
        and any(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    )


def test_the_extraction_reads_every_source_file_with_messages():
    """A pattern that stops matching (a module moved one folder down) would silently check nothing: the files
    the extraction read are exactly those whose source calls gettext, and there are as many as the app has."""
    read = {filename for filename, *_rest in _extracted()}
    expected = {str(p.relative_to(ROOT)) for p in _python_sources() if _calls_gettext(p)}
    assert read == expected
    assert len(read) >= 35  # as many as the app had when components/ moved into layers (it only grows)
    assert any(name.startswith("components/tables/") for name in read)


@pytest.fixture(scope="module")
def french():
    with i18n.catalogue_path("fr").open("rb") as handle:
        return read_po(handle, locale="fr", domain=i18n.DOMAIN)


def test_every_message_has_a_reviewed_french_translation(french):
    untranslated = []
    for (message, context), where in _source_messages().items():
        entry = french.get(message[0] if isinstance(message, tuple) else message, context=context)
        strings = entry.string if entry else None
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            untranslated.append(f"{where}: {message!r}")
    assert not untranslated, "run `make messages` and translate:\n" + "\n".join(untranslated)


def test_placeholders_are_the_same_in_english_and_french(french):
    different = []
    for entry in french:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = sorted(set(_PLACEHOLDER.findall(ids[-1])))
        for string in strings:
            if sorted(set(_PLACEHOLDER.findall(string))) != wanted:
                different.append(f"{entry.id!r} -> {string!r}")
    assert not different, "\n".join(different)


def test_catalogue_has_french_plural_rule(french):
    assert french.plural_expr == "(n > 1)"
    with use_language("fr"):
        assert ngettext("{n} study", "{n} studies", 1).format(n=1) == "1 étude"
        assert ngettext("{n} study", "{n} studies", 0).format(n=0) == "0 étude"
        assert ngettext("{n} study", "{n} studies", 2).format(n=2) == "2 études"


def test_messages_in_french_and_english():
    with use_language("fr"):
        assert _("Reset filters") == "Réinitialiser les filtres"
        assert i18n.current_language() == "fr"
    assert i18n.current_language() == "en"
    assert _("Reset filters") == "Reset filters"


def test_unknown_language_falls_back_to_english():
    assert i18n.parse_language("de") is None
    assert i18n.parse_language(" FR ") == "fr"
    with use_language("de"):
        assert i18n.current_language() == "en"


# ---- Number formats


def _plain(text: str) -> str:
    """French puts a (narrow) no-break space before % and between thousands; compare with plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_english_numbers_are_written_as_before():
    assert number(12345) == "12,345" == f"{12345:,}"
    for share in (0, 0.005, 0.125, 0.135, 0.5, 2 / 3, 1):
        assert percent(share) == f"{share:.0%}"
        assert percent(share, 1) == f"{share:.1%}"


def test_french_numbers():
    with use_language("fr"):
        assert _plain(number(12345)) == "12 345"
        assert _plain(percent(0.125, 1)) == "12,5 %"
        assert _plain(percent(0.12)) == "12 %"
        assert _plain(percent(1)) == "100 %"
        assert "\u00a0%" in percent(0.3)  # the sign never goes to the next line alone


# ---- Data in the language


def test_localized_column_picks_the_language_and_falls_back_cell_by_cell():
    frame = pd.DataFrame({"label": ["Pay", "Security", "Career"], "label_fr": ["Rémunération", "", None]})
    assert localized_column(frame, "label", "en").tolist() == ["Pay", "Security", "Career"]
    assert localized_column(frame, "label", "fr").tolist() == ["Rémunération", "Security", "Career"]
    with use_language("fr"):
        assert localized_frame(frame)["label"].tolist() == ["Rémunération", "Security", "Career"]
    # No French column: the English one, unchanged.
    assert localized_column(frame[["label"]], "label", "fr").tolist() == ["Pay", "Security", "Career"]


def test_country_names_in_french_from_pycountry():
    assert country_name("CIV") == "Côte d'Ivoire"
    with use_language("fr"):
        assert country_name("GBR") == "Royaume-Uni"
        assert country_name("TZA") == "Tanzanie"
        assert country_name("RUS") == "Russie"  # the inverted official form read as its first part
        assert country_name("XKX") == "Kosovo"  # no ISO name: as in English
        ordered = sorted(["EGY", "ETH", "DZA", "ZAF"], key=country_sort_key)
        # Égypte among the E, not after Z; Afrique du Sud first.
        assert [country_name(c) for c in ordered] == ["Afrique du Sud", "Algérie", "Égypte", "Éthiopie"]


def test_no_message_is_hidden_inside_an_f_string():
    """Babel cannot see _("...") written inside an f-string's braces: such a message never reaches the catalogue
    and shows in English on a French page."""
    import ast

    hidden, sources = [], _python_sources()
    assert len(sources) >= 57  # app.py, pages/, ui/ and components/ with its layers: never silently none
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and getattr(call.func, "id", None) in ("_", "N_", "gettext", "ngettext", "pgettext")
                    and any(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not hidden, "move these messages out of the f-string: " + ", ".join(hidden)
