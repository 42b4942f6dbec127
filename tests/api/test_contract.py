"""One contract: the schema that portal.api.contract runs is the object the served OpenAPI document publishes,
valid bodies pass it, and every field the hand-written validator refuses is a field the schema describes."""

from __future__ import annotations

import json

import pytest

from portal.api import contract, openapi
from portal.api.problems import ApiProblem
from portal.api.validation import parse_message
from tests.api.conftest import message_body, today
from tests.api.test_validation import CASES


def request_schemas(document: dict) -> set[str]:
    names = set()
    for methods in document["paths"].values():
        for spec in methods.values():
            body = spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            if "$ref" in body:
                names.add(body["$ref"].rsplit("/", 1)[1])
    return names


def test_the_checked_schema_is_the_served_one(app, client):
    served = client.get("/api/v1/openapi.json").get_json()
    assert request_schemas(served) == {"NewMessage", "DeadlineChangeRequest", "NewWebhook", "WebhookChange"}
    with app.app_context():
        for name in served["components"]["schemas"]:
            assert contract.schema(name) == served["components"]["schemas"][name]
        validator = contract._validator("NewMessage", 5)
        resolved = validator._resolver.lookup(f"{contract.DOCUMENT_URI}#/components/schemas/NewMessage").contents
        assert resolved is openapi._document(5)["components"]["schemas"]["NewMessage"]


def test_a_valid_message_passes_the_published_schema(app):
    with app.app_context():
        assert contract.check(message_body("999990019"), "NewMessage") == []
        assert contract.check(message_body("999990019", policy={"paper_days_before_deadline": 5}), "NewMessage") == []


def test_schema_errors_name_the_field_in_plain_words(app):
    with app.app_context():
        found = dict(contract.check({**message_body("999990019"), "colour": "blue", "deadline": {
            "date": "2027-02-30", "kind": "maybe"}}, "NewMessage"))
        assert found["#/colour"].startswith("Unknown field. Allowed fields here: recipient, type")
        assert found["#/deadline/date"] == "Write the date as YYYY-MM-DD, like 2027-01-15."
        assert "respond, pay" in found["#/deadline/kind"]
        assert contract.check([], "NewMessage") == [("#", "This must be a JSON object, not a list.")]
        policy = dict(contract.check(message_body("999990019", policy={"remind_at_most": 9}), "NewMessage"))
        assert set(policy) == {"#/policy/remind_at_most", "#/policy/remind_every_days"}


def _described(schemas: dict, pointer: str) -> bool:
    """Whether the pointer names the body, a property the schema declares, or an unknown field of an object the
    schema declares (the answer to which is "Unknown field")."""
    node = schemas["NewMessage"]
    for part in pointer.removeprefix("#").strip("/").split("/") if pointer != "#" else []:
        while "$ref" in node:
            node = schemas[node["$ref"].rsplit("/", 1)[1]]
        if node.get("type") == "array":
            node = node["items"]
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        else:
            return node.get("additionalProperties") is False
    return True


@pytest.mark.parametrize("case", [c for c in CASES if not isinstance(c[1], bytes) and c[3] == 422],
                         ids=lambda c: c[0])
def test_every_refused_field_is_one_the_document_describes(app, case):
    make = case[1]
    with app.app_context():
        body = json.loads(json.dumps(make()))
        schemas = openapi.document()["components"]["schemas"]
        try:
            parse_message(body, today=today())
        except ApiProblem as problem:
            assert all(_described(schemas, e.pointer) for e in problem.errors), problem.errors
        for pointer, _text in contract.check(body, "NewMessage"):
            assert _described(schemas, pointer), pointer


def test_the_published_schema_is_what_refuses(app, monkeypatch):
    """Tighten one rule in the served document and the validator follows: there is no second copy of it."""
    body = message_body("999990019", reference="ABCDEF")
    with app.app_context():
        parse_message(json.loads(json.dumps(body)), today=today())
        document = openapi._document(5)
        reference = document["components"]["schemas"]["NewMessage"]["properties"]["reference"]
        monkeypatch.setitem(reference, "maxLength", 5)
        contract._validator.cache_clear()
        try:
            with pytest.raises(ApiProblem) as refused:
                parse_message(json.loads(json.dumps(body)), today=today())
        finally:
            monkeypatch.undo()
            contract._validator.cache_clear()
        assert [(e.pointer, e.detail) for e in refused.value.errors] == [
            ("#/reference", "This text is 6 characters long; the limit is 5.")]


def _schemas_with_messages(node, where="#"):
    if isinstance(node, dict):
        if openapi.MESSAGES in node:
            yield where, node
        for key, value in node.items():
            yield from _schemas_with_messages(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schemas_with_messages(value, f"{where}/{index}")


def test_each_own_wording_belongs_to_a_rule_its_schema_has(app):
    """An x-messages entry for a keyword the schema lacks (or a field it does not require) would never be
    said: the wording and the rule live side by side and must stay so."""
    with app.app_context():
        found = list(_schemas_with_messages(openapi.document()["components"]["schemas"]))
    assert len(found) >= 12
    for where, schema in found:
        for keyword, words in schema[openapi.MESSAGES].items():
            assert keyword in schema, (where, keyword)
            if isinstance(words, dict):
                named = schema[keyword] if keyword == "required" else [
                    n for needed in schema[keyword].values() for n in needed]
                assert set(words) <= set(named), (where, keyword, words)
            else:
                assert words.strip() and "{" not in words.replace("{limit}", "").replace("{type}", "").replace(
                    "{count}", ""), (where, words)
