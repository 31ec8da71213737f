"""How long a browser test waits for what a person would see."""

from playwright.sync_api import expect

# What a person waits for (a chart drawn, a number shown) may take longer than Playwright's 5 s on a busy 2-core
# machine (plotly.js alone compiles for about a second): as long as a page's own actions may take.
BROWSER_WAIT_MS = 15_000


def wait_like_a_person() -> None:
    expect.set_options(timeout=BROWSER_WAIT_MS)
