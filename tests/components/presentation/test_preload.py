"""The chart pages' shell imports plotly's bundle (audience/preload.py): the browser starts on the largest script
while the websocket opens; the pages without a chart, and every other answer, pass through untouched."""

import gzip

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from audience import preload
from audience.preload import CHART_PAGES, PreloadCharts, plotly_bundle
from tests.support.asgi import asgi_get

SHELL = "<!DOCTYPE html><html><head><title>atlas</title></head><body><div id=root></div></body></html>"
LINK = '<script type="module">import("./static/js/PlotlyChart.test.js")</script>'


def _shell(request):
    if "gzip" in request.headers.get("accept-encoding", ""):  # as Streamlit does: the middleware must ask plain
        return Response(gzip.compress(SHELL.encode()), media_type="text/html", headers={"Content-Encoding": "gzip"})
    return HTMLResponse(SHELL)


def _app():
    routes = [Route(path, _shell) for path in ("/", "/map", "/drivers", "/policy", "/studies", "/methods")]
    routes += [
        Route("/static/js/x.js", lambda r: PlainTextResponse("<head>")),
        Route("/gone", lambda r: HTMLResponse(SHELL, 404)),
    ]
    return PreloadCharts(Starlette(routes=routes), bundle="PlotlyChart.test.js")


def test_the_installed_streamlit_has_one_plotly_bundle():
    assert (name := plotly_bundle()) and name.startswith("PlotlyChart.") and name.endswith(".js")


def test_every_chart_page_imports_the_bundle_once_in_its_head():
    app = _app()
    assert {"/", "/map", "/drivers"} == CHART_PAGES
    for path in ("/", "/map", "/drivers"):
        status, head, body, _ = asgi_get(app, path + "?country=GHA")
        assert status == 200
        assert body.decode().count(LINK) == 1 and body.decode().startswith("<!DOCTYPE html><html><head>" + LINK)
        assert int(head["content-length"]) == len(body)
        assert head["vary"] == "Accept-Encoding"  # a cache must not hand this plain copy to a gzip client


def test_a_browser_that_accepts_gzip_gets_the_edited_shell_gzipped():
    status, head, body, _ = asgi_get(_app(), "/map", {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and head["content-encoding"] == "gzip"
    assert LINK in gzip.decompress(body).decode()
    assert int(head["content-length"]) == len(body)


def test_pages_without_a_chart_and_other_answers_pass_through_untouched():
    app = _app()
    for path in ("/policy", "/studies", "/methods"):
        assert asgi_get(app, path)[2].decode() == SHELL
        _, head, body, _ = asgi_get(app, path, {"Accept-Encoding": "gzip"})
        assert head["content-encoding"] == "gzip" and gzip.decompress(body).decode() == SHELL
    assert asgi_get(app, "/static/js/x.js")[2] == b"<head>"
    assert asgi_get(app, "/gone")[2].decode() == SHELL


def test_without_a_bundle_the_middleware_changes_nothing(monkeypatch):
    monkeypatch.setattr(preload, "plotly_bundle", lambda: None)  # a Streamlit whose chunks are named otherwise
    assert asgi_get(PreloadCharts(_app().app), "/map")[2].decode() == SHELL
