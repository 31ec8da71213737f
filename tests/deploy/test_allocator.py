"""The server's allocator (harness.allocator): jemalloc preloaded when installed, glibc otherwise, Python's objects
from malloc either way; a server process starts with it."""

import subprocess
import sys

from harness import allocator


def test_jemalloc_when_installed(monkeypatch, tmp_path):
    (tmp_path / allocator.JEMALLOC).write_bytes(b"")
    monkeypatch.setattr(allocator, "JEMALLOC_DIRS", (str(tmp_path),))
    env = allocator.server_env({"LD_PRELOAD": "/opt/other.so", "PATH": "/usr/bin"})
    assert env["LD_PRELOAD"] == f"{tmp_path / allocator.JEMALLOC}:/opt/other.so"
    assert env["MALLOC_CONF"] == allocator.MALLOC_CONF and env["PYTHONMALLOC"] == "malloc"
    assert env["PATH"] == "/usr/bin" and "GLIBC_TUNABLES" not in env
    assert allocator.server_env(env)["LD_PRELOAD"] == env["LD_PRELOAD"]  # not preloaded twice


def test_glibc_when_jemalloc_is_absent(monkeypatch, tmp_path):
    monkeypatch.setattr(allocator, "JEMALLOC_DIRS", (str(tmp_path),))
    env = allocator.server_env({})
    assert "LD_PRELOAD" not in env and "MALLOC_CONF" not in env
    assert env["PYTHONMALLOC"] == "malloc" and env["GLIBC_TUNABLES"] == "glibc.malloc.arena_max=2"


def test_a_process_starts_on_it():
    code = "print(open('/proc/self/maps').read())"
    done = subprocess.run(
        [sys.executable, "-c", code], env=allocator.server_env(), capture_output=True, text=True, check=True
    )
    assert (allocator.JEMALLOC in done.stdout) == (allocator.jemalloc() is not None)


def test_a_server_on_its_allocator_draws_an_audience_page_from_scratch(tmp_path):
    """The audience view draws its chart with Kaleido, whose Chromium is a child of the server: started with the
    server's jemalloc preloaded it never answered, and a hall's first phone waited forever. A fresh runtime folder,
    so no page drawn earlier is served from disk."""
    import urllib.request

    from harness.browser import atlas_server

    with atlas_server(env={"ATLAS_RUNTIME_DIR": str(tmp_path)}) as base:
        page = urllib.request.urlopen(f"{base}/audience/en/all/2", timeout=90).read().decode()
    assert "<svg" in page
