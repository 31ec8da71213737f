"""Issue 25, finding 5: a person who uploaded their extraction drags the decade slider back and forth by keyboard,
200 times, on the drivers page: the server's memory stays flat, and nothing they did is lost on a rerun (their
country filter, the slider's value, the upload in use, the link)."""

import itertools
from pathlib import Path

from playwright.sync_api import expect

from components.analysis.filters import Filters, apply_filters
from components.tables.upload import parse_upload
from components.tables.vocabularies import load_vocabulary
from harness import browser as harness
from tests.hostile_files import large_valid_csv
from tests.journeys.conftest import LAPTOP, Person

RERUNS = 200
WARM_UP = 20  # reruns before the first reading: every slider position seen once, its results kept
GROWTH_BUDGET_MB = 20
ROWS = 400
WAIT = 30_000  # ms for one rerun to show (a rerun takes well under a second; the machine may be busy)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for process {pid}")


def test_200_reruns_after_an_upload_keep_memory_flat_and_lose_nothing(browser, tmp_path):
    content = large_valid_csv(rows=ROWS)
    path = tmp_path / "my_extraction.csv"
    path.write_bytes(content)
    mine, problems = parse_upload(path.name, content, load_vocabulary())
    assert mine is not None and not problems
    blocked: list[str] = []
    with harness.atlas_server() as base:
        pid = harness.LAST_SERVER_PID
        assert pid is not None
        someone = Person(browser, base, blocked, LAPTOP)
        someone.page.set_default_timeout(60_000)  # a fresh server's first page builds the shared caches
        page = someone.open("methods")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
        sidebar = page.locator('[data-testid="stSidebar"]')
        in_use = f"Showing your uploaded file {path.name} ({ROWS} studies), in this browser session only."
        expect(sidebar).to_contain_text(in_use, timeout=60_000)
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Drivers").click()
        someone.idle()
        someone.sidebar_pick("Source country", "Ghana")
        decades = ("2000s", "2010s", "2020s")
        matching = {
            d: apply_filters(mine, Filters(countries=("GHA",), decade_from=d, decade_to=decades[-1])).n_studies
            for d in decades
        }
        assert len(set(matching.values())) == len(decades), "each position of the slider shows its own count"
        expect(sidebar).to_contain_text(f"{matching[decades[0]]} of {ROWS} studies match")
        thumb = sidebar.locator('[data-testid="stSlider"] input[type="range"]').first
        thumb.locator("xpath=../..").click()
        # Back and forth: 2000s → 2010s → 2020s → 2010s → 2000s → ... one key press, one rerun, one new count.
        keys = itertools.cycle(("ArrowRight", "ArrowRight", "ArrowLeft", "ArrowLeft"))
        position = 0
        for rerun in range(1, RERUNS + 1):
            key = next(keys)
            page.keyboard.press(key)
            position += 1 if key == "ArrowRight" else -1
            expect(thumb).to_have_attribute("aria-valuetext", decades[position])
            # The sidebar is drawn last in a run: its count is there once the rerun has finished.
            expect(sidebar).to_contain_text(f"{matching[decades[position]]} of {ROWS} studies match", timeout=WAIT)
            if rerun == WARM_UP:
                warm = rss_mb(pid)
        after = rss_mb(pid)
        # Nothing the person did is lost: the country, the slider, the upload, and the link that carries them.
        assert position == 0 and thumb.get_attribute("aria-valuetext") == decades[0]
        expect(sidebar.locator('[data-testid="stMultiSelect"]').first).to_contain_text("Ghana")
        expect(sidebar).to_contain_text(in_use)
        assert someone.query.get("country") == "GHA"
        harness.no_error(page)
        someone.context.close()
    assert blocked == []
    print(f"server memory: {warm:.0f} MB after {WARM_UP} reruns, {after:.0f} MB after {RERUNS}")
    assert after - warm < GROWTH_BUDGET_MB, f"{RERUNS} reruns: {warm:.0f} MB after {WARM_UP}, {after:.0f} MB at the end"
