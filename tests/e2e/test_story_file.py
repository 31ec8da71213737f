"""The downloadable story opens from file:// with no network and steps through every step by keyboard."""

from components.presentation.handouts import story_file
from components.presentation.story import story_content
from components.presentation.story_steps import story_steps
from components.tables.policy import load_policy
from tests.journeys.conftest import PROJECTOR


def test_offline_story_file_steps_through_with_the_network_blocked(browser, evidence, tmp_path):
    policy = load_policy()
    steps = story_steps(policy.options)
    path = tmp_path / "story.html"
    path.write_text(story_file(evidence, evidence, policy, steps, ("GHA",), "from Ghana"), encoding="utf-8")
    contents = story_content(evidence, evidence, policy, steps, ("GHA",), "from Ghana", presenting=True)  # as the file
    titles = [c.title for c in contents]
    requests: list[str] = []
    context = browser.new_context(viewport={"width": PROJECTOR[0], "height": PROJECTOR[1]})

    def guard(route):
        if route.request.url.startswith(("file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    for number, title in enumerate(titles, start=1):
        current = page.locator("section.current")
        assert current.locator("h1").inner_text() == title
        assert page.locator("#progress").inner_text() == f"Step {number} of {len(titles)}"
        if steps[number - 1].kind == "option":
            page.wait_for_function("document.querySelectorAll('section.current .main-svg').length >= 2")
            # the base map travelled inside the file: countries are drawn without fetching a topojson
            assert current.locator("path.choroplethlocation").count() > 0
        # Each chart is a figure described by the sentence its builder wrote, shown as its caption (a chart with a
        # phone's own layout is two figures, one shown on each screen, after each other).
        content = contents[number - 1]
        figures = content.figures[:1] + ([content.phone_figure] if content.phone_figure else []) + content.figures[1:]
        sentences = [figure["layout"]["meta"]["description"] for _, figure in figures]
        described = current.locator("figure[aria-describedby]").evaluate_all(
            "fs => fs.map(f => document.getElementById(f.getAttribute('aria-describedby')).textContent)"
        )
        assert described == sentences and all(sentences)
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Home")
    assert page.locator("section.current h1").inner_text() == titles[0]
    page.keyboard.press("End")
    assert page.locator("section.current h1").inner_text() == titles[-1]
    context.close()
    assert requests == [] and errors == []
