"""The request schemas of the OpenAPI document, run as the validator: `check(body, "NewMessage")`.

The schema used here is the very object the document publishes under components/schemas (not a copy written
again), so what /api/v1/openapi.json promises and what is checked cannot drift apart. Each JSON Schema error
becomes a (pointer, plain sentence) pair, one per field: the first problem found there. Rules that no schema
can say (the BSN 11-test, the PDF checks, a deadline after today, fields that depend on each other) stay
hand-written in validation.py.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from portal.api import openapi
from portal.paper.timing import min_paper_days

DOCUMENT_URI = "urn:portal:api:v1:openapi"  # a name for the document inside the validator, never fetched


def schema(name: str) -> dict:
    """The schema `name` exactly as the served document's components hold it."""
    return openapi._document(min_paper_days())["components"]["schemas"][name]


@cache
def _validator(name: str, min_paper: int) -> Draft202012Validator:
    document = openapi._document(min_paper)
    registry = Registry().with_resource(DOCUMENT_URI, Resource.from_contents(document, DRAFT202012))
    return Draft202012Validator({"$ref": f"{DOCUMENT_URI}#/components/schemas/{name}"}, registry=registry,
                                format_checker=FormatChecker(formats=("date",)))


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def escape(name: str) -> str:
    return str(name).replace("~", "~0").replace("/", "~1")


def _pointer(parts) -> str:
    return "#" + "".join(f"/{escape(p)}" for p in parts)


def _message(error: ValidationError) -> list[tuple[str, str]]:
    """The (pointer, sentence) pairs for one schema error: the schema's own words (its x-messages) when it has
    them for this keyword, else general ones."""
    where, keyword, value, instance = list(error.absolute_path), error.validator, error.validator_value, error.instance
    here = _pointer(where)
    own = error.schema.get(openapi.MESSAGES, {}).get(keyword) if isinstance(error.schema, dict) else None
    if keyword == "required":
        return [(_pointer([*where, n]), (own or {}).get(n, "This field is required."))
                for n in value if n not in instance]
    if keyword == "dependentRequired":
        return [(_pointer([*where, n]), (own or {}).get(n, f"With {given}, this field is required."))
                for given, needed in value.items() if given in instance for n in needed if n not in instance]
    if isinstance(own, str):
        count = len(instance) if isinstance(instance, list | str | dict) else 0
        return [(here, own.format(limit=value, type=json_type(instance), count=count))]
    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [(_pointer([*where, n]), f"Unknown field. Allowed fields here: {', '.join(allowed)}.")
                for n in instance if n not in allowed]
    text = {
        "type": lambda: f"This must be {_TYPE_WORDS.get(str(value), str(value))}, not {json_type(instance)}.",
        "maxLength": lambda: f"This text is {len(instance):,} characters long; the limit is {value:,}.",
        "minLength": lambda: "This field is empty. Write the text here.",
        "enum": lambda: f"This must be one of: {', '.join(map(str, value))}.",
        "minimum": lambda: f"This must be at least {value}.",
        "maximum": lambda: f"This must be at most {value}.",
        "maxItems": lambda: f"This list can have at most {value} items; this one has {len(instance)}.",
        "format": lambda: "Write the date as YYYY-MM-DD, like 2027-01-15." if value == "date" else
        f"This is not a valid {value}.",
    }.get(keyword, lambda: "This value does not match the API reference.")
    return [(here, text())]


_TYPE_WORDS = {"object": "a JSON object", "string": "a string (text in quotes)", "array": "a list",
               "integer": "a whole number", "boolean": "true or false", "number": "a number"}


def check(body: Any, schema_name: str) -> list[tuple[str, str]]:
    """Every field of `body` that the published schema `schema_name` refuses, as (JSON pointer, sentence), one
    per pointer (the first problem found there), in the order the schema lists its rules."""
    found: dict[str, str] = {}
    for error in _validator(schema_name, min_paper_days()).iter_errors(body):
        for pointer, text in _message(error):
            found.setdefault(pointer, text)
    return list(found.items())
