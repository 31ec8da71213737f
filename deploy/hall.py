"""The hall: phones arriving together at the atlas served by `make serve` (harness/front.py), for make load-test.

Two modes (make load-test MODE=...):
  burst  300 new phones within 30 s open the audience link through nginx and the balancer (issue 22): time from a
         phone's arrival to the last byte of everything it fetches, errors, which replica answered each phone.
  hall   the same 300 phones share one emulated link of 50 Mbit/s, a hall's Wi-Fi (issue 29): every byte any phone
         receives passes through one shared token bucket in the client, first come first served.
  hall-app  the hall again, each phone opening the full app's view of the same step (its page shell, bundles and
         a Streamlit session over the websocket): reported, not targeted.

What a phone fetches is what a cold phone-sized Chromium fetched for the same link through the same stack, recorded
once before the rush (so the list follows the page as it changes). A phone fetches the document first, then the
rest on up to six connections, as a browser does, with the Accept-Encoding a browser sends; the balancer's cookie
from the first answer goes with every later request, and the full app's websocket too.
"""

from __future__ import annotations

import asyncio
import http.client
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlparse

from components.presentation.audience import full_view_path, page_path
from harness.cluster import COOKIE
from harness.streamlit_ws import run_session

PHONES = 300
WINDOW_S = 30.0
LINK_BITS_PER_S = 50_000_000
# The audience link the QR code opens (a step with a chart), and the full app's view of the same step.
AUDIENCE_PATH = page_path("en", None, 2)
APP_PATH = full_view_path("en", None, 2)
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends to the atlas
CONNECTIONS_PER_PHONE = 6
TIMEOUT_S = 600.0
TARGET_P95_MS = 2000


class SharedLink:
    """One link every phone's bytes pass through, at ``bits_per_s`` (None: no limit). A chunk waits until the
    chunks that arrived before it have crossed: a single queue, which is what one access point's downlink is."""

    def __init__(self, bits_per_s: float | None) -> None:
        self.bytes_per_s = bits_per_s / 8 if bits_per_s else None
        self.free_at = 0.0
        self.carried = 0
        self.lock = threading.Lock()

    def carry(self, size: int) -> None:
        with self.lock:
            self.carried += size
            if self.bytes_per_s is None:
                return
            now = time.perf_counter()
            self.free_at = max(now, self.free_at) + size / self.bytes_per_s
            wait = self.free_at - now
        if wait > 0:
            time.sleep(wait)


def record_cold_visit(base: str, path: str, full_app: bool) -> list[tuple[str, int]]:
    """The paths a cold phone-sized Chromium requests for ``path`` until it is drawn (the websocket aside), each
    with the status it got (Streamlit's frontend also asks for some addresses relative to the page, which 404)."""
    from playwright.sync_api import sync_playwright

    from bench.run_bench import DRAWN
    from harness.browser import launch_browser
    from harness.wire import PHONE

    answered: list[tuple[str, int]] = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.on("response", lambda response: answered.append((response.url, response.status)))
        page.goto(base + path)
        if full_app:
            page.wait_for_function(DRAWN, arg=1, timeout=120_000, polling=50)
        else:
            page.wait_for_function("() => document.readyState === 'complete'", timeout=120_000)
        page.wait_for_timeout(1000)
        context.close()
        browser.close()
    origin = urlparse(base).netloc
    paths: dict[str, int] = {}
    for url, status in answered:
        parsed = urlparse(url)
        if parsed.scheme.startswith("http") and parsed.netloc == origin and status != 101:
            paths.setdefault(parsed.path + (f"?{parsed.query}" if parsed.query else ""), status)
    return list(paths.items())


@dataclass
class Phone:
    ms: float = 0.0
    bytes: int = 0
    upstream: str = ""
    error: str = ""
    cookie: str = ""
    statuses: list[int] = field(default_factory=list)


def fetch(base: str, paths: list[tuple[str, int]], link: SharedLink, phone: Phone) -> None:
    """GET each of ``paths`` on one kept-alive connection, every byte through ``link``; each must get the status
    the browser got."""
    address = urlparse(base)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=TIMEOUT_S)
    try:
        for path, expected in paths:
            headers = {"Accept-Encoding": ACCEPT_ENCODING, "User-Agent": "atlas-hall-phone"}
            if phone.cookie:
                headers["Cookie"] = phone.cookie
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            head = 20 + sum(len(k) + len(v) + 4 for k, v in response.getheaders())
            link.carry(head)
            phone.bytes += head
            while chunk := response.read(16_384):
                link.carry(len(chunk))
                phone.bytes += len(chunk)
            if response.status != expected:
                raise RuntimeError(f"GET {path}: HTTP {response.status}, the browser got {expected}")
            for value in response.headers.get_all("Set-Cookie") or []:
                if value.startswith(COOKIE + "="):
                    phone.cookie = value.split(";", 1)[0]
            phone.upstream = phone.upstream or response.headers.get("X-Atlas-Upstream", "")
    finally:
        connection.close()


def one_phone(base: str, paths: list[tuple[str, int]], app_page: str | None, link: SharedLink, due: float) -> Phone:
    time.sleep(max(0.0, due - time.perf_counter()))
    phone = Phone()
    try:
        fetch(base, paths[:1], link, phone)  # the document, then what it names
        rest = paths[1:]
        lanes = [rest[i::CONNECTIONS_PER_PHONE] for i in range(min(CONNECTIONS_PER_PHONE, len(rest)))]
        if lanes:
            with ThreadPoolExecutor(len(lanes)) as pool:
                for done in [pool.submit(fetch, base, lane, link, phone) for lane in lanes]:
                    done.result()
        if app_page is not None:
            session = asyncio.run(
                run_session(base, [app_page], headers={"Cookie": phone.cookie}, page_timeout=TIMEOUT_S)
            )
            link.carry(session.bytes_received)
            phone.bytes += session.bytes_received
            if session.errors:
                raise RuntimeError("; ".join(session.errors))
    except Exception as exc:
        phone.error = f"{type(exc).__name__}: {exc}"[:300]
    phone.ms = (time.perf_counter() - due) * 1000
    return phone


def rush(base: str, paths: list[tuple[str, int]], app_page: str | None, link: SharedLink, seed: int) -> list[Phone]:
    rng = random.Random(seed)
    arrivals = sorted(rng.uniform(0, WINDOW_S) for _ in range(PHONES))
    start = time.perf_counter() + 0.5
    with ThreadPoolExecutor(PHONES) as pool:
        futures = [pool.submit(one_phone, base, paths, app_page, link, start + a) for a in arrivals]
        return [f.result() for f in futures]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q / 100 * len(ordered)) - 1)] if ordered else float("nan")


def run(mode: str, replicas: int, seed: int, log) -> tuple[str, bool]:
    """Start make serve's stack, record a cold phone's requests, run the rush; (the result line, target met)."""
    from harness.front import front

    full_app = mode == "hall-app"
    path = APP_PATH if full_app else AUDIENCE_PATH
    link = SharedLink(None if mode == "burst" else LINK_BITS_PER_S)
    with front(replicas) as (base, running):
        log(f"make serve's stack at {base}: {replicas} replicas behind HAProxy, nginx in front")
        # A deployed atlas has served someone before the rush: each replica ran a session, the step was drawn.
        for replica in running.replicas:
            asyncio.run(run_session(f"http://{replica.address}", ["policy"], page_timeout=120))
        paths = record_cold_visit(base, path, full_app)
        log(f"a cold phone fetches {len(paths)} paths for {path}" + (" and opens a session" if full_app else ""))
        app_page = urlparse(path).path.strip("/") if full_app else None
        began = time.perf_counter()
        phones = rush(base, paths, app_page, link, seed)
        elapsed = time.perf_counter() - began
    errors = [p.error for p in phones if p.error]
    for message, count in Counter(errors).most_common(5):
        log(f"error x{count}: {message}")
    used = Counter(p.upstream for p in phones if p.upstream and not p.error)
    log("phones per replica: " + ", ".join(f"{k} {v}" for k, v in sorted(used.items())))
    times = [p.ms for p in phones]
    per_phone = sum(p.bytes for p in phones) / max(1, len(phones))
    shared = f"a shared {LINK_BITS_PER_S / 1e6:.0f} Mbit/s link" if link.bytes_per_s else "no link limit"
    busy = link.carried * 8 / LINK_BITS_PER_S / elapsed * 100 if link.bytes_per_s else None
    requests = f"{len(paths)} request" + ("s" if len(paths) != 1 else "")
    line = (
        f"load-test {mode}: {len(phones)} phones within {WINDOW_S:.0f} s, {shared}, {path} "
        f"({requests}, {per_phone / 1000:.1f} kB per phone), replicas {replicas}, replicas used "
        f"{len(used)}, p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms, "
        f"max {max(times):.0f} ms, errors {len(errors)}" + (f", link busy {busy:.0f}%" if busy is not None else "")
    )
    met = not errors and len(used) == replicas and (full_app or percentile(times, 95) <= TARGET_P95_MS)
    return line, met
