"""Paper in time through the API: a print-if-unread step that cannot arrive before the last day to act is refused
(422, naming the field); a deadline too close for paper is delivered with a warning; a paper copy that goes out
late at delivery is a `paper_late` event; the document says all of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time

from portal.clock import local_today, utcnow
from portal.models import Event, Message
from tests.api.conftest import matches_document, message_body

NO_INBOX = "999990032"
ADDRESS = {"name": "J. Jansen", "street": "Dorpsstraat", "house_number": 12, "postcode": "1234 AB",
           "city": "Utrecht"}
NOW = "2026-12-01 09:00:00"  # Tuesday


def due_in(days: int) -> dict:
    return {"date": (local_today(utcnow()) + timedelta(days=days)).isoformat(), "kind": "send-documents"}


@pytest.mark.parametrize("days", [1, 3, 4])
def test_print_if_unread_under_five_working_days_is_refused_naming_the_field(api, recipient, days):
    response = api.send(message_body(recipient.bsn, policy={"paper_days_before_deadline": days}))
    assert response.status_code == 422
    matches_document(response, "/api/v1/messages", "POST")
    (error,) = response.get_json()["errors"]
    assert error["pointer"] == "#/policy/paper_days_before_deadline"
    assert "last day to act" in error["detail"] and "at least 5" in error["detail"]
    assert not Message.select().exists()


def test_five_working_days_is_accepted_without_a_warning(api, recipient):
    response = api.send(message_body(recipient.bsn, policy={"paper_days_before_deadline": 5}))
    assert response.status_code == 201
    assert response.get_json()["warnings"] == []


@pytest.mark.parametrize("config_overrides", [{"PAPER_DELIVERY_DAYS": 3}])
def test_a_slower_postal_service_raises_the_minimum_in_the_check_and_the_document(api, recipient, client):
    refused = api.send(message_body(recipient.bsn, policy={"paper_days_before_deadline": 5}))
    assert refused.status_code == 422 and "at least 6" in refused.get_json()["errors"][0]["detail"]
    assert api.send(message_body(recipient.bsn, policy={"paper_days_before_deadline": 6})).status_code == 201
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Policy"]
    assert schema["properties"]["paper_days_before_deadline"]["minimum"] == 6


def test_the_document_gives_the_minimum_and_explains_paper_late(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["Policy"]["properties"]["paper_days_before_deadline"]["minimum"] == 5
    assert "working days" in schemas["Policy"]["properties"]["paper_days_before_deadline"]["description"]
    assert "paper_late" in schemas["Event"]["properties"]["kind"]["description"]


def test_a_deadline_too_close_for_print_if_unread_is_delivered_with_a_warning(api, recipient):
    with freeze_time(NOW):
        response = api.send(message_body(recipient.bsn, deadline=due_in(3),
                                         policy={"paper_days_before_deadline": 5}))
    assert response.status_code == 201
    (warning,) = response.get_json()["warnings"]
    assert "too close for print-if-unread" in warning and "2026-12-04" in warning and "2026-12-03" in warning


def test_paper_at_delivery_that_arrives_too_late_is_a_paper_late_event_and_a_warning(api):
    with freeze_time(NOW):
        response = api.send(message_body(NO_INBOX, recipient={"bsn": NO_INBOX, "address": ADDRESS},
                                         deadline=due_in(3)))
        detail = api.get(response.get_json()["links"]["self"])
    assert response.status_code == 201 and response.get_json()["channel"] == "paper"
    (warning,) = response.get_json()["warnings"]
    assert "arrives by 2026-12-04 at the latest" in warning
    matches_document(detail, "/api/v1/messages/{id}", "GET")
    assert [e["kind"] for e in detail.get_json()["events"]].count("paper_late") == 1
    assert Event.get(Event.kind == "paper_late").detail == "2026-12-04"


def test_paper_at_delivery_in_time_has_no_event(api):
    with freeze_time(NOW):
        response = api.send(message_body(NO_INBOX, recipient={"bsn": NO_INBOX, "address": ADDRESS},
                                         deadline=due_in(7)))
    assert response.status_code == 201 and response.get_json()["warnings"] == []
    assert not Event.select().where(Event.kind == "paper_late").exists()
