"""E-mails at a real SMTP server on loopback: alert, digest, reminder, helper alert and password reset arrive
in the citizen's language, with the right headers, and without any message content or link."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from portal.auth import reset_mail
from portal.clock import utcnow
from portal.followup import policy, runner
from portal.followup.models import AlertSetting, Outbox
from portal.models import Event
from tests import factories
from tests.followup.conftest import citizen_with_address, set_policy

DAY = datetime(2027, 1, 8, 9, 0)  # a Friday morning, 10:00 Dutch time
SECRET_WORDS = ("Uw aanslag", "Your tax assessment", "belasting betalen", "Wij hebben uw aangifte", "2026-REF-1")


def assert_no_content(received) -> None:
    whole = received.message.as_string()
    for words in SECRET_WORDS:
        assert words not in whole
    assert "http://" not in received.text and "https://" not in received.text
    assert "<a " not in received.html and "href" not in received.html
    assert "portal.test" in received.text  # the address written out, to type in


def test_alert_arrives_in_dutch_with_headers_and_no_content(app, smtp_server):
    with app.app_context():
        citizen = citizen_with_address(name="Anna de Vries", email="anna@example.nl")
        message = factories.create_message(recipient=citizen, delivered_at=DAY)
        row = Outbox.get(Outbox.kind == "alert")
        tally = runner.drain(now=DAY + timedelta(minutes=10))
        assert tally.sent == 1
        (received,) = smtp_server.received
        mail = received.message
        assert received.envelope_to == ["anna@example.nl"]
        assert mail["Subject"] == "U hebt nieuwe post van Belastingdienst"
        assert mail["Content-Language"] == "nl"
        assert mail["Auto-Submitted"] == "auto-generated"
        assert mail["Message-ID"] == row.mail_id
        assert mail["From"] == app.config["MAIL_FROM"]
        assert "U hebt nieuwe post van Belastingdienst. Log in om de post te lezen." in received.text
        assert 'lang="nl"' in received.html
        assert_no_content(received)
        assert Event.get(Event.message == message, Event.kind == "alerted")


def test_alert_in_english_for_an_english_speaking_citizen(app, smtp_server):
    with app.app_context():
        citizen = citizen_with_address(language="en")
        factories.create_message(recipient=citizen, delivered_at=DAY)
        runner.drain(now=DAY + timedelta(minutes=10))
        (received,) = smtp_server.received
        assert received.message["Subject"] == "You have new mail from Tax and Customs Administration"
        assert received.message["Content-Language"] == "en"
        assert "Log in to read it." in received.text
        assert_no_content(received)


def test_alerts_due_together_go_as_one_digest_listing_the_senders(app, smtp_server):
    with app.app_context():
        citizen = citizen_with_address(email="bram@example.nl")
        tax = factories.create_organisation()
        city = factories.create_organisation(name_nl="Gemeente Utrecht", name_en="City of Utrecht")
        for minute, organisation in ((0, tax), (2, city), (4, tax)):
            factories.create_message(recipient=citizen, organisation=organisation,
                                     delivered_at=DAY + timedelta(minutes=minute))
        assert len({r.due_at for r in Outbox.select().where(Outbox.kind == "alert")}) == 1  # one batch
        tally = runner.drain(now=DAY + timedelta(minutes=10))
        assert tally.sent == 1 and tally.rows_sent == 3
        (received,) = smtp_server.received
        assert received.message["Subject"] == "U hebt 3 nieuwe berichten"
        assert received.text.count("- Belastingdienst") == 1 and "- Gemeente Utrecht" in received.text
        assert "Log in om de post te lezen." in received.text
        assert_no_content(received)


def test_alerts_turned_off_or_for_a_message_read_already_are_not_sent(app, smtp_server):
    from portal.models import Message

    with app.app_context():
        off = citizen_with_address()
        AlertSetting.create(citizen=off, enabled=False, updated_at=DAY)
        factories.create_message(recipient=off, delivered_at=DAY)
        assert not Outbox.select().exists()  # nothing written at all
        read = citizen_with_address()
        message = factories.create_message(recipient=read, delivered_at=DAY)
        Message.update(first_opened_at=DAY + timedelta(minutes=1)).where(Message.id == message.id).execute()
        tally = runner.drain(now=DAY + timedelta(minutes=10))
        assert tally.sent == 0 and tally.cancelled == 1 and smtp_server.received == []


def test_alert_goes_to_the_address_in_the_settings(app, smtp_server):
    with app.app_context():
        citizen = citizen_with_address(email="login@example.nl")
        AlertSetting.create(citizen=citizen, email="alerts@example.nl", updated_at=DAY)
        factories.create_message(recipient=citizen, delivered_at=DAY)
        runner.drain(now=DAY + timedelta(minutes=10))
        assert smtp_server.received[0].envelope_to == ["alerts@example.nl"]


def test_reminder_names_sender_and_deadline_only(app, smtp_server):
    with app.app_context():
        citizen = citizen_with_address(language="en")
        message = factories.create_message(recipient=citizen, deadline=date(2027, 1, 18), delivered_at=DAY)
        set_policy(message, remind_days_before_deadline=7)
        Outbox.delete().execute()
        policy.run(datetime(2027, 1, 11, 8))
        assert runner.drain(now=datetime(2027, 1, 11, 8)).sent == 1
        (received,) = smtp_server.received
        assert received.message["Subject"] == ("Reminder: you have not read the message from Tax and Customs "
                                               "Administration yet")
        assert "You must do something with it before Monday 18 January 2027." in received.text
        assert_no_content(received)
        assert Event.get(Event.message == message, Event.kind == "reminded").detail == "remind_days_before_deadline"


def test_helper_alert_says_only_that_a_deadline_is_overdue(app, smtp_server):
    with app.app_context():
        citizen = citizen_with_address(name="Anna de Vries")
        AlertSetting.create(citizen=citizen, helper_email="zoon@example.nl", updated_at=DAY)
        factories.create_message(recipient=citizen, deadline=date(2027, 1, 18), delivered_at=DAY)
        Outbox.delete().execute()
        policy.run(datetime(2027, 1, 19, 9))
        runner.drain(now=datetime(2027, 1, 19, 9))
        (received,) = smtp_server.received
        assert received.envelope_to == ["zoon@example.nl"]
        assert received.message["Subject"].strip() == ("In de berichtenbox van Anna de Vries staat een brief waarvan "
                                                       "de uiterste datum voorbij is")
        assert "Belastingdienst" not in received.message.as_string()
        assert "18 januari" not in received.text
        assert_no_content_at_all(received)


def assert_no_content_at_all(received) -> None:
    whole = received.message.as_string()
    for words in SECRET_WORDS:
        assert words not in whole
    assert "http" not in received.text and "<a " not in received.html


def test_password_reset_mail_arrives_at_the_smtp_server_in_the_accounts_language(app, smtp_server, pages):
    factories.create_citizen(email="lotte@example.nl", name="Lotte", language="en")
    response = pages.post("/password/forgot", {"email": "lotte@example.nl"})
    assert response.status_code == 302
    assert smtp_server.received == []  # the worker sends it, from the outbox
    with app.app_context():
        assert reset_mail.send_due(now=utcnow(), valid=app.config["PASSWORD_RESET_VALID"]) == 1
    (received,) = smtp_server.received
    assert received.envelope_to == ["lotte@example.nl"]
    assert received.message["Subject"] == "Choose a new password"
    assert received.message["Content-Language"] == "en"
    assert "http://portal.test/password/reset/" in received.text
