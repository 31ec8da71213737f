"""The published "how many" figures: foreign-trained doctors abroad (OECD), health workers at home (WHO NHWA),
WHO's density threshold and NHS England staff by nationality (NHS Digital), with the addresses of the countries'
health-worker regulators, read from data/ and checked against their schemas.

A pair a destination does not report has no row: readers keep it missing (never zero)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from components.core.i18n import N_
from components.core.paths import DATA_DIR
from components.tables.csv_reader import read_table
from components.tables.problems import EvidenceError
from components.tables.schema import package

RESOURCES = ("doctors_abroad", "workforce_density", "nhs_england_staff")
# WHO's published density threshold(s), shown beside a country's health workers per 10,000 (not built from data/raw).
THRESHOLDS = "workforce_thresholds"
# Where a country's health workers are registered: its regulators' own sites (a partial, checked list).
REGULATORS = "health_regulators"
REGULATOR_COLUMNS = ["country", "regulator", "cadres", "url"]

# NHS Digital's staff groups a profile shows, with the atlas's labels (the file keeps NHS Digital's words).
NHS_STAFF_GROUPS = {
    "HCHS doctors": N_("Doctors"),
    "Nurses & health visitors": N_("Nurses and health visitors"),
    "Midwives": N_("Midwives"),
}
NHS_NURSES = "Nurses & health visitors"

CADRES = {"doctors": N_("Medical doctors"), "nurses_midwives": N_("Nursing and midwifery personnel")}

# The cadres a regulator registers (health_regulators.csv), as a sentence names them.
REGISTERED_CADRES = {
    "doctors": N_("doctors"),
    "dentists": N_("dentists"),
    "nurses": N_("nurses"),
    "midwives": N_("midwives"),
    "physician_assistants": N_("physician assistants"),
    "other_health_professions": N_("other health professions"),
}


@dataclass(frozen=True)
class MigrationFigures:
    doctors_abroad: pd.DataFrame  # destination, origin, year (int), doctors (int)
    workforce: pd.DataFrame  # country, cadre, year (int), number, per_10000 (float, NaN where not published)
    nhs_staff: pd.DataFrame  # date, staff_group, nationality, country, fte (float)
    # threshold_id, cadres (tuple), per_10000 (float), year (int), meaning, meaning_fr, source, source_url
    thresholds: pd.DataFrame
    # country, regulator, cadres (tuple), url: a country without a row has no checked regulator address.
    regulators: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REGULATOR_COLUMNS))


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    year: int
    path: str
    accessed: str


def sources(resource: str) -> tuple[Source, ...]:
    """The published sources of a resource, as datapackage.json declares them."""
    entry = next(r for r in package()["resources"] if r["name"] == resource)
    return tuple(
        Source(s["title"], s.get("publisher", ""), int(s.get("year", 0)), s.get("path", ""), s["accessed"])
        for s in entry["sources"]
    )


def _frame(name: str, header: list[str], rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=header).drop(columns=["source"])


def load_migration_figures(data_dir: Path = DATA_DIR) -> MigrationFigures:
    """The three files as typed frames, or EvidenceError listing every breach of their schemas (all files)."""
    frames, problems = {}, []
    for name in (*RESOURCES, THRESHOLDS, REGULATORS):
        header, rows, found = read_table(name, data_dir)
        problems += found
        frames[name] = (header, rows)
    if problems:
        raise EvidenceError(problems)
    abroad = _frame("doctors_abroad", *frames["doctors_abroad"])
    abroad = abroad.astype({"year": int, "doctors": int})
    workforce = _frame("workforce_density", *frames["workforce_density"])
    workforce["year"] = workforce["year"].astype(int)
    for column in ("number", "per_10000"):
        workforce[column] = pd.to_numeric(workforce[column].replace("", None), errors="raise").astype(float)
    nhs = _frame("nhs_england_staff", *frames["nhs_england_staff"])
    nhs["fte"] = nhs["fte"].astype(float)
    header, rows = frames[THRESHOLDS]
    thresholds = pd.DataFrame(rows, columns=header)
    thresholds = thresholds.assign(
        cadres=thresholds["cadres"].map(lambda v: tuple(v.split(";"))),
        per_10000=thresholds["per_10000"].astype(float),
        year=thresholds["year"].astype(int),
    )
    header, rows = frames[REGULATORS]
    regulators = pd.DataFrame(rows, columns=header)[REGULATOR_COLUMNS]
    regulators["cadres"] = regulators["cadres"].map(lambda v: tuple(v.split(";")))
    return MigrationFigures(abroad, workforce, nhs, thresholds, regulators)
