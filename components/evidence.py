"""Load and validate the evidence base; return tidy frames.

The loader has no Streamlit dependency: pages wrap it in ``st.cache_data``, tests and scripts call it directly.
Every problem found is reported with the file, the CSV line, the column, the value and what was expected,
so a review team can fix its spreadsheet without reading code.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from components.countries import country_name, is_iso3

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

STUDY_COLUMNS = (
    "study_id", "first_author", "year", "title", "journal", "doi", "url", "design", "migration_status",
    "cadres", "source_countries", "destination_countries", "drivers", "sample_size", "coded_from",
)
OPTIONAL_STUDY_COLUMNS = ("coding_note", "added_in")
_VERSION = re.compile(r"^v\d{1,3}$")
LIST_COLUMNS = ("migration_status", "cadres", "source_countries", "destination_countries", "drivers")
DESIGNS = ("quantitative", "qualitative", "mixed")
STATUSES = ("migrated", "intention", "non_migration")
STATUS_LABELS = {"migrated": "Migrated", "intention": "Intention to migrate", "non_migration": "Reasons to stay"}
CODED_FROM = ("abstract", "abstract_and_tables", "full_text")
LEVELS = ("macro", "meso", "micro")
DRIVER_GROUPS = ("migration", "non_migration")
HEADLINE_DRIVERS = ("remuneration", "security", "career_prospects", "working_environment", "job_satisfaction")
REQUIRED_CADRES = (
    "doctors", "nurses", "midwives", "dentists", "pharmacists", "allied_health", "community_health_workers", "students",
)
FIRST_YEAR = 1970
LAST_YEAR = 2026
DECADES = tuple(f"{d}s" for d in range(1970, 2030, 10))

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_INTEGER = re.compile(r"^\d+$")
# Spreadsheet programs evaluate cells that start with '='; the contract holds data, never formulas.
_FORMULA = re.compile(r"^\s*=")


@dataclass(frozen=True)
class Problem:
    """One validation failure, located as a person would find it in a spreadsheet."""

    file: str
    line: int | None  # CSV line number, the header being line 1; None for whole-file problems
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "whole file"
        shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return f"{self.file}, {where}, column '{self.column}': got '{shown}', expected {self.expected}"


class EvidenceError(ValueError):
    """Raised when a data file breaks the contract; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the evidence base:\n{lines}{more}")


@dataclass(frozen=True)
class Vocabulary:
    """The controlled vocabularies and reference tables that travel with the studies."""

    drivers: pd.DataFrame
    cadres: pd.DataFrame
    review_reference: pd.DataFrame
    ssl: pd.DataFrame

    @property
    def driver_codes(self) -> frozenset[str]:
        return frozenset(self.drivers["code"])

    @property
    def cadre_codes(self) -> frozenset[str]:
        return frozenset(self.cadres["code"])

    def driver_label(self, code: str) -> str:
        return self._labels(self.drivers).get(code, code)

    def cadre_label(self, code: str) -> str:
        return self._labels(self.cadres).get(code, code)

    @staticmethod
    def _labels(frame: pd.DataFrame) -> dict[str, str]:
        return dict(zip(frame["code"], frame["label"]))


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

    def subset(self, study_ids) -> "EvidenceBase":
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


# ----------------------------------------------------------------------------------------------------------------
# Reading


def read_csv_text(text: str, file: str) -> tuple[list[str], list[dict[str, str]]]:
    """Parse CSV text into a header and rows of stripped strings (nothing is evaluated or converted)."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    rows = []
    for raw in reader:
        row = {}
        for key, value in raw.items():
            if key is None:  # more cells than header columns
                row["__extra__"] = ";".join(v or "" for v in value)
                continue
            row[key.strip()] = (value or "").strip()
        rows.append(row)
    return header, rows


def _read_file(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    return read_csv_text(path.read_text(encoding="utf-8"), path.name)


def split_list(cell: str) -> tuple[str, ...]:
    """A ``;``-separated cell as a tuple of its non-empty items, in order, without repeats."""
    items = [part.strip() for part in (cell or "").split(";")]
    return tuple(dict.fromkeys(i for i in items if i))


# ----------------------------------------------------------------------------------------------------------------
# Vocabularies


def _missing_columns(file: str, header: list[str], required) -> list[Problem]:
    return [
        Problem(file, 1, col, ", ".join(header) or "(empty header)", f"a column named '{col}'")
        for col in required
        if col not in header
    ]


def validate_drivers(header: list[str], rows: list[dict[str, str]], file: str = "drivers.csv") -> list[Problem]:
    problems = _missing_columns(file, header, ("code", "label", "level", "group", "description"))
    if problems:
        return problems
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        code = row["code"]
        if not _SLUG.match(code):
            problems.append(Problem(file, line, "code", code, "a lower-case code of letters, digits and _"))
        elif code in seen:
            problems.append(Problem(file, line, "code", code, "a code not used on an earlier line"))
        seen.add(code)
        if not row["label"]:
            problems.append(Problem(file, line, "label", "", "a label"))
        if row["level"] not in LEVELS:
            problems.append(Problem(file, line, "level", row["level"], "one of " + " | ".join(LEVELS)))
        if row["group"] not in DRIVER_GROUPS:
            problems.append(Problem(file, line, "group", row["group"], "one of " + " | ".join(DRIVER_GROUPS)))
    for code in HEADLINE_DRIVERS:
        if code not in seen:
            problems.append(Problem(file, None, "code", "", f"the review's headline driver '{code}'"))
    return problems


def validate_cadres(header: list[str], rows: list[dict[str, str]], file: str = "cadres.csv") -> list[Problem]:
    problems = _missing_columns(file, header, ("code", "label"))
    if problems:
        return problems
    codes = [row["code"] for row in rows]
    for line, row in enumerate(rows, start=2):
        if not _SLUG.match(row["code"]):
            problems.append(Problem(file, line, "code", row["code"], "a lower-case code of letters, digits and _"))
        if not row["label"]:
            problems.append(Problem(file, line, "label", "", "a label"))
    for code in REQUIRED_CADRES:
        if code not in codes:
            problems.append(Problem(file, None, "code", "", f"the cadre '{code}'"))
    return problems


def validate_ssl(header: list[str], rows: list[dict[str, str]], file: str = "who_ssl_2023.csv") -> list[Problem]:
    problems = _missing_columns(file, header, ("iso3", "name", "who_region"))
    if problems:
        return problems
    for line, row in enumerate(rows, start=2):
        if not is_iso3(row["iso3"]):
            problems.append(Problem(file, line, "iso3", row["iso3"], "an ISO 3166-1 alpha-3 code"))
        if row["who_region"] not in ("AFR", "AMR", "EMR", "EUR", "SEAR", "WPR"):
            problems.append(Problem(file, line, "who_region", row["who_region"], "a WHO region code (AFR, AMR, ...)"))
    return problems


def validate_reference(header: list[str], rows: list[dict[str, str]], file: str = "review_reference.csv"):
    problems = _missing_columns(file, header, ("key", "label", "value", "unit", "citation"))
    if problems:
        return problems
    for line, row in enumerate(rows, start=2):
        try:
            float(row["value"])
        except ValueError:
            problems.append(Problem(file, line, "value", row["value"], "a number"))
        if not row["citation"]:
            problems.append(Problem(file, line, "citation", "", "the publication the figure comes from"))
    return problems


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    """Read and check drivers, cadres, the review's reference figures and the safeguards list."""
    data_dir = Path(data_dir)
    checks = {
        "drivers.csv": validate_drivers,
        "cadres.csv": validate_cadres,
        "review_reference.csv": validate_reference,
        "who_ssl_2023.csv": validate_ssl,
    }
    frames, problems = {}, []
    for name, check in checks.items():
        path = data_dir / name
        if not path.exists():
            problems.append(Problem(name, None, "(file)", str(name), "the file to exist in data/"))
            continue
        header, rows = _read_file(path)
        problems += check(header, rows, name)
        frames[name] = pd.DataFrame(rows, columns=header)
    if problems:
        raise EvidenceError(problems)
    reference = frames["review_reference.csv"].copy()
    reference["value"] = reference["value"].astype(float)
    return Vocabulary(
        drivers=frames["drivers.csv"],
        cadres=frames["cadres.csv"],
        review_reference=reference,
        ssl=frames["who_ssl_2023.csv"],
    )


# ----------------------------------------------------------------------------------------------------------------
# Studies


def _valid_url(value: str) -> bool:
    parsed = urlparse(value)
    return (
        parsed.scheme in ("http", "https")
        and "." in parsed.netloc
        and not any(ch.isspace() for ch in value)
        and "<" not in value
        and ">" not in value
    )


def _check_list(file, line, column, cell, allowed, expected, problems, required=True):
    items = split_list(cell)
    if required and not items:
        problems.append(Problem(file, line, column, cell, f"at least one of {expected}"))
    for item in items:
        if not allowed(item):
            problems.append(Problem(file, line, column, item, expected))


def validate_studies(
    header: list[str], rows: list[dict[str, str]], vocabulary: Vocabulary, file: str = "studies.csv"
) -> list[Problem]:
    """Every breach of the studies contract, in file order."""
    problems = _missing_columns(file, header, STUDY_COLUMNS)
    if problems:
        return problems
    if not rows:
        return [Problem(file, None, "(rows)", "no data rows", "at least one study")]
    ids: dict[str, int] = {}
    dois: dict[str, int] = {}
    drivers, cadres = vocabulary.driver_codes, vocabulary.cadre_codes
    for line, row in enumerate(rows, start=2):
        if "__extra__" in row:
            problems.append(Problem(file, line, "(row)", row["__extra__"], "no more cells than header columns"))
        for column in STUDY_COLUMNS + OPTIONAL_STUDY_COLUMNS:
            value = row.get(column) or ""
            if _FORMULA.match(value):
                problems.append(Problem(file, line, column, value, "plain text, not a spreadsheet formula"))
        sid = row["study_id"]
        if not _SLUG.match(sid):
            problems.append(Problem(file, line, "study_id", sid, "a lower-case slug of letters, digits and _"))
        elif sid in ids:
            problems.append(Problem(file, line, "study_id", sid, f"a unique id (also on line {ids[sid]})"))
        else:
            ids[sid] = line
        for column in ("first_author", "title"):
            if not row[column]:
                problems.append(Problem(file, line, column, "", "a non-empty value"))
        year = row["year"]
        if not _INTEGER.match(year) or not FIRST_YEAR <= int(year) <= LAST_YEAR:
            problems.append(Problem(file, line, "year", year, f"a publication year from {FIRST_YEAR} to {LAST_YEAR}"))
        doi, url = row["doi"], row["url"]
        if doi:
            if not _DOI.match(doi):
                problems.append(Problem(file, line, "doi", doi, "a DOI such as 10.1186/1478-4491-2-1 (no https prefix)"))
            elif doi.lower() in dois:
                problems.append(Problem(file, line, "doi", doi, f"a unique DOI (also on line {dois[doi.lower()]})"))
            else:
                dois[doi.lower()] = line
        if url and not _valid_url(url):
            problems.append(Problem(file, line, "url", url, "a well-formed http(s) URL"))
        if not doi and not url:
            problems.append(Problem(file, line, "doi/url", "", "a DOI or a URL a reader can open"))
        if row["design"] not in DESIGNS:
            problems.append(Problem(file, line, "design", row["design"], "one of " + " | ".join(DESIGNS)))
        _check_list(file, line, "migration_status", row["migration_status"], STATUSES.__contains__,
                    "one of " + " | ".join(STATUSES), problems)
        _check_list(file, line, "cadres", row["cadres"], cadres.__contains__, "a code from cadres.csv", problems)
        _check_list(file, line, "source_countries", row["source_countries"], is_iso3,
                    "an ISO 3166-1 alpha-3 code such as NGA", problems)
        _check_list(file, line, "destination_countries", row["destination_countries"], is_iso3,
                    "an ISO 3166-1 alpha-3 code such as GBR", problems, required=False)
        _check_list(file, line, "drivers", row["drivers"], drivers.__contains__, "a code from drivers.csv", problems)
        size = row["sample_size"]
        if size and (not _INTEGER.match(size) or int(size) == 0):
            problems.append(Problem(file, line, "sample_size", size, "a positive whole number or empty"))
        if row["coded_from"] not in CODED_FROM:
            problems.append(Problem(file, line, "coded_from", row["coded_from"], "one of " + " | ".join(CODED_FROM)))
        if row.get("added_in") and not _VERSION.match(row["added_in"]):
            problems.append(Problem(file, line, "added_in", row["added_in"], "a version such as v1 or v2, or empty"))
    return problems


def decade_of(year: int) -> str:
    """Publication decade label, e.g. 2014 -> '2010s'."""
    return f"{year // 10 * 10}s"


def _long(studies: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    frame = studies[["study_id", column]].explode(column).dropna(subset=[column])
    return frame.rename(columns={column: name}).reset_index(drop=True)


def build_evidence(rows: list[dict[str, str]], vocabulary: Vocabulary, origin: str = "bundled") -> EvidenceBase:
    """Turn validated rows into the study frame and its tidy long frames."""
    studies = pd.DataFrame(rows, columns=list(STUDY_COLUMNS + OPTIONAL_STUDY_COLUMNS)).fillna("")
    for column in LIST_COLUMNS:
        studies[column] = studies[column].map(split_list)
    studies["year"] = studies["year"].astype(int)
    studies["decade"] = studies["year"].map(decade_of)
    studies["sample_size"] = pd.to_numeric(studies["sample_size"].replace("", None)).astype("Int64")
    studies["link"] = [f"https://doi.org/{d}" if d else u for d, u in zip(studies["doi"], studies["url"])]
    studies["citation"] = studies["first_author"] + " (" + studies["year"].astype(str) + ")"
    studies = studies.sort_values(["year", "first_author", "study_id"]).reset_index(drop=True)

    source = _long(studies, "source_countries", "iso3")
    source["country"] = source["iso3"].map(country_name)
    destination = _long(studies, "destination_countries", "iso3")
    destination["country"] = destination["iso3"].map(country_name)
    cadre = _long(studies, "cadres", "cadre")
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
    return EvidenceBase(studies, source, destination, cadre, driver, status, corridor, vocabulary, origin,
                        fingerprint=fingerprint)


def load_evidence(data_dir: Path = DATA_DIR) -> EvidenceBase:
    """Load, validate and tidy the bundled evidence base; raise ``EvidenceError`` listing every problem."""
    data_dir = Path(data_dir)
    vocabulary = load_vocabulary(data_dir)
    path = data_dir / "studies.csv"
    if not path.exists():
        raise EvidenceError([Problem("studies.csv", None, "(file)", "studies.csv", "the file to exist in data/")])
    header, rows = _read_file(path)
    problems = validate_studies(header, rows, vocabulary, "studies.csv")
    if problems:
        raise EvidenceError(problems)
    return build_evidence(rows, vocabulary)
