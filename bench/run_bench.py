"""Benchmark the atlas on this machine, in one run, against a one-chart Streamlit floor.

Measures, per page:
  - load: time from navigation until the app is idle and every plotly chart is drawn (median of 5, cold
    browser context each time), beside the same figure for bench/floor_app.py (one trivial plotly chart);
  - rerun: server time of a rerun after a filter change (AppTest, median of 20);
  - websocket: bytes the server sends over the websocket for one page load;
and 20 sessions loading /map and /drivers at once: p50/p95 time to idle and the server's peak memory.

Run: make bench   (writes bench/results/latest.md and prints it)
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import date
from pathlib import Path

from playwright.async_api import async_playwright
from playwright.sync_api import sync_playwright

from components import use_object_strings
from components.core.paths import ROOT
from harness.browser import CHROMIUM, CHROMIUM_ARGS, atlas_server, launch_browser, offline_context

PAGES = ["", "map", "drivers", "policy", "studies", "methods"]
STEPPED_PAGES = {"policy"}  # no sidebar filters: its reruns are steps of the story
LOADS = 5
RERUNS = 20
SESSIONS = 20
TARGETS = {
    "ratio": 1.3,
    "rerun_ms": 150,
    "ws_bytes": 1_000_000,
    "p95_factor": 4.0,
    "memory_mb": 500,
    "upload_map_ms": 1500,
}
UPLOAD_ROWS = 5000

# Idle = no script running, the page's plotly charts are all in the page (Streamlit adds them a moment after the
# script has finished, once their code has loaded) and drawn, and a map has drawn its countries.
DRAWN = """(expected) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') === 'running') return false;
    if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) return false;
    if (!document.querySelector('[data-testid="stMainBlockContainer"] h1, [data-testid="stPlotlyChart"]')) return false;
    const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
    if (charts.length < expected) return false;
    for (const chart of charts) { if (!chart.querySelector('.main-svg')) return false; }
    const geo = document.querySelector('.choroplethlayer');
    if (geo && ![...geo.querySelectorAll('path.choroplethlocation')].some(p => (p.getAttribute('d') || '').length > 10))
        return false;
    return true;
}"""


def expected_charts(path: str) -> int:
    """How many plotly charts the page draws with no filters (AppTest runs the page without a browser)."""
    from harness.apptest import open_page

    return len(open_page(path).get("plotly_chart"))


def load_once(base: str, path: str, browser, expected: int) -> tuple[float, int]:
    """Ms from navigation to drawn in a cold browser context, and the websocket bytes received."""
    blocked: list[str] = []
    context = offline_context(browser, blocked, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    counter = {"bytes": 0}

    def on_socket(ws):
        def count(payload):
            counter["bytes"] += len(payload)

        ws.on("framereceived", count)

    page.on("websocket", on_socket)
    # Timed to drawn, not to the load event (which also waits for the plotly bundle a chart page's shell imports).
    page.goto(f"{base}/{path}", wait_until="commit")
    page.wait_for_function(DRAWN, arg=expected, timeout=60_000, polling=25)
    drawn = page.evaluate("performance.now()")
    page.wait_for_timeout(300)  # let the last frames arrive before counting
    context.close()
    if blocked:
        raise RuntimeError(f"requests left the machine: {blocked}")
    return drawn, counter["bytes"]


def paired_load_times(floor_base: str, base: str, path: str, browser, expected: int) -> tuple[float, float, int]:
    """Median ms to drawn of the page and of the floor, loaded in turn (floor, page, floor, page, ...), and the
    page's websocket bytes on its last load. Taking the floor beside each page, not once for the whole run, keeps
    a drift of the machine's speed during the run (other work, CPU frequency) out of the ratio."""
    page_times, floor_times, received = [], [], 0
    for _ in range(LOADS):
        floor_times.append(load_once(floor_base, "", browser, 1)[0])
        drawn, received = load_once(base, path, browser, expected)
        page_times.append(drawn)
    return statistics.median(page_times), statistics.median(floor_times), received


def rerun_ms(page: str, cold: bool = False, reruns: int = RERUNS) -> float:
    """Median server time of a rerun after a filter change, in ms (AppTest runs the script in-process).

    Warm: the filter moves between four values, as a user comparing cadres does, so the shared cache answers
    after the first four. Cold: every rerun asks for a selection no session has seen before. The story (/policy)
    has no filters: there a rerun is a step forward or back (warm: back and forth over three steps; cold: on through
    the steps, each shown for the first time in the session, and back from the last).
    """
    from components.tables.evidence import DECADES
    from harness.apptest import open_page

    at = open_page(page)
    cadres = [["nurses"], ["doctors"], [], ["students"]]
    times = []
    for i in range(reruns):
        if page in STEPPED_PAGES:
            forward = (not at.button(key="next_step").disabled) if cold else i % 4 < 2
            at.button(key="next_step" if forward else "prev_step").click()
        else:
            at.multiselect(key="f_cadre").set_value(cadres[i % len(cadres)])
            if cold:
                at.select_slider(key="f_decade").set_value((DECADES[i // 4 % 3], DECADES[-1 - i % 2]))
                at.multiselect(key="f_design").set_value([["quantitative"], ["qualitative", "mixed"]][i // 12 % 2])
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def concurrent(base: str, charts: dict[str, int]) -> list[float]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

        async def one(i: int) -> float:
            context = await browser.new_context(viewport={"width": 1280, "height": 720})
            page = await context.new_page()
            page_path = "map" if i % 2 == 0 else "drivers"
            await page.goto(f"{base}/{page_path}", wait_until="commit", timeout=180_000)
            await page.wait_for_function(DRAWN, arg=charts[page_path], timeout=180_000, polling=50)
            elapsed = await page.evaluate("performance.now()")
            await context.close()
            return elapsed

        results = await asyncio.gather(*(one(i) for i in range(SESSIONS)))
        await browser.close()
        return list(results)


async def server_session(base: str, page: str) -> float:
    """One session as the browser's websocket client would open it: ms from connect to a finished script run."""
    from harness.streamlit_ws import run_session

    start = time.perf_counter()
    result = await run_session(base, [page], page_timeout=180)
    if result.errors:
        raise RuntimeError(f"/{page}: {result.errors}")
    return (time.perf_counter() - start) * 1000


async def server_sessions(base: str, concurrent_sessions: int) -> list[float]:
    pages = ["map" if i % 2 == 0 else "drivers" for i in range(concurrent_sessions)]
    return list(await asyncio.gather(*(server_session(base, p) for p in pages)))


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of the server process and its children."""
    total = 0.0
    for proc in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q / 100 * len(ordered)) - 1)]


def mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def upload_map_ms() -> dict[str, float]:
    """Server CPU time (median of 3) to build the map of a 5,000-study upload, per view: the bundled studies over
    and over with their own ids, parsed as an upload is, then the map's view built as the page builds it."""
    import csv
    import io

    from components.core.paths import DATA_DIR
    from components.presentation.page_content import map_view
    from components.tables.upload import parse_upload
    from components.tables.vocabularies import load_vocabulary

    bundled = list(csv.DictReader((DATA_DIR / "studies.csv").open(encoding="utf-8")))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(bundled[0]), lineterminator="\r\n")
    writer.writeheader()
    for i in range(UPLOAD_ROWS):
        row = dict(bundled[i % len(bundled)])
        row.update(study_id=f"{row['study_id']}_{i}", doi="", url=f"https://example.org/study/{i}")
        writer.writerow(row)
    evidence, problems = parse_upload("bench.csv", out.getvalue().encode("utf-8"), load_vocabulary())
    assert evidence is not None, problems[:3]
    timings = {}
    for view in ("sources", "destinations"):
        runs = []
        for _ in range(3):
            start = time.process_time()
            map_view(evidence, evidence, view, True)
            runs.append((time.process_time() - start) * 1000)
        timings[view] = statistics.median(runs)
    return timings


def main() -> int:
    use_object_strings()  # the reruns are measured in this process (AppTest), as app.py runs them
    rows = []
    charts = {path: expected_charts(path) for path in PAGES}
    with atlas_server("bench/floor_app.py") as floor_base, atlas_server() as base:
        with sync_playwright() as pw:
            browser = launch_browser(pw)
            load_once(base, "", browser, 0)  # warm both servers once, as any visitor after the first would
            load_once(floor_base, "", browser, 1)
            floor_ws = load_once(floor_base, "", browser, 1)[1]
            for path in PAGES:
                rows.append((path, *paired_load_times(floor_base, base, path, browser, charts[path])))
            browser.close()
        reruns = {path: rerun_ms(path) for path in PAGES}
        cold_reruns = {path: rerun_ms(path, cold=True) for path in PAGES}
        from harness import browser as browser_module

        server_pid = browser_module.LAST_SERVER_PID
        assert server_pid is not None, "atlas_server records the pid of the server it starts"
        single_server = [asyncio.run(server_sessions(base, 1))[0] for _ in range(5)]
        single_server += [asyncio.run(server_session(base, "drivers")) for _ in range(5)]
        server_timings = asyncio.run(server_sessions(base, SESSIONS))
        timings = asyncio.run(concurrent(base, charts))
        memory = peak_memory_mb(server_pid)
    upload_map = upload_map_ms()

    single = statistics.median([t for p, t, _, _ in rows if p in ("map", "drivers")])
    floor = statistics.median([f for _, _, f, _ in rows])
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    server_single = statistics.median(single_server)
    server_p50, server_p95 = percentile(server_timings, 50), percentile(server_timings, 95)
    lines = [
        f"Benchmark of {date.today().isoformat()} on this machine ({__import__('os').cpu_count()} cores), one run. "
        f"Floor: one-chart Streamlit page, {floor:.0f} ms to drawn (median over the run; each page's ratio is to the "
        f"floor loaded in turn with it), {floor_ws / 1024:.0f} kB over the websocket.",
        "",
        "| Page | Load to drawn (median of 5) | Floor beside it (median of 5) | × floor | "
        "Rerun after filter change (median of 20) | Rerun, selection never seen before | Websocket per load |",
        "|---|---|---|---|---|---|---|",
    ]
    for path, median, beside, ws in rows:
        ratio = median / beside
        lines.append(
            f"| /{path} | {median:.0f} ms | {beside:.0f} ms | {ratio:.2f} ({mark(ratio <= TARGETS['ratio'])}) | "
            f"{reruns[path]:.0f} ms ({mark(reruns[path] <= TARGETS['rerun_ms'])}) | "
            f"{cold_reruns[path]:.0f} ms ({mark(cold_reruns[path] <= TARGETS['rerun_ms'])}) | "
            f"{ws / 1024:.0f} kB ({mark(ws <= TARGETS['ws_bytes'])}) |"
        )
    lines += [
        "",
        f"{SESSIONS} sessions loading /map and /drivers at once, as websocket clients (the server's work: connect "
        f"to finished script run): p50 {server_p50:.0f} ms, p95 {server_p95:.0f} ms = "
        f"{server_p95 / server_single:.1f}× the single-session median of {server_single:.0f} ms "
        f"({mark(server_p95 <= TARGETS['p95_factor'] * server_single)}); "
        f"server peak memory {memory:.0f} MB ({mark(memory <= TARGETS['memory_mb'])}).",
        "",
        f"The same {SESSIONS} sessions as {SESSIONS} Chromium pages on this machine (the browser shares the 2 cores "
        f"with the server, so this mostly measures the browsers rendering): p50 {p50:.0f} ms, p95 {p95:.0f} ms = "
        f"{p95 / single:.1f}× the single-page median of {single:.0f} ms "
        f"({mark(p95 <= TARGETS['p95_factor'] * single)}).",
        "",
        f"Map of a {UPLOAD_ROWS:,}-study upload, server CPU time to build it (median of 3): "
        + ", ".join(f"{view} {ms:.0f} ms ({mark(ms <= TARGETS['upload_map_ms'])})" for view, ms in upload_map.items())
        + ".",
        "",
        "Targets: load ≤ 1.3× floor; rerun ≤ 150 ms; ≤ 1 MB over the websocket; 20-session p95 ≤ 4× the "
        "single-session median; peak memory ≤ 500 MB; map of a 5,000-study upload ≤ 1,500 ms.",
    ]
    report = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
