"""One GET through an ASGI app (the audience routes, the server's middleware), without a server or a socket."""

import asyncio
import concurrent.futures


def asgi_get(app, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes, int]:
    """One GET through the ASGI app: status, headers, body, and the bytes of status line, headers and body."""
    sent: list[dict] = []
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path.split("?")[0],
        "raw_path": path.split("?")[0].encode(),
        "query_string": (path.split("?", 1)[1] if "?" in path else "").encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "server": ("atlas", 80),
        "client": ("10.0.0.1", 5000),
        "root_path": "",
    }

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    # In a thread of its own: a browser test of the same worker leaves Playwright's event loop running here.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = sent[0]
    head = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent[1:])
    wire = len(f"HTTP/1.1 {start['status']} OK\r\n") + sum(len(k) + len(v) + 4 for k, v in head.items()) + 2
    return start["status"], head, body, wire + len(body)
