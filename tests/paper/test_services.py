"""The paper rules without HTTP: one open request per message, who asked, cancelling, paper for good on
delivery, addresses, and the functions the sender API uses."""

from datetime import datetime, timedelta

import pytest
from peewee import IntegrityError

from portal.clock import utcnow
from portal.db import database
from portal.errors_domain import ValidationFailed
from portal.models import Event, Message
from portal.paper import api_link, services
from portal.paper.addresses import address_of, parse_address
from portal.paper.models import PaperRequest
from portal.printing import services as printing
from portal.settings import services as settings
from tests import factories

NOW = datetime(2027, 3, 1, 9, 0)


@pytest.fixture
def anna(app):
    return factories.give_postal_address(factories.create_citizen(name="Anna de Vries"))


def paper_events(message):
    return [(e.kind, e.actor_id, e.citizen_id, e.detail) for e in
            Event.select().where(Event.message == message, Event.kind.startswith("paper")).order_by(Event.id)]


def test_one_click_makes_one_request_with_the_address_and_an_event(anna):
    message = factories.create_message(recipient=anna)
    made = services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW, reason="button")
    assert made.created and made.status == "requested" and made.requested_by == "citizen"
    assert (made.address_street, made.address_postcode, made.address_city) == ("Dorpsstraat", "1234 AB", "Ons Dorp")
    assert paper_events(message) == [("paper_requested", anna.account.id, anna.id, "citizen:button")]


def test_asking_again_while_open_returns_the_same_request_and_records_nothing(anna):
    message = factories.create_message(recipient=anna)
    first = services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW)
    again = services.request_paper_copy(message, requested_by="sender", actor=None, now=NOW + timedelta(minutes=1))
    assert not again.created and again.id == first.id and again.requested_by == "citizen"
    assert PaperRequest.select().count() == 1 and len(paper_events(message)) == 1


def test_the_database_refuses_a_second_open_request_for_a_message(anna):
    message = factories.create_message(recipient=anna)
    services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW)
    copy = PaperRequest.get().__data__.copy()
    copy.pop("id")
    with pytest.raises(IntegrityError), database.atomic():
        PaperRequest.create(**copy)


def test_a_replayed_form_after_the_letter_was_posted_makes_nothing_new(anna, tmp_path):
    message = factories.create_message(recipient=anna)
    services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW, seen=0)
    printing.claim_batch(tmp_path, now=NOW)
    PaperRequest.update(status="posted", posted_at=NOW).execute()
    replay = services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW, seen=0)
    assert not replay.created and replay.status == "posted"
    another = services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW,
                                          seen=replay.id)
    assert another.created and PaperRequest.select().count() == 2


def test_without_an_address_nothing_is_made(app):
    citizen = factories.create_citizen()
    message = factories.create_message(recipient=citizen)
    with pytest.raises(services.NoAddress):
        services.request_paper_copy(message, requested_by="citizen", actor=citizen.account, now=NOW)
    assert PaperRequest.select().count() == 0


def test_test_messages_are_never_printed(anna):
    message = factories.create_message(recipient=anna)
    Message.update(is_test=True).execute()
    with pytest.raises(services.NotPrintable):
        services.request_paper_copy(Message.get_by_id(message.id), requested_by="sender", actor=None, now=NOW)


def test_unknown_requester_is_a_programming_error(anna):
    with pytest.raises(ValueError):
        services.request_paper_copy(factories.create_message(recipient=anna), requested_by="robot", actor=None,
                                    now=NOW)


def test_cancel_before_batching_works_once_and_is_recorded(anna):
    message = factories.create_message(recipient=anna)
    services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW)
    cancelled = services.cancel(message, actor=anna.account, now=NOW)
    assert cancelled.changed and cancelled.status == "cancelled" and cancelled.cancelled_at == NOW
    assert not services.cancel(message, actor=anna.account, now=NOW).changed
    assert [e[0] for e in paper_events(message)] == ["paper_requested", "paper_cancelled"]
    assert services.open_request_for(message) is None
    assert services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW).created


def test_cancel_after_batching_is_refused(anna, tmp_path):
    message = factories.create_message(recipient=anna)
    services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW)
    printing.claim_batch(tmp_path, now=NOW)
    with pytest.raises(services.CancelRefused) as refused:
        services.cancel(message, actor=anna.account, now=NOW)
    assert refused.value.request.status == "batched"
    assert PaperRequest.get().status == "batched"


def test_a_senders_request_is_not_the_citizens_to_cancel(anna):
    message = factories.create_message(recipient=anna)
    assert api_link.request_by_sender(message, now=NOW)
    with pytest.raises(services.CancelRefused):
        services.cancel(message, actor=anna.account, now=NOW)


def test_cancel_without_any_request_says_so(anna):
    assert services.cancel(factories.create_message(recipient=anna), actor=anna.account, now=NOW) is None


def test_requester_is_citizen_for_the_owner_and_helper_for_someone_else(anna):
    assert services.requester_for(anna.account, anna) == "citizen"
    assert services.requester_for(factories.create_account(role="helper"), anna) == "helper"


# Paper for good --------------------------------------------------------------------------------------------


def test_paper_for_everything_requests_paper_at_delivery_by_policy(anna):
    settings.save_paper_choices(anna, all_mail=True, organisation_ids=set(), actor=anna.account, now=NOW)
    message = factories.create_message(recipient=anna, delivered_at=NOW)
    request = services.open_request_for(message)
    assert (request.requested_by, request.reason, request.actor_id, request.requested_at) == (
        "policy", "all_mail", None, NOW)
    assert Message.get_by_id(message.id).channel == "paper"
    assert paper_events(message) == [("paper_requested", None, anna.id, "policy:all_mail")]


def test_paper_from_one_organisation_only_for_that_organisation(anna):
    tax, town = factories.create_organisation(), factories.create_organisation(name_nl="Gemeente")
    settings.save_paper_choices(anna, all_mail=False, organisation_ids={tax.id}, actor=anna.account, now=NOW)
    from_tax = factories.create_message(recipient=anna, organisation=tax)
    from_town = factories.create_message(recipient=anna, organisation=town)
    assert services.open_request_for(from_tax).reason == "organisation"
    assert services.open_request_for(from_town) is None
    assert Message.get_by_id(from_town.id).channel == "digital"
    assert api_link.wants_paper(anna, tax) and not api_link.wants_paper(anna, town)


def test_a_citizen_without_an_inbox_gets_paper_and_without_an_address_an_event_says_why(app):
    from portal.models import Citizen

    known = Citizen.create(account=None, bsn=factories.next_bsn(), created_at=NOW)
    message = factories.create_message(recipient=known)
    assert services.open_request_for(message) is None
    assert paper_events(message) == [("paper_not_possible", None, known.id, "no_address")]
    factories.give_postal_address(known, name="Bram Bakker")
    second = factories.create_message(recipient=known)
    assert services.open_request_for(second).reason == "no_inbox"


def test_a_test_message_gets_no_paper_at_delivery(anna):
    from portal.delivery import NewMessage, Texts, deliver

    settings.save_paper_choices(anna, all_mail=True, organisation_ids=set(), actor=anna.account, now=NOW)
    message = deliver(NewMessage(organisation=factories.create_organisation(), recipient=anna, message_type="t",
                                 subject=Texts("Proef"), summary=Texts("Proef."), body=Texts("Proef."), is_test=True),
                      now=NOW)
    assert message.is_test and PaperRequest.select().count() == 0


def test_paper_choices_need_an_address_and_are_recorded(app):
    citizen = factories.create_citizen()
    org = factories.create_organisation()
    with pytest.raises(ValidationFailed) as failed:
        settings.save_paper_choices(citizen, all_mail=True, organisation_ids=set(), actor=citizen.account, now=NOW)
    assert set(failed.value.errors) == {"channel"}
    factories.give_postal_address(citizen)
    settings.save_paper_choices(citizen, all_mail=True, organisation_ids={org.id}, actor=citizen.account, now=NOW)
    settings.save_paper_choices(citizen, all_mail=False, organisation_ids={org.id}, actor=citizen.account, now=NOW)
    settings.save_paper_choices(citizen, all_mail=False, organisation_ids=set(), actor=citizen.account, now=NOW)
    kinds = [(e.kind, e.detail) for e in Event.select().where(Event.citizen == citizen, Event.message.is_null())
             .order_by(Event.id)]
    assert kinds == [("address_changed", ""), ("paper_for_all_on", ""), ("paper_organisation_on", org.slug),
                     ("paper_for_all_off", ""), ("paper_organisation_off", org.slug)]
    with pytest.raises(ValidationFailed):
        settings.save_paper_choices(citizen, all_mail=False, organisation_ids={999_999}, actor=None, now=NOW)


def test_a_new_address_moves_open_requests_that_are_not_printed_yet(anna, tmp_path):
    printed, waiting = (factories.create_message(recipient=anna) for _ in range(2))
    services.request_paper_copy(printed, requested_by="citizen", actor=anna.account, now=NOW)
    printing.claim_batch(tmp_path, now=NOW)
    services.request_paper_copy(waiting, requested_by="citizen", actor=anna.account, now=NOW)
    factories.give_postal_address(anna, street="Kerkstraat", house_number="3", addition="")
    assert services.open_request_for(printed).address_street == "Dorpsstraat"
    assert services.open_request_for(waiting).address_street == "Kerkstraat"


# Addresses ---------------------------------------------------------------------------------------------------


def test_addresses_are_cleaned_up_and_written_for_the_envelope():
    address = parse_address({"name": " Anna  de Vries ", "street": "Dorpsstraat", "house_number": "12",
                             "addition": "-b", "postcode": "1234ab", "city": "Ons Dorp"})
    assert address.lines() == ["Anna de Vries", "Dorpsstraat 12B", "1234 AB  ONS DORP"]
    assert parse_address({**address.__dict__, "addition": "2"}).street_line == "Dorpsstraat 12-2"
    assert address.one_line() == "Dorpsstraat 12B, 1234 AB Ons Dorp"


@pytest.mark.parametrize("changes, field, words", [
    ({"postcode": "12345"}, "postcode", "4 digits and 2 letters"),
    ({"postcode": "0123 AB"}, "postcode", "4 digits and 2 letters"),
    ({"postcode": "1234 SS"}, "postcode", "does not exist"),
    ({"postcode": ""}, "postcode", "Enter the postcode"),
    ({"house_number": "12a"}, "house_number", "digits only"),
    ({"house_number": ""}, "house_number", "Enter the house number"),
    ({"addition": "toolong7"}, "addition", "at most 6"),
    ({"street": "  "}, "street", "Enter the street"),
    ({"city": "x" * 81}, "city", "at most 80"),
    ({"name": ""}, "name", "Enter the name"),
])
def test_a_wrong_address_gets_one_clear_message_per_field(app, changes, field, words):
    data = {"name": "Anna", "street": "Dorpsstraat", "house_number": "12", "addition": "", "postcode": "1234 AB",
            "city": "Ons Dorp", **changes}
    with app.test_request_context(headers={"Accept-Language": "en"}), pytest.raises(ValidationFailed) as failed:
        parse_address(data)
    assert list(failed.value.errors) == [field]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert words in str(failed.value.errors[field])


# What the sender API sees --------------------------------------------------------------------------------------


def test_the_sender_api_sees_the_latest_request_and_who_asked_first(anna):
    message = factories.create_message(recipient=anna)
    assert api_link.available() and api_link.state_of(message) is None
    services.request_paper_copy(message, requested_by="citizen", actor=anna.account, now=NOW)
    services.cancel(message, actor=anna.account, now=NOW)
    assert api_link.request_by_sender(message, now=NOW + timedelta(hours=1))
    assert not api_link.request_by_sender(message, now=NOW + timedelta(hours=2))
    assert api_link.state_of(message) == {"status": "requested", "requested_by": "sender",
                                          "requested_at": "2027-03-01T10:00:00Z", "posted_at": None}
    assert api_link.first_requesters([message.id]) == {message.id: "sender"}
    assert api_link.states_of([message])[message.id]["status"] == "requested"


def test_an_address_a_sender_gives_is_stored_for_a_citizen_without_an_inbox(app):
    from portal.api.validation import Address as ApiAddress
    from portal.models import Citizen

    known = Citizen.create(account=None, bsn=factories.next_bsn(), created_at=utcnow())
    api_link.store_address(known, ApiAddress(name="Bram Bakker", street="Kerkstraat", house_number="3",
                                             house_number_addition="b", postcode="4321 XY", city="Stad"))
    assert address_of(Citizen.get_by_id(known.id)).lines() == ["Bram Bakker", "Kerkstraat 3B", "4321 XY  STAD"]
    message = factories.create_message(recipient=known)
    api_link.request_on_delivery(message, no_inbox=True, now=utcnow())
    assert PaperRequest.select().where(PaperRequest.message == message).count() == 1
