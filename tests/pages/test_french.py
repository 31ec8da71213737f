"""The atlas in French (?lang=fr): real French text on the pages, numbers in French, the language kept in the URL
and in every link the atlas makes, and an unknown language reported like any other odd link value."""

from components.analysis.aggregations import headline_figures
from components.analysis.filters import Filters, apply_filters
from harness.apptest import metric, open_page, texts


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_overview_in_french(evidence):
    at = open_page(query={"lang": "fr"})
    figures = headline_figures(evidence)
    assert at.title[0].value == "Atlas des migrations des agents de santé"
    assert metric(at, "Études") == str(figures["studies"])
    assert metric(at, "Pays d'origine") == str(figures["source_countries"])
    shown = _plain(texts(at))
    assert "a examiné 21 593 références et inclus 107 études" in shown
    assert "Pourquoi les médecins, le personnel infirmier, les sages-femmes et les autres agents de santé" in shown
    assert "Sélection : toutes les études" in shown
    # Every link the page makes keeps the language.
    links = at.get("page_link")
    assert [_plain(link.label) for link in links][:2] == ["Ouvrir : Carte", "Ouvrir : Facteurs"]
    assert links and all("lang=fr" in link.proto.query_string for link in links)
    assert at.query_params["lang"] in ("fr", ["fr"])


def test_filters_describe_and_count_in_french(evidence):
    at = open_page("studies", {"lang": "fr", "country": "GHA"})
    n = apply_filters(evidence, Filters(countries=("GHA",))).n_studies
    shown = _plain(texts(at))
    assert "Sélection : origine Ghana" in shown
    assert f"**{n}** études affichées sur {evidence.n_studies}" in shown
    assert next(c.label for c in at.sidebar.multiselect) == "Pays d'origine"
    assert at.sidebar.button[0].label == "Réinitialiser les filtres"


def test_drivers_page_in_french_keeps_an_english_tab_link():
    at = open_page("drivers", {"lang": "fr", "tab": "By cadre"})
    assert at.title[0].value == "Pourquoi les agents de santé partent, et pourquoi certains restent"
    assert at.query_params["tab"] in ("By cadre", ["By cadre"])


def test_unknown_language_is_reported_and_the_atlas_stays_in_english():
    at = open_page("map", {"lang": "de"})
    assert at.title[0].value == "Map of the evidence"
    warnings = [w.value for w in at.warning]
    assert any("Ignored lang 'de' in the link" in w and "English (en) or French (fr)" in w for w in warnings)
    assert "lang" not in at.query_params


def test_policy_story_step_in_french():
    at = open_page("policy", {"lang": "fr", "step": "2"})
    assert at.title[0].value == "La rémunération, la carrière et le lieu de travail d'abord"
    assert "Étape 2 sur" in at.get("progress")[0].proto.text
