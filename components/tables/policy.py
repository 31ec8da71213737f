"""The policy options of the PS3.5 brief (plus two chapters), the drivers each addresses (with provenance) and
where each has been tried: reading and checking the three policy files, and the labels of their codes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components.core.i18n import N_, _
from components.core.paths import DATA_DIR
from components.tables.csv_reader import read_table
from components.tables.formats import split_list
from components.tables.problems import EvidenceError
from components.tables.schema import columns, labelled
from components.tables.validation import check_referenced_by

ACTORS = labelled(
    "policy_options",
    "actors",
    {
        "source_country": N_("Source countries"),
        "destination_country": N_("Destination countries"),
        "both": N_("Source and destination together"),
        "universities": N_("Universities"),
        "international_bodies": N_("International bodies"),
    },
)


CHAPTERS = labelled(
    "policy_options",
    "chapter",
    {
        "ps35": N_("Options from session brief PS3.5"),
        "universities": N_("Universities in high-income countries"),
        "diaspora": N_("Brain drain to brain gain"),
    },
)


PROVENANCE = labelled(
    "policy_links",
    "provenance",
    {"brief": N_("stated by the source"), "inferred": N_("atlas reading")},
)


FINDINGS = labelled(
    "policy_evidence",
    "finding",
    {
        "improved": N_("Improved"),
        "mixed": N_("Mixed"),
        "no_clear_effect": N_("No clear effect"),
        "worsened": N_("Worsened"),
        "not_evaluated": N_("Not evaluated"),
    },
)


EVIDENCE_TYPES = labelled(
    "policy_evidence",
    "evidence_type",
    {
        "trial_or_quasi_experiment": N_("Trial or quasi-experiment"),
        "cohort_or_time_series": N_("Cohort, survey or time series"),
        "evaluation_report": N_("Evaluation report"),
        "review": N_("Review or reported results"),
        "policy_document": N_("Policy document"),
        "qualitative_study": N_("Qualitative study"),
    },
)


# How take-aways rank records, strongest evidence of an effect first: a measured comparison, then an evaluation,
# then reported results, then accounts, then a document that states a policy without measuring it.
EVIDENCE_STRENGTH = (
    "trial_or_quasi_experiment",
    "cohort_or_time_series",
    "evaluation_report",
    "review",
    "qualitative_study",
    "policy_document",
)
assert set(EVIDENCE_STRENGTH) == set(EVIDENCE_TYPES)


RECORD_CODED_FROM = labelled(
    "policy_evidence",
    "coded_from",
    {
        "abstract": N_("read from its abstract"),
        "summary_page": N_("read from a summary page, not the source itself"),
        "full_text": N_("read from its full text"),
    },
)


OPTION_COLUMNS = columns("policy_options")


LINK_COLUMNS = columns("policy_links")


RECORD_COLUMNS = columns("policy_evidence")


@dataclass(frozen=True)
class PolicyData:
    options: pd.DataFrame  # one row per option; drivers (tuple) derived from links
    links: pd.DataFrame  # option_id, driver, provenance, reason
    records: pd.DataFrame  # policy_evidence.csv, countries as tuples


def load_policy(data_dir: Path = DATA_DIR, driver_codes: frozenset[str] | None = None) -> PolicyData:
    """Read policy_options.csv, policy_links.csv and policy_evidence.csv and check each against its schema in
    datapackage.json (links and records must name an option; links a driver, when ``driver_codes`` are given);
    raise EvidenceError listing every problem."""
    _, option_rows, problems = read_table("policy_options", data_dir)
    option_ids = frozenset(row["option_id"] for row in option_rows)
    known = {("policy_options", "option_id"): option_ids, ("drivers", "code"): driver_codes}

    def references(resource: str, column: str):
        return None if problems else known.get((resource, column))

    _, link_rows, link_problems = read_table("policy_links", data_dir, references)
    _, record_rows, record_problems = read_table("policy_evidence", data_dir, references)
    if not problems and not link_problems:
        problems += check_referenced_by("policy_options", option_rows, {"policy_links": link_rows})
    problems += link_problems + record_problems
    if problems:
        raise EvidenceError(problems)
    links = pd.DataFrame(link_rows, columns=list(LINK_COLUMNS))
    options = pd.DataFrame(option_rows, columns=list(OPTION_COLUMNS))
    options["order"] = options["order"].astype(int)
    options["actors"] = options["actors"].map(split_list)
    by_option = links.groupby("option_id", sort=False)["driver"].agg(tuple)
    options["drivers"] = options["option_id"].map(by_option)
    records = pd.DataFrame(record_rows, columns=list(RECORD_COLUMNS))
    records["countries"] = records["country"].map(split_list)
    return PolicyData(options.sort_values("order").reset_index(drop=True), links, records)


def load_policy_options(data_dir: Path = DATA_DIR, driver_codes: frozenset[str] | None = None) -> pd.DataFrame:
    """The policy options with their drivers (all three policy files are read and checked: the drivers come from
    the links)."""
    return load_policy(data_dir, driver_codes).options


def coded_label(labels: dict[str, str], code: str) -> str:
    """The label of ``code`` in one of the vocabularies above, in the language in use (the code if unknown)."""
    return _(labels[code]) if code in labels else code


def actor_labels(actors: tuple[str, ...]) -> str:
    return ", ".join(_(ACTORS[a]) if a in ACTORS else a for a in actors)
