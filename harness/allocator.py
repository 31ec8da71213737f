"""The memory allocator of the atlas server, declared once for every way it starts: ``make run`` and the container
image (``python -m harness.allocator streamlit run ...``), make serve's replicas (harness.cluster), the tests and the
benchmarks (harness.browser.atlas_server).

Why (bench.memory_after_visits, 5 people each uploading a 4.6 MB file, then Streamlit's session expiry): with
Python's own small-object allocator on glibc's malloc the server kept +156 to +173 MB. What stayed was not objects
but half-empty 1 MB pymalloc arenas (176 against 73 at the start, the bytes in use back where they began) and glibc's
per-thread heaps; jemalloc alone (+158 MB) or glibc's tunables alone (+159 MB) changed nothing, Python's objects
from malloc alone left +85 MB (glibc) or +77 MB (jemalloc), and jemalloc with a prompt decay, the objects from malloc
and the session reaper's purge (ui.internals.release_memory) left +18 MB. Parsing an upload and building its search
index cost the same CPU time within the measurement's noise.

Without Debian's libjemalloc2 the server starts all the same, on glibc's malloc with two heaps.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

JEMALLOC = "libjemalloc.so.2"
# Where Debian and its derivatives install it (libjemalloc2), by architecture.
JEMALLOC_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib")
# Freed pages go back to the system within about a second, from jemalloc's own background thread.
MALLOC_CONF = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"


# What server_env sets for the preloaded allocator; the server's children must not inherit it (keep_from_children).
ALLOCATOR_VARIABLES = ("LD_PRELOAD", "MALLOC_CONF")


def jemalloc() -> str | None:
    """The path of the installed jemalloc library, or None."""
    for folder in JEMALLOC_DIRS:
        path = Path(folder) / JEMALLOC
        if path.is_file():
            return str(path)
    return None


def server_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (the current environment by default) with what the server's allocator needs: Python's objects from
    malloc (PYTHONMALLOC=malloc), and jemalloc preloaded when it is installed, else glibc with two heaps."""
    env = dict(os.environ if base is None else base)
    env["PYTHONMALLOC"] = "malloc"
    library = jemalloc()
    if library is None:
        env["GLIBC_TUNABLES"] = _joined(env.get("GLIBC_TUNABLES"), "glibc.malloc.arena_max=2")
        return env
    preload = env.get("LD_PRELOAD", "")
    if library not in preload.split(":"):
        env["LD_PRELOAD"] = _joined(preload, library)
    env.setdefault("MALLOC_CONF", MALLOC_CONF)
    return env


def keep_from_children() -> None:
    """Called once as the server starts (server.py): the allocator it was started on stays with it, and the processes
    it starts begin without it. Kaleido's Chromium, started with the server's jemalloc preloaded, never answered."""
    for name in ALLOCATOR_VARIABLES:
        os.environ.pop(name, None)


def _joined(existing: str | None, value: str) -> str:
    return f"{value}:{existing}" if existing else value


def main(argv: list[str]) -> None:
    """Run ``argv`` (a command that starts the server) with the server's allocator."""
    if not argv:
        raise SystemExit("usage: python -m harness.allocator COMMAND [ARG ...]")
    os.execvpe(argv[0], argv, server_env())


if __name__ == "__main__":
    main(sys.argv[1:])
