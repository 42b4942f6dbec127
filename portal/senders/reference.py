"""The API reference page, built from the OpenAPI document itself, so the page and the API cannot drift apart.

`build(doc)` turns the document into plain structures for the template: operations with their parameters,
the request body flattened into one row per field ("recipient.address.postcode"), the answers, and the
problem types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.api.problems import PROBLEMS

METHOD_ORDER = ("post", "get", "patch", "delete")


@dataclass(frozen=True)
class FieldRow:
    name: str
    kind: str
    required: bool
    rules: str
    description: str


@dataclass
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[FieldRow] = field(default_factory=list)
    body: list[FieldRow] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)
    needs_key: bool = True


@dataclass
class Reference:
    title: str
    version: str
    description: str
    operations: list[Operation]
    problems: list[tuple[str, int, str]]
    webhooks: list[Operation] = field(default_factory=list)  # the events sent to senders' systems


def _resolve(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _kind(doc: dict, schema: dict) -> str:
    schema = _resolve(doc, schema)
    if "oneOf" in schema:
        kinds = [_kind(doc, s) for s in schema["oneOf"] if s.get("type") != "null"]
        return " or ".join(kinds)
    if schema.get("type") == "array":
        return f"list of {_kind(doc, schema['items'])}"
    return schema.get("type", "object")


def _rules(schema: dict) -> str:
    parts = []
    if "enum" in schema:
        parts.append("one of: " + ", ".join(map(str, schema["enum"])))
    if "maxLength" in schema:
        parts.append(f"at most {schema['maxLength']:,} characters")
    if "minimum" in schema and "maximum" in schema:
        parts.append(f"{schema['minimum']} to {schema['maximum']}")
    if "maxItems" in schema:
        parts.append(f"at most {schema['maxItems']} items")
    if "format" in schema:
        parts.append({"date": "date, YYYY-MM-DD", "date-time": "UTC time"}.get(schema["format"], schema["format"]))
    if "pattern" in schema:
        parts.append(f"pattern {schema['pattern']}")
    if schema.get("contentEncoding"):
        parts.append(f"{schema['contentMediaType']} in {schema['contentEncoding']}")
    return "; ".join(parts)


def flatten(doc: dict, schema: dict, prefix: str = "") -> list[FieldRow]:
    """One row per field, nested objects (and objects in lists) written as dotted names."""
    schema = _resolve(doc, schema)
    rows = []
    required = set(schema.get("required", ()))
    for name, sub in schema.get("properties", {}).items():
        full = f"{prefix}{name}"
        resolved = _resolve(doc, sub)
        description = resolved.get("description", sub.get("description", ""))
        rows.append(FieldRow(full, _kind(doc, sub), name in required, _rules(resolved), description))
        if resolved.get("type") == "object" and "properties" in resolved:
            rows += flatten(doc, resolved, f"{full}.")
        elif resolved.get("type") == "array" and "properties" in _resolve(doc, resolved["items"]):
            rows += flatten(doc, resolved["items"], f"{full}[].")
    return rows


def _operation(doc: dict, path: str, method: str, spec: dict) -> Operation:
    op = Operation(
        anchor=spec["operationId"], method=method.upper(), path=path, summary=spec["summary"],
        description=spec.get("description", ""), needs_key=spec.get("security") != [],
    )
    for parameter in spec.get("parameters", []):
        schema = parameter.get("schema", {})
        where = {"path": "in the path", "query": "in the query", "header": "header"}[parameter["in"]]
        op.parameters.append(FieldRow(parameter["name"], f"{_kind(doc, schema)}, {where}",
                                      parameter.get("required", False), _rules(schema),
                                      parameter.get("description", "")))
    body = spec.get("requestBody", {}).get("content", {}).get("application/json")
    if body:
        op.body = flatten(doc, body["schema"])
    op.responses = [(status, answer["description"]) for status, answer in spec["responses"].items()]
    return op


def build(doc: dict) -> Reference:
    operations = []
    for path, methods in doc["paths"].items():
        for method in METHOD_ORDER:
            if method in methods:
                operations.append(_operation(doc, path, method, methods[method]))
    problems = [(kind, status, title) for kind, (status, title) in PROBLEMS.items()]
    hooks = [_operation(doc, name, "post", methods["post"]) for name, methods in doc.get("webhooks", {}).items()]
    for hook in hooks:
        hook.needs_key = False
    return Reference(doc["info"]["title"], doc["info"]["version"], doc["info"]["description"], operations, problems,
                     hooks)
