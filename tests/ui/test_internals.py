"""The private Streamlit APIs in ui/internals.py still exist in the pinned Streamlit."""


def test_script_run_context_has_a_per_run_object():
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext, get_script_run_ctx

    assert callable(get_script_run_ctx)
    assert "parallel_coordinator" in ScriptRunContext.__dataclass_fields__


def test_pages_manager_has_the_v1_switch():
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, "uses_pages_directory")


def test_the_session_store_drops_expired_sessions_through_expire():
    """ui.internals.start_session_reaper: the runtime's session manager keeps its store and lock under these
    names, the store is a TTLCache, and every way it drops expired entries calls its own expire()."""
    import inspect

    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.runtime import Runtime
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    assert hasattr(Runtime, "_get_async_objs")
    source = inspect.getsource(WebsocketSessionManager.__init__)
    assert "self._session_storage = session_storage" in source and "self._storage_lock" in source
    store = MemorySessionStorage(maxsize=8, ttl_seconds=10)._cache
    now = [0.0]
    store._timer = lambda: now[0]
    seen: list = []
    expire = store.expire

    def expire_and_keep(*args, **kwargs):
        removed = expire(*args, **kwargs)
        seen.extend(key for key, _ in removed)
        return removed

    store.expire = expire_and_keep  # type: ignore[method-assign]
    store["closed tab"] = object()
    now[0] = 11.0
    store["another tab"] = object()  # a write reaps the expired entry
    assert seen == ["closed tab"]
    now[0] = 22.0
    assert len(store) == 0 and seen == ["closed tab", "another tab"]


def test_a_session_state_can_be_emptied():
    """ui.internals.shut_down empties an expired session's state through AppSession.session_state."""
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.state.session_state import SessionState

    assert isinstance(AppSession.__dict__["session_state"], property)
    state = SessionState()
    state["upload"] = b"x" * 10
    state.clear()
    assert "upload" not in state


def _manager_with_a_pressed_download():
    """Streamlit's media file manager after a download button whose data is a callable was pressed, and whether
    the file the browser is about to fetch is still served."""
    from unittest import mock

    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    storage = MemoryMediaFileStorage("/media")
    manager = MediaFileManager(storage)
    with mock.patch("streamlit.runtime.media_file_manager._get_session_id", return_value="phone"):
        placeholder = manager.add_deferred(lambda: b"<html>the story</html>", "text/html", "1.(2)", "story.html")
        url = manager.execute_deferred(placeholder)
    file_id = url.rsplit("/", 1)[-1].split(".")[0]

    def served() -> bool:
        """The server still answers the browser's request for the file (/media/<id>.html)."""
        from streamlit.runtime.media_file_storage import MediaFileStorageError

        try:
            return storage.get_file(file_id) is not None
        except MediaFileStorageError:
            return False

    return manager, served


def test_a_pressed_download_outlives_the_sweeps_of_a_busy_server():
    """Streamlit sweeps unreferenced files at the end of every script run of every session and when a session
    ends; a file made when a download button is pressed is referenced by none, so two sweeps (two other phones'
    runs) deleted it before the browser fetched it and the download failed. ui.internals.keep_new_downloads keeps
    it for DOWNLOAD_GRACE_S after a sweep first finds it."""
    from ui.internals import DOWNLOAD_GRACE_S, keep_new_downloads

    manager, served = _manager_with_a_pressed_download()
    now = [100.0]
    keep_new_downloads(manager, clock=lambda: now[0])
    for _sweep in range(50):  # fifty other runs end while the browser asks for the file
        manager.remove_orphaned_files()
        now[0] += 0.1
    assert served()
    now[0] += DOWNLOAD_GRACE_S
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()  # Streamlit's own two steps: marked, then deleted
    assert not served()


def test_without_the_grace_two_sweeps_delete_a_pressed_download():
    """What the grace is for: Streamlit as it ships deletes the file at the second sweep."""
    manager, served = _manager_with_a_pressed_download()
    manager.remove_orphaned_files()
    assert served()
    manager.remove_orphaned_files()
    assert not served()
