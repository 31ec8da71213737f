"""The contract's rules in words: what a message says a cell should be (in the language in use), and the
rule descriptions data/README.md is generated from."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from components.core.i18n import N_, _, current_language
from components.tables.formats import FORMATS
from components.tables.schema import (
    column_values,
    columns,
    field,
    file_name,
    foreign_keys,
    key_fields,
    list_rule,
    schema,
)

# A reference to a vocabulary this short is described by its codes (one of migrated | intention | non_migration), so
# a person can fix the cell from the message alone; a longer one (drivers, cadres) by its file.
LISTED_CODES_AT_MOST = 6


def one_of(values: Iterable[str]) -> str:
    return _("one of {values}").format(values=" | ".join(values))


def format_words(form: str) -> str:
    """A custom format's rule in words, in the language in use."""
    return _(FORMATS[form][1])


def expected_words(f: dict) -> str | None:
    """A field's ``atlas:expected`` in the language in use (``atlas:expected_<lang>`` where the schema has it)."""
    return f.get(f"atlas:expected_{current_language()}") or f.get("atlas:expected")


_TYPE_WORDS = {"integer": N_("a whole number"), "number": N_("a number"), "date": N_("a date (YYYY-MM-DD)")}


def range_words(f: dict) -> str:
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
            return one_of(_ordered(known))
        return _("a {field} from {file}").format(field=rule["field"], file=file_name(rule["resource"]))
    if "enum" in rule:
        return one_of(rule["enum"])
    words = format_words(rule["format"])
    if rule.get("except"):
        words = _("{words} (or {exceptions} alone)").format(words=words, exceptions=", ".join(rule["except"]))
    return words


def foreign_words(column: str, resource_name: str, ref_field: str, known: Collection[str]) -> str:
    """What a foreign key wants, in words: the codes of a short vocabulary, "a code of cadres.csv", or "a code from
    drivers.csv" when the referenced column has another name."""
    if len(known) <= LISTED_CODES_AT_MOST:
        return one_of(_ordered(known))
    if ref_field != column:
        return _("a {field} from {file}").format(field=ref_field, file=file_name(resource_name))
    if ref_field[:1] in "aeiou":
        return _("an {field} of {file}").format(field=ref_field, file=file_name(resource_name))
    return _("a {field} of {file}").format(field=ref_field, file=file_name(resource_name))


def _ordered(values: Collection[str]) -> list[str]:
    """Values in their file's order where the caller kept it (a tuple), else sorted: messages do not vary by run."""
    return list(values) if isinstance(values, tuple | list) else sorted(values)


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
        parts.append(range_words({"type": f.get("type", "string"), "constraints": {**constraints, "required": True}}))
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
    primary = key_fields(spec.get("primaryKey") or [])
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
