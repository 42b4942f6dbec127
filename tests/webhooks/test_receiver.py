"""Every event type, produced by the real flow that causes it, arrives at a real receiver that verifies its
signature with the standardwebhooks library."""

from __future__ import annotations

from portal.webhooks.models import WebhookDelivery
from tests import factories
from tests.api.conftest import message_body
from tests.webhooks.conftest import drain, subscribe


def test_a_message_sent_by_the_api_arrives_as_message_delivered_signed(api, organisation, receiver):
    subscribe(organisation, receiver)
    citizen = factories.create_citizen(bsn="999990019")
    answer = api.send(message_body(citizen.bsn, reference="HT-77"))
    assert answer.status_code == 201
    assert drain().delivered == 1
    (arrival,) = receiver.of_type("message.delivered")
    assert receiver.bad_signatures == 0
    data = arrival.payload["data"]
    assert data["message_id"] == answer.json["id"]
    assert data["reference"] == "HT-77"
    assert data["test"] is False and data["channel"] == "digital"
    assert arrival.webhook_id.startswith("msg_")
    row = WebhookDelivery.get()
    assert (row.status, row.attempts, row.last_status) == ("delivered", 1, 200)


def test_the_payload_never_carries_content_or_the_citizen(api, organisation, receiver):
    subscribe(organisation, receiver)
    citizen = factories.create_citizen(bsn="999990019", email="geheim@example.nl")
    api.send(message_body(citizen.bsn))
    drain()
    text = str(receiver.arrivals[0].payload)
    for secret in ("999990019", "geheim@example.nl", "voorschot berekend", "Uw voorschot huurtoeslag"):
        assert secret not in text


def test_opening_a_letter_reaches_the_receiver_at_once_through_the_queue(app, organisation, receiver, pages,
                                                                         monkeypatch):
    from portal.worker import huey

    subscribe(organisation, receiver, event_types=["message.opened"])
    citizen = factories.create_citizen(email="anna@example.nl")
    with app.app_context():
        message = factories.create_message(recipient=citizen, organisation=organisation)
    monkeypatch.setattr(huey, "immediate", True)  # the worker takes the task the moment the request ends
    pages.login("anna@example.nl")
    pages.get(f"/inbox/{message.public_id}")
    (arrival,) = receiver.arrivals  # no drain() here: the request asked the worker itself
    assert arrival.payload["type"] == "message.opened"
    assert arrival.payload["data"]["message_id"] == message.public_id
