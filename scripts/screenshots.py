"""Take screenshots of every page at a projector size and a phone size (for README and review).

Run from the repository root: .venv/bin/python -m scripts.screenshots [out_dir]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from harness.browser import atlas_server, launch_browser, offline_context, wait_until_idle

PAGES = [
    "",
    "map",
    "map?country=ZAF",
    "drivers",
    "drivers?cadre=nurses&decade=2010s",
    "policy?step=1",
    "policy?present=1&step=2",
    "policy?present=1&step=7",
    "policy?present=1&step=14",
    "studies?country=NGA",
    "methods",
]
SIZES = {"1280x720": (1280, 720), "390x844": (390, 844)}


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/e2e/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    only = sys.argv[2:] or PAGES
    with atlas_server() as base, sync_playwright() as pw:
        browser = launch_browser(pw)
        for size, (width, height) in SIZES.items():
            blocked: list[str] = []
            context = offline_context(browser, blocked, viewport={"width": width, "height": height})
            for path in only:
                page = context.new_page()
                page.goto(f"{base}/{path}")
                wait_until_idle(page)
                page.wait_for_timeout(1500)
                name = (path or "overview").replace("?", "_").replace("&", "_").replace("=", "-")
                page.screenshot(path=str(out / f"{name}_{size}.png"), full_page=True)
                page.close()
            context.close()
            print(size, "blocked requests:", blocked)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
