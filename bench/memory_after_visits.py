"""Measure the memory that visits with an upload leave in the server (issue 25, finding 5).

Starts the atlas as served (harness.browser.atlas_server), then N people one after the other, each in a fresh
headless Chromium context: open /methods, upload their own valid studies file of about 4.5 MB (each file different,
so no two share a cache entry), open the map, the drivers and the studies pages from the sidebar, and close the tab.
The server's resident memory (VmRSS of its process, /proc/<pid>/status) is read before the first visit (after one
visit without an upload, so the bundled caches are warm), after each visit, and after Streamlit's session expiry
(``server.disconnectedSessionTTL``, 120 s by default) plus one short visit that lets Streamlit reap the expired
sessions (its session store drops expired entries on its next write).

Run: python -m bench.memory_after_visits [--sessions 20] [--ttl 120]   (prints one line per step, then a summary;
exit status 1 if memory after the expiry is more than 50 MB above the start)
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from components.core.paths import DATA_DIR
from ui.internals import REAP_EVERY_S

BUDGET_MB = 50
FILE_BYTES = 4_500_000
ROWS = 3_000


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def upload_file(seed: int, rows: int = ROWS, size: int = FILE_BYTES) -> bytes:
    """A valid studies file of ``rows`` studies and about ``size`` bytes: the bundled studies over and over, each
    with its own id, URL and a coding note grown to fill the size; ``seed`` makes the text (and so the content's
    fingerprint) differ from one visitor to the next."""
    with (DATA_DIR / "studies.csv").open(encoding="utf-8", newline="") as handle:
        bundled = list(csv.DictReader(handle))
    randomness = random.Random(seed)
    pad = max(0, size // rows - 600)
    words = ["pay", "security", "training", "family", "career", "workload", "visa", "nurses", "doctors", "return"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(bundled[0]), lineterminator="\r\n")
    writer.writeheader()
    for i in range(rows):
        row = dict(bundled[i % len(bundled)])
        row.update(study_id=f"{row['study_id']}_v{seed}_{i}", doi="", url=f"https://example.org/{seed}/{i}")
        note = " ".join(randomness.choice(words) for _ in range(pad // 6))
        row["coding_note"] = (row["coding_note"] + " " + note)[: pad + 200].strip()
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def visit(browser, base: str, path: Path | None) -> None:
    """One person: /methods, upload (if ``path``), then Map, Drivers and Studies from the sidebar; close the tab."""
    from harness.browser import offline_context, wait_until_idle

    blocked: list[str] = []
    context = offline_context(browser, blocked, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/methods")
    wait_until_idle(page)
    if path is not None:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
        page.get_by_text(f"({ROWS} studies), in this browser session only").first.wait_for()
    for name in ("Map", "Drivers", "Studies"):
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text=name).click()
        wait_until_idle(page, timeout=120_000)
        wait_until_idle(page, timeout=120_000)
    context.close()
    if blocked:
        raise RuntimeError(f"requests to other hosts: {blocked}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--ttl", type=int, default=120, help="server.disconnectedSessionTTL in seconds")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from harness import browser as harness

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        files = []
        for i in range(args.sessions):
            path = Path(tmp) / f"extraction_{i}.csv"
            path.write_bytes(upload_file(seed=i + 1))
            files.append(path)
        size_mb = sum(p.stat().st_size for p in files) / len(files) / 1e6
        chromium = harness.launch_browser(playwright)
        extra = ("--server.disconnectedSessionTTL", str(args.ttl))
        with harness.atlas_server(extra_args=extra) as base:
            pid = harness.LAST_SERVER_PID
            assert pid is not None
            visit(chromium, base, None)
            time.sleep(2)
            start = rss_mb(pid)
            print(f"start (one visit without upload): {start:.0f} MB", flush=True)
            peak = start
            for i, path in enumerate(files, 1):
                t0 = time.perf_counter()
                visit(chromium, base, path)
                now = rss_mb(pid)
                peak = max(peak, now)
                print(f"after visit {i} ({time.perf_counter() - t0:.0f} s): {now:.0f} MB", flush=True)
            left = rss_mb(pid)
            time.sleep(args.ttl + 2 * REAP_EVERY_S + 5)
            before_reap = rss_mb(pid)
            # A short visit: its disconnect writes to Streamlit's session store, which drops the expired sessions.
            visit(chromium, base, None)
            time.sleep(5)
            end = rss_mb(pid)
            chromium.close()
    growth = end - start
    print(
        f"memory-after-visits: {args.sessions} sessions, {size_mb:.1f} MB upload each, ttl {args.ttl} s: "
        f"start {start:.0f} MB, after the visits {left:.0f} MB (peak {peak:.0f}), after the expiry "
        f"{before_reap:.0f} MB, after one more visit {end:.0f} MB: {growth:+.0f} MB "
        f"({'met' if growth <= BUDGET_MB else 'missed'}, budget {BUDGET_MB} MB)"
    )
    return 0 if growth <= BUDGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
