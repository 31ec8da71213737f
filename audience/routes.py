"""The audience view's routes in the atlas's server (server.py adds them to Streamlit's own): a step's page, a
talk's document (answered 304 while unchanged) and a talk's short link. Plain HTTP: no session, no websocket."""

from __future__ import annotations

import gzip
import hashlib
import json

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from audience import render, talks
from components.presentation.audience import ALL_COUNTRIES, PREFIX, TALK_ID, page_path, with_talk

# A step's page changes only with the evidence base or the code: phones may keep it a few minutes.
PAGE_CACHE = "public, max-age=300"


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def _conditional(request: Request, body: bytes, media_type: str, cache: str, gzipped: bytes | None = None):
    tag = _etag(body)
    headers = {"ETag": tag, "Cache-Control": cache, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    if gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(gzipped, media_type=media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Response(body, media_type=media_type, headers=headers)


async def step_page(request: Request) -> Response:
    lang, lens = request.path_params["lang"], request.path_params["lens"]
    try:
        step = int(request.path_params["step"])
    except ValueError:
        step = 0
    if not render.valid(lang, lens, step):
        return PlainTextResponse("No such step of the story.", status_code=404)
    path = await to_thread.run_sync(render.page, lang, lens, step)
    body = path.read_bytes()
    talk = request.query_params.get("talk", "")
    if TALK_ID.fullmatch(talk):  # opened from a talk's link: the page keeps the talk (a few kB, gzipped here)
        away = request.query_params.get("away") == "1"
        body = with_talk(body.decode(), talk, away, lang).encode()
        return _conditional(request, body, "text/html; charset=utf-8", PAGE_CACHE, gzip.compress(body, 6))
    packed = path.with_name(path.name + ".gz")
    return _conditional(
        request, body, "text/html; charset=utf-8", PAGE_CACHE, packed.read_bytes() if packed.exists() else None
    )


async def talk_document(request: Request) -> Response:
    body = talks.read(request.path_params["talk"])
    if body is None:
        return PlainTextResponse("No such talk.", status_code=404)
    return _conditional(request, body, "application/json", "no-cache")


async def short_link(request: Request) -> Response:
    """/t/<talk>: the presenter's current step, in the presenter's language."""
    talk = request.path_params["talk"].lower()
    body = talks.read(talk) if TALK_ID.fullmatch(talk) else None
    if body is None:
        return PlainTextResponse("No such talk.", status_code=404)
    doc = json.loads(body)
    lens = doc["lens"] if doc["lens"] != ALL_COUNTRIES else None
    return RedirectResponse(f"{page_path(doc['lang'], lens, doc['step'])}?talk={talk}", status_code=302)


ROUTES = [
    Route(PREFIX + "/talk/{talk}.json", talk_document),
    Route(PREFIX + "/{lang}/{lens}/{step}", step_page),
    Route("/t/{talk}", short_link),
]
