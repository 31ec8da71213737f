"""policy_links.csv and policy_evidence.csv: one malformed-file test per rule, each naming file, line, column."""

import csv

import pytest

from components.core.paths import DATA_DIR
from components.presentation.story_steps import story_steps
from components.tables.policy import FINDINGS, PROVENANCE, load_policy
from components.tables.problems import EvidenceError
from tests.support.files import copy_data, edit_first_row

FILES = ("policy_options.csv", "policy_links.csv", "policy_evidence.csv")


@pytest.fixture()
def data_dir(tmp_path):
    return copy_data(tmp_path, FILES)


def test_bundled_policy_files_pass_and_meet_the_issue_floor(evidence):
    policy = load_policy(driver_codes=evidence.vocabulary.driver_codes)
    records = policy.records
    assert len(records) >= 40
    per_option = records.groupby("option_id").size()
    assert set(per_option.index) == set(policy.options["option_id"]) and per_option.min() >= 2
    countries = {c for cs in records["countries"] for c in cs if c != "global"}
    assert len(countries) >= 15
    assert set(policy.links["provenance"]) <= set(PROVENANCE) and set(records["finding"]) <= set(FINDINGS)
    # every option's drivers derive from its links, nothing else
    for option in policy.options.itertuples():
        assert option.drivers == tuple(policy.links.loc[policy.links.option_id == option.option_id, "driver"])
    # the reviewed links: networks abroad are a reason to leave, not what mentorship answers
    assert "social_networks" not in policy.options.set_index("option_id").at["diaspora_mentorship", "drivers"]


@pytest.mark.parametrize(
    "file, column, value, expected",
    [
        ("policy_links.csv", "option_id", "teleportation", "an option_id"),
        ("policy_links.csv", "driver", "poaching", "a code from drivers.csv"),
        ("policy_links.csv", "provenance", "hunch", "brief | inferred"),
        ("policy_links.csv", "reason", "", "a value (may not be empty)"),
        ("policy_evidence.csv", "record_id", "Bad Id", "unique slug"),
        ("policy_evidence.csv", "option_id", "teleportation", "an option_id"),
        ("policy_evidence.csv", "country", "Ghana", "ISO-3 codes"),
        ("policy_evidence.csv", "years", "2010-2005", "a year"),
        ("policy_evidence.csv", "finding", "great", "improved | mixed"),
        ("policy_evidence.csv", "evidence_type", "anecdote", "trial_or_quasi_experiment"),
        ("policy_evidence.csv", "source_url", "https://x.org/a},note={b", "http(s) URL"),
        ("policy_evidence.csv", "doi", "10.1/x y", "a DOI"),
        ("policy_evidence.csv", "coded_from", "memory", "abstract | summary_page | full_text"),
        ("policy_evidence.csv", "what_was_done", "=HYPERLINK(1)", "not a spreadsheet formula"),
    ],
)
def test_each_rule_names_file_line_column_and_expectation(data_dir, evidence, file, column, value, expected):
    edit_first_row(data_dir / file, **{column: value})
    with pytest.raises(EvidenceError) as error:
        load_policy(data_dir, driver_codes=evidence.vocabulary.driver_codes)
    problems = [p for p in error.value.problems if p.column == column and p.file == file]
    assert problems and problems[0].line == 2 and expected in problems[0].expected


def test_a_missing_file_or_column_is_reported(data_dir, evidence):
    (data_dir / "policy_evidence.csv").unlink()
    text = (data_dir / "policy_links.csv").read_text(encoding="utf-8").replace("provenance", "source", 1)
    (data_dir / "policy_links.csv").write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError) as error:
        load_policy(data_dir, driver_codes=evidence.vocabulary.driver_codes)
    found = {(p.file, p.column) for p in error.value.problems}
    assert ("policy_evidence.csv", "(file)") in found and ("policy_links.csv", "provenance") in found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_presenter_option_chart_is_tall_enough_to_label_each_bar(evidence, lang):
    """Plotly drops every other bar label when bars get under ~30 px; long French text must not squeeze them."""
    from components.core.i18n import use_language
    from components.presentation.story import build_step

    policy = load_policy(driver_codes=evidence.vocabulary.driver_codes)
    steps = story_steps(policy.options)
    checked = 0
    with use_language(lang):
        for step in steps:
            content = build_step(step, len(steps), evidence, evidence, policy, presenting=True)
            if step.kind != "option":
                continue
            name, bars = content.figures[0]
            labels = len(bars["data"][0]["y"])
            assert bars["layout"]["height"] >= 100 + 30 * labels, (lang, step.number, name)
            checked += 1
    assert checked == len(policy.options)


def test_every_policy_record_has_one_audit_row_against_its_own_source():
    """Issue #27: each record's years, country and result were checked on its source page, and the log says so."""

    def rows(name):
        with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    records = {row["record_id"]: row for row in rows("policy_evidence.csv")}
    audit = rows("policy_audit.csv")
    audited = [row["record_id"] for row in audit]
    assert sorted(audited) == sorted(records), "one audit row per record, no row for a record that is gone"
    for row in audit:
        record = records[row["record_id"]]
        assert row["action"] in {"keep", "fix"}, row["record_id"]  # a dropped record leaves the evidence file
        assert row["checked_page"] in {record["source_url"], record["doi"]} or row["note"], row["record_id"]
