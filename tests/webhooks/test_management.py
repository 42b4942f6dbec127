"""Managing subscriptions by CLI and by API: the secret is printed once as the last line; test keys see test
subscriptions only; bad input names its field."""

from __future__ import annotations

from portal.webhooks.models import WebhookSubscription
from tests.api.conftest import Api, matches_document


def test_the_cli_makes_lists_and_deletes_a_webhook(app, organisation):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["portal", "create-webhook", "--org", "toeslagen", "--url",
                               "https://case.example.nl/hooks", "--events", "message.opened,message.deadline_passed",
                               "--test"])
    assert made.exit_code == 0, made.output
    subscription = WebhookSubscription.get()
    assert made.output.strip().splitlines()[-1] == subscription.secret
    assert subscription.is_test and subscription.event_types == ["message.deadline_passed", "message.opened"]
    listed = runner.invoke(args=["portal", "list-webhooks", "--org", "toeslagen"])
    assert subscription.public_id in listed.output and subscription.secret not in listed.output
    wrong = runner.invoke(args=["portal", "create-webhook", "--org", "toeslagen", "--url", "http://example.nl/x"])
    assert wrong.exit_code == 2 and "https://" in wrong.output
    unknown = runner.invoke(args=["portal", "create-webhook", "--org", "toeslagen", "--url", "https://a.nl",
                                  "--events", "message.read"])
    assert unknown.exit_code == 2
    gone = runner.invoke(args=["portal", "delete-webhook", "--org", "toeslagen", "--id", subscription.public_id])
    assert gone.exit_code == 0 and WebhookSubscription.select().count() == 0


def test_the_api_manages_subscriptions_of_the_keys_kind(client, api, test_key):
    made = client.post("/api/v1/webhooks", json={"url": "https://case.example.nl/hooks",
                                                  "events": ["message.opened"]}, headers=api.headers(idempotency=False))
    assert made.status_code == 201, made.json
    matches_document(made, "/api/v1/webhooks", "post")
    assert made.json["secret"].startswith("whsec_") and made.json["test"] is False
    sub_id = made.json["id"]
    detail = api.get(f"/api/v1/webhooks/{sub_id}")
    matches_document(detail, "/api/v1/webhooks/{id}", "get")
    assert "secret" not in detail.json
    tester = Api(client, test_key.secret)
    assert tester.get("/api/v1/webhooks").json["items"] == []
    assert tester.get(f"/api/v1/webhooks/{sub_id}").status_code == 404
    off = client.patch(f"/api/v1/webhooks/{sub_id}", json={"enabled": False}, headers=api.headers(idempotency=False))
    assert off.status_code == 200 and off.json["enabled"] is False
    rotated = client.post(f"/api/v1/webhooks/{sub_id}/rotate", headers=api.headers(idempotency=False))
    matches_document(rotated, "/api/v1/webhooks/{id}/rotate", "post")
    assert rotated.json["secret"] != made.json["secret"] and rotated.json["old_secret_valid_until"]
    queued = client.post(f"/api/v1/webhooks/{sub_id}/test", headers=api.headers(idempotency=False))
    assert queued.status_code == 202 and queued.json["type"] == "webhook.test"
    listed = api.get("/api/v1/webhooks")
    matches_document(listed, "/api/v1/webhooks", "get")
    assert [item["id"] for item in listed.json["items"]] == [sub_id]
    gone = client.delete(f"/api/v1/webhooks/{sub_id}", headers=api.headers(idempotency=False))
    assert gone.status_code == 200 and WebhookSubscription.select().count() == 0


def test_bad_subscription_bodies_name_each_field(client, api):
    answer = client.post("/api/v1/webhooks", json={"url": "http://example.nl/x", "events": ["message.read"],
                                                    "extra": 1}, headers=api.headers(idempotency=False))
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
    assert {e["pointer"] for e in answer.json["errors"]} == {"#/url", "#/events/0", "#/extra"}
    matches_document(answer, "/api/v1/webhooks", "post")
    assert client.post("/api/v1/webhooks", json=[], headers=api.headers(idempotency=False)).status_code == 422
    assert WebhookSubscription.select().count() == 0
