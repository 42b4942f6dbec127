"""The daily alert to staff: content-free, one e-mail a day whatever the caseload's size, grouped per person."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes

from portal.caseload import digest, services
from portal.caseload.models import CaseloadDigest
from portal.clock import local_today, utcnow
from tests import factories


def sent_mails(app) -> list:
    folder = app.config["MAIL_DIR"]
    return [message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def test_one_digest_a_day_per_staff_member_without_any_content(app, office):
    today = local_today(utcnow())
    for n in range(30):  # a large caseload: one e-mail, not thirty
        citizen, _ = office.client(name=f"Cliënt {n}", address=False)
        factories.create_message(recipient=citizen, subject="Geheime boete", deadline=today + timedelta(days=2))
    opened = factories.create_message(recipient=citizen, deadline=today + timedelta(days=1))
    opened.first_opened_at = utcnow()
    opened.save()
    factories.create_message(recipient=citizen, deadline=today + timedelta(days=20))  # not yet
    assert [(account.id, letters) for account, letters in digest.due(utcnow())] == [(office.staff.account_id, 30)]
    with app.app_context():
        assert digest.send_all(utcnow()) == 1
        assert digest.send_all(utcnow()) == 0  # the same day: nothing again
    [mail] = sent_mails(app)
    assert mail["To"] == office.staff.account.email
    body = mail.get_payload(decode=True).decode() if not mail.is_multipart() else \
        mail.get_body(("plain",)).get_content()
    assert "30" in body and "Geheime boete" not in body and "Cliënt" not in body and "Belastingdienst" not in body
    assert CaseloadDigest.select().count() == 1


def test_no_digest_for_a_removed_staff_member_or_an_ended_authorisation(app, office):
    today = local_today(utcnow())
    citizen, authorisation = office.client()
    factories.create_message(recipient=citizen, deadline=today + timedelta(days=1))
    services.end(authorisation, actor=citizen.account, reason="", now=utcnow(), by_client=True)
    assert digest.due(utcnow()) == []
    other, _ = office.client(name="Piet")
    factories.create_message(recipient=other, deadline=today + timedelta(days=1))
    services.remove_staff(office.staff, actor=None, now=utcnow())
    assert [account.id for account, _ in digest.due(utcnow())] == [office.coordinator.account_id]  # moved


def test_the_digest_groups_the_alerts_per_staff_member(app, office):
    """Each person gets one mail counting only their own clients' letters; a letter of a client two people
    handle counts once for each of them, never twice for one."""
    today = local_today(utcnow())
    shared, _ = office.client(name="Anna", assign_to=[office.staff, office.coordinator])
    own, _ = office.client(name="Piet", assign_to=[office.coordinator])
    for days in (1, 2, 3):
        factories.create_message(recipient=shared, deadline=today + timedelta(days=days))
    factories.create_message(recipient=own, deadline=today + timedelta(days=4))
    assert dict((account.id, letters) for account, letters in digest.due(utcnow())) == {
        office.staff.account_id: 3, office.coordinator.account_id: 4}
    with app.app_context():
        assert digest.send_all(utcnow()) == 2
    mails = {m["To"]: m for m in sent_mails(app)}
    assert set(mails) == {office.staff.account.email, office.coordinator.account.email}
    text = {to: (m.get_body(("plain",)).get_content() if m.is_multipart() else m.get_payload(decode=True).decode())
            for to, m in mails.items()}
    assert "3 brieven" in text[office.staff.account.email] and "4 brieven" in text[office.coordinator.account.email]
