"""A student uploads an extraction, the server restarts (a redeploy during a conference): the page comes back to a
fresh session and says the file was not kept, with counts from the bundled evidence (issue #14, defect 5)."""

from harness.browser import atlas_server, free_port, offline_context, wait_until_idle


def _small_extraction(evidence, tmp_path):
    from components.core.paths import DATA_DIR

    lines = (DATA_DIR / "studies.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "my_extraction.csv"
    path.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    return path


def test_after_a_restart_the_page_says_the_upload_was_not_kept(browser, evidence, tmp_path):
    port = free_port()
    blocked: list[str] = []
    context = offline_context(browser, blocked, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    with atlas_server(port=port) as base:
        page.goto(f"{base}/methods")
        wait_until_idle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(_small_extraction(evidence, tmp_path))
        )
        page.get_by_text("(5 studies), in this browser session only").wait_for(timeout=30_000)
    # The server is gone; it comes back on the same address, as after a redeploy.
    with atlas_server(port=port):
        page.get_by_text("The file you uploaded earlier is no longer in use").first.wait_for(timeout=60_000)
        wait_until_idle(page)
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert f"{evidence.n_studies} of {evidence.n_studies} studies match" in sidebar
        assert "in this browser session only" not in sidebar
    context.close()
    assert blocked == []
