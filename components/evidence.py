"""Load and validate the evidence base; return tidy frames.

The loader has no Streamlit dependency: pages wrap it in ``st.cache_data``, tests and scripts call it directly.
Every problem found is reported with the file, the CSV line, the column, the value and what was expected,
so a review team can fix its spreadsheet without reading code.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from components import contract
from components.contract import EvidenceError, Problem, ProblemList, split_list
from components.countries import country_name

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The contract's constants, read from its one declaration (the schemas of datapackage.json).
STUDY_COLUMNS = contract.columns("studies", optional=False)
OPTIONAL_STUDY_COLUMNS = contract.columns("studies", optional=True)
LIST_COLUMNS = contract.list_columns("studies")
DESIGNS = contract.allowed_values("studies", "design")
STATUSES = contract.allowed_values("studies", "migration_status")
STATUS_LABELS = contract.labelled(
    "studies",
    "migration_status",
    {"migrated": "Migrated", "intention": "Intention to migrate", "non_migration": "Reasons to stay"},
)
CODED_FROM = contract.allowed_values("studies", "coded_from")
LEVELS = contract.allowed_values("drivers", "level")
DRIVER_GROUPS = contract.allowed_values("drivers", "group")
HEADLINE_DRIVERS = contract.must_include("drivers", "code")
REQUIRED_CADRES = contract.must_include("cadres", "code")
FIRST_YEAR, LAST_YEAR = (int(bound) for bound in contract.bounds("studies", "year"))
DECADES = tuple(f"{d}s" for d in range(FIRST_YEAR // 10 * 10, LAST_YEAR // 10 * 10 + 10, 10))


# The longest cell any CSV of the atlas may hold, bundled or uploaded. The csv module's limit is process-wide, so it
# is set once, here, for every reader in the app; a longer field stops the reader at that length (memory stays
# bounded) and is reported as a problem, never as a crash.
MAX_FIELD_CHARS = 10_000
csv.field_size_limit(MAX_FIELD_CHARS)


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
        """code -> label in the language in use (label_<lang> where the data have it)."""
        from components.i18n import localized_column

        return dict(zip(frame["code"], localized_column(frame, "label"), strict=True))


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
    from components.i18n import _, number

    message = str(error)
    if "field larger than field limit" in message:
        return Problem(
            file,
            line,
            _("(cell)"),
            _("a cell longer than {n} characters").format(n=number(field_limit)),
            _("cells of at most {n} characters (the limit for any cell)").format(n=number(field_limit)),
        )
    if "unexpected end of data" in message:
        return Problem(
            file,
            line,
            _("(quote)"),
            _('a quote (") opened here is never closed'),
            _('every quoted cell closed by a second quote (write "" for a quote inside a cell)'),
        )
    if "expected after" in message:
        return Problem(
            file,
            line,
            _("(quote)"),
            _("text right after a closing quote (or a quote opened earlier and never closed)"),
            _('a comma or the end of the line after a quoted cell (write "" for a quote inside a cell)'),
        )
    return Problem(file, line, _("(file)"), message, _("well-formed CSV"))


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


def record_rows(header: list[str], records, lines: list[int] | None = None) -> list[dict[str, str]]:
    """Rows of stripped strings keyed by header; surplus cells are kept under ``__extra__`` and the CSV line each
    record starts on (when ``lines`` are given) under ``__line__``, for the validator's messages."""
    rows = []
    for position, record in enumerate(records):
        row = {}
        for i, key in enumerate(header):
            if key and key not in row:
                row[key] = record[i].strip() if i < len(record) else ""
        extra = [v for v in record[len(header) :] if v.strip()]
        if extra:
            row["__extra__"] = ";".join(extra)
        if lines is not None:
            row["__line__"] = lines[position]
        rows.append(row)
    return rows


def read_csv_text(text: str, file: str) -> tuple[list[str], list[dict[str, str]]]:
    """Parse CSV text into a header and rows of stripped strings (nothing is evaluated or converted).

    Raises EvidenceError for a CSV that cannot be read (an unclosed quote, a cell over ``MAX_FIELD_CHARS``)."""
    numbered = list(iter_csv_records(text, file))
    if not numbered:
        return [], []
    header = [h.strip() for h in numbered[0][1]]
    body = numbered[1:]
    return header, record_rows(header, [record for _, record in body], [line for line, _ in body])


def read_table(
    name: str, data_dir: Path = DATA_DIR, references: contract.References | None = None
) -> tuple[list[str], list[dict[str, str]], list[Problem]]:
    """Read the file of resource ``name`` from ``data_dir`` and check it against its schema in datapackage.json:
    (header, rows, problems). A missing file is one problem; a file that cannot be parsed as CSV is one problem."""
    file = contract.file_name(name)
    path = Path(data_dir) / file
    if not path.exists():
        return [], [], [Problem(file, None, "(file)", file, "the file to exist in data/")]
    try:
        header, rows = read_csv_text(path.read_text(encoding="utf-8"), file)
    except EvidenceError as exc:
        return [], [], list(exc.problems)
    except UnicodeDecodeError as exc:
        return [], [], [Problem(file, None, "(file)", f"byte {exc.start} is not UTF-8", "a CSV saved as UTF-8")]
    return header, rows, contract.check_table(name, header, rows, _with_code_lists(references, data_dir), file)


# The vocabularies whose codes are read from their own files in the data folder, wherever a schema refers to them
# (drivers and cadres, which the loader keeps as frames, come through the caller's references).
CODE_LISTS = ("statuses", "designs", "coded_from", "driver_groups", "exclusion_reasons", "who_region_names")


def _with_code_lists(references: contract.References | None, data_dir: Path) -> contract.References:
    def lookup(resource: str, column: str):
        known = references(resource, column) if references else None
        if known is None and resource in CODE_LISTS:
            known = contract.column_values(resource, column, data_dir)
        return known

    return lookup


def read_checked_frame(name: str, data_dir: Path = DATA_DIR, references: contract.References | None = None):
    """The file of resource ``name`` as a frame of strings, or EvidenceError listing every breach of its schema."""
    header, rows, problems = read_table(name, data_dir, references)
    if problems:
        raise EvidenceError(problems)
    return pd.DataFrame(rows, columns=header)


# ----------------------------------------------------------------------------------------------------------------
# Vocabularies


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    """Read and check drivers, cadres, the review's reference figures and the safeguards list."""
    frames, problems = {}, []
    for name in ("drivers", "cadres", "review_reference", "who_ssl_2023"):
        header, rows, found = read_table(name, data_dir)
        problems += found
        frames[name] = pd.DataFrame(rows, columns=header)
    if problems:
        raise EvidenceError(problems)
    reference = frames["review_reference"].copy()
    reference["value"] = reference["value"].astype(float)
    return Vocabulary(
        drivers=frames["drivers"],
        cadres=frames["cadres"],
        review_reference=reference,
        ssl=frames["who_ssl_2023"],
    )


# ----------------------------------------------------------------------------------------------------------------
# Studies


def vocabulary_references(vocabulary: Vocabulary) -> contract.References:
    """The codes of the vocabularies a studies file may name, for the contract's foreign keys and list rules."""
    known = {("drivers", "code"): vocabulary.driver_codes, ("cadres", "code"): vocabulary.cadre_codes}
    return lambda resource, column: known.get((resource, column))


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
    references = _with_code_lists(vocabulary_references(vocabulary), DATA_DIR)
    contract.check_table("studies", header, rows, references, file, problems)
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
    vocabulary = load_vocabulary(data_dir)
    _, rows, problems = read_table("studies", data_dir, vocabulary_references(vocabulary))
    if problems:
        raise EvidenceError(problems)
    return build_evidence(rows, vocabulary)
