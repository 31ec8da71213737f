"""The PRISMA flow on /methods shows the numbers that the data files hold, counted here straight from the files."""

import csv

from components.core.paths import DATA_DIR
from harness.apptest import open_page


def _rows(name):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_prisma_numbers_equal_the_files():
    studies, excluded, log = _rows("studies.csv"), _rows("excluded_studies.csv"), _rows("search_log.csv")
    # The flow shows the latest round: v3 added studies, so its batches (named v3_...) and its exclusions count.
    latest = max(r.get("added_in") or "v1" for r in studies)
    assert latest == "v3"
    searches = [r for r in log if r["purpose"] == "studies" and r["batch"].startswith(latest + "_")]
    returned = sum(int(r["hits"] or 0) for r in searches)
    new = sum(r.get("added_in") == latest for r in studies)
    excluded_now = [r for r in excluded if r["search_round"].split("_")[0] == latest]
    assessed = len(excluded_now) + new
    html = "".join(h.proto.body for h in open_page("methods").get("html"))
    for text in (
        f"Studies included: {len(studies) - new:,}",
        f"{len(searches):,} logged searches",
        f"Records returned: {returned:,}",
        f"off-topic titles: {returned - assessed:,}",
        f"Records assessed: {assessed:,}",
        f"Excluded with reasons: {len(excluded_now):,}",
        f"{len(studies) - new:,} previous + {new:,} new = {len(studies):,}",
    ):
        assert text in html, text
    by_reason = {}
    for row in excluded_now:
        by_reason[row["reason_category"]] = by_reason.get(row["reason_category"], 0) + 1
    for code, count in by_reason.items():
        assert f": {count:,}" in html, code
