"""Two replicas behind HAProxy on loopback: every page loads, each browser sticks to one replica (its upload and
its download reach the replica that holds its session), and after the replica that served stops, new sessions
load on the other one. Run: make deploy-test
"""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from components.core.paths import DATA_DIR
from harness.browser import launch_browser, offline_context, wait_until_idle
from harness.cluster import COOKIE, cluster

PAGES = ["", "map", "drivers", "policy", "studies", "methods", "policy?present=1&step=3"]
SMALL_CSV = "\n".join((DATA_DIR / "studies.csv").read_text(encoding="utf-8").splitlines()[:4]) + "\n"


def health(base: str) -> tuple[int, str]:
    with urllib.request.urlopen(base + "/_stcore/health", timeout=5) as response:
        return response.status, response.headers.get("X-Atlas-Upstream", "")


def load_all(browser, base: str, label: str) -> tuple[bool, set[str]]:
    ok, served = True, set()
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
        served.add(upstream)
        good = errors == 0 and not blocked and response is not None and response.ok
        ok &= good
        print(
            f"  {label} /{path:<24} {'ok ' if good else 'FAIL'} {1000 * (time.perf_counter() - start):5.0f} ms "
            f"via {upstream}  h1='{heading.inner_text()[:40]}'"
        )
        context.close()
    return ok, served


def sticky_upload_and_download(browser, base: str, tmp: Path) -> bool:
    """Four new browsers (spread over the replicas): each uploads a file and downloads a CSV. Both requests
    must reach the replica that holds the browser's session, or Streamlit refuses them."""
    upload = tmp / "three_studies.csv"
    upload.write_text(SMALL_CSV, encoding="utf-8")
    ok = True
    for i in range(4):
        blocked: list[str] = []
        context = offline_context(browser, blocked, viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        response = page.goto(f"{base}/methods")
        wait_until_idle(page)
        upstream = response.headers.get("x-atlas-upstream", "?")
        cookie = next((c["value"] for c in context.cookies() if c["name"] == COOKIE), "")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        page.get_by_text("The atlas is using uploaded file").first.wait_for(timeout=30_000)
        page.locator('[data-testid="stSidebarNav"] a[href$="/studies"]').first.click()  # same session
        page.wait_for_url("**/studies*")
        wait_until_idle(page)
        with page.expect_download(timeout=30_000) as info:
            page.get_by_role("button", name="Download these studies (CSV)").click()
        rows = Path(info.value.path()).read_text(encoding="utf-8-sig").strip().splitlines()
        good = len(rows) == 4 and bool(cookie) and not blocked
        ok &= good
        print(
            f"  browser {i + 1}: cookie {COOKIE}={cookie or '(none)'} via {upstream}: upload used, "
            f"download {len(rows) - 1} studies {'ok' if good else 'FAIL'}"
        )
        context.close()
    return ok


def main() -> int:
    import tempfile

    with cluster(2) as running, tempfile.TemporaryDirectory() as tmp:
        status, upstream = health(running.base)
        print(f"HAProxy at {running.base}, replicas {', '.join(r.address for r in running.replicas)}")
        print(f"health through HAProxy: {status} from {upstream}")
        with sync_playwright() as pw:
            browser = launch_browser(pw)
            first, served = load_all(browser, running.base, "both up")
            spread = len(served) == 2
            print(f"new sessions served by {len(served)} replicas" + ("" if spread else " (FAIL: expected 2)"))
            sticky = sticky_upload_and_download(browser, running.base, Path(tmp))
            replica = running.by_address.get(upstream) or running.replicas[0]
            replica.stop()
            print(f"stopped the replica that served the health check ({replica.address})")
            time.sleep(2)
            status, upstream = health(running.base)
            print(f"health through HAProxy: {status} from {upstream}")
            second, _ = load_all(browser, running.base, "one down")
            browser.close()
    ok = first and spread and sticky and second
    print(
        "RESULT:",
        "every page loads, browsers stick to a replica, new sessions load after a replica stopped" if ok else "FAILED",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
