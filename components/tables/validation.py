"""The one engine that checks rows against their Table Schema in datapackage.json (standard rules and the
``atlas:`` extensions; see components.tables.schema for the list)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
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
    table = _Table.of(name, header, references, file or file_name(name), [] if problems is None else problems)
    if not _check_header(table, header) or not _check_row_count(table, rows):
        return table.problems
    for position, row in enumerate(rows, start=2):
        line = int(row.get("__line__") or position)
        _check_extra_cells(table, line, row)
        for f in table.present:
            _check_cell(table, line, f, row.get(f["name"]) or "")
        _check_at_least_one_of(table, line, row)
        _check_primary_key(table, line, row)
        _check_foreign_keys(table, line, row)
    _check_must_include(table, rows)
    return table.problems


@dataclass
class _Table:
    """One table being checked: its rules, resolved once (not per cell), what it has seen so far (for uniqueness)
    and the problems found."""

    name: str
    file: str
    spec: dict
    lookup: References
    problems: list[Problem]
    present: list[dict]
    missing_values: set[str]
    list_rules: dict[str, dict | None]
    patterns: dict[str, re.Pattern]
    seen: dict[str, dict[str, int]]
    seen_folded: dict[str, dict[str, int]]
    primary: tuple[str, ...]
    seen_keys: dict[tuple, int] = field(default_factory=dict)

    @classmethod
    def of(cls, name, header, references, file, problems) -> _Table:
        spec = schema(name)
        present = [f for f in fields(name) if f["name"] in header]
        return cls(
            name=name,
            file=file,
            spec=spec,
            lookup=references or (lambda _resource, _field: None),
            problems=problems,
            present=present,
            missing_values=set(spec.get("missingValues", [""])),
            list_rules={f["name"]: list_rule(name, f["name"]) for f in present},
            patterns={
                f["name"]: _pattern(f["constraints"]["pattern"])
                for f in present
                if "pattern" in f.get("constraints", {})
            },
            seen={f["name"]: {} for f in present if f.get("constraints", {}).get("unique")},
            seen_folded={f["name"]: {} for f in present if f.get("atlas:uniqueIgnoringCase")},
            primary=tuple(key_fields(spec.get("primaryKey") or [])),
        )

    def report(self, line: int | None, column: str, value: str, expected: str) -> None:
        self.problems.append(Problem(self.file, line, column, value, expected))


def _check_header(table: _Table, header: list[str]) -> bool:
    """Every column that may not be left out is in the header (False, and nothing else is checked, if not)."""
    missing = [c for c in columns(table.name, optional=False) if c not in header]
    for column in missing:
        table.report(
            1, column, ", ".join(header) or _("(empty header)"), _("a column named '{column}'").format(column=column)
        )
    return not missing


def _check_row_count(table: _Table, rows: list[dict[str, str]]) -> bool:
    """``atlas:minRows`` (False, and nothing else is checked, if there are fewer rows)."""
    least = table.spec.get("atlas:minRows", 0)
    if len(rows) < least:
        table.report(None, _("(rows)"), _("no data rows"), _("at least {n} row(s)").format(n=least))
    return len(rows) >= least


def _check_extra_cells(table: _Table, line: int, row: dict[str, str]) -> None:
    if "__extra__" in row:
        table.report(line, _("(row)"), row["__extra__"], _("no more cells than header columns"))


def _check_cell(table: _Table, line: int, f: dict, value: str) -> None:
    """One cell against its field: no formula, required, type, constraints and format, list items, uniqueness (each
    rule only if the ones before it pass)."""
    column = f["name"]
    if table.spec.get("atlas:noFormulas", False) and looks_like_formula(value):
        expected = _(
            "plain text, not a spreadsheet formula (a cell may not start with = + - @, a tab or a carriage return)"
        )
        table.report(line, column, value, expected)
        return
    if value in table.missing_values:
        _check_required(table, line, f, value)
        return
    ok, typed = _convert(f.get("type", "string"), f, value)
    if not ok:
        table.report(line, column, value, range_words(f))
        return
    failed = _check_constraints(f, value, typed, table.patterns.get(column))
    for expected in failed:
        table.report(line, column, value, expected)
    if failed:
        return
    rule = table.list_rules[column]
    if rule:
        required = f.get("constraints", {}).get("required", False)
        _check_list(table.file, line, column, value, rule, table.lookup, table.problems, required)
    _check_unique(table, line, column, value)


def _check_required(table: _Table, line: int, f: dict, value: str) -> None:
    """An empty cell of a required field (a list field names the items it may hold)."""
    if not f.get("constraints", {}).get("required"):
        return
    rule = table.list_rules[f["name"]]
    if rule:
        known = table.lookup(rule["resource"], rule["field"]) if "resource" in rule else None
        expected = _("at least one item: {items}").format(items=describe_list(rule, known))
    else:
        expected = _("a value (may not be empty)")
    table.report(line, f["name"], value, expected)


def _check_unique(table: _Table, line: int, column: str, value: str) -> None:
    """``unique`` and ``atlas:uniqueIgnoringCase`` (which includes exact uniqueness: one check, one message)."""
    store = table.seen_folded.get(column, table.seen.get(column))
    if store is None:
        return
    key = value.casefold() if column in table.seen_folded else value
    if key in store:
        table.report(line, column, value, _("a unique value (also on line {line})").format(line=store[key]))
    else:
        store[key] = line


def _check_at_least_one_of(table: _Table, line: int, row: dict[str, str]) -> None:
    for group in table.spec.get("atlas:atLeastOneOf", []):
        if all((row.get(c) or "") in table.missing_values for c in group):
            expected = _("a value in at least one of {columns}").format(columns=", ".join(group))
            table.report(line, "/".join(group), "", expected)


def _check_primary_key(table: _Table, line: int, row: dict[str, str]) -> None:
    """A primary key of several columns: each combination once (one column's is checked as ``unique``)."""
    primary = table.primary
    if len(primary) < 2:
        return
    combination = tuple(row.get(c, "") for c in primary)
    if combination in table.seen_keys:
        expected = _("each combination of {columns} once (also on line {line})").format(
            columns=", ".join(primary), line=table.seen_keys[combination]
        )
        table.report(line, primary[-1], row.get(primary[-1], ""), expected)
    else:
        table.seen_keys[combination] = line


def _check_foreign_keys(table: _Table, line: int, row: dict[str, str]) -> None:
    for column, ref_resource, ref_field in foreign_keys(table.name):
        known = table.lookup(ref_resource, ref_field)
        value = row.get(column) or ""
        if known is not None and value not in table.missing_values and value not in known:
            table.report(line, column, value, foreign_words(column, ref_resource, ref_field, known))


def _check_must_include(table: _Table, rows: list[dict[str, str]]) -> None:
    """``atlas:mustInclude``: codes the file must keep, checked over all its rows."""
    for f in table.present:
        rule = f.get("atlas:mustInclude")
        if rule:
            have = {row.get(f["name"], "") for row in rows}
            for code in rule["values"]:
                if code not in have:
                    table.report(None, f["name"], "", f"{rule['meaning']} '{code}'")


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
        expected = _("at least one item: {items}").format(items=describe_list(rule, known))
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
