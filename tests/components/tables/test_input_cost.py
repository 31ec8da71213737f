"""Issue 25: inputs within the file limits that cost the server far more than their size. Each hostile input is
generated here; each test holds the work to a memory (tracemalloc peak) or time budget."""

from __future__ import annotations

import csv
import io
import time
import tracemalloc

import pytest

from components.core.i18n import use_language
from components.core.paths import DATA_DIR
from components.tables.evidence import STUDY_COLUMNS, build_evidence
from components.tables.upload import parse_upload, problem_count
from components.tables.upload_limits import LIMITS, upload_help
from tests.conftest import study_row
from tests.hostile_files import large_valid_csv, shared_string_bomb_xlsx

COUNTRY_CODES = [row["iso3"] for row in csv.DictReader((DATA_DIR / "country_points.csv").open(encoding="utf-8"))]


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(STUDY_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _peak(work):
    """(result, peak MB of Python allocations) of ``work()``."""
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


# ---- finding 1: corridor explosion


def _every_country_csv(studies: int) -> bytes:
    codes = ";".join(COUNTRY_CODES)
    return _csv(
        [study_row(study_id=f"w{i}", source_countries=codes, destination_countries=codes) for i in range(studies)]
    )


def test_a_study_naming_every_country_is_refused_cheaply(vocabulary):
    data = _every_country_csv(20)  # ~45 KB; each study would make ~60,000 corridors
    assert len(data) < 60_000
    (uploaded, problems), peak = _peak(lambda: parse_upload("world.csv", data, vocabulary))
    assert uploaded is None
    assert peak < 30, f"{peak:.0f} MB"
    expected = {p.expected for p in problems}
    assert any(f"at most {LIMITS.countries_per_study} countries" in e and "limit" in e for e in expected), expected
    assert problems[0].line == 2 and problems[0].column == "source_countries"


def test_corridors_per_study_are_limited(vocabulary):
    sources, destinations = COUNTRY_CODES[:12], COUNTRY_CODES[100:112]  # 24 countries, 144 corridors
    assert len(sources) + len(destinations) <= LIMITS.countries_per_study
    assert len(sources) * len(destinations) > LIMITS.corridors_per_study
    row = study_row(source_countries=";".join(sources), destination_countries=";".join(destinations))
    uploaded, problems = parse_upload("wide.csv", _csv([row]), vocabulary)
    assert uploaded is None and len(problems) == 1
    assert f"at most {LIMITS.corridors_per_study} corridors" in problems[0].expected
    with use_language("fr"):
        _, problems = parse_upload("large.csv", _csv([row]), vocabulary)
    assert f"au plus {LIMITS.corridors_per_study} corridors" in problems[0].expected


def test_the_limits_leave_room_above_the_bundled_studies(evidence):
    widest = evidence.studies.apply(
        lambda s: len(set(s["source_countries"]) | set(s["destination_countries"])), axis=1
    ).max()
    corridors = evidence.corridor.groupby("study_id").size().max()
    assert widest * 3 <= LIMITS.countries_per_study
    assert max(corridors, 8 * 5) * 2 <= LIMITS.corridors_per_study


def _many_corridor_evidence(vocabulary, studies: int = 120):
    """Studies each naming 6 sources and 5 destinations, rotated, so there are hundreds of distinct corridors."""
    rows = []
    for i in range(studies):
        sources = [COUNTRY_CODES[(i * 7 + k) % 120] for k in range(6)]
        destinations = [COUNTRY_CODES[120 + (i * 3 + k) % 100] for k in range(5)]
        rows.append(
            study_row(
                study_id=f"m{i}", source_countries=";".join(sources), destination_countries=";".join(destinations)
            )
        )
    return build_evidence(rows, vocabulary, origin="uploaded file many.csv")


def test_the_map_draws_the_strongest_corridors_and_counts_the_rest(vocabulary):
    from components.analysis.aggregations import corridor_counts
    from components.presentation.page_content import map_view

    evidence = _many_corridor_evidence(vocabulary)
    all_corridors = corridor_counts(evidence)
    assert len(all_corridors) > LIMITS.map_corridor_lines
    view = map_view(evidence, evidence, "sources", True)
    lines = [t for t in view.figure["data"] if t.get("type") == "scattergeo" and t.get("mode") == "lines"]
    drawn = sum(sum(1 for lon in t["lon"] if lon is None) for t in lines)
    assert drawn == LIMITS.map_corridor_lines
    weakest_drawn = min(int(t["name"].split(":")[1].split()[0].split("–")[0]) for t in lines)
    assert weakest_drawn >= all_corridors["studies"].iloc[LIMITS.map_corridor_lines - 1] - 1
    title = view.figure["layout"]["title"]["text"]
    assert f"{len(all_corridors):,} corridors" in title
    assert f"the {LIMITS.map_corridor_lines} strongest drawn" in title
    assert len(view.corridors) == len(all_corridors)  # the table keeps them all


# ---- finding 3: shared-string amplification in XLSX


def test_shared_string_bomb_is_refused_early_with_the_limit_named(vocabulary):
    data = shared_string_bomb_xlsx()  # ~385 KB; ~450 million characters once every reference is expanded
    assert len(data) < 400_000
    start = time.process_time()
    (uploaded, problems), peak = _peak(lambda: parse_upload("bomb.xlsx", data, vocabulary))
    seconds = time.process_time() - start
    assert uploaded is None and len(problems) == 1
    assert peak < 40, f"{peak:.0f} MB"
    assert seconds < 3, f"{seconds:.1f} s"
    assert f"at most {LIMITS.text_chars:,} characters of text" in problems[0].expected
    assert "limit" in problems[0].expected
    with use_language("fr"):
        _, problems = parse_upload("bombe.xlsx", data, vocabulary)
    assert "caractères de texte" in problems[0].expected and "limite" in problems[0].expected


# ---- finding 4: the problem count in French


def test_three_thousand_problems_are_counted_as_such_in_both_languages(vocabulary):
    data = _csv([study_row(study_id=f"p{i}", year="1850") for i in range(3000)])
    for lang in ("en", "fr"):
        with use_language(lang):
            uploaded, problems = parse_upload("many.csv", data, vocabulary)
        assert uploaded is None
        assert problem_count(problems) == 3000, lang


# ---- finding 6: the map of a 5,000-row upload


@pytest.fixture(scope="module")
def five_thousand(vocabulary):
    uploaded, problems = parse_upload("big.csv", large_valid_csv(5000), vocabulary)
    assert not problems
    return uploaded


@pytest.mark.parametrize("view", ["sources", "destinations"])
def test_the_map_of_a_5000_row_upload_is_drawn_within_the_page_budget(five_thousand, view):
    from components.presentation.page_content import map_view

    map_view(five_thousand.subset(five_thousand.studies["study_id"][:10]), five_thousand, view, True)  # warm imports
    start = time.process_time()
    map_view(five_thousand, five_thousand, view, True)
    seconds = time.process_time() - start
    assert seconds < 1.0, f"{seconds:.2f} s"  # the page's budget is 1.5 s of server time for the whole run


# ---- every limit is named in the upload help


def test_the_upload_help_names_every_limit():
    text = upload_help()
    for figure in (
        LIMITS.rows,
        LIMITS.columns,
        LIMITS.field_chars,
        LIMITS.countries_per_study,
        LIMITS.corridors_per_study,
        LIMITS.text_chars,
    ):
        assert f"{figure:,}" in text, figure
