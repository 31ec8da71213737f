"""Odd link values give one plain notice and a sensible default, never an exception (issue #14, defect 3), and a
filter survives an upload with counts from the evidence in use (defect 6)."""

from components.core.paths import DATA_DIR
from harness.apptest import open_page, texts


def _progress(at) -> str:
    return next(p.proto.text for p in at.get("progress"))


def test_unicode_digit_step_starts_the_story_at_one_with_a_notice():
    at = open_page("policy", {"step": "²"})
    assert "Ignored step '²' in the link" in texts(at).replace("\\", "")
    assert _progress(at).startswith("Step 1 of")


def test_a_step_of_five_thousand_nines_is_refused_plainly():
    at = open_page("policy", {"step": "9" * 5000})
    shown = texts(at).replace("\\", "")
    assert "Ignored step '999" in shown and "…" in shown  # the value is shortened in the notice
    assert _progress(at).startswith("Step 1 of")


def test_a_repeated_step_is_one_value_too_many():
    at = open_page("policy", {"step": ["2", "5"]})
    assert "Ignored step '2,5' in the link" in texts(at).replace("\\", "")
    assert _progress(at).startswith("Step 1 of")
    assert "step" not in at.query_params


def test_five_hundred_unknown_parameters_give_one_notice():
    # Beyond the link limit on parameters (issue 25), the whole link is set aside with one notice.
    at = open_page("map", {f"junk{i}": "x" for i in range(500)})
    notices = [w.value for w in at.warning if "too large to read" in w.value]
    assert len(notices) == 1 and notices[0].startswith("This link was too large to read (500 parameters")
    assert not any(name.startswith("junk") for name in at.query_params)


def test_a_few_unknown_parameters_give_one_notice():
    at = open_page("map", {f"junk{i}": "x" for i in range(20)})
    notices = [w.value for w in at.warning if "unknown link parameter" in w.value]
    assert len(notices) == 1 and notices[0].startswith("Ignored 20 unknown link parameters (e.g. 'junk")
    assert not any(name.startswith("junk") for name in at.query_params)


def test_a_country_filter_survives_an_upload_of_that_country_with_the_uploads_counts():
    lines = (DATA_DIR / "studies.csv").read_text(encoding="utf-8").splitlines()
    nigerian = [line for line in lines[1:] if ",NGA," in line][:3]
    assert len(nigerian) == 3
    at = open_page("methods", {"country": "NGA"})
    at.file_uploader(key="upload_file").upload(
        "nigeria.csv", ("\n".join([lines[0], *nigerian]) + "\n").encode(), "text/csv"
    ).run()
    assert at.query_params["country"] == "NGA"
    country_box = at.multiselect(key="f_country")
    assert country_box.value == ["NGA"]
    assert "Nigeria (3)" in country_box.options
    assert "were cleared" not in texts(at)
