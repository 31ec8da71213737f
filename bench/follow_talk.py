"""300 phones following a talk (issue #29 item 2): bytes per phone and the server's CPU.

Starts the atlas as `make run` does (server.py: Streamlit plus the audience view's routes), draws the audience pages
beforehand (as a served atlas has them), and plays a talk: the presenter's document is rewritten STEP_CHANGES times
(the story has fewer steps than that, so the talk goes back to earlier steps for questions), and every phone polls
the talk's document every POLL_S seconds of the talk with the validator it holds, as the page's script does
(fetch with cache 'no-cache': 304 while nothing changed). A phone first opens the short link (/t/<id>, a
redirect), then each step's page once (pages may be cached five minutes: a step seen again within that is not asked
again, later it is revalidated: 304).

Talk time is compressed: each round of polls (one per phone, all at once) stands for POLL_S seconds of the talk, so
a 15-minute talk runs in what the server needs to answer it. Bytes are counted on the wire as HTTP/1.1 sends them
(status line, headers, body; both directions; keep-alive connections, one per phone); TCP/IP framing is not counted.
The server's CPU is its process's user + system time over the run (/proc).

    python -m bench.follow_talk [--phones 300] [--minutes 15] [--steps 20] [--poll 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from audience import render, talks
from components.presentation.audience import ALL_COUNTRIES, short_path, talk_document_path
from harness import browser

USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
    "Safari/537.36"
)
PAGE_MAX_AGE_S = 300  # audience/routes.py PAGE_CACHE: a phone keeps a step's page this long


@dataclass
class Phone:
    host: str
    port: int
    sent: int = 0
    received: int = 0
    requests: int = 0
    not_modified: int = 0
    talk_tag: str = ""
    step: int = 0
    pages: dict[str, tuple[str, float]] = field(default_factory=dict)  # path -> (etag, talk second fetched)
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, tag: str = "") -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"User-Agent: {USER_AGENT}",
            "Accept: */*",
            "Accept-Encoding: gzip, deflate, br",
            "Accept-Language: fr-FR,fr;q=0.9,en;q=0.8",
        ] + ([f"If-None-Match: {tag}"] if tag else [])
        request = ("\r\n".join(lines) + "\r\n\r\n").encode()
        self.writer.write(request)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        headers = {}
        for line in head.decode("latin-1").split("\r\n")[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        body = b""
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            chunks = []
            while True:
                size_line = await self.reader.readuntil(b"\r\n")
                size = int(size_line.strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                chunks.append(size_line + chunk)
                if size == 0:
                    break
            body = b"".join(chunks)
        self.sent += len(request)
        self.received += len(head) + len(body)
        self.requests += 1
        self.not_modified += status == 304
        return status, headers, body

    async def open_page(self, path: str, now: float) -> None:
        cached = self.pages.get(path)
        if cached and now - cached[1] < PAGE_MAX_AGE_S:
            return  # fresh in the phone's cache: no request
        _status, headers, _body = await self.get(path, cached[0] if cached else "")
        self.pages[path] = (headers.get("etag", cached[0] if cached else ""), now)


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def talk_steps(changes: int, steps: int) -> list[int]:
    """The step shown after each change: forward through the story, then back to earlier steps for questions."""
    path = list(range(1, steps + 1))
    back = steps - 1
    while len(path) < changes + 1:
        path.append(max(1, back))
        back -= 1
    return path[: changes + 1]


async def play(base: str, phones: int, minutes: float, changes: int, poll_s: float, talk: str, lang: str) -> dict:
    parts = urlsplit(base)
    crowd = [Phone(parts.hostname or "127.0.0.1", parts.port or 80) for _ in range(phones)]
    path_of = talk_steps(changes, render.step_count())
    rounds = int(minutes * 60 / poll_s)
    change_every = rounds / (changes + 1)
    talks.publish(talk, path_of[0], lang, None, True)

    async def join(phone: Phone) -> None:
        _status, headers, _ = await phone.get(short_path(talk))
        location = urlsplit(headers["location"])
        phone.step = path_of[0]
        await phone.open_page(location.path + "?" + location.query, 0)

    await asyncio.gather(*(join(phone) for phone in crowd))
    shown = 0
    for number in range(rounds):
        now = number * poll_s
        if int(number / change_every) != shown and shown < changes:
            shown = int(number / change_every)
            talks.publish(talk, path_of[shown], lang, None, True)

        async def poll(phone: Phone, now: float = now) -> None:
            status, headers, body = await phone.get(talk_document_path(talk), phone.talk_tag)
            if status == 200:
                phone.talk_tag = headers.get("etag", "")
                step = int(body.split(b'"step":', 1)[1].split(b",", 1)[0])
                if step != phone.step:
                    phone.step = step
                    await phone.open_page(f"/audience/{lang}/{ALL_COUNTRIES}/{step}?talk={talk}", now)

        await asyncio.gather(*(poll(phone) for phone in crowd))
    for phone in crowd:
        if phone.writer:
            phone.writer.close()
    return {
        "rounds": rounds,
        "requests": sum(p.requests for p in crowd),
        "not_modified": sum(p.not_modified for p in crowd),
        "received_per_phone": sum(p.received for p in crowd) / phones,
        "sent_per_phone": sum(p.sent for p in crowd) / phones,
        "pages_per_phone": sum(len(p.pages) for p in crowd) / phones,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--minutes", type=float, default=15)
    parser.add_argument("--steps", type=int, default=20, help="step changes in the talk")
    parser.add_argument("--poll", type=float, default=2.0, help="seconds of talk between two polls of a phone")
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args()
    render.render_all()
    talk = talks.new_talk_id()
    with browser.atlas_server() as base:
        pid = browser.LAST_SERVER_PID
        assert pid is not None
        # One phone first, so the server's first-request work (imports, caches) is not counted.
        asyncio.run(play(base, 1, 0.1, 1, args.poll, talk, args.lang))
        cpu_before, started = cpu_seconds(pid), time.perf_counter()
        result = asyncio.run(play(base, args.phones, args.minutes, args.steps, args.poll, talk, args.lang))
        cpu, wall = cpu_seconds(pid) - cpu_before, time.perf_counter() - started
    talk_file = talks.talk_file(talk)
    if talk_file:
        talk_file.unlink(missing_ok=True)
    print(
        f"follow-talk: {args.phones} phones, {args.minutes:g} min talk, {args.steps} step changes, a poll every "
        f"{args.poll:g} s ({result['rounds']} polls per phone): {result['requests']:,} requests, "
        f"{result['not_modified'] / result['requests']:.1%} answered 304; per phone "
        f"{result['received_per_phone'] / 1000:.1f} kB received, {result['sent_per_phone'] / 1000:.1f} kB sent, "
        f"{result['pages_per_phone']:.0f} pages; server CPU {cpu:.1f} s ({cpu / (args.minutes * 60):.1%} of one core "
        f"over the talk, {cpu / result['requests'] * 1000:.2f} ms per request); run took {wall:.0f} s"
    )


if __name__ == "__main__":
    main()
