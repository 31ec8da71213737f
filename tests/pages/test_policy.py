"""Policy story: every step renders, in the normal view and in presenter mode, with live numbers."""

import pytest

from components.analysis.policy_coverage import option_coverage
from components.presentation.story_steps import story_steps
from components.tables.policy import load_policy_options
from harness.apptest import figures, open_page, texts

OPTIONS = load_policy_options()
STEPS = story_steps(OPTIONS)


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1))
def test_every_step_renders_in_presenter_mode(number):
    at = open_page("policy", {"present": "1", "step": str(number)})
    shown = texts(at)
    assert f"Step {number} of {len(STEPS)}" in next(p.proto.text for p in at.get("progress"))
    # The sidebar and Streamlit's chrome are hidden by the presenter style sheet.
    assert any('[data-testid="stSidebar"]' in h.proto.body and "display: none" in h.proto.body for h in at.get("html"))
    assert at.query_params["present"] == "1" and at.query_params.get("step", "1") == str(number)
    step = STEPS[number - 1]
    expected = {
        "opening": "Health workers are leaving the countries that need them most",
        "drivers": "Pay, careers and the workplace come first",
        "closing": "What the evidence answers, and what has been tried",
    }.get(step.kind)
    if step.kind == "option":
        option = OPTIONS.set_index("option_id").loc[step.option_id]
        expected = f"{option['order']}. {option['title']}"
        assert "Answers reasons reported in" in shown
    assert at.title[0].value == expected


def test_option_step_numbers_equal_a_direct_count(evidence):
    at = open_page("policy", {"step": "7"})
    step = STEPS[6]
    assert step.option_id == "conditions_salaries"
    drivers = set(OPTIONS.set_index("option_id").loc[step.option_id, "drivers"])
    direct = evidence.driver[evidence.driver.driver.isin(drivers)].study_id.nunique()
    share = direct / evidence.n_studies
    assert f"Answers reasons reported in {direct} of {evidence.n_studies} studies ({share:.0%})" in texts(at)


def test_next_and_back_move_through_the_story():
    at = open_page("policy")
    at.button(key="next_step").click().run()
    assert at.query_params["step"] == "2"
    at.button(key="next_step").click().run()
    at.button(key="prev_step").click().run()
    assert at.query_params["step"] == "2"
    assert at.button(key="prev_step").disabled is False


@pytest.mark.parametrize("link", [{"lens": "NGA"}, {"country": "NGA"}], ids=["lens", "older link"])
def test_country_lens_changes_the_closing_ranking(evidence, link):
    at = open_page("policy", {"step": str(len(STEPS))} | link)
    subset = evidence.subset(evidence.source[evidence.source.iso3 == "NGA"].study_id)
    best = option_coverage(subset, OPTIONS).iloc[0]
    assert (
        f"**{best['title']}** answers reasons reported in **{best['studies']} of {subset.n_studies} studies** "
        "(from Nigeria)"
    ) in texts(at)
    # An older link's country filter (copied before the story had a lens of its own) becomes the lens.
    assert at.query_params.get("lens") == "NGA" and "country" not in at.query_params


def test_the_story_reads_its_lens_not_the_filters(evidence):
    """A link with filters and a lens: the story is told through the lens alone (as the audience's phones and the
    offline file tell it); the filters stay in the session for the other pages, out of the story's link."""
    at = open_page("policy", {"lens": "GHA", "cadre": "nurses", "decade": "2010s", "step": "2"})
    ghana = evidence.subset(evidence.source[evidence.source.iso3 == "GHA"].study_id)
    assert f"Evidence in view: from Ghana (n = {ghana.n_studies})" in texts(at)
    assert dict(at.query_params) == {"lens": "GHA", "step": "2"}
    assert at.session_state["f_cadre"] == ["nurses"]
    # A chart saved for a slide names the lens and its number of studies, not the sidebar's filters.
    charts = figures(at)
    assert charts
    for chart in charts:
        assert "from Ghana" in chart.layout.title.text and "Nurses" not in chart.layout.title.text
        assert f"· {ghana.n_studies} studies ·" in chart.layout.title.subtitle.text


def test_a_lens_without_studies_is_named_with_its_neighbours():
    at = open_page("policy", {"lens": "SEN"})
    assert "The atlas has no study from Senegal yet" in texts(at)
    assert "lens" not in at.query_params


def test_a_talk_in_the_link_of_another_page_offers_to_resume_it():
    """A reload (a new session) on a detour page keeps the talk its link carries."""
    at = open_page("drivers", {"country": "GHA", "talk": "5.NGA"})
    resume = at.button(key="resume_talk")
    assert "step 5" in resume.proto.help
    assert at.query_params["talk"] == "5.NGA" and at.query_params["country"] == "GHA"
    resume.click().run()
    assert at.session_state["story_step"] == 5 and at.session_state["story_lens"] == "NGA"


def test_a_talk_the_story_has_not_is_ignored_with_a_notice():
    at = open_page("drivers", {"talk": "99.XYZ"})
    assert "Ignored talk '99.XYZ' in the link" in texts(at).replace("\\", "")
    assert all(b.key != "resume_talk" for b in at.button)
    assert "talk" not in at.query_params


def test_bad_step_is_reported_and_story_starts_at_one():
    at = open_page("policy", {"step": "99"})
    assert "Ignored step '99' in the link" in texts(at).replace("\\", "")
    assert "step" not in at.query_params  # step 1 is the default and is left out of the link
    assert "Step 1 of" in next(p.proto.text for p in at.get("progress"))


def test_handout_download_is_offered():
    at = open_page("policy")
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download the story (one offline HTML file)",
        "Download a printable handout (HTML)",
    ]
