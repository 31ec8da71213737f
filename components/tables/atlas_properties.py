"""The atlas's own properties of datapackage.json (``atlas:*``) checked against their JSON Schema
(atlas_properties.schema.json), so a malformed rule is reported in words, naming the resource, the field and the
property, instead of failing later, deep in the checker, as a KeyError."""

from __future__ import annotations

import json
from functools import cache

from components.core.paths import ATLAS_PROPERTIES_SCHEMA_FILE


@cache
def atlas_properties_schema() -> dict:
    return json.loads(ATLAS_PROPERTIES_SCHEMA_FILE.read_text(encoding="utf-8"))


def declared_properties(level: str) -> frozenset[str]:
    """The ``atlas:`` properties the JSON Schema allows on a ``field`` or on a ``tableSchema``."""
    return frozenset(p for p in atlas_properties_schema()["$defs"][level]["properties"] if p.startswith("atlas:"))


def _where(package: dict, path: list) -> str:
    """``resource 'studies', field 'drivers', atlas:listOf`` for a path into the package."""
    parts: list[str] = []
    node: object = package
    for step in path:
        node = node[step]  # type: ignore[index]
        if isinstance(node, dict) and "name" in node and isinstance(step, int):
            parts.append(f"{'field' if parts else 'resource'} '{node['name']}'")
        elif isinstance(step, str) and step.startswith("atlas:"):
            parts.append(step)
            break
    return ", ".join(parts) or "the package"


def atlas_property_problems(package: dict) -> list[str]:
    """One sentence per malformed ``atlas:`` property of ``package`` (a parsed datapackage.json); none if all is
    well."""
    from jsonschema import Draft202012Validator

    schema = atlas_properties_schema()
    validator = Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(package), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        where = _where(package, path)
        message = error.message  # an unknown name reads "'atlas:lisOf' is not one of [the known properties]"
        expected = _expected(schema, path)
        problems.append(f"datapackage.json, {where}: {message}" + (f" (expected {expected})" if expected else ""))
    return problems


def _expected(schema: dict, path: list) -> str:
    """The description the JSON Schema gives of the ``atlas:`` property on ``path``, if any."""
    names = [step for step in path if isinstance(step, str) and step.startswith("atlas:")]
    if not names:
        return ""
    level = "field" if "fields" in path else "tableSchema"
    return schema["$defs"][level]["properties"].get(names[0], {}).get("description", "")
