"""Load and validate the evidence base; return tidy frames.

The loader has no Streamlit dependency: pages wrap it in ``st.cache_data``, tests and scripts call it directly.
Every problem found is reported with the file, the CSV line, the column, the value and what was expected,
so a review team can fix its spreadsheet without reading code."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from components.core.countries import country_name
from components.core.paths import DATA_DIR
from components.tables.csv_reader import read_table, with_code_lists
from components.tables.formats import split_list
from components.tables.problems import EvidenceError, ProblemList
from components.tables.regions import who_region
from components.tables.schema import allowed_values, bounds, columns, labelled, list_columns, must_include
from components.tables.validation import check_table
from components.tables.vocabularies import Vocabulary, load_vocabulary, vocabulary_references

# The contract's constants, read from its one declaration (the schemas of datapackage.json).
STUDY_COLUMNS = columns("studies", optional=False)


OPTIONAL_STUDY_COLUMNS = columns("studies", optional=True)


LIST_COLUMNS = list_columns("studies")


DESIGNS = allowed_values("studies", "design")


STATUSES = allowed_values("studies", "migration_status")


STATUS_LABELS = labelled(
    "studies",
    "migration_status",
    {"migrated": "Migrated", "intention": "Intention to migrate", "non_migration": "Reasons to stay"},
)


CODED_FROM = allowed_values("studies", "coded_from")


LEVELS = allowed_values("drivers", "level")


DRIVER_GROUPS = allowed_values("drivers", "group")


HEADLINE_DRIVERS = must_include("drivers", "code")


REQUIRED_CADRES = must_include("cadres", "code")


FIRST_YEAR, LAST_YEAR = (int(bound) for bound in bounds("studies", "year"))


DECADES = tuple(f"{d}s" for d in range(FIRST_YEAR // 10 * 10, LAST_YEAR // 10 * 10 + 10, 10))


@dataclass(frozen=True)
class EvidenceBase:
    """Studies plus tidy long frames, one row per study and value of each list column."""

    studies: pd.DataFrame
    source: pd.DataFrame  # study_id, iso3, country
    destination: pd.DataFrame  # study_id, iso3, country
    cadre: pd.DataFrame  # study_id, cadre, cadre_label
    driver: pd.DataFrame  # study_id, driver, driver_label, level, group
    status: pd.DataFrame  # study_id, status
    corridor: pd.DataFrame  # study_id, source_iso3, destination_iso3
    vocabulary: Vocabulary
    origin: str = "bundled"
    # Identifies the content (rows and selection), so caches can key on it without hashing frames.
    fingerprint: str = ""

    @property
    def n_studies(self) -> int:
        return len(self.studies)

    def subset(self, study_ids) -> EvidenceBase:
        """The same evidence base restricted to the given studies (order of ``studies`` is kept)."""
        keep = set(study_ids)
        digest = hashlib.sha1((self.fingerprint + "|" + ",".join(sorted(keep))).encode()).hexdigest()

        def only(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["study_id"].isin(keep)].reset_index(drop=True)

        return replace(
            self,
            studies=only(self.studies),
            source=only(self.source),
            destination=only(self.destination),
            cadre=only(self.cadre),
            driver=only(self.driver),
            status=only(self.status),
            corridor=only(self.corridor),
            fingerprint=digest,
        )


def validate_studies(
    header: list[str],
    rows: list[dict[str, str]],
    vocabulary: Vocabulary,
    file: str = "studies.csv",
    max_problems: int | None = None,
) -> ProblemList:
    """Every breach of the studies contract, in file order (the first ``max_problems`` kept, the rest counted)."""
    problems = ProblemList(max_problems)
    # An upload is checked against the bundled code lists, as against the bundled drivers and cadres.
    references = with_code_lists(vocabulary_references(vocabulary), DATA_DIR)
    check_table("studies", header, rows, references, file, problems)
    return problems


def decade_of(year: int) -> str:
    """Publication decade label, e.g. 2014 -> '2010s'."""
    return f"{year // 10 * 10}s"


def _long(studies: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    frame = studies[["study_id", column]].explode(column).dropna(subset=[column])
    return frame.rename(columns={column: name}).reset_index(drop=True)


def _cadres_shown(codes: list[str], programmes: list[str], by_programme: dict[str, str]) -> list[str]:
    """A study's cadres with 'students' replaced by the cadres of the programmes its students follow (kept as
    'students' when the page does not say what they study)."""
    students = [by_programme[p] for p in programmes if p in by_programme]
    if "students" not in codes or not students:
        return list(codes)
    return [c for code in codes for c in (students if code == "students" else [code])]


def build_evidence(rows: list[dict[str, str]], vocabulary: Vocabulary, origin: str = "bundled") -> EvidenceBase:
    """Turn validated rows into the study frame and its tidy long frames."""
    studies = pd.DataFrame(rows, columns=list(STUDY_COLUMNS + OPTIONAL_STUDY_COLUMNS)).fillna("")
    for column in LIST_COLUMNS:
        studies[column] = studies[column].map(split_list)
    studies["year"] = studies["year"].astype(int)
    studies["decade"] = studies["year"].map(decade_of)
    studies["sample_size"] = pd.to_numeric(studies["sample_size"].replace("", None)).astype("Int64")
    studies["link"] = [f"https://doi.org/{d}" if d else u for d, u in zip(studies["doi"], studies["url"], strict=True)]
    studies["citation"] = studies["first_author"] + " (" + studies["year"].astype(str) + ")"
    studies = studies.sort_values(["year", "first_author", "study_id"]).reset_index(drop=True)

    source = _long(studies, "source_countries", "iso3")
    source["country"] = source["iso3"].map(country_name)
    # The WHO region of each source country (the region filter's values; '' for a country no region lists).
    source["who_region"] = source["iso3"].map(who_region)
    destination = _long(studies, "destination_countries", "iso3")
    destination["country"] = destination["iso3"].map(country_name)
    # Students are shown by what they study (the cadre that stands for their programme), never merged.
    by_programme = vocabulary.student_cadres()
    studies_cadres = studies[["study_id"]].assign(
        cadres=[
            _cadres_shown(codes, programmes, by_programme)
            for codes, programmes in zip(studies["cadres"], studies["student_programmes"], strict=True)
        ]
    )
    cadre = _long(studies_cadres, "cadres", "cadre")
    cadre["cadre_label"] = cadre["cadre"].map(vocabulary.cadre_label)
    driver = _long(studies, "drivers", "driver")
    meta = vocabulary.drivers.set_index("code")
    driver["driver_label"] = driver["driver"].map(meta["label"])
    driver["level"] = driver["driver"].map(meta["level"])
    driver["group"] = driver["driver"].map(meta["group"])
    status = _long(studies, "migration_status", "status")
    corridor = source.rename(columns={"iso3": "source_iso3"})[["study_id", "source_iso3"]].merge(
        destination.rename(columns={"iso3": "destination_iso3"})[["study_id", "destination_iso3"]], on="study_id"
    )
    corridor = corridor[corridor["source_iso3"] != corridor["destination_iso3"]].reset_index(drop=True)
    fingerprint = hashlib.sha1(repr((origin, rows, vocabulary.drivers.values.tolist())).encode()).hexdigest()
    return EvidenceBase(
        studies, source, destination, cadre, driver, status, corridor, vocabulary, origin, fingerprint=fingerprint
    )


def load_evidence(data_dir: Path = DATA_DIR) -> EvidenceBase:
    """Load, validate and tidy the bundled evidence base; raise ``EvidenceError`` listing every problem."""
    vocabulary = load_vocabulary(data_dir)
    _, rows, problems = read_table("studies", data_dir, vocabulary_references(vocabulary))
    if problems:
        raise EvidenceError(problems)
    return build_evidence(rows, vocabulary)
