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
import json
from collections.abc import Callable, Collection
from functools import cache
from pathlib import Path

from components.core.paths import PACKAGE_FILE

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


def key_fields(fields_: str | list[str]) -> list[str]:
    """Table Schema lets keys name one field as a string or several as a list."""
    return [fields_] if isinstance(fields_, str) else list(fields_)


@cache
def foreign_keys(name: str) -> tuple[tuple[str, str, str], ...]:
    """The one-column foreign keys of a resource to another resource: (column, resource, field)."""
    keys = []
    for key in schema(name).get("foreignKeys", []):
        own, ref = key_fields(key["fields"]), key["reference"]
        if len(own) == 1 and ref.get("resource"):
            keys.append((own[0], ref["resource"], key_fields(ref["fields"])[0]))
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


# (resource, field) -> the values that exist there, or None when the caller does not have that resource at hand.
References = Callable[[str, str], "Collection[str] | None"]
