"""The atlas as a hall or a ministry reaches it (`make serve`): nginx in front of HAProxy in front of the replicas.

nginx answers Streamlit's content-hashed bundles itself, from copies compressed once with brotli and gzip (under
.runtime/, made on the first start of each Streamlit version), with a year's cache; everything else (pages, the
websocket, uploads, the audience view) goes to HAProxy, which keeps each browser on one replica by a cookie it
inserts (nginx's own upstream can stick only by address, and a hall shares one address). Nothing here needs root:
nginx runs from a prefix under .runtime/ on an unprivileged port.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import shutil
import subprocess
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli
import streamlit

from components.core.paths import ROOT, RUNTIME_DIR
from harness.browser import free_port
from harness.cluster import cluster

TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"
APP_STATIC = ROOT / "static"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
# Text compresses; fonts (woff2), images and the rest are already compressed.
COMPRESSIBLE = {".js", ".mjs", ".css", ".html", ".json", ".svg", ".txt", ".map", ".xml", ".ttf", ".wasm"}
DONE = ".complete"
# Bundles of Streamlit elements the atlas never draws (deck.gl maps, ECharts, Graphviz and its layout, Vega, Mermaid,
# LaTeX, code blocks): no page of the atlas fetches them, so brotli's fast level does for them, instead of the
# highest level's 15 s of CPU or more at every first start. A bundle named here by mistake is still compressed.
NEVER_FETCHED = (
    "DeckGlJsonChart.",
    "EChartsChart.",
    "GraphVizChart.",
    "StreamlitSyntaxHighlighter.",
    "elk-",
    "cytoscape",
    "katex",
    "mermaid",
    "embed.",
)


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.path.exists(p)), None)
    if not found:
        raise SystemExit("nginx is not installed (make installs Debian's package: make nginx)")
    return found


def _compress_one(path: str) -> None:
    data = Path(path).read_bytes()
    quality = 5 if Path(path).name.startswith(NEVER_FETCHED) else 11
    for suffix, packed in ((".gz", gzip.compress(data, 9, mtime=0)), (".br", brotli.compress(data, quality=quality))):
        if len(packed) < len(data):  # a larger "compressed" file would only cost bytes
            Path(path + suffix).write_bytes(packed)


def _fingerprint(source: Path) -> str:
    """Names and sizes of every file: enough to tell one installed Streamlit (or one base map) from another."""
    digest = hashlib.sha256()
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(source)}\0{path.stat().st_size}\0".encode())
        if path.stat().st_size < 2_000_000 and source == APP_STATIC:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def precompressed(source: Path, name: str) -> Path:
    """A copy of ``source`` under .runtime/precompressed/ with a .br and a .gz beside each text file; made once
    per content (the brotli files at the highest quality take about half a minute of CPU for Streamlit's bundles)."""
    target = RUNTIME_DIR / "precompressed" / f"{name}-{_fingerprint(source)}"
    if (target / DONE).exists():
        return target
    partial = target.with_name(target.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(source, partial)
    texts = [str(p) for p in partial.rglob("*") if p.is_file() and p.suffix in COMPRESSIBLE]
    # Largest first, so the long ones start early and the pool ends together.
    texts.sort(key=lambda p: -os.path.getsize(p))
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(_compress_one, texts, chunksize=4))
    (partial / DONE).write_text("", encoding="utf-8")
    try:
        partial.rename(target)
    except OSError:  # another start finished the same copy first
        shutil.rmtree(partial, ignore_errors=True)
    return target


def nginx_config(prefix: Path, listen: str, balancer: str) -> str:
    has_brotli = BROTLI_MODULE.exists()
    fill = {
        "__MODULES__": f"load_module {BROTLI_MODULE};" if has_brotli else "",
        "__USER__": "user nobody nogroup;" if os.geteuid() == 0 else "",
        "__PREFIX__": str(prefix),
        "__LISTEN__": listen,
        "__BALANCER__": balancer,
        "__STREAMLIT_STATIC__": str(precompressed(STREAMLIT_STATIC, "streamlit-" + streamlit.__version__)),
        "__APP_STATIC__": str(precompressed(APP_STATIC, "app-static")),
        "__BROTLI__": "brotli_static on;" if has_brotli else "",
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in fill.items():
        text = text.replace(key, value)
    return text


def _wait_answering(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}: {log.read_text(errors='replace')}")
        if time.time() > deadline:
            raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.2)


@contextlib.contextmanager
def nginx(listen_port: int, balancer: str):
    """nginx on 127.0.0.1:``listen_port`` (``0.0.0.0`` when ATLAS_LISTEN_ALL=1) in front of ``balancer``."""
    host = "0.0.0.0" if os.environ.get("ATLAS_LISTEN_ALL") == "1" else "127.0.0.1"
    prefix = RUNTIME_DIR / f"nginx-{listen_port}"
    for sub in ("tmp", "logs"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(nginx_config(prefix, f"{host}:{listen_port}", balancer), encoding="utf-8")
    binary = nginx_binary()
    base = ["-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
    check = subprocess.run([binary, "-t", "-q", *base], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError("nginx refused its configuration:\n" + check.stdout + check.stderr)
    log = prefix / "nginx.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([binary, *base, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_answering(f"http://127.0.0.1:{listen_port}/_stcore/health", process, log)
        yield f"http://127.0.0.1:{listen_port}"
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(prefix, ignore_errors=True)


@contextlib.contextmanager
def front(replicas: int, port: int | None = None):
    """The served stack: ``replicas`` replicas, HAProxy, nginx on ``port``; yields (nginx's URL, the Cluster)."""
    # Compress before starting anything, so a first start's minute of brotli does not compete with the replicas.
    precompressed(STREAMLIT_STATIC, "streamlit-" + streamlit.__version__)
    precompressed(APP_STATIC, "app-static")
    with cluster(replicas) as running, nginx(port or free_port(), running.base.removeprefix("http://")) as base:
        yield base, running
