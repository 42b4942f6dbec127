"""Known fixture data for the sender dashboard, with the figures worked out by hand in the tests."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal.models import Message
from tests import factories

NOW = "2027-03-01 12:00:00"


def sent(org, citizen, *, message_type, delivered, opened=None, deadline=None, done=None, reference="",
         test=False):
    message = factories.create_message(
        organisation=org, recipient=citizen, message_type=message_type, delivered_at=delivered,
        deadline=deadline, deadline_kind="pay",
    )
    Message.update(first_opened_at=opened, done_at=done, is_test=test, reference=reference).where(
        Message.id == message.id).execute()
    return Message.get_by_id(message.id)


@pytest.fixture
def sender(app):
    return factories.create_sender_user(
        organisation=factories.create_organisation(slug="belastingdienst", name_en="Tax and Customs Administration"))


@pytest.fixture
def known_mail(sender):
    """Six live messages in the last 90 days (four `aanslag`, two `herinnering`), one older, one test message,
    and one of another organisation."""
    org = sender.organisation
    anna = factories.create_citizen()
    d = datetime
    mail = {
        "A1": sent(org, anna, message_type="aanslag", delivered=d(2027, 2, 1, 10), opened=d(2027, 2, 2, 10),
                   deadline=date(2027, 2, 20), done=d(2027, 2, 5, 9), reference="A1"),
        "A2": sent(org, anna, message_type="aanslag", delivered=d(2027, 2, 1, 10), opened=d(2027, 2, 5, 10),
                   deadline=date(2027, 2, 4), reference="A2"),
        "A3": sent(org, anna, message_type="aanslag", delivered=d(2027, 2, 10, 8), deadline=date(2027, 3, 20),
                   reference="A3"),
        "A4": sent(org, anna, message_type="aanslag", delivered=d(2027, 2, 10, 8), opened=d(2027, 2, 10, 20),
                   reference="A4"),
        "H1": sent(org, anna, message_type="herinnering", delivered=d(2027, 2, 15, 9), opened=d(2027, 2, 15, 11),
                   deadline=date(2027, 3, 10), reference="H1"),
        "H2": sent(org, anna, message_type="herinnering", delivered=d(2027, 2, 15, 9), deadline=date(2027, 2, 25),
                   reference="H2"),
        "old": sent(org, anna, message_type="aanslag", delivered=d(2026, 10, 1, 9), reference="old"),
        "test": sent(org, anna, message_type="aanslag", delivered=d(2027, 2, 20, 9), deadline=date(2027, 3, 30),
                     test=True, reference="test"),
        "other": sent(factories.create_organisation(), anna, message_type="aanslag", delivered=d(2027, 2, 20, 9),
                      deadline=date(2027, 3, 30), reference="other"),
    }
    return mail
