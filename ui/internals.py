"""The private Streamlit APIs the atlas relies on, kept in one place (tests/ui/test_internals.py fails when a
Streamlit upgrade moves them)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading
import time
import weakref
from typing import Any

import streamlit as st
from streamlit.logger import get_logger


def current_run():
    """An object that exists once per script run (Streamlit makes a new coordinator for every run)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "parallel_coordinator", None)


def ensure_entry_script_ran() -> None:
    """Streamlit treats an app with a ``pages/`` folder as a v1 multipage app until the entry script first calls
    ``st.navigation``; so the very first request a fresh server gets for a deep link (``/map``) runs the page
    file alone, without app.py. Switch the v1 behaviour off and rerun through app.py."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


# Streamlit keeps a closed tab's session for server.disconnectedSessionTTL seconds, in case it reconnects, then
# drops it from its session store, but only on the store's next write (another tab closing), and without shutting
# it down: the session's uploaded files stay in Streamlit's upload store and its objects wait for the cycle
# collector. The reaper below shuts every expired session down as a closed tab is (AppSession.shutdown), on the
# server's event loop, a little after its time is up, then returns the freed memory to the system.
REAP_EVERY_S = 15
_LOGGER = get_logger(__name__)
_reaper_lock = threading.Lock()
_reaper_started = False


def start_session_reaper() -> None:
    """Start, once per server process, the thread that shuts down expired disconnected sessions."""
    global _reaper_started
    from streamlit import runtime

    if _reaper_started or not runtime.exists():
        return
    with _reaper_lock:
        if _reaper_started:
            return
        from streamlit.runtime.caching.ttl_cache import TTLCache

        instance = runtime.get_instance()
        try:
            loop = instance._get_async_objs().eventloop
            manager: Any = instance._session_mgr
            store = manager._session_storage._cache
        except AttributeError:  # AppTest's stand-in runtime: no sessions to reap
            store = None
        if not isinstance(store, TTLCache):
            _reaper_started = True
            return
        limit_heap_growth()
        expired: list = []
        expire = store.expire

        def expire_and_keep(*args, **kwargs):
            # Every way the store drops expired sessions goes through expire(): keep them to shut down.
            removed = expire(*args, **kwargs)
            expired.extend(info.session for _, info in removed)
            return removed

        store.expire = expire_and_keep  # type: ignore[method-assign]

        def take_expired() -> list:
            with manager._storage_lock:
                store.expire()
                sessions, expired[:] = list(expired), []
            return sessions

        lingering: list[weakref.ref] = []

        def reap() -> None:
            # A session shut down here may still be held for a while (Streamlit's runtime loop keeps the last one it
            # flushed in a loop variable until another tab is active): memory is released when sessions are shut
            # down and again on each round while one of them is still alive, until all are gone.
            sessions = take_expired()
            count = shut_down(sessions)
            lingering.extend(weakref.ref(session) for session in sessions)
            del sessions
            if lingering:
                release_memory()
                lingering[:] = [ref for ref in lingering if ref() is not None]
            if count:
                _LOGGER.info("Shut down %d expired session(s)", count)

        def every() -> None:
            while not loop.is_closed():
                time.sleep(REAP_EVERY_S)
                with contextlib.suppress(RuntimeError):  # the loop closed while the server stops
                    loop.call_soon_threadsafe(reap)

        threading.Thread(target=every, name="atlas-session-reaper", daemon=True).start()
        _reaper_started = True


def shut_down(sessions: list) -> int:
    """Shut down expired sessions as a closed tab is, and empty their state: Streamlit's runtime loop keeps the last
    session it flushed referenced (a loop variable) until another session is active, and with it that session's
    upload and everything computed from it."""
    for session in sessions:
        session.shutdown()
        with contextlib.suppress(AttributeError):
            session.session_state.clear()
    return len(sessions)


def limit_heap_growth() -> None:
    """glibc: large blocks (a frame's columns, a file's bytes) always in their own mapping, given back when freed
    (by default the threshold grows with the largest block freed, so they end up in the heap for good); and
    two heaps for all the sessions' threads instead of up to 16 that are trimmed only when each empties."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
        libc.mallopt(-8, 2)  # M_ARENA_MAX


def release_memory() -> None:
    """Collect unreachable objects and hand the freed heap back to the system (the allocator keeps it otherwise):
    jemalloc, when the server runs on it, purges every arena; glibc trims its heaps."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        process = ctypes.CDLL(None)
        if hasattr(process, "mallctl"):  # jemalloc: MALLCTL_ARENAS_ALL (4096) purges all arenas
            process.mallctl(b"arena.4096.purge", None, None, None, ctypes.c_size_t(0))
            return
        ctypes.CDLL("libc.so.6").malloc_trim(0)


# A download button given a callable (the story file, the handout, the CSVs) makes its file when pressed, and that
# file belongs to no session: Streamlit deletes such a file at the second sweep for unreferenced files, and it sweeps
# at the end of every script run of every session and whenever a session ends. On a busy server (a hall of phones
# following a talk) two sweeps can pass between the press and the browser's request for the file, and the download
# fails (seen as "canceled" in a run of the suite). A file found unreferenced is kept this long from the first sweep
# that finds it, then Streamlit's own two steps apply.
DOWNLOAD_GRACE_S = 60.0


def keep_new_downloads(manager: Any = None, clock=time.monotonic, grace_s: float = DOWNLOAD_GRACE_S) -> None:
    """Give unreferenced media files ``grace_s`` seconds before Streamlit's sweeps may delete them (once per
    server; ``manager``: the runtime's media file manager unless given)."""
    if manager is None:
        from streamlit import runtime

        if not runtime.exists():
            return
        manager = runtime.get_instance().media_file_mgr
    if getattr(manager, "_atlas_downloads_kept", False):
        return
    unreferenced = manager._get_inactive_file_ids
    first_found: dict[str, float] = {}

    def unreferenced_for_a_while() -> set[str]:
        # Called by remove_orphaned_files with the manager's lock held.
        now = clock()
        found = unreferenced()
        for file_id in set(first_found) - found:
            del first_found[file_id]  # deleted, or referenced again
        return {file_id for file_id in found if now - first_found.setdefault(file_id, now) >= grace_s}

    manager._get_inactive_file_ids = unreferenced_for_a_while
    manager._atlas_downloads_kept = True
