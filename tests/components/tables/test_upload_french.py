"""An upload that breaks the contract, read on a French page: every problem in French, naming the real values;
the same file on an English page gives the English messages, unchanged."""

from __future__ import annotations

import csv
import io

from components.core.i18n import use_language
from components.tables import description, schema
from components.tables.evidence import STUDY_COLUMNS
from components.tables.upload import parse_upload
from tests.support.rows import study_row


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(STUDY_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


BAD = _csv([study_row(design="survey", year="1850", cadres="doctors;wizards")])


def _by_column(problems):
    return {p.column: p for p in problems}


def test_upload_problems_in_french(vocabulary):
    with use_language("fr"):
        _, problems = parse_upload("mes_etudes.csv", BAD, vocabulary)
    found = _by_column(problems)
    assert found["design"].value == "survey"
    assert found["design"].expected == "une valeur parmi quantitative | qualitative | mixed"
    assert found["year"].value == "1850"
    assert found["year"].expected == "un nombre entier de 1970 à 2026"
    assert found["cadres"].value == "wizards"
    assert found["cadres"].expected == "un code de cadres.csv"


def test_same_upload_in_english_is_unchanged(vocabulary):
    _, problems = parse_upload("my_studies.csv", BAD, vocabulary)
    found = _by_column(problems)
    assert found["design"].expected == "one of quantitative | qualitative | mixed"
    assert found["year"].expected == "a whole number from 1970 to 2026"
    assert found["cadres"].expected == "a code from cadres.csv"


def test_limits_and_csv_reading_in_french(vocabulary):
    with use_language("fr"):
        _, empty = parse_upload("vide.csv", b"  ", vocabulary)
        _, unclosed = parse_upload("guillemet.csv", b'study_id,title\n"a,b\n', vocabulary)
    assert (empty[0].column, empty[0].value) == ("(fichier)", "fichier vide")
    assert "guillemet" in unclosed[0].expected and "quoted cell" not in unclosed[0].expected


def test_every_rule_in_words_has_french_words():
    for resource in schema.package()["resources"]:
        for f in resource["schema"]["fields"]:
            assert ("atlas:expected" in f) == ("atlas:expected_fr" in f), (resource["name"], f["name"])
    with use_language("fr"):
        assert description.expected_words(schema.field("drivers", "code")).startswith("un identifiant")
    assert description.expected_words(schema.field("drivers", "code")) == "a lower-case slug of letters, digits and _"
