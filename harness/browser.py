"""Start the atlas on loopback and drive Debian's Chromium with Playwright, refusing every other host.

Used by the end-to-end tests, the benchmark, the deploy checks and the screenshot script.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import IO
from urllib.parse import urlparse

from components.core.paths import ROOT
from harness.allocator import server_env

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Debian's build of Chromium's headless shell (the browser Playwright itself uses for headless runs; apt package
# chromium-headless-shell): the same Blink and V8 without the full browser's UI layers, measured at a fifth less CPU
# on the search journeys. The tests use it when ATLAS_TEST_HEADLESS_SHELL=1 (tests/conftest.py).
HEADLESS_SHELL = os.environ.get("CHROMIUM_HEADLESS_SHELL_PATH", "/usr/lib/chromium/chromium-headless-shell")
# The shell hints glyphs to whole pixels unless told not to, which set a French chart title 9% wider than the full
# browser does (and than phones do); without hinting, text is laid out to the same widths as in the full browser.
HEADLESS_SHELL_ARGS = ["--font-render-hinting=none"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
LAST_SERVER_PID: int | None = None  # the benchmark reads the server's memory from /proc
# Each running server's error output (its log), by base URL: a failed journey shows what the server logged.
SERVER_LOGS: dict[str, IO[bytes]] = {}
# The atlas as served: Streamlit running app.py, with the audience view's routes (server.py).
SERVER_SCRIPT = "server.py"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(script: str, port: int, extra_args: tuple[str, ...] = ()) -> list[str]:
    """``streamlit run`` of ``script`` on 127.0.0.1:``port``, headless (for tests, the benchmark and replicas)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        *extra_args,
    ]


@contextlib.contextmanager
def atlas_server(
    script: str = SERVER_SCRIPT,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
):
    """Run ``streamlit run`` on 127.0.0.1 and yield its base URL once the health check answers (``env``: more
    environment variables, e.g. ATLAS_PUBLIC_URL)."""
    port = port or free_port()
    command = streamlit_command(script, port, extra_args)
    # The server's error output goes to a file, not a pipe nobody reads: a pipe that fills (64 kB of warnings)
    # would block the server mid-write. wait_healthy shows the file's end if the server dies while starting.
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=server_env({**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}),
        )
        base = f"http://127.0.0.1:{port}"
        global LAST_SERVER_PID
        LAST_SERVER_PID = process.pid
        SERVER_LOGS[base] = errors
        try:
            wait_healthy(base, process, timeout=60, errors=errors)
            yield base
        finally:
            SERVER_LOGS.pop(base, None)
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def server_log_tail(base: str, chars: int = 4_000) -> str:
    """The end of what the server at ``base`` has logged so far ('' for a server not started here)."""
    errors = SERVER_LOGS.get(base)
    if errors is None:
        return ""
    # pread: the server writes through the same open file, so moving its offset would misplace what it writes next.
    size = os.fstat(errors.fileno()).st_size
    start = max(0, size - chars)
    return os.pread(errors.fileno(), size - start, start).decode("utf-8", "replace")


def wait_healthy(url: str, process: subprocess.Popen | None, timeout: float = 90, errors=None) -> None:
    """Wait until a Streamlit server answers its health check; fail early, with its error output, if it exits."""
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            output = ""
            if errors is not None:
                errors.seek(0)
                output = errors.read()[-4000:].decode(errors="replace")
            raise RuntimeError(f"{url}: the server exited with {process.returncode}. {output}")
        if time.time() > deadline:
            raise TimeoutError(f"{url} did not become healthy within {timeout:.0f} s")
        time.sleep(0.3)


def launch_browser(playwright, executable: str = CHROMIUM):
    args = CHROMIUM_ARGS + (HEADLESS_SHELL_ARGS if executable == HEADLESS_SHELL else [])
    return playwright.chromium.launch(executable_path=executable, args=args, headless=True)


def offline_context(browser, blocked: list[str], **kwargs):
    """A browser context that aborts, and records, every request to a host other than loopback."""
    context = browser.new_context(**kwargs)

    def guard(route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        # file: is a file on this machine (the offline story file, opened as a presenter opens it).
        if url.startswith(("data:", "blob:", "about:", "file:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    context.add_init_script(IDLE_PROBE)
    return context


# A probe in the page that remembers when the page last changed (nodes or text added, removed or edited, or
# Streamlit's script state switching), when a script run was last seen going on, and when the page last sent the
# server a message (a widget's new value asks for a run that starts a moment later). A test waits until the page
# has been still for a moment, and until a run it asked for has come, instead of sleeping a fixed time per action.
# Installed before the page's own scripts (offline_context), so the message that a click sends is seen.
IDLE_PROBE = """
(() => {
  if (window.__atlasIdle) return;
  const probe = (window.__atlasIdle = {changed: performance.now(), sent: -1, running: -1});
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (...args) { probe.sent = performance.now(); return send.apply(this, args); };
  new MutationObserver(() => {
    probe.changed = performance.now();
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && app.getAttribute('data-test-script-state') === 'running') probe.running = probe.changed;
  }).observe(document, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['data-test-script-state'],
  });
})()
"""
IDLE_CHECK = """
([start, quiet, answer]) => {
  const probe = window.__atlasIdle;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!probe || !app) return false;
  const now = performance.now();
  // 'initial' until the first run starts, which can be seconds after the page loads on a busy machine.
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')) return false;
  if (!document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"]')) return false;
  // The story's keys listen once their component's script has loaded, which comes after the page is drawn and
  // can lag it on a busy machine: a key pressed before then is lost, as it would be for a person at that instant.
  if (document.querySelector('.st-key-presenter_keys') && !window.__atlasPresenterKeys) return false;
  // An element whose code is still loading (Streamlit loads most elements' code on first use, and shows a
  // placeholder until then): on a busy machine that can take longer than the quiet time.
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]')) return false;
  // "Connecting": what a person does now would not reach the server.
  if (document.querySelector('[data-testid="stConnectionStatus"]')) return false;
  // A message went to the server after the last run was seen: its run has not started yet (give up waiting for
  // one after `answer` ms: not every message asks for a run).
  if (probe.sent > probe.running && now - probe.sent < answer) return false;
  return now - Math.max(probe.changed, start) >= quiet;
}
"""
# How long the page must stay still after a run, and how long a message to the server may wait for its run.
QUIET_MS = 250
ANSWER_MS = 3_000


def wait_until_idle(page, timeout: float = 45_000, quiet_ms: int = QUIET_MS) -> None:
    """Wait until the app has rendered, no script run is going on, and the page has not changed for ``quiet_ms``
    (counted from this call, so a run that an action has just asked for is waited for)."""
    from playwright.sync_api import Error, TimeoutError

    for attempt in range(3):
        try:
            page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
            start = page.evaluate(IDLE_PROBE + "; performance.now()")
            page.wait_for_function(IDLE_CHECK, arg=[start, quiet_ms, ANSWER_MS], timeout=timeout)
            return
        except TimeoutError:
            raise
        except Error:
            # A navigation in between (a link, a reload) replaced the window and its probe: watch the new one.
            if attempt == 2:
                raise


def no_error(page) -> None:
    """The page shows no Streamlit exception and no "app has encountered an error" message."""
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "This app has encountered an error" not in page.inner_text("body")
