"""One way to write a deadline, everywhere a citizen or sender reads one: "vóór vrijdag 18 december 2026" /
"before Friday 18 December 2026". Each place is rendered for real (pages, the letter PDF, the calendar file,
the reminder e-mail the worker writes) and checked for that form; machine data keeps the ISO date."""

from __future__ import annotations

import email
import email.policy
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from freezegun import freeze_time
from pypdf import PdfReader

from portal.followup import policy, runner
from portal.followup.models import Outbox
from tests import factories
from tests.followup.conftest import set_policy

NOW = datetime(2026, 12, 1, 9, 0)  # a Tuesday morning, 10:00 Dutch time
DEADLINE = date(2026, 12, 18)  # a Friday
WRITTEN = {"nl": "vóór vrijdag 18 december 2026", "en": "before Friday 18 December 2026"}
ACTION = {"nl": "Betaal vóór vrijdag 18 december 2026", "en": "Pay before Friday 18 December 2026"}
# The date without its "before" (or any other way to write it) must not appear where a deadline is shown.
BARE = re.compile(r"(?<!vóór )(?<!before )(vrijdag|Friday) 18 (december|December) 2026")


@pytest.fixture
def clock():
    with freeze_time(NOW) as frozen:
        yield frozen


@pytest.fixture
def letter(app, clock, language):
    citizen = factories.give_postal_address(factories.create_citizen(email="anna@example.nl", language=language))
    organisation = factories.create_organisation(slug="belastingdienst", name_en="Tax and Customs Administration")
    return factories.create_message(recipient=citizen, organisation=organisation, deadline=DEADLINE, delivered_at=NOW)


@pytest.fixture(params=["nl", "en"])
def language(request):
    return request.param


def text_of(soup) -> str:
    return " ".join(soup.get_text(" ").split())


def only_the_written_form(text: str, language: str) -> None:
    assert WRITTEN[language] in text
    assert not BARE.search(text), BARE.search(text).group(0)


def test_the_inbox_row_and_the_deadline_list_write_the_deadline_one_way(pages, letter, language):
    pages.login("anna@example.nl")
    text = text_of(pages.get("/inbox/"))
    only_the_written_form(text, language)
    assert ACTION[language] in text  # the list of things to do on top
    row = {"nl": "Uiterste datum: vóór vrijdag 18 december 2026", "en": "Deadline: before Friday 18 December 2026"}
    assert row[language] in text


def test_the_message_page_writes_the_deadline_one_way(pages, letter, language):
    pages.login("anna@example.nl")
    page = pages.get(f"/inbox/{letter.public_id}")
    only_the_written_form(text_of(page), language)
    assert ACTION[language] in page.find("h2", class_="deadline-banner__title").get_text(" ", strip=True)


def test_the_letter_pdf_writes_the_deadline_one_way(pages, letter, language):
    pages.login("anna@example.nl")
    response = pages.client.get(f"/paper/{letter.public_id}/letter.pdf")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    only_the_written_form(" ".join(text.split()), language)


def test_the_calendar_file_says_the_deadline_and_what_to_do(pages, letter, language):
    pages.login("anna@example.nl")
    body = pages.client.get(f"/inbox/{letter.public_id}/deadline.ics").get_data(as_text=True)
    unfolded = body.replace("\r\n ", "")
    (description,) = [line for line in unfolded.split("\r\n") if line.startswith("DESCRIPTION:")][:1]
    assert description.startswith(f"DESCRIPTION:{ACTION[language]}")
    assert {"nl": "Betaal het bedrag.", "en": "Pay the amount."}[language] in description
    assert "DTEND;VALUE=DATE:20261218" in unfolded  # the data stays a date


def test_the_senders_list_of_unopened_mail_writes_the_deadline_one_way(app, clock, pages, language):
    organisation = factories.create_organisation(slug="belastingdienst", name_en="Tax and Customs Administration")
    factories.create_sender_user(organisation=organisation, email="sanne@example.nl", language=language)
    factories.create_message(organisation=organisation, deadline=DEADLINE, delivered_at=NOW)
    pages.login("sanne@example.nl")
    only_the_written_form(text_of(pages.get("/senders/unopened")), language)


@pytest.mark.parametrize("config_overrides", [{"SMTP_URL": None}])
def test_the_reminder_email_the_worker_writes_has_the_same_form(app, clock, letter, language):
    with app.app_context():
        set_policy(letter, remind_days_before_deadline=7)
        policy.run(datetime(2026, 12, 11, 9))
        Outbox.delete().where(Outbox.kind == "alert").execute()
        assert runner.drain(now=datetime(2026, 12, 11, 9)).sent == 1
        (path,) = Path(app.config["MAIL_DIR"]).glob("*.eml")
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for part in ("plain", "html"):
            only_the_written_form(" ".join(mail.get_body((part,)).get_content().split()), language)


def test_machine_data_keeps_the_iso_date(app, clock, letter):
    from portal.api.services import summary

    with app.app_context():
        assert summary(letter)["deadline"] == {"date": "2026-12-18", "kind": "pay"}


def test_delivery_refuses_a_deadline_without_what_to_do(app):
    from portal.delivery import NewMessage, Texts, deliver
    from portal.models import Message

    with app.app_context():
        new = NewMessage(organisation=factories.create_organisation(), recipient=factories.create_citizen(),
                         message_type="aanslag", subject=Texts("Uw aanslag", "Your assessment"),
                         summary=Texts("U moet betalen.", "You must pay."), body=Texts("Betaal.", "Pay."),
                         action=Texts("Betaal het bedrag."), deadline=DEADLINE, deadline_kind="pay")
        with pytest.raises(ValueError, match="action text"):
            deliver(new, now=NOW)  # English texts but no English action
        new.action = Texts("")
        with pytest.raises(ValueError, match="action text"):
            deliver(new, now=NOW)
        assert Message.select().count() == 0


def test_every_demo_letter_with_a_deadline_says_what_to_do_in_each_of_its_languages():
    from portal.demo_letters import BURGER, BUUR

    with_deadline = [letter for letter in BURGER + BUUR if letter.due is not None]
    assert with_deadline
    for letter in with_deadline:
        assert letter.nl.action.strip(), letter.reference
        assert letter.en is None or letter.en.action.strip(), letter.reference
