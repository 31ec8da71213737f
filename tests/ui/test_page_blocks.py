"""A study as a line of a reference list (country profiles, the Drivers page's "Behind a number")."""

from types import SimpleNamespace

from ui.page_blocks import reference_item


def _study(**values):
    base = dict(
        first_author="Koffie",
        year=2014,
        title="Migration intentions of final year students",
        journal="",
        publisher="",
        link="https://example.org/a(1)",
        coding_note="",
        coded_from="abstract",
    )
    return SimpleNamespace(**(base | values))


def test_a_thesis_without_a_journal_names_its_publisher_and_never_shows_empty_markup():
    line = reference_item(_study(publisher="University of Ghana"))
    assert "*University of Ghana*." in line and "**" not in line
    bare = reference_item(_study())
    assert "**" not in bare and "Koffie (2014). Migration intentions of final year students. [Source]" in bare
    assert bare.endswith("(https://example.org/a%281%29)")


def test_a_journal_article_shows_its_journal_and_escapes_markup():
    line = reference_item(_study(journal="BMJ *Global* Health", title="Pay [and] leave"))
    assert r"*BMJ \*Global\* Health*." in line and r"Pay \[and\] leave." in line
