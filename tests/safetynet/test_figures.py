"""A letter caught by the safety net is asked for by "safety_net": the sender's dashboard counts it apart, the
API and the webhook event say so, and the citizen reads why on the message."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from portal.clock import local_today, utcnow
from portal.paper.models import REQUESTERS, PaperRequest
from portal.safetynet import services as net
from portal.senders import services as dashboard
from portal.webhooks import services as webhooks
from portal.webhooks.models import WebhookDelivery
from tests import factories


def caught_letter(app):
    """A quiet citizen's deadline letter and the first moment the net prints it."""
    org = factories.create_organisation(slug="cak")
    citizen = factories.give_postal_address(factories.create_citizen())
    today = local_today(utcnow())
    deadline = today + timedelta(days=20)
    message = factories.create_message(recipient=citizen, organisation=org, deadline=deadline)
    day = today
    while not net.is_last_day_for_paper(deadline, day, days=app.config["PAPER_DELIVERY_DAYS"]):
        day += timedelta(days=1)
    return org, message, datetime.combine(day, time(8, 0))


def test_safety_net_is_a_kind_of_asker(app):
    assert "safety_net" in REQUESTERS
    assert "safety_net" in dashboard.REQUESTERS


def test_the_dashboard_counts_letters_the_safety_net_printed(app):
    org, message, at = caught_letter(app)
    net.run_step(at, synchronous=True)
    request = PaperRequest.get(PaperRequest.message == message.id)
    assert (request.requested_by, request.reason) == ("safety_net", "safety_net")
    stats = dashboard.statistics_for(org, dashboard.Period.parse("all", now=at))
    assert stats.total.paper["safety_net"] == 1 and stats.total.paper["policy"] == 0
    header, *_, total = dashboard.csv_rows(stats)
    assert total[header.index("paper_by_safety_net")] == 1


def test_the_sender_gets_a_paper_requested_event_by_the_safety_net(app):
    org, message, at = caught_letter(app)
    webhooks.create(org, url="https://hooks.example.nl/in", event_types=["message.paper_requested"],
                    is_test=False, production=False, now=utcnow())
    net.run_step(at, synchronous=True)
    body = json.loads(WebhookDelivery.get(WebhookDelivery.event_type == "message.paper_requested").body)
    assert body["data"]["requested_by"] == "safety_net" and body["data"]["message_id"] == message.public_id


def test_the_api_document_lists_the_safety_net_as_an_asker(app):
    from tests.api.conftest import document

    enums = [schema["properties"]["requested_by"]["enum"] for schema in document()["components"]["schemas"].values()
             if "requested_by" in schema.get("properties", {})]
    assert enums and all("safety_net" in enum for enum in enums)


def test_the_citizen_reads_why_the_letter_was_printed(app):
    from portal.followup.views import events_of

    _, message, at = caught_letter(app)
    net.run_step(at, synchronous=True)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        texts = events_of(message)
    assert any("deadline is near" in text for text in texts), texts
