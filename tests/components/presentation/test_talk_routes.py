"""The talk's document as the server answers it (audience/routes.py): a few hundred bytes with a validator, and
304 while nothing changed, so 300 phones asking every second cost little."""

from starlette.applications import Starlette

from audience import routes, talks
from tests.support.asgi import asgi_get


def test_the_talk_document_is_small_and_answers_304_while_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(talks, "TALKS_DIR", tmp_path)
    app = Starlette(routes=routes.ROUTES)
    talk = talks.new_talk_id()
    assert asgi_get(app, f"/audience/talk/{talk}.json")[0] == 404
    talks.publish(talk, 12, "fr", "NGA", True)
    status, headers, body, size = asgi_get(app, f"/audience/talk/{talk}.json")
    assert status == 200 and body.startswith(b"{") and size <= 400, size
    assert headers["cache-control"] == "no-cache" and headers["etag"]
    status, _, body, size = asgi_get(app, f"/audience/talk/{talk}.json", {"If-None-Match": headers["etag"]})
    assert status == 304 and body == b"" and size <= 300, size
    talks.publish(talk, 13, "fr", "NGA", True)  # the presenter moves: the old validator no longer matches
    status, moved, _, _ = asgi_get(app, f"/audience/talk/{talk}.json", {"If-None-Match": headers["etag"]})
    assert status == 200 and moved["etag"] != headers["etag"]


def test_the_short_link_leads_to_the_presenters_step_and_keeps_the_talk(tmp_path, monkeypatch):
    monkeypatch.setattr(talks, "TALKS_DIR", tmp_path)
    app = Starlette(routes=routes.ROUTES)
    talks.publish("abc123", 4, "fr", None, True)
    status, headers, _, _ = asgi_get(app, "/t/abc123")
    assert status == 302 and headers["location"] == "/audience/fr/all/4?talk=abc123"
    assert asgi_get(app, "/t/ABC")[0] == 404 and asgi_get(app, "/t/zzz999")[0] == 404
