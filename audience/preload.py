"""The chart pages' shell imports plotly's bundle from its head, so the browser fetches, compiles and runs the
largest script while Streamlit's own bundle starts and opens the websocket, instead of after the first chart's
message has arrived. (A modulepreload link, which fetches and compiles but does not run, gained less: running
plotly's bundle is most of the cost, measured in bench/run_bench's paired loads.)"""

from __future__ import annotations

import gzip
from pathlib import Path

import streamlit

BUNDLES = Path(streamlit.__file__).parent / "static" / "static" / "js"
# Pages that draw a plotly chart when opened (the others need none at first: a phone there skips 1 MB).
CHART_PAGES = frozenset({"/", "/map", "/drivers"})


def plotly_bundle() -> str | None:
    """The file name of Streamlit's plotly chunk (it carries a hash of its content), if there is exactly one."""
    found = sorted(BUNDLES.glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def _accepts_gzip(headers) -> bool:
    return any(k.lower() == b"accept-encoding" and b"gzip" in v for k, v in headers)


class PreloadCharts:
    """ASGI middleware: adds the import to the page shell Streamlit answers for a chart page, and nothing else."""

    def __init__(self, app, bundle: str | None = None) -> None:
        self.app = app
        name = bundle or plotly_bundle()
        # The same URL as Streamlit's own lazy import: the module runs once, and the chart finds it ready.
        self.tag = f'<script type="module">import("./static/js/{name}")</script>'.encode() if name else b""

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not self.tag or scope.get("method") != "GET" or (path.rstrip("/") or "/") not in CHART_PAGES:
            return await self.app(scope, receive, send)
        gzip_ok = _accepts_gzip(scope.get("headers", []))
        # Ask Streamlit for the plain shell (it would gzip it), add the import, and compress it here instead.
        plain_scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: dict = {}
        body: list[bytes] = []

        async def edit(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            content = b"".join(body)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"vary")]
            html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
            encoded = any(k.lower() == b"content-encoding" for k, _ in headers)
            if html and not encoded and start.get("status") == 200 and b"<head>" in content:
                content = content.replace(b"<head>", b"<head>" + self.tag, 1)
                if gzip_ok:
                    content = gzip.compress(content, 6)
                    headers.append((b"content-encoding", b"gzip"))
            headers.append((b"content-length", str(len(content)).encode()))
            headers.append((b"vary", b"Accept-Encoding"))  # the answer depends on it, whichever was sent
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": content})

        await self.app(plain_scope, receive, edit)
