"""The private Streamlit APIs in ui/internals.py still exist in the pinned Streamlit."""


def test_script_run_context_has_a_per_run_object():
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext, get_script_run_ctx

    assert callable(get_script_run_ctx)
    assert "parallel_coordinator" in ScriptRunContext.__dataclass_fields__


def test_pages_manager_has_the_v1_switch():
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, "uses_pages_directory")
