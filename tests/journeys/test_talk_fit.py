"""One layout that fits (issue #22): every step of the story, in presenter mode and in the offline file, at
1280×720 and 390×844, in English and French, under the country lenses: title whole, every chart label whole,
nothing off the screen, nothing on top of anything else (tests/journeys/fit.py says how that is measured); and on
the projector, what a hall needs of each step besides (tests/journeys/projector.py).

Walking all 14 steps × 2 sizes × 2 languages × 3 lenses takes minutes on a small machine: each walk below takes
one size, one language and one lens, chosen so that each language meets every lens and each size both languages.
"""

import re

import pytest

from components.presentation.story_steps import story_steps
from components.tables.policy import load_policy_options
from harness.accessibility import axe_violations, describe
from harness.browser import no_error
from tests.journeys.conftest import PHONE, PROJECTOR
from tests.journeys.fit import fit_problems, wait_for_charts
from tests.journeys.projector import hall_problems, next_button_place, step_titles

STEPS = len(story_steps(load_policy_options()))
# The lenses: all studies, the country with most studies (long lines), a country with one study (small-n lines).
# Two projector walks, one per language, also run axe-core's WCAG 2.1 A/AA rules on each step (the whole page on
# the first, then the main block, which is all a step changes): no serious or critical violation.
WALKS = [
    (PROJECTOR, "en", "", True),
    (PROJECTOR, "fr", "NGA", True),
    (PHONE, "en", "CMR", False),
    (PHONE, "fr", "", False),
    (PROJECTOR, "fr", "CMR", False),
    (PHONE, "en", "NGA", False),
]


def _walk(viewport, lang, lens, accessibility):
    return pytest.param(viewport, lang, lens, accessibility, id=f"{viewport[0]}-{lang}-{lens or 'all'}")


def _step(page) -> int:
    return int(re.search(r"\d+", page.locator('[data-testid="stProgress"]').inner_text()).group())


@pytest.mark.parametrize("viewport, lang, lens, accessibility", [_walk(*walk) for walk in WALKS])
def test_every_presenter_step_fits(person, viewport, lang, lens, accessibility):
    someone = person(viewport, lang)
    link = "policy?present=1" + (f"&lens={lens}" if lens else "")
    page = someone.open(someone.words.link(link))
    on_the_projector = viewport == PROJECTOR
    titles = step_titles(lang)
    problems, next_places = [], set()
    for number in range(1, STEPS + 1):
        assert _step(page) == number
        wait_for_charts(page, at_least=int(number > 1))
        problems += [f"step {number}: {p}" for p in fit_problems(page)]
        # Steps 1 and 2 lead with their finding as the title; from step 3 the title is the step's own.
        title = None if lens or number < 3 else titles[number - 1]
        problems += [f"step {number}: {p}" for p in hall_problems(page, number, title, on_the_projector)]
        if on_the_projector:
            next_places.add(next_button_place(page, someone.words("Next ▶")))
        if accessibility:
            violations = axe_violations(page, within=None if number == 1 else '[data-testid="stMainBlockContainer"]')
            problems += [describe(violations, f"step {number}")] if violations else []
        if number < STEPS:
            page.keyboard.press("ArrowRight")
            someone.idle()
    no_error(page)
    assert problems == [], "\n".join(problems)
    assert len(next_places) <= 1, f"the Next button moved: {next_places}"


@pytest.mark.parametrize("lang, lens", [("en", "NGA"), ("fr", "")])
def test_every_step_of_the_offline_file_fits(person, tmp_path, lang, lens):
    someone = person(PROJECTOR, lang)
    page = someone.open(someone.words.link("policy" + (f"?lens={lens}" if lens else "")))
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name=someone.words("Download the story (one offline HTML file)")).click()
    story = tmp_path / "story.html"
    info.value.save_as(story)
    problems = {}
    for viewport in (PROJECTOR, PHONE):
        viewer = person(viewport, lang)
        viewer.page.goto(story.as_uri())
        problems[viewport] = []
        for number in range(1, STEPS + 1):
            wait_for_charts(viewer.page, "file", at_least=int(number > 1))  # a chart shown on every step but the first
            problems[viewport] += [f"{viewport[0]} px, step {number}: {p}" for p in fit_problems(viewer.page, "file")]
            viewer.page.keyboard.press("PageDown")
    assert problems[PROJECTOR] + problems[PHONE] == [], "\n".join(problems[PROJECTOR] + problems[PHONE])
