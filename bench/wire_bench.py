"""Bytes over the wire and time to drawn, per page, through `make serve`'s stack (nginx, HAProxy, one replica).

For each page: bytes a cold first visit receives (HTTP headers and bodies as they crossed the wire, plus the
websocket's frames) and a return visit in the same browser (its cache kept), on a laptop (1280×720) and a phone
(390×844); then the time from navigation to drawn for a cold phone on two emulated links (Chromium's network
emulation): 9 Mbit/s with 60 ms round trips, and 1.6 Mbit/s with 150 ms (3G). One run of each.

Run: python -m bench.wire_bench (part of make bench; writes bench/results/wire.md and prints it)
"""

from __future__ import annotations

import asyncio
import os
import sys
import urllib.request
from datetime import date

from playwright.sync_api import sync_playwright

from bench.run_bench import DRAWN, expected_charts
from components.core.paths import ROOT
from components.presentation.audience import PAGE_BUDGET_BYTES, page_path
from harness.browser import launch_browser
from harness.front import front
from harness.streamlit_ws import run_session
from harness.wire import LAPTOP, LINKS, PHONE, visit

APP_PAGES = ["", "map", "drivers", "policy", "studies", "methods", "policy?present=1&step=2"]
AUDIENCE = page_path("en", None, 2).lstrip("/")
COLD_BUDGET = 2_500_000  # a full app page's cold first visit through make serve (issue 29)
AUDIENCE_DRAWN_MS = 2000  # the audience view on the 1.6 Mbit/s link
AUDIENCE_IS_DRAWN = "() => document.readyState === 'complete' && !!document.querySelector('svg, img')"


def kb(size: int) -> str:
    return f"{size / 1000:,.0f} kB" if size >= 10_000 else f"{size / 1000:.1f} kB"


def mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def measure(browser, base: str, path: str, drawn: str, charts: int) -> dict:
    row: dict = {}
    for name, profile in (("laptop", LAPTOP), ("phone", PHONE)):
        context = browser.new_context(**profile)
        try:
            cold = visit(context.new_page(), f"{base}/{path}", drawn, arg=charts)
            again = visit(context.new_page(), f"{base}/{path}", drawn, arg=charts)
        finally:
            context.close()
        if cold.foreign or again.foreign:
            raise RuntimeError(f"requests left the machine: {cold.foreign + again.foreign}")
        row[name] = (cold.total, again.total)
    for link in LINKS:
        context = browser.new_context(**PHONE)
        try:
            row[link] = visit(context.new_page(), f"{base}/{path}", drawn, arg=charts, link=link, timeout_ms=240_000).ms
        finally:
            context.close()
    return row


def main() -> int:
    charts = {path: expected_charts(path.split("?")[0]) for path in APP_PAGES}
    charts["policy?present=1&step=2"] = 1
    rows = {}
    with front(1) as (base, running):
        # A deployed atlas has served someone: the replica ran each page once, the audience step was drawn.
        replica = f"http://{running.replicas[0].address}"
        asyncio.run(run_session(replica, [p.split("?")[0] for p in APP_PAGES[:6]], page_timeout=120))
        urllib.request.urlopen(f"{base}/{AUDIENCE}", timeout=120).read()
        with sync_playwright() as pw:
            browser = launch_browser(pw)
            for path in APP_PAGES:
                rows[path] = measure(browser, base, path, DRAWN, charts[path])
                print(f"/{path}: {rows[path]}", file=sys.stderr, flush=True)
            rows[AUDIENCE] = measure(browser, base, AUDIENCE, AUDIENCE_IS_DRAWN, 0)
            browser.close()
    fast, slow = LINKS
    lines = [
        f"Bytes over the wire of {date.today().isoformat()} on this machine ({os.cpu_count()} cores), one run, "
        "through make serve (nginx with the bundles precompressed, HAProxy, one replica), headless Chromium.",
        "",
        "| Page | Cold first visit, laptop | Return visit, laptop | Cold first visit, phone | Return visit, phone "
        f"| Drawn, cold phone, {fast} | Drawn, cold phone, {slow} |",
        "|---|---|---|---|---|---|---|",
    ]
    for path, row in rows.items():
        budget = PAGE_BUDGET_BYTES if path == AUDIENCE else COLD_BUDGET
        cold = [row["laptop"][0], row["phone"][0]]
        drawn_target = f" ({mark(row[slow] <= AUDIENCE_DRAWN_MS)})" if path == AUDIENCE else ""
        lines.append(
            f"| /{path} | {kb(cold[0])} ({mark(cold[0] <= budget)}) | {kb(row['laptop'][1])} | "
            f"{kb(cold[1])} ({mark(cold[1] <= budget)}) | {kb(row['phone'][1])} | {row[fast] / 1000:.1f} s | "
            f"{row[slow] / 1000:.1f} s{drawn_target} |"
        )
    lines += [
        "",
        f"Targets: a full app page's cold first visit ≤ {COLD_BUDGET / 1e6:.1f} MB; the audience view ≤ "
        f"{PAGE_BUDGET_BYTES / 1000:.0f} kB and drawn within {AUDIENCE_DRAWN_MS / 1000:.0f} s on {slow}. A return "
        "visit counts what still crosses the wire: the page shell and the websocket's messages (the bundles "
        "come from the browser's cache).",
    ]
    report = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "wire.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
