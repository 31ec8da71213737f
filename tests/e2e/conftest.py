"""Browser fixtures: one atlas server for the session, a Chromium page per test that may not leave loopback."""

import pytest

from harness.browser import offline_context, wait_until_idle


@pytest.fixture()
def open_url(browser, base_url):
    """open_url('map?country=ZAF') -> an idle page; the test fails if any request left the machine."""
    blocked: list[str] = []
    contexts = []

    def _open(path: str = "", viewport=(1280, 720), **context_args):
        context = offline_context(
            browser,
            blocked,
            viewport={"width": viewport[0], "height": viewport[1]},
            accept_downloads=True,
            **context_args,
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{base_url}/{path}")
        wait_until_idle(page)
        return page

    yield _open
    for context in contexts:
        context.close()
    assert blocked == [], f"requests to other hosts: {blocked}"
