"""Policy options of the PS3.5 brief (plus two chapters), the drivers each addresses (with provenance), where each
has been tried and what happened, and the story built on them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components.aggregations import shared_rank
from components.evidence import (
    DATA_DIR,
    FORMULA_PREFIXES,
    EvidenceBase,
    EvidenceError,
    Problem,
    read_csv_text,
    split_list,
    valid_url,
)

ACTORS = {
    "source_country": "Source countries",
    "destination_country": "Destination countries",
    "both": "Source and destination together",
    "universities": "Universities",
    "international_bodies": "International bodies",
}
CHAPTERS = {
    "ps35": "Options from session brief PS3.5",
    "universities": "Universities in high-income countries",
    "diaspora": "Brain drain to brain gain",
}
PROVENANCE = {"brief": "stated by the source", "inferred": "atlas reading"}
FINDINGS = {
    "improved": "Improved",
    "mixed": "Mixed",
    "no_clear_effect": "No clear effect",
    "worsened": "Worsened",
    "not_evaluated": "Not evaluated",
}
EVIDENCE_TYPES = {
    "trial_or_quasi_experiment": "Trial or quasi-experiment",
    "cohort_or_time_series": "Cohort, survey or time series",
    "evaluation_report": "Evaluation report",
    "review": "Review or reported results",
    "policy_document": "Policy document",
    "qualitative_study": "Qualitative study",
}
RECORD_CODED_FROM = ("abstract", "summary_page", "full_text")
OPTION_COLUMNS = (
    "option_id",
    "order",
    "chapter",
    "title",
    "short_title",
    "actors",
    "rationale",
    "key_figures",
    "source",
    "source_link",
)
LINK_COLUMNS = ("option_id", "driver", "provenance", "reason")
RECORD_COLUMNS = (
    "record_id",
    "option_id",
    "country",
    "years",
    "what_was_done",
    "outcome_measured",
    "finding",
    "evidence_type",
    "source_title",
    "source_url",
    "doi",
    "coded_from",
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_YEARS = re.compile(r"^(\d{4})(-(\d{4}))?$")
_DOI = re.compile(r"^10\.\d{4,9}/[^\s\"'{}<>\\]+$")


def _read(data_dir: Path, name: str, columns: tuple[str, ...]) -> tuple[list[dict[str, str]], list[Problem]]:
    path = Path(data_dir) / name
    if not path.exists():
        return [], [Problem(name, None, "(file)", "", "the file to exist in the data folder")]
    header, rows = read_csv_text(path.read_text(encoding="utf-8"), name)
    missing = [c for c in columns if c not in header]
    return rows, [Problem(name, 1, c, "", "a column with this name") for c in missing]


def validate_links(rows, option_ids: set[str], driver_codes: frozenset[str] | None, file="policy_links.csv"):
    problems = []
    seen = set()
    for line, row in enumerate(rows, start=2):
        if row["option_id"] not in option_ids:
            problems.append(Problem(file, line, "option_id", row["option_id"], "an option_id of policy_options.csv"))
        if driver_codes is not None and row["driver"] not in driver_codes:
            problems.append(Problem(file, line, "driver", row["driver"], "a code from drivers.csv"))
        if row["provenance"] not in PROVENANCE:
            problems.append(Problem(file, line, "provenance", row["provenance"], " | ".join(PROVENANCE)))
        if not row["reason"].strip():
            problems.append(Problem(file, line, "reason", "", "one line on why the link holds"))
        if (row["option_id"], row["driver"]) in seen:
            problems.append(Problem(file, line, "driver", row["driver"], "each driver once per option"))
        seen.add((row["option_id"], row["driver"]))
    for option in sorted(option_ids - {r["option_id"] for r in rows}):
        problems.append(Problem(file, None, "option_id", option, "at least one driver link per option"))
    return problems


def validate_records(rows, option_ids: set[str], file="policy_evidence.csv"):
    problems = []
    seen = set()
    for line, row in enumerate(rows, start=2):

        def check(ok, column, expected, line=line, row=row) -> None:
            if not ok:
                problems.append(Problem(file, line, column, row[column], expected))

        check(
            bool(_SLUG.match(row["record_id"])) and row["record_id"] not in seen,
            "record_id",
            "a unique slug of lower-case letters, digits and _",
        )
        seen.add(row["record_id"])
        check(row["option_id"] in option_ids, "option_id", "an option_id of policy_options.csv")
        countries = split_list(row["country"])
        check(
            countries == ("global",) or (countries and all(_ISO3.match(c) for c in countries)),
            "country",
            "ISO-3 codes separated by ';', or global",
        )
        years = _YEARS.match(row["years"]) if row["years"] else None
        check(
            not row["years"] or (years and (not years.group(3) or years.group(1) <= years.group(3))),
            "years",
            "a year (2005) or a span (2005-2009), or empty",
        )
        check(row["finding"] in FINDINGS, "finding", " | ".join(FINDINGS))
        check(row["evidence_type"] in EVIDENCE_TYPES, "evidence_type", " | ".join(EVIDENCE_TYPES))
        check(valid_url(row["source_url"]), "source_url", "an http(s) address without spaces, quotes or braces")
        check(not row["doi"] or bool(_DOI.match(row["doi"])), "doi", "a DOI such as 10.1186/s12960-022-00788-z")
        check(row["coded_from"] in RECORD_CODED_FROM, "coded_from", " | ".join(RECORD_CODED_FROM))
        for column in ("what_was_done", "outcome_measured", "source_title"):
            check(bool(row[column].strip()), column, "a short description")
        for column in RECORD_COLUMNS:
            check(not row[column].startswith(FORMULA_PREFIXES), column, "no cell starting with = + - @, tab or CR")
    return problems


@dataclass(frozen=True)
class PolicyData:
    options: pd.DataFrame  # one row per option; drivers (tuple) derived from links
    links: pd.DataFrame  # option_id, driver, provenance, reason
    records: pd.DataFrame  # policy_evidence.csv, countries as tuples


def load_policy(data_dir: Path = DATA_DIR, driver_codes: frozenset[str] | None = None) -> PolicyData:
    """Read and check policy_options.csv, policy_links.csv and policy_evidence.csv; raise EvidenceError."""
    option_rows, problems = _read(data_dir, "policy_options.csv", OPTION_COLUMNS)
    link_rows, link_problems = _read(data_dir, "policy_links.csv", LINK_COLUMNS)
    record_rows, record_problems = _read(data_dir, "policy_evidence.csv", RECORD_COLUMNS)
    problems += link_problems + record_problems
    if problems:
        raise EvidenceError(problems)
    for line, row in enumerate(option_rows, start=2):
        for actor in split_list(row["actors"]):
            if actor not in ACTORS:
                problems.append(Problem("policy_options.csv", line, "actors", actor, "one of " + " | ".join(ACTORS)))
        if row["chapter"] not in CHAPTERS:
            problems.append(Problem("policy_options.csv", line, "chapter", row["chapter"], " | ".join(CHAPTERS)))
    option_ids = {row["option_id"] for row in option_rows}
    problems += validate_links(link_rows, option_ids, driver_codes)
    problems += validate_records(record_rows, option_ids)
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
