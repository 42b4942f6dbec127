"""A reminder says what fits the letter when it goes out: "you have not read it yet" for an unopened letter,
"you still have something to do" for one that was opened but not marked done. Read from the .eml files the
worker writes (no SMTP_URL), as text and HTML, in both languages, and still without any message content."""

from __future__ import annotations

import email
import email.policy
from datetime import date, datetime
from pathlib import Path

import pytest

from portal.followup import policy, runner
from portal.followup.models import Outbox
from portal.models import Message
from tests import factories
from tests.followup.conftest import citizen_with_address, set_policy
from tests.followup.test_mails import SECRET_WORDS

DELIVERED = datetime(2027, 1, 8, 9, 0)
DEADLINE = date(2027, 1, 22)  # a Friday
SEND = datetime(2027, 1, 15, 9, 0)  # 7 days before: 10:00 Dutch time

TEXTS = {
    ("unopened", "nl"): ("Herinnering: u hebt het bericht van Belastingdienst nog niet gelezen",
                         "U hebt een bericht van Belastingdienst nog niet gelezen. U moet er iets mee doen vóór "
                         "vrijdag 22 januari 2027. Log in om het te lezen."),
    ("unopened", "en"): ("Reminder: you have not read the message from Tax and Customs Administration yet",
                         "You have not read a message from Tax and Customs Administration yet. You must do something "
                         "with it before Friday 22 January 2027. Log in to read it."),
    ("opened", "nl"): ("Herinnering: u moet nog iets doen voor Belastingdienst",
                       "U hebt het bericht van Belastingdienst gelezen, maar het is nog niet gemarkeerd als gedaan. "
                       "U moet nog iets doen vóór vrijdag 22 januari 2027. Log in om te zien wat u moet doen."),
    ("opened", "en"): ("Reminder: you still have something to do for Tax and Customs Administration",
                       "You have read the message from Tax and Customs Administration, but it is not marked as done "
                       "yet. You must still do something before Friday 22 January 2027. Log in to see what you "
                       "must do."),
}


@pytest.fixture
def config_overrides() -> dict:
    return {"SMTP_URL": None}  # the worker writes .eml files


def written_mails(app) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(Path(app.config["MAIL_DIR"]).glob("*.eml"))]


def words(mail, part: str) -> str:
    return " ".join(mail.get_body((part,)).get_content().split())


def reminder_for(language: str, *, opened_at: datetime | None):
    citizen = citizen_with_address(language=language)
    organisation = factories.create_organisation(slug="belastingdienst", name_en="Tax and Customs Administration")
    message = factories.create_message(recipient=citizen, organisation=organisation, deadline=DEADLINE,
                                       delivered_at=DELIVERED)
    set_policy(message, remind_days_before_deadline=7)
    Outbox.delete().where(Outbox.kind == "alert").execute()
    Message.update(first_opened_at=opened_at).where(Message.id == message.id).execute()
    return message


@pytest.mark.parametrize("state", ["unopened", "opened"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_reminder_text_fits_the_state_of_the_letter(app, state, language):
    with app.app_context():
        reminder_for(language, opened_at=datetime(2027, 1, 9, 12) if state == "opened" else None)
        assert policy.run(SEND) == 1
        assert runner.drain(now=SEND).sent == 1
        (mail,) = written_mails(app)
        subject, sentences = TEXTS[(state, language)]
        assert " ".join(mail["Subject"].split()) == subject
        assert mail["Content-Language"] == language
        for part in ("plain", "html"):
            assert sentences in words(mail, part)
        if state == "opened":
            assert "nog niet gelezen" not in mail.as_string() and "not read" not in mail.as_string()
            done = {"nl": "Hebt u het al gedaan? Markeer het bericht dan als gedaan.",
                    "en": "Have you done it already? Then mark the message as done."}
            assert done[language] in words(mail, "plain")
        whole = mail.as_string()
        assert not any(secret in whole for secret in SECRET_WORDS)
        assert "href" not in words(mail, "html") and "http" not in words(mail, "plain")


def test_the_state_when_the_mail_goes_out_decides_not_when_the_step_was_written(app):
    with app.app_context():
        message = reminder_for("nl", opened_at=None)
        policy.run(datetime(2027, 1, 14, 23, 30))  # 00:30 Dutch time: written, e-mailed from 07:00
        Message.update(first_opened_at=datetime(2027, 1, 15, 6, 0)).where(Message.id == message.id).execute()
        assert runner.drain(now=SEND).sent == 1
        (mail,) = written_mails(app)
        assert " ".join(mail["Subject"].split()) == TEXTS[("opened", "nl")][0]


def test_a_reminder_without_a_deadline_only_says_it_is_unread(app):
    with app.app_context():
        citizen = citizen_with_address(language="en")
        message = factories.create_message(recipient=citizen, delivered_at=DELIVERED)
        set_policy(message, remind_after_days=3)
        Outbox.delete().where(Outbox.kind == "alert").execute()
        policy.run(datetime(2027, 1, 11, 9))
        runner.drain(now=datetime(2027, 1, 11, 9))
        (mail,) = written_mails(app)
        assert words(mail, "plain").split("Hello Anna de Vries, ")[1].startswith(
            "You have not read a message from Tax and Customs Administration yet. Log in to read it.")
        assert "before" not in words(mail, "plain").split("Go to")[0]
