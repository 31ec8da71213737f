"""Issue 25, finding 5: an upload never enters a cache shared between sessions; what its session keeps for it is
bounded and goes with the session (one upload per session, replaced by the next)."""

from collections import Counter

from harness.apptest import open_page, texts
from tests.hostile_files import large_valid_csv

PAGES = ("pages/map.py", "pages/drivers.py", "pages/studies.py", "pages/overview.py", "pages/policy.py")


def shared_entries() -> Counter:
    """Bytes held by each st.cache_data function (shared by all sessions of this process), by function name."""
    from streamlit.runtime.caching.cache_data_api import _data_caches

    held: Counter = Counter()
    for stats in _data_caches.get_stats().values():
        for stat in stats:
            held[stat.cache_name] += stat.byte_length
    return held


def visit(at) -> None:
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]


def upload(at, name: str, content: bytes) -> None:
    at.file_uploader(key="upload_file").upload(name, content, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]


def test_an_upload_adds_nothing_to_the_shared_caches():
    visit(open_page("methods"))  # the bundled evidence: its views are shared, as before
    before = shared_entries()
    at = open_page("methods")
    upload(at, "mine.csv", large_valid_csv(rows=300))
    assert "(300 studies) in this session" in texts(at).replace("\\", "")
    visit(at)
    at.switch_page("pages/studies.py").run()
    at.text_input(key="study_search").input("nurses Ghana").run()  # a search builds the upload's index
    assert not at.exception
    assert shared_entries() == before
    kept = at.session_state["_upload_cache"]
    assert 0 < len(kept.entries) <= kept.max_entries
    assert kept.search_index is not None


def test_a_second_upload_replaces_the_first_and_what_was_kept_for_it():
    at = open_page("methods")
    upload(at, "first.csv", large_valid_csv(rows=200))
    visit(at)
    first = at.session_state["_upload_cache"]
    assert first.entries
    at.switch_page("pages/methods.py").run()
    upload(at, "second.csv", large_valid_csv(rows=120))
    assert "(120 studies) in this session" in texts(at).replace("\\", "")
    kept = at.session_state["_upload_cache"]
    assert kept.upload != first.upload and kept.upload == at.session_state["uploaded_evidence"].fingerprint
    visit(at)
    at.switch_page("pages/overview.py").run()
    assert [m.value for m in at.metric if m.label == "Studies"] == ["120"]
    at.button(key="sidebar_clear_upload").click().run()
    assert "_upload_cache" not in at.session_state
