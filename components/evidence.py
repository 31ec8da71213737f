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
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from components.countries import country_name, is_iso3

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

STUDY_COLUMNS = (
    "study_id",
    "first_author",
    "year",
    "title",
    "journal",
    "doi",
    "url",
    "design",
    "migration_status",
    "cadres",
    "source_countries",
    "destination_countries",
    "drivers",
    "sample_size",
    "coded_from",
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
    "doctors",
    "nurses",
    "midwives",
    "dentists",
    "pharmacists",
    "allied_health",
    "community_health_workers",
    "students",
)
FIRST_YEAR = 1970
LAST_YEAR = 2026
DECADES = tuple(f"{d}s" for d in range(1970, 2030, 10))

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_INTEGER = re.compile(r"^\d+$")

# The longest cell any CSV of the atlas may hold, bundled or uploaded. The csv module's limit is process-wide, so it
# is set once, here, for every reader in the app; a longer field stops the reader at that length (memory stays
# bounded) and is reported as a problem, never as a crash.
MAX_FIELD_CHARS = 10_000
csv.field_size_limit(MAX_FIELD_CHARS)

# Spreadsheet programs run cells that start with these characters (CSV/formula injection); the contract holds data,
# never formulas. A plain number such as -2 is not a formula and stays what it is.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

# Links. A DOI is 10.<registrant>/<suffix> with a suffix of printable ASCII; a URL is http(s) with a host name.
# Neither may hold braces, quotes, backslashes, backticks, whitespace or control characters: those are what break
# out of a BibTeX field, an HTML attribute or a CSV cell. A URL may not hold angle brackets either (RFC 3986 wants
# them percent-encoded); a DOI may, as old SICI DOIs do (every output escapes them).
_DOI = re.compile(r"10\.[0-9]{4,9}/[!-~]+")
_LINK_FORBIDDEN = frozenset("{}\"'\\`")
_HOST_LABEL = re.compile(r"^(?!-)[^\W_]([^\W_]|-){0,62}(?<!-)$")


def looks_like_formula(value: str) -> bool:
    """True for text a spreadsheet would run as a formula (plain numbers such as -2 or +3.5 are not)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.match(value)


def _link_characters_ok(value: str, forbidden: str = "") -> bool:
    return bool(value) and not any(
        ch in _LINK_FORBIDDEN or ch in forbidden or ch.isspace() or unicodedata.category(ch)[0] in ("C", "Z")
        for ch in value
    )


def valid_doi(value: str) -> bool:
    """A DOI as the contract writes it: ``10.<4-9 digits>/<printable ASCII, no space>``, no link-breaking characters."""
    return bool(_DOI.fullmatch(value or "")) and _link_characters_ok(value)


def valid_url(value: str) -> bool:
    """An http(s) URL with a host name (dotted, no user:password@), no link-breaking characters."""
    if not _link_characters_ok(value or "", "<>") or len(value) > 2000:
        return False
    try:
        parsed = urlparse(value)
        _ = parsed.port  # raises ValueError for a malformed port
    except ValueError:
        return False
    host = (parsed.hostname or "").removesuffix(".")  # a fully qualified name may end with a dot
    return (
        parsed.scheme in ("http", "https")
        and "@" not in parsed.netloc
        and "." in host
        and all(_HOST_LABEL.match(label) for label in host.split("."))
    )


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
        return dict(zip(frame["code"], frame["label"], strict=True))


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


# ----------------------------------------------------------------------------------------------------------------
# Reading


def csv_problem(error: csv.Error, file: str, line: int, field_limit: int = MAX_FIELD_CHARS) -> Problem:
    """One clear problem for a CSV the csv module cannot read (``line``: where the failing record starts)."""
    message = str(error)
    if "field larger than field limit" in message:
        return Problem(
            file,
            line,
            "(cell)",
            f"a cell longer than {field_limit:,} characters",
            f"cells of at most {field_limit:,} characters (the limit for any cell)",
        )
    if "unexpected end of data" in message:
        return Problem(
            file,
            line,
            "(quote)",
            'a quote (") opened here is never closed',
            'every quoted cell closed by a second quote (write "" for a quote inside a cell)',
        )
    if "expected after" in message:
        return Problem(
            file,
            line,
            "(quote)",
            "text right after a closing quote (or a quote opened earlier and never closed)",
            'a comma or the end of the line after a quoted cell (write "" for a quote inside a cell)',
        )
    return Problem(file, line, "(file)", message, "well-formed CSV")


def iter_csv_records(text: str, file: str):
    """Yield (line where the record starts, list of cells) for each non-blank record; raise EvidenceError on a
    malformed CSV (unclosed quote, cell over the field limit) with one problem saying which and where."""
    reader = csv.reader(io.StringIO(text), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise EvidenceError([csv_problem(exc, file, start)]) from None
        if record:
            yield start, record


def record_rows(header: list[str], records) -> list[dict[str, str]]:
    """Rows of stripped strings keyed by header; surplus cells are kept under ``__extra__`` for the validator."""
    rows = []
    for record in records:
        row = {}
        for i, key in enumerate(header):
            if key and key not in row:
                row[key] = record[i].strip() if i < len(record) else ""
        extra = [v for v in record[len(header) :] if v.strip()]
        if extra:
            row["__extra__"] = ";".join(extra)
        rows.append(row)
    return rows


def read_csv_text(text: str, file: str) -> tuple[list[str], list[dict[str, str]]]:
    """Parse CSV text into a header and rows of stripped strings (nothing is evaluated or converted).

    Raises EvidenceError for a CSV that cannot be read (an unclosed quote, a cell over ``MAX_FIELD_CHARS``)."""
    records = [record for _, record in iter_csv_records(text, file)]
    if not records:
        return [], []
    header = [h.strip() for h in records[0]]
    return header, record_rows(header, records[1:])


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


def _check_list(file, line, column, cell, allowed, expected, problems, required=True):
    items = split_list(cell)
    if required and not items:
        problems.append(Problem(file, line, column, cell, f"at least one of {expected}"))
    for item in items:
        if not allowed(item):
            problems.append(Problem(file, line, column, item, expected))


class ProblemList(list):
    """Problems in file order, keeping at most ``cap`` of them and counting the rest (``total``)."""

    def __init__(self, cap: int | None = None):
        super().__init__()
        self.cap = cap
        self.omitted = 0

    def append(self, problem: Problem) -> None:
        if self.cap is not None and len(self) >= self.cap:
            self.omitted += 1
        else:
            super().append(problem)

    # += must go through append (the cap), not list's own extend; mypy compares __iadd__ with list's __add__,
    # which takes only lists, so it cannot accept the wider signature.
    def __iadd__(self, problems):  # type: ignore[misc]
        for problem in problems:
            self.append(problem)
        return self

    @property
    def total(self) -> int:
        return len(self) + self.omitted


def validate_studies(
    header: list[str],
    rows: list[dict[str, str]],
    vocabulary: Vocabulary,
    file: str = "studies.csv",
    max_problems: int | None = None,
) -> ProblemList:
    """Every breach of the studies contract, in file order (the first ``max_problems`` kept, the rest counted)."""
    problems = ProblemList(max_problems)
    problems += _missing_columns(file, header, STUDY_COLUMNS)
    if problems:
        return problems
    if not rows:
        problems.append(Problem(file, None, "(rows)", "no data rows", "at least one study"))
        return problems
    ids: dict[str, int] = {}
    dois: dict[str, int] = {}
    drivers, cadres = vocabulary.driver_codes, vocabulary.cadre_codes
    for line, row in enumerate(rows, start=2):
        if "__extra__" in row:
            problems.append(Problem(file, line, "(row)", row["__extra__"], "no more cells than header columns"))
        for column in STUDY_COLUMNS + OPTIONAL_STUDY_COLUMNS:
            value = row.get(column) or ""
            if looks_like_formula(value):
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        value,
                        "plain text, not a spreadsheet formula "
                        "(a cell may not start with = + - @, a tab or a carriage return)",
                    )
                )
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
            if not valid_doi(doi):
                problems.append(
                    Problem(
                        file,
                        line,
                        "doi",
                        doi,
                        "a DOI such as 10.1186/1478-4491-2-1 (no https "
                        "prefix; no spaces, quotes, braces, backslashes or control characters)",
                    )
                )
            elif doi.lower() in dois:
                problems.append(Problem(file, line, "doi", doi, f"a unique DOI (also on line {dois[doi.lower()]})"))
            else:
                dois[doi.lower()] = line
        if url and not valid_url(url):
            problems.append(
                Problem(
                    file,
                    line,
                    "url",
                    url,
                    "a well-formed http(s) URL with a host name (no "
                    "spaces, quotes, braces, backslashes or control characters)",
                )
            )
        if not doi and not url:
            problems.append(Problem(file, line, "doi/url", "", "a DOI or a URL a reader can open"))
        if row["design"] not in DESIGNS:
            problems.append(Problem(file, line, "design", row["design"], "one of " + " | ".join(DESIGNS)))
        _check_list(
            file,
            line,
            "migration_status",
            row["migration_status"],
            STATUSES.__contains__,
            "one of " + " | ".join(STATUSES),
            problems,
        )
        _check_list(file, line, "cadres", row["cadres"], cadres.__contains__, "a code from cadres.csv", problems)
        _check_list(
            file,
            line,
            "source_countries",
            row["source_countries"],
            is_iso3,
            "an ISO 3166-1 alpha-3 code such as NGA",
            problems,
        )
        _check_list(
            file,
            line,
            "destination_countries",
            row["destination_countries"],
            is_iso3,
            "an ISO 3166-1 alpha-3 code such as GBR",
            problems,
            required=False,
        )
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
    studies["link"] = [f"https://doi.org/{d}" if d else u for d, u in zip(studies["doi"], studies["url"], strict=True)]
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
    return EvidenceBase(
        studies, source, destination, cadre, driver, status, corridor, vocabulary, origin, fingerprint=fingerprint
    )


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
