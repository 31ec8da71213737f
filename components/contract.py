"""The data contract: the Table Schemas of datapackage.json, and the one engine that checks rows against them.

datapackage.json is the single declaration of every data file's columns and rules. Reusers of the data validate
it with any Frictionless tool; the atlas validates the rows it reads (bundled or uploaded) here, with the same
schemas, because a Frictionless run costs more than the whole load of the evidence base and cannot report lines
of multi-line cells as a spreadsheet shows them. The standard's rules are checked as the specification defines
them: ``required``, ``unique``, ``enum``, ``pattern`` (whole value), ``minimum``/``maximum``,
``minLength``/``maxLength``, types ``string``/``integer``/``number``/``date``, ``missingValues``, ``primaryKey``
and ``foreignKeys``. A coded column with a vocabulary file (statuses, designs, coded_from, driver_groups) refers to
it by a foreign key or a list rule, so its codes are declared once, as that file's rows (``column_values``). Rules the
standard cannot express are custom properties of the same schemas, each checked by
one function below and documented in data/README.md:

- field ``atlas:listOf``: the cell is a ``;``-separated list whose items are codes of another resource
  (``{"resource", "field"}``), values of an ``enum``, or ``{"format": "iso3"}`` country codes (``except`` lists
  words allowed instead, such as ``global``); ``{"sameAs": {"resource", "field"}}`` borrows another list's rule;
- field ``atlas:format``: ``doi``, ``url`` (well-formed, no characters that break out of a link or BibTeX field),
  ``iso3`` (a known ISO 3166-1 alpha-3 code), ``year-span`` (a year, or two with the first not after the second);
- field ``atlas:uniqueIgnoringCase``: unique regardless of letter case (DOIs are case-insensitive);
- field ``atlas:mustInclude``: ``{"values", "meaning"}`` codes the file must keep;
- field ``atlas:optionalColumn``: the column may be left out of the header (otherwise every field must be there);
- field ``atlas:expected``: the rule of a ``pattern`` in words, for messages and the documentation;
  ``atlas:expected_fr`` the same words in French (messages on a French page);
- schema ``atlas:noFormulas``: no cell starts as a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab, CR);
- schema ``atlas:atLeastOneOf``: groups of columns of which each row fills at least one;
- schema ``atlas:minRows``: the fewest data rows the file may have;
- schema ``atlas:everyRowReferencedBy``: every row's key is used by another resource (each option has drivers).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from components.countries import is_iso3
from components.i18n import N_, _, current_language, number

PACKAGE_FILE = Path(__file__).resolve().parent.parent / "datapackage.json"


# ----------------------------------------------------------------------------------------------------------------
# Problems


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


# ----------------------------------------------------------------------------------------------------------------
# The custom formats


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
_YEAR_SPAN = re.compile(r"(\d{4})(?:-(\d{4}))?")


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


def valid_year_span(value: str) -> bool:
    match = _YEAR_SPAN.fullmatch(value or "")
    return match is not None and (not match.group(2) or match.group(1) <= match.group(2))


FORMATS: dict[str, tuple[Callable[[str], bool], str]] = {
    "doi": (
        valid_doi,
        N_(
            "a DOI such as 10.1186/1478-4491-2-1 (no https prefix; no spaces, quotes, braces, backslashes or "
            "control characters)"
        ),
    ),
    "url": (
        valid_url,
        N_("a well-formed http(s) URL with a host name (no spaces, quotes, braces, backslashes or control characters)"),
    ),
    "iso3": (is_iso3, N_("an ISO 3166-1 alpha-3 code such as NGA")),
    "year-span": (valid_year_span, N_("a year (2005) or a span (2005-2009) whose first year is not after the second")),
}


def split_list(cell: str) -> tuple[str, ...]:
    """A ``;``-separated cell as a tuple of its non-empty items, in order, without repeats."""
    items = [part.strip() for part in (cell or "").split(";")]
    return tuple(dict.fromkeys(i for i in items if i))


# ----------------------------------------------------------------------------------------------------------------
# Reading the declaration

# The custom properties this module implements (a test fails when the package uses any other).
FIELD_PROPERTIES = frozenset(
    {
        "atlas:listOf",
        "atlas:format",
        "atlas:uniqueIgnoringCase",
        "atlas:mustInclude",
        "atlas:optionalColumn",
        "atlas:expected",
        "atlas:expected_fr",
    }
)
SCHEMA_PROPERTIES = frozenset({"atlas:noFormulas", "atlas:atLeastOneOf", "atlas:minRows", "atlas:everyRowReferencedBy"})


@cache
def package() -> dict:
    return json.loads(PACKAGE_FILE.read_text(encoding="utf-8"))


@cache
def resource(name: str) -> dict:
    for candidate in package()["resources"]:
        if candidate["name"] == name:
            return candidate
    raise KeyError(f"no resource '{name}' in datapackage.json")


def file_name(name: str) -> str:
    """The file a resource lives in, as messages name it (``studies.csv``)."""
    return Path(resource(name)["path"]).name


def schema(name: str) -> dict:
    return resource(name)["schema"]


def fields(name: str) -> tuple[dict, ...]:
    return tuple(schema(name)["fields"])


def field(name: str, column: str) -> dict:
    for candidate in fields(name):
        if candidate["name"] == column:
            return candidate
    raise KeyError(f"no field '{column}' in resource '{name}'")


def columns(name: str, optional: bool | None = None) -> tuple[str, ...]:
    """Field names in declared order; ``optional=False`` only those the header must have, ``True`` the others."""
    return tuple(f["name"] for f in fields(name) if optional is None or bool(f.get("atlas:optionalColumn")) == optional)


def list_rule(name: str, column: str) -> dict | None:
    """The ``atlas:listOf`` rule of a field, with ``sameAs`` resolved."""
    rule = field(name, column).get("atlas:listOf")
    while rule and "sameAs" in rule:
        rule = field(rule["sameAs"]["resource"], rule["sameAs"]["field"]).get("atlas:listOf")
    return rule


def list_columns(name: str) -> tuple[str, ...]:
    return tuple(f["name"] for f in fields(name) if "atlas:listOf" in f)


def column_values(name: str, column: str, data_dir: Path | None = None) -> tuple[str, ...] | None:
    """The values of a column of resource ``name``'s file, in file order (from ``data_dir``, default the package's
    own files); None when the file or the column is not there. This is how a vocabulary file's codes are read: the
    file is their one declaration."""
    path = Path(data_dir) / file_name(name) if data_dir is not None else PACKAGE_FILE.parent / resource(name)["path"]
    if not path.exists():
        return None
    # Keyed by modification time and size too: a file edited while the process runs is read again.
    stat = path.stat()
    return _column_values(path, column, (stat.st_mtime_ns, stat.st_size))


@cache
def _column_values(path: Path, column: str, _version: tuple[int, int]) -> tuple[str, ...] | None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and column not in rows[0]:
        return None
    return tuple(dict.fromkeys(row[column].strip() for row in rows if (row[column] or "").strip()))


def reference(name: str, column: str) -> tuple[str, str] | None:
    """The (resource, field) whose values a field, or each item of its list, must be: a one-column foreign key or
    an ``atlas:listOf`` resource rule."""
    rule = list_rule(name, column) or {}
    if "resource" in rule:
        return rule["resource"], rule["field"]
    for own, target, target_field in foreign_keys(name):
        if own == column:
            return target, target_field
    return None


def _as_list(fields_: str | list[str]) -> list[str]:
    """Table Schema lets keys name one field as a string or several as a list."""
    return [fields_] if isinstance(fields_, str) else list(fields_)


@cache
def foreign_keys(name: str) -> tuple[tuple[str, str, str], ...]:
    """The one-column foreign keys of a resource to another resource: (column, resource, field)."""
    keys = []
    for key in schema(name).get("foreignKeys", []):
        own, ref = _as_list(key["fields"]), key["reference"]
        if len(own) == 1 and ref.get("resource"):
            keys.append((own[0], ref["resource"], _as_list(ref["fields"])[0]))
    return tuple(keys)


def allowed_values(name: str, column: str) -> tuple[str, ...]:
    """The values a field may take: its ``enum``, the ``enum`` its list items come from, or the codes of the
    vocabulary file it refers to (read from that file)."""
    constraints = field(name, column).get("constraints", {})
    if "enum" in constraints:
        return tuple(constraints["enum"])
    rule = list_rule(name, column) or {}
    if "enum" in rule:
        return tuple(rule["enum"])
    target = reference(name, column)
    values = column_values(*target) if target else None
    if values is None:
        raise KeyError(f"{name}.{column} declares no enum and refers to no vocabulary file")
    return values


def labelled(name: str, column: str, labels: dict[str, str]) -> dict[str, str]:
    """Display labels for a field's allowed values, in the schema's order; the code names labels, the schema the
    values, and a value without a label (or a label for no value) stops the import rather than showing a raw code."""
    values = allowed_values(name, column)
    if set(labels) != set(values):
        raise KeyError(f"labels for {name}.{column} do not match its enum: {sorted(set(labels) ^ set(values))}")
    return {value: labels[value] for value in values}


def bounds(name: str, column: str) -> tuple[int | float, int | float]:
    constraints = field(name, column)["constraints"]
    return constraints["minimum"], constraints["maximum"]


def must_include(name: str, column: str) -> tuple[str, ...]:
    return tuple(field(name, column)["atlas:mustInclude"]["values"])


# ----------------------------------------------------------------------------------------------------------------
# Checking rows

# (resource, field) -> the values that exist there, or None when the caller does not have that resource at hand.
References = Callable[[str, str], "Collection[str] | None"]

# A reference to a vocabulary this short is described by its codes (one of migrated | intention | non_migration), so
# a person can fix the cell from the message alone; a longer one (drivers, cadres) by its file.
LISTED_CODES_AT_MOST = 6

_INTEGER = re.compile(r"[+-]?\d+")


def _one_of(values: Iterable[str]) -> str:
    return _("one of {values}").format(values=" | ".join(values))


def format_words(form: str) -> str:
    """A custom format's rule in words, in the language in use."""
    return _(FORMATS[form][1])


def expected_words(f: dict) -> str | None:
    """A field's ``atlas:expected`` in the language in use (``atlas:expected_<lang>`` where the schema has it)."""
    return f.get(f"atlas:expected_{current_language()}") or f.get("atlas:expected")


def _convert(kind: str, spec: dict, value: str) -> tuple[bool, object]:
    """(ok, typed value) for a non-missing cell, as Table Schema types read it."""
    if kind == "integer":
        return (True, int(value)) if _INTEGER.fullmatch(value) else (False, None)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return False, None
        return (not math.isnan(number) and not math.isinf(number)), number
    if kind == "date":
        try:
            return True, dt.datetime.strptime(value, spec.get("format", "%Y-%m-%d").replace("default", "%Y-%m-%d"))
        except ValueError:
            return False, None
    return True, value


_TYPE_WORDS = {"integer": N_("a whole number"), "number": N_("a number"), "date": N_("a date (YYYY-MM-DD)")}


def _range_words(f: dict) -> str:
    constraints = f.get("constraints", {})
    low, high = constraints.get("minimum"), constraints.get("maximum")
    noun = _(_TYPE_WORDS[f.get("type", "string")])
    if low is not None and high is not None:
        words = _("{noun} from {low} to {high}").format(noun=noun, low=low, high=high)
    elif low is not None:
        words = _("{noun} of at least {low}").format(noun=noun, low=low)
    elif high is not None:
        words = _("{noun} of at most {high}").format(noun=noun, high=high)
    else:
        words = noun
    return words if constraints.get("required") else _("{words}, or empty").format(words=words)


def describe_list(rule: dict, known: Collection[str] | None = None) -> str:
    """What one item of a list cell must be, in words (messages and documentation); ``known``: the values of the
    resource the items come from, when the caller has them."""
    if "resource" in rule:
        if known is not None and len(known) <= LISTED_CODES_AT_MOST:
            return _one_of(_ordered(known))
        return _("a {field} from {file}").format(field=rule["field"], file=file_name(rule["resource"]))
    if "enum" in rule:
        return _one_of(rule["enum"])
    words = format_words(rule["format"])
    if rule.get("except"):
        words = _("{words} (or {exceptions} alone)").format(words=words, exceptions=", ".join(rule["except"]))
    return words


def check_table(
    name: str,
    header: list[str],
    rows: list[dict[str, str]],
    references: References | None = None,
    file: str | None = None,
    problems: list[Problem] | None = None,
) -> list[Problem]:
    """Every breach of resource ``name``'s schema in rows read from ``file`` (default: the resource's file).

    Rows map column to stripped cell text; ``__line__`` is the CSV line a row starts on (default: its position),
    ``__extra__`` holds cells beyond the header. Foreign keys and list items that name another resource are checked
    when ``references`` returns that resource's values."""
    file = file or file_name(name)
    problems = [] if problems is None else problems
    spec = schema(name)
    lookup = references or (lambda _resource, _field: None)
    missing_columns = [c for c in columns(name, optional=False) if c not in header]
    for column in missing_columns:
        shown = ", ".join(header) or _("(empty header)")
        problems.append(Problem(file, 1, column, shown, _("a column named '{column}'").format(column=column)))
    if missing_columns:
        return problems
    if len(rows) < spec.get("atlas:minRows", 0):
        expected = _("at least {n} row(s)").format(n=spec["atlas:minRows"])
        problems.append(Problem(file, None, _("(rows)"), _("no data rows"), expected))
        return problems

    missing_values = set(spec.get("missingValues", [""]))
    present = [f for f in fields(name) if f["name"] in header]
    # Resolved once per table, not per cell: the list rule and the compiled pattern of each field.
    list_rules = {f["name"]: list_rule(name, f["name"]) for f in present}
    patterns = {
        f["name"]: _pattern(f["constraints"]["pattern"]) for f in present if "pattern" in f.get("constraints", {})
    }
    no_formulas = spec.get("atlas:noFormulas", False)
    seen: dict[str, dict] = {f["name"]: {} for f in present if f.get("constraints", {}).get("unique")}
    seen_folded: dict[str, dict] = {f["name"]: {} for f in present if f.get("atlas:uniqueIgnoringCase")}
    primary = _as_list(spec.get("primaryKey") or [])
    seen_keys: dict[tuple, int] = {}
    foreign = foreign_keys(name)

    for position, row in enumerate(rows, start=2):
        line = int(row.get("__line__") or position)
        if "__extra__" in row:
            problems.append(Problem(file, line, _("(row)"), row["__extra__"], _("no more cells than header columns")))
        for f in present:
            column, kind = f["name"], f.get("type", "string")
            constraints = f.get("constraints", {})
            value = row.get(column) or ""
            if no_formulas and looks_like_formula(value):
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        value,
                        _(
                            "plain text, not a spreadsheet formula "
                            "(a cell may not start with = + - @, a tab or a carriage return)"
                        ),
                    )
                )
                continue
            if value in missing_values:
                if constraints.get("required"):
                    rule = list_rules[column]
                    expected = (
                        _("at least one of {items}").format(
                            items=describe_list(
                                rule, lookup(rule["resource"], rule["field"]) if "resource" in rule else None
                            )
                        )
                        if rule
                        else _("a value (may not be empty)")
                    )
                    problems.append(Problem(file, line, column, value, expected))
                continue
            ok, typed = _convert(kind, f, value)
            if not ok:
                problems.append(Problem(file, line, column, value, _range_words(f)))
                continue
            failed = _check_constraints(f, value, typed, patterns.get(column))
            for expected in failed:
                problems.append(Problem(file, line, column, value, expected))
            rule = list_rules[column]
            if rule and not failed:
                _check_list(file, line, column, value, rule, lookup, problems, constraints.get("required", False))
            if failed:
                continue
            # Uniqueness regardless of case includes exact uniqueness: one check, one message.
            store = seen_folded.get(column, seen.get(column))
            if store is not None:
                key = value.casefold() if column in seen_folded else value
                if key in store:
                    expected = _("a unique value (also on line {line})").format(line=store[key])
                    problems.append(Problem(file, line, column, value, expected))
                else:
                    store[key] = line
        for group in spec.get("atlas:atLeastOneOf", []):
            if all((row.get(c) or "") in missing_values for c in group):
                expected = _("a value in at least one of {columns}").format(columns=", ".join(group))
                problems.append(Problem(file, line, "/".join(group), "", expected))
        if len(primary) > 1:
            combination = tuple(row.get(c, "") for c in primary)
            if combination in seen_keys:
                problems.append(
                    Problem(
                        file,
                        line,
                        primary[-1],
                        row.get(primary[-1], ""),
                        _("each combination of {columns} once (also on line {line})").format(
                            columns=", ".join(primary), line=seen_keys[combination]
                        ),
                    )
                )
            else:
                seen_keys[combination] = line
        for column, ref_resource, ref_field in foreign:
            known = lookup(ref_resource, ref_field)
            value = row.get(column) or ""
            if known is not None and value not in missing_values and value not in known:
                expected = _foreign_words(column, ref_resource, ref_field, known)
                problems.append(Problem(file, line, column, value, expected))

    for f in present:
        rule = f.get("atlas:mustInclude")
        if rule:
            have = {row.get(f["name"], "") for row in rows}
            for code in rule["values"]:
                if code not in have:
                    problems.append(Problem(file, None, f["name"], "", f"{rule['meaning']} '{code}'"))
    return problems


def _foreign_words(column: str, resource_name: str, ref_field: str, known: Collection[str]) -> str:
    """What a foreign key wants, in words: the codes of a short vocabulary, "a code of cadres.csv", or "a code from
    drivers.csv" when the referenced column has another name."""
    if len(known) <= LISTED_CODES_AT_MOST:
        return _one_of(_ordered(known))
    if ref_field != column:
        return _("a {field} from {file}").format(field=ref_field, file=file_name(resource_name))
    if ref_field[:1] in "aeiou":
        return _("an {field} of {file}").format(field=ref_field, file=file_name(resource_name))
    return _("a {field} of {file}").format(field=ref_field, file=file_name(resource_name))


@cache
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _check_constraints(f: dict, value: str, typed, pattern: re.Pattern | None) -> list[str]:
    """What the value fails of its field's constraints and format, in words (empty when it passes)."""
    constraints, failed = f.get("constraints", {}), []
    if "enum" in constraints and value not in constraints["enum"]:
        failed.append(_one_of(constraints["enum"]))
    if pattern is not None and not pattern.fullmatch(value):
        # The pattern is what any Frictionless tool checks; a field with a custom format is described by it.
        form_words = format_words(f["atlas:format"]) if "atlas:format" in f else None
        failed.append(
            expected_words(f)
            or form_words
            or _("a value matching the pattern {pattern}").format(pattern=constraints["pattern"])
        )
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if (low is not None and typed < low) or (high is not None and typed > high):
        failed.append(_range_words(f))
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        failed.append(_("at most {n} characters").format(n=number(constraints["maxLength"])))
    if "minLength" in constraints and len(value) < constraints["minLength"]:
        failed.append(_("at least {n} characters").format(n=number(constraints["minLength"])))
    form = f.get("atlas:format")
    if form and not failed and not FORMATS[form][0](value):
        failed.append((form == "year-span" and expected_words(f)) or format_words(form))
    return failed


def _ordered(values: Collection[str]) -> list[str]:
    """Values in their file's order where the caller kept it (a tuple), else sorted: messages do not vary by run."""
    return list(values) if isinstance(values, tuple | list) else sorted(values)


def _check_list(file, line, column, value, rule, lookup, problems, required) -> None:
    items = split_list(value)
    known = lookup(rule["resource"], rule["field"]) if "resource" in rule else None
    if required and not items:
        expected = _("at least one of {items}").format(items=describe_list(rule, known))
        problems.append(Problem(file, line, column, value, expected))
    if "resource" in rule:
        if known is None:
            return
        ok = known.__contains__
    elif "enum" in rule:
        ok = set(rule["enum"]).__contains__
    else:
        check, exceptions = FORMATS[rule["format"]][0], rule.get("except", [])
        if exceptions and items and all(i in exceptions for i in items) and len(items) == 1:
            return
        ok = check
    for item in items:
        if not ok(item):
            problems.append(Problem(file, line, column, item, describe_list(rule, known)))


def check_referenced_by(name: str, rows: list[dict[str, str]], other_rows: dict[str, list[dict[str, str]]]):
    """Problems for rows of ``name`` whose key no row of the resource named in ``atlas:everyRowReferencedBy`` uses."""
    problems = []
    for rule in schema(name).get("atlas:everyRowReferencedBy", []):
        column = rule["fields"][0]
        used = {row.get(column, "") for row in other_rows.get(rule["resource"], [])}
        for row in rows:
            if row.get(column, "") not in used:
                problems.append(
                    Problem(
                        file_name(rule["resource"]),
                        None,
                        column,
                        row.get(column, ""),
                        _("at least one row for each {column} of {file}").format(column=column, file=file_name(name)),
                    )
                )
    return problems


# ----------------------------------------------------------------------------------------------------------------
# Describing the declaration (data/README.md is generated from these)


def describe_rule(name: str, column: str) -> str:
    """A field's rules in words: what data/README.md shows in its column tables."""
    f = field(name, column)
    constraints, parts = f.get("constraints", {}), []
    rule = list_rule(name, column)
    if "enum" in constraints:
        parts.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    if rule:
        known = column_values(rule["resource"], rule["field"]) if "resource" in rule else None
        parts.append("`;`-separated list, each item " + describe_list(rule, known).replace(" | ", ", "))
    elif "atlas:expected" in f:
        parts.append(f["atlas:expected"])
    elif "atlas:format" in f:
        parts.append(FORMATS[f["atlas:format"]][1])
    elif "pattern" in constraints:
        parts.append(f"matches `{constraints['pattern']}`")
    if "minimum" in constraints or "maximum" in constraints:
        parts.append(_range_words({"type": f.get("type", "string"), "constraints": {**constraints, "required": True}}))
    elif f.get("type", "string") != "string":
        parts.append(_TYPE_WORDS[f["type"]] + (f" ({f['format']})" if f.get("format") not in (None, "default") else ""))
    if "minLength" in constraints:
        parts.append(f"at least {constraints['minLength']:,} characters")
    if f.get("atlas:uniqueIgnoringCase"):
        parts.append("unique, ignoring case")
    elif constraints.get("unique"):
        parts.append("unique")
    for own, target, target_field in foreign_keys(name):
        if own == column:
            known = column_values(target, target_field) or ()
            if 0 < len(known) <= LISTED_CODES_AT_MOST:
                parts.append("one of " + ", ".join(f"`{v}`" for v in known))
            parts.append(f"listed in `{file_name(target)}` (column `{target_field}`)")
    if "atlas:mustInclude" in f:
        parts.append("must include " + ", ".join(f"`{v}`" for v in f["atlas:mustInclude"]["values"]))
    return "; ".join(parts)


def describe_table_rules(name: str) -> list[str]:
    """The rules of a whole table in words (keys, rows, rules across columns)."""
    spec, rules = schema(name), []
    primary = _as_list(spec.get("primaryKey") or [])
    if primary:
        rules.append("Primary key: " + " + ".join(f"`{c}`" for c in primary) + " (no two rows share it).")
    for group in spec.get("atlas:atLeastOneOf", []):
        rules.append("Each row fills at least one of " + ", ".join(f"`{c}`" for c in group) + ".")
    if spec.get("atlas:minRows"):
        rules.append(f"At least {spec['atlas:minRows']} data row(s).")
    for rule in spec.get("atlas:everyRowReferencedBy", []):
        column = rule["fields"][0]
        rules.append(f"Every `{column}` has at least one row in `{file_name(rule['resource'])}`.")
    if spec.get("atlas:noFormulas"):
        rules.append("No cell starts as a spreadsheet formula.")
    optional = columns(name, optional=True)
    if optional:
        rules.append("Columns that may be left out of the header: " + ", ".join(f"`{c}`" for c in optional) + ".")
    return rules
