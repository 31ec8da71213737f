"""Bytes over the wire for a page visit in Chromium, read from the DevTools protocol (the browser's own count of
what arrived: headers, compressed bodies and websocket frames), with an optional emulated link.

Used by `make bench`, the deploy test of `make serve` and the hall mode of `make load-test`. No request routing
(Playwright's routing switches the HTTP cache off, and a return visit must use it): requests to another host are
recorded through the page's request events and fail the caller.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from harness.browser import LOCAL_HOSTS

# Link profiles (Chromium's network emulation): down and up in bits per second, round trip in ms.
LINKS = {
    "9 Mbit/s, 60 ms": (9_000_000, 9_000_000, 60),
    "1.6 Mbit/s, 150 ms": (1_600_000, 768_000, 150),
}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 720}}


@dataclass
class Visit:
    http_bytes: int = 0
    websocket_bytes: int = 0
    requests: int = 0
    from_cache: int = 0
    ms: float = 0.0
    foreign: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.http_bytes + self.websocket_bytes


class Meter:
    """Counts what one page receives, from the moment it is made until ``read``."""

    def __init__(self, page, link: str | None = None) -> None:
        self.page = page
        self.visit = Visit()
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        if link:
            down, up, rtt = LINKS[link]
            self.cdp.send(
                "Network.emulateNetworkConditions",
                {"offline": False, "latency": rtt, "downloadThroughput": down / 8, "uploadThroughput": up / 8},
            )
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.requestServedFromCache", self._cached)
        self.cdp.on("Network.webSocketFrameReceived", self._frame)
        page.on("request", self._request)

    def _finished(self, event) -> None:
        self.visit.http_bytes += int(event.get("encodedDataLength", 0))

    def _cached(self, _event) -> None:
        self.visit.from_cache += 1

    def _frame(self, event) -> None:
        response = event.get("response", {})
        payload = response.get("payloadData", "")
        # Binary frames (Streamlit's protobuf messages) arrive base64-encoded: 4 characters per 3 bytes.
        self.visit.websocket_bytes += len(payload) * 3 // 4 if response.get("opcode") == 2 else len(payload)

    def _request(self, request) -> None:
        url = request.url
        self.visit.requests += 1
        if not url.startswith(("data:", "blob:", "about:")) and (urlparse(url).hostname or "") not in LOCAL_HOSTS:
            self.visit.foreign.append(url)

    def read(self) -> Visit:
        return self.visit


def visit(page, url: str, drawn: str, arg=None, link: str | None = None, timeout_ms: float = 120_000) -> Visit:
    """Open ``url`` in ``page`` and wait until the JavaScript predicate ``drawn`` holds; then let the last frames
    arrive (the page keeps its websocket open, so "all bytes" means those of the drawn page plus 500 ms)."""
    meter = Meter(page, link)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    page.wait_for_function(drawn, arg=arg, timeout=timeout_ms, polling=50)
    result = meter.read()
    result.ms = (time.perf_counter() - start) * 1000
    page.wait_for_timeout(500)
    return result
