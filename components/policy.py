"""Policy options of the PS3.5 brief (plus two chapters), the drivers each addresses (with provenance), where each
has been tried and what happened, and the story built on them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components import contract
from components.aggregations import shared_rank
from components.evidence import DATA_DIR, EvidenceBase, EvidenceError, read_table, split_list

ACTORS = contract.labelled(
    "policy_options",
    "actors",
    {
        "source_country": "Source countries",
        "destination_country": "Destination countries",
        "both": "Source and destination together",
        "universities": "Universities",
        "international_bodies": "International bodies",
    },
)
CHAPTERS = contract.labelled(
    "policy_options",
    "chapter",
    {
        "ps35": "Options from session brief PS3.5",
        "universities": "Universities in high-income countries",
        "diaspora": "Brain drain to brain gain",
    },
)
PROVENANCE = contract.labelled(
    "policy_links",
    "provenance",
    {"brief": "stated by the source", "inferred": "atlas reading"},
)
FINDINGS = contract.labelled(
    "policy_evidence",
    "finding",
    {
        "improved": "Improved",
        "mixed": "Mixed",
        "no_clear_effect": "No clear effect",
        "worsened": "Worsened",
        "not_evaluated": "Not evaluated",
    },
)
EVIDENCE_TYPES = contract.labelled(
    "policy_evidence",
    "evidence_type",
    {
        "trial_or_quasi_experiment": "Trial or quasi-experiment",
        "cohort_or_time_series": "Cohort, survey or time series",
        "evaluation_report": "Evaluation report",
        "review": "Review or reported results",
        "policy_document": "Policy document",
        "qualitative_study": "Qualitative study",
    },
)
RECORD_CODED_FROM = contract.allowed_values("policy_evidence", "coded_from")
OPTION_COLUMNS = contract.columns("policy_options")
LINK_COLUMNS = contract.columns("policy_links")
RECORD_COLUMNS = contract.columns("policy_evidence")


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
        problems += contract.check_referenced_by("policy_options", option_rows, {"policy_links": link_rows})
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


def option_coverage(evidence: EvidenceBase, options: pd.DataFrame) -> pd.DataFrame:
    """Per option: studies reporting at least one driver it addresses, out of n, ranked by share.

    Reasons-to-stay codes count too: an option that reinforces a reason to stay answers that evidence.
    """
    n = evidence.n_studies
    by_driver = evidence.driver.groupby("driver")["study_id"].agg(set)
    rows = []
    for option in options.itertuples():
        ids: set[str] = set()
        for code in option.drivers:
            ids |= by_driver.get(code, set())
        rows.append(
            {
                "option_id": option.option_id,
                "order": option.order,
                "title": option.title,
                "short_title": option.short_title,
                "chapter": option.chapter,
                "drivers": option.drivers,
                "studies": len(ids),
                "n": n,
                "share": len(ids) / n if n else 0.0,
            }
        )
    table = pd.DataFrame(rows)
    table = table.sort_values(["share", "order"], ascending=[False, True]).reset_index(drop=True)
    table["rank"] = shared_rank(table["studies"])
    return table


def records_for(records: pd.DataFrame, option_id: str | None = None, countries: set[str] | None = None):
    """Implementation records of one option (or all), optionally only those naming one of ``countries``."""
    part = records if option_id is None else records[records["option_id"] == option_id]
    if countries is not None:
        part = part[part["countries"].map(lambda cs: bool(set(cs) & countries))]
    return part.reset_index(drop=True)


def evidence_summary(records: pd.DataFrame, options: pd.DataFrame) -> pd.DataFrame:
    """Per option: records, countries named, and records per finding."""
    rows = []
    for option in options.itertuples():
        part = records_for(records, option.option_id)
        countries = {c for cs in part["countries"] for c in cs if c != "global"}
        row = {"option_id": option.option_id, "records": len(part), "countries": len(countries)}
        row |= {finding: int((part["finding"] == finding).sum()) for finding in FINDINGS}
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Step:
    number: int  # 1-based, as in ?step=N
    kind: str  # opening | drivers | option | closing
    title: str
    option_id: str | None = None


def story_steps(options: pd.DataFrame) -> list[Step]:
    """The story: opening, drivers, one step per option in brief order, closing view."""
    steps = [Step(1, "opening", "The problem in numbers"), Step(2, "drivers", "Why health workers leave")]
    for option in options.itertuples():
        steps.append(Step(len(steps) + 1, "option", option.title, option.option_id))
    steps.append(Step(len(steps) + 1, "closing", "What the evidence answers, and what has been tried"))
    return steps


def actor_labels(actors: tuple[str, ...]) -> str:
    return ", ".join(ACTORS.get(a, a) for a in actors)
