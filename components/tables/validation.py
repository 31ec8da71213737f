"""The one engine that checks rows against their Table Schema in datapackage.json (standard rules and the
``atlas:`` extensions; see components.tables.schema for the list)."""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache

from components.core.i18n import _, number
from components.tables.description import (
    describe_list,
    expected_words,
    foreign_words,
    format_words,
    one_of,
    range_words,
)
from components.tables.formats import FORMATS, looks_like_formula, split_list
from components.tables.problems import Problem
from components.tables.schema import References, columns, fields, file_name, foreign_keys, key_fields, list_rule, schema

_INTEGER = re.compile(r"[+-]?\d+")


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
    primary = key_fields(spec.get("primaryKey") or [])
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
                problems.append(Problem(file, line, column, value, range_words(f)))
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
                expected = foreign_words(column, ref_resource, ref_field, known)
                problems.append(Problem(file, line, column, value, expected))

    for f in present:
        rule = f.get("atlas:mustInclude")
        if rule:
            have = {row.get(f["name"], "") for row in rows}
            for code in rule["values"]:
                if code not in have:
                    problems.append(Problem(file, None, f["name"], "", f"{rule['meaning']} '{code}'"))
    return problems


@cache
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _check_constraints(f: dict, value: str, typed, pattern: re.Pattern | None) -> list[str]:
    """What the value fails of its field's constraints and format, in words (empty when it passes)."""
    constraints, failed = f.get("constraints", {}), []
    if "enum" in constraints and value not in constraints["enum"]:
        failed.append(one_of(constraints["enum"]))
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
        failed.append(range_words(f))
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        failed.append(_("at most {n} characters").format(n=number(constraints["maxLength"])))
    if "minLength" in constraints and len(value) < constraints["minLength"]:
        failed.append(_("at least {n} characters").format(n=number(constraints["minLength"])))
    form = f.get("atlas:format")
    if form and not failed and not FORMATS[form][0](value):
        failed.append((form == "year-span" and expected_words(f)) or format_words(form))
    return failed


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
