"""Hostile input: random and malicious query parameters on every page, and every cadre × decade × status."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.analysis.filters import FILTER_PARAMS
from components.tables.evidence import STATUSES
from harness.apptest import PAGE_FILES, open_page, texts
from ui.url import PAGE_PARAMS, STREAMLIT_BOUND

NASTY = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "'; DROP TABLE studies;--",
    "%00",
    "../../etc/passwd",
    "=cmd|' /C calc'!A0",
    "[click](javascript:alert(1))",
    "**bold**",
    ":red[x]",
    "NGA" * 400,
    "🦠🌍",
    "ñ",
    "\u202e",
    " ",
    ",,,",
    "-",
    "2010s-",
    "1970s-2020s-2030s",
]
KEYS = ["country", "dest", "cadre", "decade", "status", "design", "present", "step", "view", "driver", "x", "<b>"]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.sampled_from(["NGA", "nurses", "2010s", "ZAF"]))
queries = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=20)), values, max_size=4)


@pytest.mark.parametrize("page", list(PAGE_FILES))
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(query=queries)
def test_random_links_never_raise(page, query):
    at = open_page(page, query)  # open_page asserts no exception
    shown = texts(at)
    # Every '<' a visitor typed reaches Markdown escaped, so no tag can render.
    assert re.search(r"(?<!\\)<", shown) is None, shown
    own = {p.name for p in PAGE_PARAMS.get(page, ())} | set(STREAMLIT_BOUND.get(page, ()))
    for key in query:
        if key not in FILTER_PARAMS and key not in own:
            assert "unknown link parameter" in shown.replace("\\", "")


def test_markup_in_uploaded_titles_renders_as_text():
    from components.core.paths import DATA_DIR

    lines = (DATA_DIR / "studies.csv").read_text(encoding="utf-8").splitlines()
    row = lines[1].replace("The Migration of South African Graduates", "<b>Bold</b> [x](javascript:alert(1))", 1)
    at = open_page("methods")
    at.file_uploader(key="upload_file").upload("m.csv", (lines[0] + "\n" + row + "\n").encode(), "text/csv").run()
    at.switch_page("pages/map.py").run()
    at.selectbox(key="map_country_None").set_value("ZAF").run()
    shown = texts(at)
    assert "\\<b\\>Bold\\</b\\> \\[x\\](javascript\\:alert(1))" in shown  # escaped: shown as typed, not as markup


@pytest.mark.parametrize("page", ["drivers", "map"])
def test_every_cadre_decade_status_combination(page, evidence):
    at = open_page(page)
    cadres = [c for c in evidence.vocabulary.cadres["code"] if c in set(evidence.cadre["cadre"])]
    empty = 0
    for cadre in cadres:
        for decade in at.select_slider(key="f_decade").options:
            for status in STATUSES:
                at.multiselect(key="f_cadre").set_value([cadre])
                at.select_slider(key="f_decade").set_value((decade, decade))
                at.multiselect(key="f_status").set_value([status])
                at.run()
                assert not at.exception, (cadre, decade, status, [e.value for e in at.exception])
                if "No study matches this combination of filters" in texts(at):
                    empty += 1
                    assert not at.get("plotly_chart")
    assert empty > 0  # the sweep did reach empty combinations and showed the empty state


def test_every_lens_of_the_story(evidence):
    """The story is told through its lens, not the filters (ui.talk): every source country as the lens, chosen in
    the lens box, on the step that ranks the options."""
    at = open_page("policy", {"step": "14"})
    lens = None
    for country in sorted(set(evidence.source["iso3"])):
        at.selectbox(key=f"lens_{lens}").set_value(country).run()
        assert not at.exception, (country, [e.value for e in at.exception])
        lens = country
        assert at.query_params["lens"] == country and at.query_params["step"] == "14"
