"""Who may call the API: no key, a wrong key, a revoked key → 401; a test key → its own world (403 for paper);
another organisation's message → 404. Each answer as the OpenAPI document says."""

from __future__ import annotations

import pytest

from portal.api import keys
from portal.clock import utcnow
from portal.models import ApiKey, Message
from tests import factories
from tests.api.conftest import Api, matches_document


@pytest.fixture
def sent(api, body):
    return api.send(body).get_json()


@pytest.mark.parametrize("header, words", [
    (None, "Send your API key"),
    ("Bearer", "Send your API key"),
    ("Basic dXNlcjpwYXNz", "Send your API key"),
    ("Bearer ptl_live_not-a-real-key", "not valid"),
    ("Bearer something-else", "not valid"),
])
def test_no_key_or_a_wrong_key_is_401_with_www_authenticate(client, body, header, words):
    headers = {"Idempotency-Key": "x", **({"Authorization": header} if header else {})}
    response = client.post("/api/v1/messages", json=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="portal-api"')
    assert words in response.get_json()["detail"]
    matches_document(response, "/api/v1/messages", "POST")
    assert Message.select().count() == 0


def test_a_revoked_key_is_401_at_once(api, live_key, body):
    assert api.send(body).status_code == 201
    keys.revoke(live_key.key, now=utcnow())
    response = api.send(body)
    assert response.status_code == 401 and "revoked" in response.get_json()["detail"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert api.get("/api/v1/messages").status_code == 401


def test_only_a_hash_of_the_key_is_stored(live_key):
    row = ApiKey.get_by_id(live_key.key.id)
    assert live_key.secret not in (row.key_hash, row.prefix, row.name)
    assert row.key_hash == keys.hash_key(live_key.secret) and live_key.secret.startswith(row.prefix)


def test_use_is_recorded_as_last_used(api, live_key):
    assert ApiKey.get_by_id(live_key.key.id).last_used_at is None
    api.get("/api/v1/messages")
    assert ApiKey.get_by_id(live_key.key.id).last_used_at is not None


def test_another_organisations_message_is_404(client, sent):
    other = factories.create_organisation()
    stranger = Api(client, keys.create_key(org_slug=other.slug, kind="live", now=utcnow()).secret)
    for response in (stranger.get(sent["links"]["self"]), stranger.post(sent["links"]["paper"])):
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
    matches_document(stranger.get(sent["links"]["self"]), "/api/v1/messages/{id}", "GET")
    assert stranger.get("/api/v1/messages").get_json()["items"] == []


def test_a_test_key_sends_test_messages_the_citizen_never_sees(client, test_key, body, recipient):
    tester = Api(client, test_key.secret)
    sent = tester.send(body)
    assert sent.status_code == 201 and sent.get_json()["test"] is True
    assert Message.get().is_test
    from portal.inbox.services import InboxQuery, list_inbox, open_deadlines, senders_of, unread_count

    assert list_inbox(recipient, InboxQuery(), now=utcnow()).total == 0
    assert open_deadlines(recipient, today=utcnow().date()) == []
    assert senders_of(recipient) == [] and unread_count(recipient) == 0


def test_test_and_live_keys_each_see_only_their_own_messages(client, api, test_key, sent, body):
    tester = Api(client, test_key.secret)
    test_sent = tester.send(body).get_json()
    assert tester.get(sent["links"]["self"]).status_code == 404
    assert api.get(test_sent["links"]["self"]).status_code == 404
    assert [m["id"] for m in tester.get("/api/v1/messages").get_json()["items"]] == [test_sent["id"]]
    assert [m["id"] for m in api.get("/api/v1/messages").get_json()["items"]] == [sent["id"]]


def test_a_test_key_may_not_ask_for_paper_403(client, test_key, body):
    tester = Api(client, test_key.secret)
    sent = tester.send(body).get_json()
    response = tester.post(sent["links"]["paper"])
    assert response.status_code == 403 and "never printed" in response.get_json()["detail"]
    matches_document(response, "/api/v1/messages/{id}/paper", "POST")


def test_the_api_ignores_a_browser_session_cookie(pages, citizen, body, client):
    """The API is CSRF-exempt, so a logged-in browser's cookie must not count as authentication."""
    pages.login(citizen.account.email)
    response = client.post("/api/v1/messages", json=body, headers={"Idempotency-Key": "x"})
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_the_openapi_document_needs_no_key(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.get_json()["openapi"] == "3.1.0"
    assert "Set-Cookie" not in response.headers
