"""The talk's document as the server answers it (audience/routes.py): a few hundred bytes with a validator, and
304 while nothing changed, so 300 phones asking every second cost little."""

import asyncio
import concurrent.futures

from starlette.applications import Starlette

from audience import routes, talks


def _get(app, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes, int]:
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


def test_the_talk_document_is_small_and_answers_304_while_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(talks, "TALKS_DIR", tmp_path)
    app = Starlette(routes=routes.ROUTES)
    talk = talks.new_talk_id()
    assert _get(app, f"/audience/talk/{talk}.json")[0] == 404
    talks.publish(talk, 12, "fr", "NGA", True)
    status, headers, body, size = _get(app, f"/audience/talk/{talk}.json")
    assert status == 200 and body.startswith(b"{") and size <= 400, size
    assert headers["cache-control"] == "no-cache" and headers["etag"]
    status, _, body, size = _get(app, f"/audience/talk/{talk}.json", {"If-None-Match": headers["etag"]})
    assert status == 304 and body == b"" and size <= 300, size
    talks.publish(talk, 13, "fr", "NGA", True)  # the presenter moves: the old validator no longer matches
    status, moved, _, _ = _get(app, f"/audience/talk/{talk}.json", {"If-None-Match": headers["etag"]})
    assert status == 200 and moved["etag"] != headers["etag"]


def test_the_short_link_leads_to_the_presenters_step_and_keeps_the_talk(tmp_path, monkeypatch):
    monkeypatch.setattr(talks, "TALKS_DIR", tmp_path)
    app = Starlette(routes=routes.ROUTES)
    talks.publish("abc123", 4, "fr", None, True)
    status, headers, _, _ = _get(app, "/t/abc123")
    assert status == 302 and headers["location"] == "/audience/fr/all/4?talk=abc123"
    assert _get(app, "/t/ABC")[0] == 404 and _get(app, "/t/zzz999")[0] == 404
