"""Delivery: a receiver that is down gets everything later, with the same ids; back-off over a day, then
failed; test and live subscriptions and organisations never see each other's messages; rotation signs with
both secrets; one slow organisation does not hold up another."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from standardwebhooks.webhooks import Webhook

from portal.clock import utcnow
from portal.webhooks import delivery, services
from portal.webhooks.models import WebhookDelivery, WebhookSubscription
from tests import factories
from tests.api.conftest import Api, message_body
from tests.webhooks.conftest import drain, subscribe


def send(api, n: int, **kwargs) -> list[str]:
    ids = []
    for index in range(n):
        citizen = factories.create_citizen()
        answer = api.send(message_body(citizen.bsn, reference=f"R-{index}"), **kwargs)
        assert answer.status_code == 201, answer.json
        ids.append(answer.json["id"])
    return ids


def test_a_receiver_that_answers_500_for_a_while_gets_every_event_with_the_same_id(api, organisation, receiver):
    subscribe(organisation, receiver)
    sent = send(api, 5)
    receiver.answer = lambda: 500
    now = utcnow()
    assert drain(now=now).retried == 5
    assert drain(now=now + timedelta(seconds=6)).retried == 5  # attempt 2 after 5 s
    first_ids = {row.public_id for row in WebhookDelivery.select()}
    receiver.answer = lambda: 200
    assert drain(now=now + timedelta(seconds=6)).delivered == 0  # the next attempt is 5 minutes on
    assert drain(now=now + timedelta(minutes=6)).delivered == 5
    assert sorted(a.payload["data"]["message_id"] for a in receiver.arrivals) == sorted(sent)
    assert receiver.unique_ids() == first_ids
    assert {(r.status, r.attempts, r.last_status) for r in WebhookDelivery.select()} == {("delivered", 3, 200)}


def test_after_every_attempt_over_more_than_a_day_a_delivery_is_failed(api, organisation, receiver):
    subscribe(organisation, receiver)
    send(api, 1)
    receiver.answer = lambda: 503
    start = now = utcnow()
    for _ in range(delivery.MAX_ATTEMPTS):
        drain(now=now)
        row = WebhookDelivery.get()
        now = row.due_at if row.status == "pending" else now
    row = WebhookDelivery.get()
    assert (row.status, row.attempts, row.last_status) == ("failed", delivery.MAX_ATTEMPTS, 503)
    assert row.last_attempt_at - start >= timedelta(hours=24)
    assert '"status": 503' in row.last_answer and len(row.last_answer) <= delivery.EXCERPT
    services.send_again(row.subscription, row.public_id, now=now)  # the dashboard's "send again"
    receiver.answer = lambda: 200
    drain(now=now)
    assert WebhookDelivery.get().status == "delivered" and receiver.unique_ids() == {row.public_id}


def test_redirects_are_not_followed(api, organisation, receiver):
    subscribe(organisation, receiver)
    send(api, 1)
    receiver.answer = lambda: 302
    assert drain().retried == 1
    assert WebhookDelivery.get().last_status == 302


def test_test_and_live_subscriptions_and_organisations_stay_apart(client, api, organisation, test_key, receiver):
    live = subscribe(organisation, receiver)
    test = subscribe(organisation, receiver, is_test=True)
    elsewhere = subscribe(factories.create_organisation(slug="gemeente"), receiver)
    live_ids = send(api, 2)
    test_ids = send(Api(client, test_key.secret), 1)
    drain()
    seen: dict[int, list[str]] = {}
    for row in WebhookDelivery.select():
        seen.setdefault(row.subscription_id, []).append(row.message.public_id)
    assert sorted(seen[live.id]) == sorted(live_ids)
    assert seen[test.id] == test_ids
    assert elsewhere.id not in seen
    assert len(receiver.arrivals) == 3 and receiver.bad_signatures == 0
    assert all(a.payload["data"]["test"] == (a.payload["data"]["message_id"] in test_ids) for a in receiver.arrivals)


def test_a_rotated_secret_signs_with_both_until_the_overlap_ends(api, organisation, receiver):
    subscription = subscribe(organisation, receiver)
    old = receiver.secrets[0]
    new = services.rotate(subscription, now=utcnow())
    send(api, 1)
    drain()
    assert receiver.bad_signatures == 0 and len(receiver.arrivals) == 1  # a receiver still on the old secret
    arrival, row = receiver.arrivals[0], WebhookDelivery.get()
    assert len(arrival.headers["webhook-signature"].split(" ")) == 2
    assert Webhook(new).verify(row.body, arrival.headers)["type"] == "message.delivered"
    assert Webhook(old).verify(row.body, arrival.headers)
    later = utcnow() + services.ROTATION_OVERLAP + timedelta(minutes=1)
    fresh = WebhookSubscription.get_by_id(subscription.id)
    assert len(delivery.signatures(fresh, row.public_id, utcnow(), row.body, now=later).split(" ")) == 1


def test_a_disabled_subscription_gets_nothing_new(api, organisation, receiver):
    subscription = subscribe(organisation, receiver)
    services.set_enabled(subscription, False, now=utcnow())
    send(api, 1)
    drain()
    assert receiver.requests == 0 and WebhookDelivery.select().count() == 0


def test_one_slow_organisation_does_not_hold_up_another(client, organisation, live_key, receiver, second_receiver):
    from portal.api import keys

    factories.create_organisation(slug="traag")
    slow_key = keys.create_key(org_slug="traag", kind="live", now=utcnow())
    fast_done = threading.Event()
    subscribe(organisation, receiver)
    subscribe(slow_key.key.organisation, second_receiver)
    receiver.after = lambda: len(receiver.arrivals) == 6 and fast_done.set()
    second_receiver.answer = lambda: 200 if fast_done.wait(8) else 504  # hangs until the other has all six
    send(Api(client, slow_key.secret), 10)  # first: without the limit per organisation they take every thread
    send(Api(client, live_key.secret), 6)
    started = time.monotonic()
    drain()
    assert fast_done.is_set(), "the fast organisation's events waited for the slow one"
    assert len(receiver.arrivals) == 6 and len(second_receiver.arrivals) == 10
    assert time.monotonic() - started < 8


def test_in_production_an_address_on_this_machine_or_link_local_is_not_called(receiver):
    assert delivery.refused_address("https://169.254.169.254/latest/meta-data/").startswith("refused")
    assert delivery.refused_address(receiver.url).startswith("refused")
    assert delivery.refused_address("https://10.1.2.3/hooks") == ""  # a back office's own network
    status, excerpt = delivery.post(receiver.url, "{}", {}, production=True)
    assert status is None and "127.0.0.1" in excerpt and receiver.requests == 0
    assert services.url_problem("http://127.0.0.1/x", production=True) == "scheme"


def test_old_finished_deliveries_are_forgotten_waiting_ones_never(api, organisation, receiver):
    subscribe(organisation, receiver)
    send(api, 2)
    drain()
    WebhookDelivery.update(status="pending", done_at=None).where(
        WebhookDelivery.id == WebhookDelivery.select().first().id).execute()
    assert delivery.forget(utcnow() + timedelta(days=delivery.KEEP_DAYS - 1)) == 0
    assert delivery.forget(utcnow() + timedelta(days=delivery.KEEP_DAYS + 1)) == 1
    assert WebhookDelivery.get().status == "pending"
