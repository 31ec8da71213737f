"""Load every page through nginx, stop the replica that served, load every page again (new sessions)."""
from __future__ import annotations

import os
import signal
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from playwright.sync_api import sync_playwright  # noqa: E402

from harness.browser import launch_browser, offline_context, wait_until_idle  # noqa: E402

PAGES = ["", "map", "drivers", "policy", "studies", "methods", "policy?present=1&step=3"]


def health(base: str) -> tuple[int, str]:
    with urllib.request.urlopen(base + "/_stcore/health", timeout=5) as response:
        return response.status, response.headers.get("X-Atlas-Upstream", "")


def wait_ready(base: str, replicas: list[str]) -> None:
    deadline = time.time() + 60
    for port in replicas:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit(f"replica {port} did not start")
                time.sleep(0.5)


def load_all(browser, base: str, label: str) -> bool:
    ok = True
    for path in PAGES:
        blocked: list[str] = []
        context = offline_context(browser, blocked, viewport={"width": 1280, "height": 720})
        page = context.new_page()
        start = time.perf_counter()
        response = page.goto(f"{base}/{path}")
        wait_until_idle(page)
        heading = page.locator('[data-testid="stMainBlockContainer"] h1').first
        heading.wait_for(timeout=20_000)
        errors = page.locator('[data-testid="stException"]').count()
        upstream = response.headers.get("x-atlas-upstream", "?") if response else "?"
        good = errors == 0 and not blocked and response is not None and response.ok
        ok &= good
        print(f"  {label} /{path:<24} {'ok ' if good else 'FAIL'} {1000 * (time.perf_counter() - start):5.0f} ms "
              f"via {upstream}  h1='{heading.inner_text()[:40]}'")
        context.close()
    return ok


def main() -> int:
    base, work, replicas = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
    wait_ready(base, replicas)
    status, upstream = health(base)
    print(f"health through nginx: {status} from {upstream}")
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        first = load_all(browser, base, "both up")
        served_port = upstream.rsplit(":", 1)[-1]
        pid = int((work / f"replica-{served_port}.pid").read_text())
        os.kill(pid, signal.SIGTERM)
        print(f"stopped the replica that served (127.0.0.1:{served_port}, pid {pid})")
        time.sleep(2)
        status, upstream = health(base)
        print(f"health through nginx: {status} from {upstream}")
        second = load_all(browser, base, "one down")
        browser.close()
    print("RESULT:", "new sessions still load after a replica stopped" if first and second else "FAILED")
    return 0 if first and second else 1


if __name__ == "__main__":
    raise SystemExit(main())
