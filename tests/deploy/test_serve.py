"""`make serve`'s stack (nginx, HAProxy, a replica) on a free port: the bundles arrive precompressed with a year's
cache, the page draws over the proxied websocket, and a cold first visit stays within the budget on the wire."""

from __future__ import annotations

import http.client
import os
import re
import shutil

import pytest

from bench.run_bench import DRAWN
from harness.front import BROTLI_MODULE, front
from harness.wire import LAPTOP, PHONE, visit

# A cold first visit to any page of the full app, through make serve (issue 29).
COLD_VISIT_BUDGET = 2_500_000


@pytest.fixture(scope="module")
def served():
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")) or not (
        shutil.which("haproxy") or os.path.exists("/usr/sbin/haproxy")
    ):
        pytest.skip("nginx or HAProxy is not installed (make serve installs Debian's packages: make nginx haproxy)")
    # One replica: the balancer's stickiness is make deploy-test's subject; this checks what nginx adds.
    with front(1) as (base, _running):
        yield base


def get(base: str, path: str, encoding: str) -> http.client.HTTPResponse:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", path, headers={"Accept-Encoding": encoding})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def entry_bundle(base: str) -> str:
    """The script the page shell loads first (its name carries a hash of its content)."""
    html = get(base, "/", "identity").body.decode()  # type: ignore[attr-defined]
    found = re.search(r'src="\./(static/js/[^"]+\.js)"', html)
    assert found, "the page shell names no bundle"
    return "/" + found.group(1)


# The module-scoped stack starts in the first test; a first start on a fresh clone also compresses the bundles.
@pytest.mark.timeout(600)
def test_bundles_are_precompressed_and_cached_for_a_year(served):
    bundle = entry_bundle(served)
    expected = "br" if BROTLI_MODULE.exists() else "gzip"
    compressed = get(served, bundle, "gzip, deflate, br")
    assert compressed.status == 200
    assert compressed.getheader("Content-Encoding") == expected
    cache = compressed.getheader("Cache-Control") or ""
    assert "max-age=31536000" in cache and "immutable" in cache
    assert "Accept-Encoding" in (compressed.getheader("Vary") or "")
    gzipped = get(served, bundle, "gzip")
    assert gzipped.getheader("Content-Encoding") == "gzip"
    plain = get(served, bundle, "identity")
    assert plain.getheader("Content-Encoding") is None
    assert len(compressed.body) < len(gzipped.body) < len(plain.body) / 2  # type: ignore[attr-defined]


@pytest.mark.parametrize("profile", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_cold_visit_draws_within_budget_and_a_return_visit_fetches_little(served, browser, profile):
    context = browser.new_context(**profile)
    try:
        cold = visit(context.new_page(), served + "/", DRAWN, arg=1)
        again = visit(context.new_page(), served + "/", DRAWN, arg=1)
    finally:
        context.close()
    assert not cold.foreign and not again.foreign
    # The chart drew: its data came over the websocket, through nginx and HAProxy.
    assert cold.websocket_bytes > 1_000
    assert cold.total <= COLD_VISIT_BUDGET, f"cold first visit: {cold.total:,} bytes"
    assert again.http_bytes < 20_000, f"return visit: {again.http_bytes:,} bytes over HTTP"
