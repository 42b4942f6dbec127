"""Idempotency-Key: a retry gets the first answer, another body with the same key is refused, and two
concurrent first requests make one message (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from freezegun import freeze_time

from portal.api import idempotency
from portal.api.models import IdempotencyRecord
from portal.clock import utcnow
from portal.models import Event, Message
from tests import factories
from tests.api.conftest import Api, b64, make_pdf, message_body


def test_same_key_and_body_again_returns_the_stored_answer_and_makes_nothing(api, body):
    first = api.send(body, idempotency="brief-1")
    again = api.send(body, idempotency="brief-1")
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert again.headers["Location"] == first.headers["Location"] == first.get_json()["links"]["self"]
    assert Message.select().count() == 1
    assert Event.select().where(Event.kind == "delivered").count() == 1


def test_same_key_with_another_body_is_422_and_makes_nothing(api, body):
    api.send(body, idempotency="brief-1")
    other = api.send({**body, "reference": "another"}, idempotency="brief-1")
    assert other.status_code == 422
    assert other.get_json()["type"].endswith("#problem-idempotency-key-reused")
    assert Message.select().count() == 1


def test_keys_belong_to_one_organisation(api, body, client):
    other_org = factories.create_organisation()
    from portal.api import keys

    other = Api(client, keys.create_key(org_slug=other_org.slug, kind="live", now=utcnow()).secret)
    assert api.send(body, idempotency="same").status_code == 201
    assert other.send(body, idempotency="same").status_code == 201
    assert Message.select().count() == 2


def test_a_refused_request_does_not_use_up_its_key(api, body):
    assert api.send({**body, "type": "Fout"}, idempotency="retry-me").status_code == 422
    assert api.send(body, idempotency="retry-me").status_code == 201


def test_a_failure_while_storing_leaves_nothing_and_the_key_can_be_retried(api, body, monkeypatch):
    body["attachments"] = [{"filename": "a.pdf", "content": b64(make_pdf())}]
    import portal.delivery

    real = portal.delivery.Attachment.create

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(portal.delivery.Attachment, "create", broken)
    failed = api.send(body, idempotency="k1")
    assert failed.status_code == 500 and failed.mimetype == "application/problem+json"
    assert "reference" in failed.get_json()["detail"]
    assert Message.select().count() == 0 and IdempotencyRecord.select().count() == 0
    monkeypatch.setattr(portal.delivery.Attachment, "create", real)
    assert api.send(body, idempotency="k1").status_code == 201


def test_keys_are_kept_24_hours(api, body):
    with freeze_time("2027-01-01 09:00:00"):
        body = message_body(body["recipient"]["bsn"])
        first = api.send(body, idempotency="daily")
    with freeze_time("2027-01-02 08:59:00"):
        assert api.send(body, idempotency="daily").get_json()["id"] == first.get_json()["id"]
    with freeze_time("2027-01-02 09:00:01"):
        later = api.send(message_body(body["recipient"]["bsn"], reference="new"), idempotency="daily")
    assert later.status_code == 201 and later.get_json()["id"] != first.get_json()["id"]
    assert IdempotencyRecord.select().count() == 1


def test_a_request_still_in_progress_answers_409(api, body, organisation):
    hashed = idempotency.request_hash("POST", "/api/v1/messages", body)
    IdempotencyRecord.create(organisation=organisation, key="busy", request_hash=hashed,
                             status=idempotency.IN_PROGRESS, created_at=utcnow())
    response = api.send(body, idempotency="busy")
    assert response.status_code == 409 and response.headers["Retry-After"] == "1"
    assert Message.select().count() == 0


def test_a_stale_in_progress_record_from_a_dead_process_is_taken_over(api, body, organisation):
    hashed = idempotency.request_hash("POST", "/api/v1/messages", body)
    IdempotencyRecord.create(organisation=organisation, key="dead", request_hash=hashed,
                             status=idempotency.IN_PROGRESS, created_at=utcnow() - timedelta(minutes=3))
    assert api.send(body, idempotency="dead").status_code == 201
    assert Message.select().count() == 1


def test_the_slow_owner_loses_when_its_claim_was_taken_over(organisation):
    now = utcnow()
    record = idempotency.claim(organisation, "k", "h", now=now).record
    IdempotencyRecord.update(created_at=now - timedelta(minutes=5)).where(IdempotencyRecord.id == record.id).execute()
    taken = idempotency.claim(organisation, "k", "h", now=now + timedelta(seconds=1))
    assert taken.record is not None
    with pytest.raises(idempotency.LostClaim):
        idempotency.complete(record, 201, "{}")
    idempotency.complete(taken.record, 201, "{}")


def _post_together(app, api: Api, body: dict, count: int, *, slow: bool) -> list:
    """`count` threads POST the same first request at the same moment (a barrier before the claim)."""
    barrier = threading.Barrier(count)
    real_claim = idempotency.claim
    results = []

    def claim(*args, **kwargs):
        barrier.wait(timeout=10)
        return real_claim(*args, **kwargs)

    others_answered = threading.Event()

    def run():
        response = app.test_client().post("/api/v1/messages", json=body, headers=api.headers(idempotency="together"))
        results.append((response.status_code, response.get_json()))
        if len(results) == count - 1:
            others_answered.set()

    import portal.api.http as http

    http.idempotency.claim = claim
    if slow:  # the first takes long to check (big attachments): it is still checking when the others are answered
        import portal.api.validation as validation

        real_parse = validation.parse_message

        def slow_parse(*args, **kwargs):
            others_answered.wait(timeout=10)
            return real_parse(*args, **kwargs)

        validation.parse_message = slow_parse
    try:
        threads = [threading.Thread(target=run) for _ in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        http.idempotency.claim = real_claim
        if slow:
            validation.parse_message = real_parse
    return results


@pytest.mark.parametrize("slow", [False, True], ids=["fast", "slow-first"])
def test_concurrent_first_requests_make_one_message(app, api, body, slow):
    results = _post_together(app, api, body, 4, slow=slow)
    assert len(results) == 4
    created = [doc["id"] for status, doc in results if status == 201]
    busy = [doc for status, doc in results if status == 409]
    assert len(created) + len(busy) == 4, results
    assert len(set(created)) == 1, "every 201 is the same message"
    assert Message.select().count() == 1
    if slow:
        assert busy, "while the first is still being handled, the others hear 409"
