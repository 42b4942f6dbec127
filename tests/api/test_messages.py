"""The API's happy paths, each answer checked against the served OpenAPI document."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from portal.clock import utcnow
from portal.inbox import services as inbox
from portal.models import Attachment, Message
from tests import factories
from tests.api.conftest import b64, make_pdf, matches_document, message_body


def test_post_delivers_to_the_inbox_and_answers_as_documented(api, body, recipient):
    body["attachments"] = [{"filename": "Beschikking.pdf", "content": b64(make_pdf(2))}]
    body["policy"] = {"remind_after_days": 3, "paper_days_before_deadline": 5}
    response = api.send(body)
    assert response.status_code == 201
    matches_document(response, "/api/v1/messages", "POST")
    sent = response.get_json()
    assert sent["status"] == "delivered" and sent["channel"] == "digital" and sent["test"] is False
    assert response.headers["Location"] == f"/api/v1/messages/{sent['id']}"
    message = Message.get(Message.public_id == sent["id"])
    assert message.recipient_id == recipient.id and message.subject_en == "Your housing allowance advance"
    assert message.deadline.isoformat() == body["deadline"]["date"] and message.deadline_kind == "respond"
    assert Attachment.get().filename == "Beschikking.pdf" and Attachment.get().size == len(make_pdf(2))
    page = inbox.list_inbox(recipient, inbox.InboxQuery(), now=utcnow())
    assert [m.public_id for m in page.messages] == [sent["id"]]


def test_get_shows_first_opened_after_the_citizen_opens_it(api, body, recipient):
    sent = api.send(body).get_json()
    before = api.get(sent["links"]["self"])
    matches_document(before, "/api/v1/messages/{id}", "GET")
    assert before.get_json()["first_opened_at"] is None and before.get_json()["status"] == "delivered"
    inbox.open_message(recipient, sent["id"], actor=recipient.account, now=utcnow())
    inbox.open_message(recipient, sent["id"], actor=recipient.account, now=utcnow())
    inbox.set_archived(recipient, sent["id"], True, actor=recipient.account, now=utcnow())
    inbox.set_done(recipient, sent["id"], True, actor=recipient.account, now=utcnow())
    after = api.get(sent["links"]["self"])
    matches_document(after, "/api/v1/messages/{id}", "GET")
    detail = after.get_json()
    assert detail["first_opened_at"] and detail["done_at"] and detail["status"] == "done"
    assert [e["kind"] for e in detail["events"]] == ["delivered", "opened", "done"], \
        "the citizen's own reading log and archive are not the sender's business"


def test_readability_warns_but_delivers_a_hard_summary(api, recipient):
    hard = ("Op grond van artikel 16 van de Algemene wet inkomensafhankelijke regelingen wordt het voorschot "
            "vastgesteld op het hieronder vermelde bedrag, onder voorbehoud van definitieve berekening.")
    response = api.send(message_body(recipient.bsn, summary={"nl": hard}, subject={"nl": "Voorschot"},
                                     body={"nl": "Tekst."}, action={"nl": "Niets."}))
    assert response.status_code == 201
    sent = response.get_json()
    assert sent["readability"]["nl"]["warning"] is True and sent["readability"]["nl"]["score"] < 60
    assert sent["readability"]["en"] is None
    assert sent["warnings"] and "Dutch summary" in sent["warnings"][0] and "delivered" in sent["warnings"][0]
    assert Message.get().readability_nl == sent["readability"]["nl"]["score"]


def test_list_pages_with_a_cursor_newest_first(api, recipient):
    ids = [api.send(message_body(recipient.bsn, reference=f"R{n}")).get_json()["id"] for n in range(5)]
    seen, url = [], "/api/v1/messages?limit=2"
    while url:
        response = api.get(url)
        matches_document(response, "/api/v1/messages", "GET")
        page = response.get_json()
        seen += [m["id"] for m in page["items"]]
        url = page["links"]["next"]
        assert (page["next_cursor"] is None) == (url is None)
    assert seen == ids[::-1]


def test_list_filters_by_type_status_and_since(api, recipient):
    with freeze_time("2027-01-10 12:00:00"):
        old = api.send(message_body(recipient.bsn, type="aanslag", deadline=...)).get_json()["id"]
    with freeze_time("2027-01-20 12:00:00"):
        new = api.send(message_body(recipient.bsn, type="aanslag", deadline=...)).get_json()["id"]
        other = api.send(message_body(recipient.bsn, type="herinnering", deadline=...)).get_json()["id"]
        inbox.open_message(recipient, new, actor=recipient.account, now=utcnow())

        def ids(query):
            return [m["id"] for m in api.get(f"/api/v1/messages?{query}").get_json()["items"]]

        assert ids("type=aanslag") == [new, old]
        assert ids("since=2027-01-15") == [other, new]
        assert ids("since=2027-01-20T11:59:00Z&type=aanslag") == [new]
        assert ids("status=opened") == [new]
        assert ids("status=delivered") == [other, old]


@pytest.mark.parametrize("query, parameter", [
    ("status=lost", "status"), ("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"),
    ("since=gisteren", "since"), ("since=2027-01-20T10:00:00", "since"), ("cursor=%%%", "cursor"),
    ("type=A+B", "type"), ("colour=blue", "colour"), ("=x", ""), ("status=&limit=0", "limit"),
    ("limit=" + "9" * 5000, "limit"),  # more digits than int() reads (Python refuses over 4,300)
])
def test_list_with_a_wrong_parameter_is_400_naming_it(api, query, parameter):
    response = api.get(f"/api/v1/messages?{query}")
    assert response.status_code == 400
    assert [e["parameter"] for e in response.get_json()["errors"]] == [parameter]
    matches_document(response, "/api/v1/messages", "GET")


def test_recipient_channel_says_digital_or_paper_and_nothing_more(api, recipient):
    response = api.get(f"/api/v1/recipients/{recipient.bsn}/channel")
    matches_document(response, "/api/v1/recipients/{bsn}/channel", "GET")
    assert response.get_json() == {"channel": "digital"}
    assert api.get("/api/v1/recipients/999990032/channel").get_json() == {"channel": "paper"}  # no inbox
    wrong = api.get("/api/v1/recipients/123456789/channel")
    assert wrong.status_code == 400 and wrong.get_json()["errors"][0]["parameter"] == "bsn"


def test_unknown_addresses_and_methods_answer_problem_json(api):
    missing = api.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    wrong_method = api.client.delete("/api/v1/messages", headers=api.headers())
    assert wrong_method.status_code == 405 and wrong_method.mimetype == "application/problem+json"
    assert "GET" in wrong_method.headers["Allow"] and "POST" in wrong_method.headers["Allow"]
    assert api.get("/api/v1/messages/no-such-id").status_code == 404


def test_an_unexpected_error_is_a_500_problem_with_a_reference(api, monkeypatch):
    import portal.api.services as services

    monkeypatch.setattr(services, "list_messages", lambda *a, **k: 1 / 0)
    response = api.get("/api/v1/messages")
    assert response.status_code == 500 and response.mimetype == "application/problem+json"
    assert "quote reference" in response.get_json()["detail"]


def test_html_pages_keep_their_html_error_pages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_no_api_answer_sets_a_cookie_even_for_a_logged_in_browser(api, body, pages, citizen):
    pages.login(citizen.account.email)
    sent = api.send(body)
    answers = [sent, api.send(body, idempotency="x"), api.send(body, idempotency="x"),
               api.get(sent.get_json()["links"]["self"]), api.get("/api/v1/messages"),
               api.get("/api/v1/nothing"), api.client.get("/api/v1/openapi.json"), api.send({"x": 1})]
    for response in answers:
        assert "Set-Cookie" not in response.headers, response.status_code


def test_a_sender_post_is_not_blocked_by_csrf(api, body):
    assert api.send(body).status_code == 201  # no CSRF token in the request


def test_deadline_in_dutch_time_tomorrow_is_accepted_late_in_the_evening(api, recipient):
    with freeze_time("2027-03-01 22:30:00"):  # 23:30 in Amsterdam: "today" is 1 March there
        response = api.send(message_body(recipient.bsn, deadline={"date": "2027-03-02", "kind": "pay"}))
    assert response.status_code == 201


def test_a_sent_message_counts_for_its_organisation_only(api, body, organisation):
    sent = api.send(body).get_json()
    message = Message.get(Message.public_id == sent["id"])
    assert message.organisation_id == organisation.id and message.api_key_id is not None
    other = factories.create_organisation()
    assert Message.select().where(Message.organisation == other).count() == 0


def test_timestamps_are_utc_with_z(api, body):
    with freeze_time("2027-06-01 10:15:30.123456"):
        sent = api.send(message_body(body["recipient"]["bsn"], deadline=...)).get_json()
        detail = api.get(sent["links"]["self"]).get_json()
    assert detail["delivered_at"] == "2027-06-01T10:15:30Z"
