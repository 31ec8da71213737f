"""The audience view's page: what a phone receives for a step, and its weight (issue #29)."""

import gzip

import pytest

from components.core.i18n import use_language
from components.presentation.audience import (
    PAGE_BUDGET_BYTES,
    audience_html,
    chart_for_phone,
    full_view_path,
    page_path,
)
from components.presentation.story import StepContent


def test_paths():
    assert page_path("fr", None, 3) == "/audience/fr/all/3"
    assert page_path("en", "NGA", 2) == "/audience/en/NGA/2"
    assert full_view_path("fr", "NGA", 2) == "/policy?step=2&lens=NGA&lang=fr"


def test_a_phone_chart_keeps_every_label_and_moves_side_notes_under_it():
    figure = {
        "data": [{"type": "bar", "orientation": "h", "y": ["A very long driver label that wraps", "B"], "x": [3, 1]}],
        "layout": {
            "title": {"text": "T"},
            "annotations": [{"text": "a<br>b", "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yanchor": "top"}],
            "yaxis": {},
        },
    }
    chart, notes = chart_for_phone([("k", figure)])
    assert chart is not None and chart["layout"]["title"]["text"] == ""
    assert chart["layout"]["annotations"] == [] and notes == [["a", "b"]]
    assert all(len(line) <= 22 for y in chart["data"][0]["y"] for line in y.split("<br>"))
    assert chart["layout"]["margin"]["l"] > 100
    assert chart_for_phone([("map", {"data": [], "layout": {"geo": {}}})]) == (None, [])


def test_the_page_names_its_step_links_its_neighbours_and_the_full_view():
    content = StepContent(2, 3, "drivers", "Title <b>", lead="**Pay** first", note="From a source")
    with use_language("fr"):
        html = audience_html(content, "fr", "NGA", chart_svg='<svg width="380" height="200"></svg>', chart_text="T")
    assert "<html lang='fr'>" in html and "Title &lt;b&gt;" in html and "<strong>Pay</strong>" in html
    assert "/audience/fr/NGA/1" in html and "/audience/fr/NGA/3" in html and "/policy?step=2&amp;lens=NGA" in html
    assert 'role="img" aria-labelledby="chart-text"' in html and "plotly" not in html.lower()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_step_stays_under_the_phone_budget(lang, tmp_path, monkeypatch):
    """Each step is one request (styles, script and chart inside): its compressed size is what a phone fetches."""
    from audience import render

    monkeypatch.setattr(render, "AUDIENCE_CACHE_DIR", tmp_path)
    for step in range(1, render.step_count() + 1):
        body = render.render(lang, "all", step).encode()
        assert len(gzip.compress(body)) <= PAGE_BUDGET_BYTES, f"step {step}: {len(gzip.compress(body))} bytes"
        assert "<h1>" in body.decode()
