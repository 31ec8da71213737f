"""Country names inside sentences: English takes "the" where it needs it; French sentences need no article."""

from components.core.countries import country_in_sentence, country_name
from components.core.i18n import use_language
from components.presentation.search_view import no_study_sentence


def test_english_names_that_need_the_take_it_inside_a_sentence():
    with use_language("en"):
        assert country_in_sentence("GBR") == "the United Kingdom"
        assert country_in_sentence("PHL") == "the Philippines"
        assert country_in_sentence("SEN") == "Senegal"
        assert country_name("GBR") == "United Kingdom"  # labels and headings keep the short name


def test_a_country_without_a_study_reads_well_in_both_languages():
    with use_language("en"):
        assert no_study_sentence("GMB") == "No study in the atlas is about the Gambia."
    with use_language("fr"):
        assert no_study_sentence("SEN") == "Aucune étude de l'atlas ne porte sur ce pays : Sénégal."
        assert country_in_sentence("GBR") == country_name("GBR")
