"""A person with no mouse: Tab, Shift+Tab, Enter, Space, arrows, Escape and typing only, after opening the first
page. Every focus stop the journey lands on must show where the focus is."""

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from components.analysis.aggregations import driver_shares
from components.analysis.filters import Filters, apply_filters
from components.presentation.story_steps import story_steps
from components.tables.policy import load_policy_options
from harness.browser import no_error

STEPS = len(story_steps(load_policy_options()))

# The focused element, or the nearest ancestor that draws the ring for it (Streamlit puts the ring of a select box
# or a data grid on a wrapper), must have an outline or a box shadow.
_FOCUS_RING = """() => {
  for (let el = document.activeElement, depth = 0; el && el !== document.body && depth < 8;
       el = el.parentElement, depth++) {
    const style = getComputedStyle(el);
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) return true;
    if (style.boxShadow && style.boxShadow !== 'none' && !style.boxShadow.startsWith('rgba(0, 0, 0, 0)')) return true;
  }
  return false;
}"""


def focused(page) -> str:
    return page.evaluate(
        "() => { const a = document.activeElement; return `${a.tagName} ${a.getAttribute('aria-label') || ''} "
        "${(a.innerText || '').trim().slice(0, 60)}`; }"
    )


def tab_to(page, condition: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the focused element meets ``condition`` (a JS expression on ``el``), then
    check that the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return Boolean({condition}); }}"):
            # Seen as a person sees it: the ring may be drawn a frame after the focus lands (the data grid hands
            # its focus from a cell of its hidden table to its own element), so wait briefly for it.
            try:
                page.wait_for_function(_FOCUS_RING, timeout=3_000)
            except PlaywrightTimeout:
                raise AssertionError(f"no visible focus indicator on {focused(page)}") from None
            return
    raise AssertionError(f"{limit} presses of Tab never reached {condition}; focus is on {focused(page)}")


def test_a_keyboard_user_filters_reads_a_number_opens_a_source_and_steps_the_story(person, evidence):
    someone = person()
    page = someone.open("drivers")

    # (a) Filter by a country: reach the sidebar's box, type, Enter, Escape.
    tab_to(page, "el.getAttribute('aria-label') === 'Source country'")
    page.keyboard.type("Ghana", delay=30)
    someone.see_first_option("Ghana")
    page.keyboard.press("Enter")
    someone.idle()
    page.keyboard.press("Escape")
    someone.idle()
    assert someone.query.get("country") == "GHA"
    ghana = apply_filters(evidence, Filters(countries=("GHA",)))
    assert (
        f"{ghana.n_studies} of {evidence.n_studies} studies match"
        in page.locator('[data-testid="stSidebar"]').inner_text()
    )

    # (b) Read the ranking's numbers: open the table behind the chart, move into the grid, read a cell.
    tab_to(page, "el.tagName === 'SUMMARY' && el.innerText.includes('Numbers behind this chart')")
    page.keyboard.press("Enter")
    someone.idle()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    tab_to(page, "el.closest('[data-testid=\"stDataFrame\"]') && el.tagName !== 'BUTTON'")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # Driver, Level, Studies reporting
    cell = page.locator('[data-testid="stDataFrame"] td[aria-selected="true"]')
    top = driver_shares(ghana).iloc[0]
    expect(cell).to_have_text(str(top["studies"]))
    row = cell.evaluate("td => [...td.closest('tr').children].map(c => c.textContent)")
    assert row[0] == top["label"] and cell.text_content() == str(top["studies"]), (row, top.to_dict())

    # (c) Open a study's source from the Studies page, in a new tab.
    tab_to(page, "el.dataset.testid === 'stSidebarNavLink' && el.innerText.trim() === 'Studies'", backwards=True)
    page.keyboard.press("Enter")
    someone.idle()
    assert "/studies" in page.url and someone.query.get("country") == "GHA"
    study = ghana.studies.sort_values("year").iloc[-1]
    tab_to(page, "el.getAttribute('aria-label') && el.getAttribute('aria-label').startsWith(\"Open a study's source\")")
    page.keyboard.type(f"{study['first_author']} {study['year']}", delay=30)
    someone.see_first_option(f"{study['first_author']} {study['year']}")
    page.keyboard.press("Enter")
    someone.idle()
    # The source lives on another host: answer it here, so the journey stays offline.
    someone.context.route(study["link"], lambda route: route.fulfill(body="the study's page", content_type="text/html"))
    tab_to(page, "el.tagName === 'A' && el.innerText.includes('Open the source')")
    with someone.context.expect_page() as opened:
        page.keyboard.press("Enter")
    assert opened.value.url == study["link"]
    opened.value.close()
    page.bring_to_front()

    # (d) Step the story: reach /policy, Next by Enter, then the arrow keys, presenter mode by Space, Esc leaves.
    tab_to(page, "el.dataset.testid === 'stSidebarNavLink' && el.innerText.trim() === 'Policy story'", backwards=True)
    page.keyboard.press("Enter")
    someone.idle()
    progress = page.locator('[data-testid="stProgress"]')
    assert f"Step 1 of {STEPS}" in progress.inner_text()
    tab_to(page, "el.tagName === 'BUTTON' && el.innerText.includes('Next')")
    page.keyboard.press("Enter")
    someone.idle()
    assert f"Step 2 of {STEPS}" in progress.inner_text()
    page.keyboard.press("ArrowRight")
    someone.idle()
    assert f"Step 3 of {STEPS}" in progress.inner_text()
    page.keyboard.press("ArrowLeft")
    someone.idle()
    assert f"Step 2 of {STEPS}" in progress.inner_text()
    tab_to(page, "el.closest('.st-key-present') && el.tagName === 'INPUT'")
    page.keyboard.press("Space")
    someone.idle()
    assert someone.query.get("present") == "1"
    page.keyboard.press("ArrowRight")
    someone.idle()
    assert f"Step 3 of {STEPS}" in progress.inner_text()
    page.keyboard.press("Escape")
    someone.idle()
    assert "present" not in someone.query and f"Step 3 of {STEPS}" in progress.inner_text()
    no_error(page)
