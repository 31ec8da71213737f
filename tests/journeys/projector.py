"""What a hall needs of a presenter step on the 1280×720 projector, beyond fitting the screen (fit.py): the step's
own title, no table, chart text a back row can read, headline figures in large type with whole labels, no axis
running below zero, and the Next button in the same place on every step (a clicker user's eye stays put).

Checked on every step of the projector walks in test_talk_fit.py, one walk per language and lens, so the story is
walked once for all of these rather than once per check (issue #22, defects 2 and 6, and the presenter's controls).
"""

from components.core.i18n import use_language
from components.presentation.story_steps import story_steps
from components.tables.policy import load_policy_options

SMALLEST_CHART_TEXT_PX = 16
SMALLEST_METRIC_PX = 36

_MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const title = main.querySelector('h1');
  const metric = main.querySelector('[data-testid="stMetricValue"]');
  return {
    title: title ? title.innerText.trim() : '',
    tables: main.querySelectorAll('[data-testid="stDataFrame"]').length,
    chartText: [...main.querySelectorAll(':is(.legendtext, .annotation-text, .textpoint text, .ytick text)')]
      .map(t => parseFloat(getComputedStyle(t).fontSize)),
    metricPx: metric ? parseFloat(getComputedStyle(metric).fontSize) : null,
    cutMetricLabels: [...main.querySelectorAll('[data-testid="stMetricLabel"]')]
      .filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.innerText),
    ticks: [...main.querySelectorAll('.xtick text')].map(t => t.textContent.trim()),
  };
}"""


def step_titles(lang: str) -> list[str]:
    """The story's step titles as the page writes them with no country lens."""
    with use_language(lang):
        return [step.title for step in story_steps(load_policy_options())]


def hall_problems(page, number: int, title: str | None, on_the_projector: bool) -> list[str]:
    """What a hall could not read on step ``number`` (``title``: the step's expected title, or None where the
    step leads with a finding instead, as steps 1 and 2 do and as steps under a lens may). Off the projector (a
    phone), only the title is checked."""
    if number == 1 and on_the_projector:  # the headline figures come in with the step's first run
        page.locator('[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"]').first.wait_for()
    seen = page.evaluate(_MEASURE)
    problems = []
    if title is not None and title not in seen["title"]:
        problems.append(f"title {seen['title']!r} is not the step's {title!r}")
    if not on_the_projector:
        return problems
    if seen["tables"]:
        problems.append("a table on the projector")
    if seen["chartText"] and min(seen["chartText"]) < SMALLEST_CHART_TEXT_PX:
        problems.append(f"chart text of {min(seen['chartText'])} px")
    if number == 1:
        if seen["metricPx"] is None or seen["metricPx"] < SMALLEST_METRIC_PX:
            problems.append(f"headline figure in {seen['metricPx']} px type")
        if seen["cutMetricLabels"]:
            problems.append(f"metric labels cut: {seen['cutMetricLabels']}")
    below_zero = [tick for tick in seen["ticks"] if tick.startswith(("−", "-"))]
    if below_zero:
        problems.append(f"axis below zero: {below_zero}")
    return problems


def next_button_place(page, name: str) -> tuple[int, int, int]:
    box = page.get_by_role("button", name=name).bounding_box()
    return round(box["x"]), round(box["y"]), round(box["width"])
