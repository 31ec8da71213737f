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
