"""The conference rush: K replicas behind HAProxy on loopback, open-loop Poisson arrivals of new sessions.

Each session is a new browser from the same client address: it loads /map over HTTP (HAProxy picks a replica
and sets its cookie), opens the websocket with that cookie, runs /map and then /drivers until each script run
has finished. Its latency runs from its scheduled arrival to the end of the /drivers run, so time spent waiting
on a busy machine counts. A session fails if a run raises, takes over 30 s, or its websocket lands on another
replica than its page (the cookie did not stick).

Run: make load-test [REPLICAS=k RATE=5 DURATION=60]. Progress goes to stderr; stdout gets exactly one line:
load-test: S sessions, R/s, replicas K, replicas used U, p50 X ms, p95 Y ms, errors E, peak RSS per replica M MB

make load-test MODE=burst|hall|hall-app: phones in a hall through make serve's stack instead (deploy/hall.py).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import random
import sys
import time
from collections import Counter

from harness.cluster import COOKIE, cluster
from harness.streamlit_ws import run_session

SESSION_TIMEOUT_S = 30
PAGES = ["map", "drivers"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def first_page(base: str) -> tuple[str, str]:
    """GET /map as a new browser: returns (replica that answered, the sticky cookie HAProxy set)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=SESSION_TIMEOUT_S)
    try:
        connection.request("GET", "/map")
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"GET /map: HTTP {response.status}")
        cookie = next(
            (c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [] if c.startswith(COOKIE + "=")), ""
        )
        return response.headers.get("X-Atlas-Upstream", ""), cookie
    finally:
        connection.close()


async def one_session(base: str, arrival: float, clock_start: float) -> dict:
    await asyncio.sleep(max(0.0, clock_start + arrival - time.perf_counter()))
    outcome: dict[str, str | float] = {"upstream": "", "error": ""}
    try:
        async with asyncio.timeout(SESSION_TIMEOUT_S):
            upstream, cookie = await asyncio.to_thread(first_page, base)
            if not cookie:
                raise RuntimeError("no sticky cookie in the first response")
            result = await run_session(base, PAGES, headers={"Cookie": cookie}, page_timeout=SESSION_TIMEOUT_S)
            outcome["upstream"] = result.upstream or upstream
            if result.errors:
                raise RuntimeError("; ".join(result.errors))
            if result.upstream and result.upstream != upstream:
                raise RuntimeError(f"websocket on {result.upstream}, page on {upstream}: not sticky")
    except Exception as exc:
        outcome["error"] = f"{type(exc).__name__}: {exc}"[:300]
    outcome["ms"] = (time.perf_counter() - (clock_start + arrival)) * 1000
    return outcome


async def rush(base: str, rate: float, duration: float, seed: int, max_sessions: int) -> list[dict]:
    rng = random.Random(seed)
    arrivals: list[float] = []
    t = rng.expovariate(rate)
    while t < duration and len(arrivals) < max_sessions:
        arrivals.append(t)
        t += rng.expovariate(rate)
    clock_start = time.perf_counter()
    tasks = [asyncio.create_task(one_session(base, a, clock_start)) for a in arrivals]
    return list(await asyncio.gather(*tasks))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q / 100 * len(ordered)) - 1)] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rate", type=float, default=5.0, help="new sessions per second (Poisson)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of arrivals")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--max-sessions", type=int, default=2000, help="hard cap on sessions")
    parser.add_argument("--mode", choices=["sessions", "burst", "hall", "hall-app"], default="sessions")
    args = parser.parse_args()

    if args.mode != "sessions":
        from deploy import hall

        line, met = hall.run(args.mode, args.replicas, args.seed, log)
        print(line)
        return 0 if met else 1

    with cluster(args.replicas) as running:
        log(f"{args.replicas} replicas behind HAProxy at {running.base}; warming each replica with one session")
        for replica in running.replicas:  # a deployed replica has served someone before the rush
            asyncio.run(run_session(f"http://{replica.address}", PAGES, page_timeout=60))
        log(f"open-loop Poisson arrivals: {args.rate}/s for {args.duration:.0f} s")
        outcomes = asyncio.run(rush(running.base, args.rate, args.duration, args.seed, args.max_sessions))
        peak_rss = max(r.peak_rss_mb() for r in running.replicas)

    errors = [o["error"] for o in outcomes if o["error"]]
    for message, count in Counter(errors).most_common(5):
        log(f"error x{count}: {message}")
    used = Counter(o["upstream"] for o in outcomes if o["upstream"] and not o["error"])
    log("sessions per replica: " + ", ".join(f"{k} {v}" for k, v in sorted(used.items())))
    times = [o["ms"] for o in outcomes]
    sessions = len(outcomes)
    print(
        f"load-test: {sessions} sessions, {sessions / args.duration:.1f}/s, replicas {args.replicas}, "
        f"replicas used {len(used)}, p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms, "
        f"errors {len(errors)}, peak RSS per replica {peak_rss:.0f} MB"
    )
    return 0 if not errors and len(used) == args.replicas and percentile(times, 95) <= 2000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
