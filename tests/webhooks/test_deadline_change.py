"""PATCH /api/v1/messages/<id>: the sender moves a deadline (idempotent, reason required); the citizen sees
the new date, the old one and the reason; steps counted from the deadline count again; an event goes out."""

from __future__ import annotations

from datetime import date, timedelta

from portal.clock import local_today, utcnow
from portal.followup import policy
from portal.followup.models import Outbox
from portal.models import Event, Message
from portal.webhooks.models import DeadlineChange
from tests import factories
from tests.api.conftest import matches_document, message_body
from tests.webhooks.conftest import drain, subscribe


def patch(api, public_id, body, *, idempotency=None, secret=None):
    return api.client.patch(f"/api/v1/messages/{public_id}", json=body,
                            headers=api.headers(secret, idempotency))


def delivered(api, citizen, **changes):
    answer = api.send(message_body(citizen.bsn, **changes))
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def test_moving_a_deadline_shows_the_citizen_the_new_date_the_old_one_and_why(app, api, organisation, receiver,
                                                                             pages):
    subscribe(organisation, receiver, event_types=["message.deadline_changed"])
    citizen = factories.create_citizen(bsn="999990019", email="anna@example.nl")
    public_id = delivered(api, citizen)
    old = Message.get(Message.public_id == public_id).deadline
    new = old + timedelta(days=14)
    body = {"deadline": new.isoformat(), "reason": "Uitstel na ons telefoongesprek"}
    answer = patch(api, public_id, body, idempotency="move-1")
    assert answer.status_code == 200, answer.json
    matches_document(answer, "/api/v1/messages/{id}", "patch")
    assert answer.json["deadline"]["date"] == new.isoformat()
    again = patch(api, public_id, body, idempotency="move-1")
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert DeadlineChange.select().count() == 1
    assert patch(api, public_id, {**body, "reason": "anders"}, idempotency="move-1").status_code == 422
    drain()
    (arrival,) = receiver.arrivals
    assert {"deadline": new.isoformat(), "previous_deadline": old.isoformat(),
            "reason": "Uitstel na ons telefoongesprek"}.items() <= arrival.payload["data"].items()
    assert "deadline_changed" in [e["kind"] for e in api.get(f"/api/v1/messages/{public_id}").json["events"]]
    pages.login("anna@example.nl")
    text = pages.get(f"/inbox/{public_id}").text
    assert "Uitstel na ons telefoongesprek" in text
    assert f"{old.day} " in text and "verplaatst" in text


def test_wrong_changes_name_each_field(api, organisation):
    citizen = factories.create_citizen(bsn="999990019")
    public_id = delivered(api, citizen)
    answer = patch(api, public_id, {"deadline": "15-01-2027", "reason": ""})
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
    assert {e["pointer"] for e in answer.json["errors"]} == {"#/deadline", "#/reason"}
    matches_document(answer, "/api/v1/messages/{id}", "patch")
    past = patch(api, public_id, {"deadline": local_today(utcnow()).isoformat(), "reason": "x"})
    assert past.status_code == 422 and past.json["errors"][0]["pointer"] == "#/deadline"
    assert patch(api, public_id, {"deadline": "2027-02-30", "reason": "x"}).status_code == 422
    assert patch(api, public_id, {"reason": "x", "extra": 1}).status_code == 422
    assert patch(api, public_id, [1]).status_code == 422
    no_deadline = delivered(api, citizen, deadline=..., action=...)
    answer = patch(api, no_deadline, {"deadline": "2030-01-01", "reason": "x"})
    assert answer.status_code == 422 and "no deadline" in answer.json["errors"][0]["detail"]
    assert patch(api, "nope", {"deadline": "2030-01-01", "reason": "x"}).status_code == 404
    assert DeadlineChange.select().count() == 0


def test_a_test_key_cannot_move_a_live_message(api, test_key, organisation):
    citizen = factories.create_citizen(bsn="999990019")
    public_id = delivered(api, citizen)
    assert patch(api, public_id, {"deadline": "2030-01-01", "reason": "x"}, secret=test_key.secret).status_code == 404


def test_steps_counted_from_the_deadline_count_again_from_the_new_date(app, api, organisation):
    citizen = factories.create_citizen(bsn="999990019")
    public_id = delivered(api, citizen, policy={"remind_days_before_deadline": 3})
    message = Message.get(Message.public_id == public_id)
    first_day = message.deadline - timedelta(days=3)
    morning = factories_morning(first_day)
    assert policy.run(morning) == 1
    answer = patch(api, public_id, {"deadline": (message.deadline + timedelta(days=10)).isoformat(),
                                    "reason": "Uitstel"})
    assert answer.status_code == 200
    assert Outbox.get(Outbox.kind == "reminder").status == "cancelled"  # the reminder for the old date no longer goes
    assert policy.run(morning) == 0  # not yet: three days before the new date
    assert policy.run(factories_morning(first_day + timedelta(days=10))) == 1
    assert Event.select().where(Event.kind == "deadline_changed").count() == 1


def factories_morning(day: date):
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 9, 0)
