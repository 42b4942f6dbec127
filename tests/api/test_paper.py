"""Paper through the API: channel paper at delivery (no inbox, or the citizen's choice), the sender's request
for a paper copy (one open request per message), and never for a test key."""

from __future__ import annotations

from portal.api import paper_link
from portal.api.validation import Address
from portal.clock import utcnow
from portal.followup import policy
from portal.followup.models import AlertSetting, Outbox
from portal.models import Citizen, Message
from portal.paper.models import PaperPreference, PaperRequest
from portal.senders import services as senders
from tests import factories
from tests.api.conftest import Api, matches_document, message_body

NO_INBOX = "999990032"
ADDRESS = {"name": "J. Jansen", "street": "Dorpsstraat", "house_number": 12, "house_number_addition": "a",
           "postcode": "1234ab", "city": "Utrecht"}


def give_address(citizen):
    paper_link.store_address(citizen, Address("A. de Vries", "Kerkstraat", "1", "", "3511 AB", "Utrecht"))


def test_a_citizen_without_inbox_gets_the_message_on_paper_at_once(api):
    response = api.send(message_body(NO_INBOX, recipient={"bsn": NO_INBOX, "address": ADDRESS}))
    assert response.status_code == 201, response.get_json()
    matches_document(response, "/api/v1/messages", "POST")
    sent = response.get_json()
    assert sent["channel"] == "paper"
    assert sent["paper"]["status"] == "requested" and sent["paper"]["requested_by"] == "policy"
    citizen = Citizen.get(Citizen.bsn == NO_INBOX)
    assert citizen.account_id is None
    assert paper_link.address_of(citizen).postcode == "1234 AB"
    detail = api.get(sent["links"]["self"]).get_json()
    assert detail["paper"]["status"] == "requested" and "paper_requested" in [e["kind"] for e in detail["events"]]
    again = api.send(message_body(NO_INBOX, reference="second"))  # the stored address is used
    assert again.status_code == 201 and again.get_json()["paper"]["status"] == "requested"
    assert PaperRequest.select().count() == 2


def test_a_citizen_who_chose_paper_gets_channel_paper(api, recipient):
    give_address(recipient)
    Citizen.update(channel="paper").where(Citizen.id == recipient.id).execute()
    sent = api.send(message_body(recipient.bsn)).get_json()
    assert sent["channel"] == "paper" and sent["paper"]["requested_by"] == "policy"
    assert api.get(f"/api/v1/recipients/{recipient.bsn}/channel").get_json() == {"channel": "paper"}


def test_the_answer_to_a_post_says_about_paper_what_reading_the_message_says(api, recipient):
    """The answer looks for a paper request only for a live message on the paper channel: whichever way the
    delivery went, it says what reading the message back says."""
    sent = [api.send(message_body(recipient.bsn, reference="digital")).get_json()]
    Citizen.update(channel="paper").where(Citizen.id == recipient.id).execute()
    sent.append(api.send(message_body(recipient.bsn, reference="paper, no address yet")).get_json())
    give_address(recipient)
    sent.append(api.send(message_body(recipient.bsn, reference="paper")).get_json())
    sent.append(api.send(message_body(NO_INBOX, recipient={"bsn": NO_INBOX, "address": ADDRESS})).get_json())
    read = [api.get(one["links"]["self"]).get_json() for one in sent]
    assert [(one["channel"], one["paper"]) for one in sent] == [(one["channel"], one["paper"]) for one in read]
    assert [one["channel"] for one in sent] == ["digital", "paper", "paper", "paper"]
    assert [one["paper"] is None for one in sent] == [True, True, False, False]


def test_a_delivery_follows_the_choices_read_with_the_recipient(api, recipient, organisation):
    """The citizen is read by BSN together with what the delivery needs to know: paper for this sender (not
    another), alerts off and the sender's default policy, each as it is at that moment."""
    give_address(recipient)
    other = factories.create_organisation(slug="gemeente", name_nl="Gemeente Utrecht", name_en="City of Utrecht")
    PaperPreference.create(citizen=recipient, organisation=other, created_at=utcnow())
    before = api.send(message_body(recipient.bsn)).get_json()
    PaperPreference.create(citizen=recipient, organisation=organisation, created_at=utcnow())
    AlertSetting.create(citizen=recipient, enabled=False, updated_at=utcnow())
    policy.set_default(organisation, {"remind_after_days": 2}, now=utcnow())
    after = api.send(message_body(recipient.bsn)).get_json()
    assert (before["channel"], after["channel"]) == ("digital", "paper")
    assert after["paper"]["requested_by"] == "policy"
    stored = {m.public_id: m for m in Message.select()}
    assert stored[before["id"]].policy is None and stored[after["id"]].policy == '{"remind_after_days": 2}'
    assert [r.message_id for r in Outbox.select().where(Outbox.kind == "alert")] == [stored[before["id"]].id]


def test_the_sender_asks_for_paper_once(api, recipient):
    give_address(recipient)
    sent = api.send(message_body(recipient.bsn)).get_json()
    assert sent["channel"] == "digital" and sent["paper"] is None
    first = api.post(sent["links"]["paper"])
    second = api.post(sent["links"]["paper"])
    matches_document(first, "/api/v1/messages/{id}/paper", "POST")
    matches_document(second, "/api/v1/messages/{id}/paper", "POST")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json()["paper"]["requested_by"] == "sender" and second.get_json()["created"] is False
    assert PaperRequest.select().count() == 1


def test_paper_without_an_address_is_422(api, body):
    sent = api.send(body).get_json()
    response = api.post(sent["links"]["paper"])
    assert response.status_code == 422 and "postal address" in response.get_json()["detail"]
    assert PaperRequest.select().count() == 0


def test_a_test_key_never_prints_nor_stores_an_address(client, test_key):
    tester = Api(client, test_key.secret)
    sent = tester.send(message_body(NO_INBOX, recipient={"bsn": NO_INBOX, "address": ADDRESS})).get_json()
    assert sent["test"] is True and sent["channel"] == "paper" and sent["paper"] is None
    assert PaperRequest.select().count() == 0
    assert paper_link.address_of(Citizen.get(Citizen.bsn == NO_INBOX)) is None


def test_the_dashboard_counts_paper_by_who_asked(api, recipient, organisation):
    give_address(recipient)
    by_sender = api.send(message_body(recipient.bsn, type="aanslag")).get_json()
    api.post(by_sender["links"]["paper"])
    api.send(message_body(NO_INBOX, type="aanslag", recipient={"bsn": NO_INBOX, "address": ADDRESS}))
    api.send(message_body(recipient.bsn, type="aanslag"))
    stats = senders.statistics_for(organisation, senders.Period.parse("all", now=utcnow()))
    assert stats.rows[0].paper == {"citizen": 0, "helper": 0, "sender": 1, "policy": 1, "safety_net": 0}
    assert stats.total.paper_total == 2
    assert Message.select().count() == 3
