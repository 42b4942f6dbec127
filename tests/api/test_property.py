"""Schema-driven: schemathesis generates requests from the served OpenAPI document (valid ones and broken ones)
for every operation, sends them to the app, and checks that no answer is a 5xx and that every answer matches
the document (status code, content type, body schema). Bounded to a fixed number of examples per operation
(a quarter of it in `make check`: tests/budget.py)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.models import Message
from tests.budget import examples

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {"sendMessage": 80, "listMessages": 50, "getMessage": 25, "requestPaper": 25, "recipientChannel": 25}


@pytest.fixture
def config_overrides():
    return {"API_SEND_PER_MINUTE": 100_000, "API_READ_PER_MINUTE": 100_000}


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return {result.ok().definition.raw["operationId"]: result.ok() for result in schema.get_all_operations()}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "broken"])
@pytest.mark.parametrize("operation_id", sorted(EXAMPLES))
def test_generated_requests_never_get_a_5xx_and_match_the_document(app, api, recipient, body, operation_id, mode):
    operation = operations(app)[operation_id]
    statuses = []
    known = api.send(body).get_json()["id"]  # so some generated ids and BSNs hit real data
    auth = {"Authorization": f"Bearer {api.secret}"}

    @settings(max_examples=examples(EXAMPLES[operation_id]), deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(mode))
    def check(case):
        if case.path_parameters and "id" in case.path_parameters and case.path_parameters["id"] == "":
            case.path_parameters["id"] = known
        response = case.call(headers=auth)
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    check()
    assert statuses and max(statuses) < 500
    assert Message.select().count() >= 1
