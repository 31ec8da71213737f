"""The atlas's own properties of datapackage.json (atlas:*) follow their JSON Schema, and a malformed one is
reported in words that name the resource, the field and the property."""

import copy

import pytest

from components.tables import schema
from components.tables.atlas_properties import atlas_property_problems, declared_properties
from components.tables.formats import FORMATS


def test_the_bundled_package_follows_the_schema_of_its_own_properties():
    assert atlas_property_problems(schema.package()) == []


def test_the_json_schema_and_the_checker_know_the_same_properties_and_formats():
    assert declared_properties("field") == schema.FIELD_PROPERTIES
    assert declared_properties("tableSchema") == schema.SCHEMA_PROPERTIES
    from components.tables.atlas_properties import atlas_properties_schema

    field_properties = atlas_properties_schema()["$defs"]["field"]["properties"]
    assert set(field_properties["atlas:format"]["enum"]) == set(FORMATS)


def _broken(resource: str, column: str | None, prop: str, value) -> dict:
    package = copy.deepcopy(schema.package())
    spec = next(r for r in package["resources"] if r["name"] == resource)["schema"]
    target = spec if column is None else next(f for f in spec["fields"] if f["name"] == column)
    target[prop] = value
    return package


@pytest.mark.parametrize(
    ("resource", "column", "prop", "value", "words"),
    [
        ("studies", "drivers", "atlas:listOf", {"resource": "drivers"}, "{resource, field}"),
        ("studies", "drivers", "atlas:listOf", {"resource": "drivers", "feild": "code"}, "{resource, field}"),
        ("studies", "doi", "atlas:format", "isbn", "'isbn' is not one of"),
        ("studies", "doi", "atlas:uniqueIgnoringCase", "yes", "'yes' is not of type 'boolean'"),
        ("drivers", "code", "atlas:mustInclude", {"values": ["remuneration"]}, "'meaning' is a required property"),
        ("studies", "doi", "atlas:lisOf", {"resource": "drivers", "field": "code"}, "'atlas:lisOf' is not one of"),
        ("studies", None, "atlas:minRows", "1", "'1' is not of type 'integer'"),
        ("studies", None, "atlas:atLeastOneOf", [["doi"]], "is too short"),
        ("policy_options", None, "atlas:everyRowReferencedBy", [{"resource": "policy_links"}], "'fields' is a req"),
    ],
)
def test_a_malformed_rule_is_reported_in_words_naming_where_it_is(resource, column, prop, value, words):
    problems = atlas_property_problems(_broken(resource, column, prop, value))
    assert len(problems) == 1, problems
    where = f"datapackage.json, resource '{resource}'" + (f", field '{column}'" if column else "")
    assert problems[0].startswith(where), problems[0]
    assert words in problems[0], problems[0]
