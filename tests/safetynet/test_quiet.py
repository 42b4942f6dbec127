"""With the clock moved (`portal followup run --now`): a bounced address makes the net print sooner; a quiet
inbox (12 months without contact while mail came, or 3 deadline letters in a row unopened) goes to paper for
everything with one explanation letter; the citizen, back at a log-in, chooses digital again."""

from __future__ import annotations

import io
import json
from datetime import datetime, time, timedelta

import pytest
from pypdf import PdfReader

from portal.clock import local_today, utcnow
from portal.followup.models import AlertSetting
from portal.helpers.models import Delegation  # noqa: F401 -- the table exists
from portal.models import Account, Citizen, Event, Message
from portal.paper.models import PaperRequest
from portal.safetynet import quiet
from portal.safetynet.models import ChannelSwitch
from portal.webhooks import services as webhooks
from portal.webhooks.models import WebhookDelivery
from tests import factories
from tests.pagecheck import check_page


def run(app, at: datetime) -> str:
    result = app.test_cli_runner().invoke(args=["portal", "followup", "run", "--now",
                                                at.isoformat(timespec="minutes")])
    assert result.exit_code == 0, result.output
    return result.output


def requests_for(message) -> list[PaperRequest]:
    return list(PaperRequest.select().where(PaperRequest.message == message.id))


# Sooner when alerts do not reach the citizen ----------------------------------------------------------------


def letter_for(app, email: str, *, days_ahead: int = 40):
    with app.app_context():
        citizen = factories.give_postal_address(factories.create_citizen(email=email))
        deadline = local_today(utcnow()) + timedelta(days=days_ahead)
        message = factories.create_message(recipient=citizen, deadline=deadline,
                                           delivered_at=utcnow() - timedelta(hours=1))
    return citizen, message


def test_a_bounced_address_gets_the_letter_on_paper_days_after_delivery_not_weeks_later(app):
    _, bounced = letter_for(app, "weg@example.nl")
    _, fine = letter_for(app, "thuis@example.nl")
    result = app.test_cli_runner().invoke(args=["portal", "mark-bounced", "WEG@example.nl"])
    assert "1 citizen" in result.output
    soon = datetime.combine(local_today(utcnow()) + timedelta(days=4), datetime.min.time().replace(hour=9))
    run(app, soon)
    run(app, soon + timedelta(hours=6))  # twice a day: nothing doubles
    with app.app_context():
        [request] = requests_for(bounced)
        assert (request.requested_by, request.reason) == ("safety_net", "safety_net")
        assert requests_for(fine) == []  # alerts work: the net waits for the last chance
        assert AlertSetting.get(AlertSetting.citizen == bounced.recipient_id).problem == "bounced"


def test_no_alert_address_at_all_counts_as_no_alerts(app):
    citizen, message = letter_for(app, "stil2@example.nl")
    with app.app_context():
        AlertSetting.create(citizen=citizen, enabled=False, updated_at=utcnow())
    run(app, utcnow() + timedelta(days=4))
    with app.app_context():
        assert len(requests_for(message)) == 1


def test_a_bounced_address_is_no_longer_written_to(app):
    from portal.followup.runner import address_for

    citizen, _ = letter_for(app, "weg2@example.nl")
    with app.app_context():
        assert address_for("alert", citizen) == "weg2@example.nl"
        app.test_cli_runner().invoke(args=["portal", "mark-bounced", "weg2@example.nl"])
        assert address_for("alert", Citizen.get_by_id(citizen.id)) == ""


def test_a_helper_opening_the_mail_counts_as_contact(app):
    citizen, message = letter_for(app, "geholpen@example.nl")
    with app.app_context():
        AlertSetting.create(citizen=citizen, enabled=False, updated_at=utcnow())
        helper = factories.create_account(email="hulp@example.nl")
        Event.create(citizen=citizen, actor=helper, kind="acting_started", at=utcnow(), detail="1")
    run(app, utcnow() + timedelta(days=4))
    with app.app_context():
        assert requests_for(message) == []


def test_test_messages_and_the_switch_off_are_left_alone(app):
    citizen, message = letter_for(app, "test@example.nl")
    with app.app_context():
        Message.update(is_test=True).where(Message.id == message.id).execute()
        AlertSetting.create(citizen=citizen, enabled=False, updated_at=utcnow())
    run(app, utcnow() + timedelta(days=4))
    with app.app_context():
        assert requests_for(message) == []


# Quiet inbox -> paper for everything -------------------------------------------------------------------------


def long_quiet_citizen(app, *, language="nl", email="oud@example.nl"):
    """Logged in 13 months ago; a letter came two months ago."""
    with app.app_context():
        long_ago = utcnow() - timedelta(days=400)
        citizen = factories.give_postal_address(factories.create_citizen(email=email, language=language,
                                                                         now=long_ago))
        Account.update(last_login_at=long_ago).where(Account.id == citizen.account_id).execute()
        org = factories.create_organisation(slug=f"gemeente-{citizen.id}")
        letter = factories.create_message(recipient=citizen, organisation=org,
                                          deadline=local_today(utcnow()) + timedelta(days=30),
                                          delivered_at=utcnow() - timedelta(days=60))
    return citizen, org, letter


def explanation_letters(citizen) -> list[Message]:
    return list(Message.select().where(Message.recipient == citizen.id, Message.message_type == "paper-for-everything"))


def test_twelve_months_without_log_in_switches_to_paper_and_prints_the_explanation_once(app):
    citizen, org, letter = long_quiet_citizen(app)
    with app.app_context():
        webhooks.create(org, url="https://hooks.example.nl/in", event_types=["citizen.channel_changed"],
                        is_test=False, production=False, now=utcnow())
    output = run(app, utcnow())
    assert "1 quiet inbox" in output
    run(app, utcnow() + timedelta(hours=6))
    run(app, utcnow() + timedelta(days=1))
    with app.app_context():
        assert Citizen.get_by_id(citizen.id).channel == "paper"
        [switch] = ChannelSwitch.select().where(ChannelSwitch.citizen == citizen.id)
        assert switch.reason == "no_login" and switch.answered_at is None
        [explanation] = explanation_letters(citizen)
        [request] = requests_for(explanation)
        assert (request.requested_by, request.reason, request.status) == ("safety_net", "channel_changed",
                                                                           "requested")
        assert "Log in" in explanation.action_en and "Terug naar digitaal" in explanation.action_nl
        [copy] = requests_for(letter)  # the unopened letter with a deadline goes on paper too
        assert copy.requested_by == "safety_net"
        [hook] = WebhookDelivery.select().where(WebhookDelivery.event_type == "citizen.channel_changed")
        data = json.loads(hook.body)["data"]
        assert data["channel"] == "paper" and data["by"] == "safety_net" and data["message_id"] == letter.public_id
        assert "bsn" not in hook.body and citizen.bsn not in hook.body


def test_the_channel_lookup_answers_paper_after_the_switch(app, client):
    from portal.api import keys

    citizen, org, _ = long_quiet_citizen(app)
    with app.app_context():
        key = keys.create_key(org_slug=org.slug, kind="live", name="main", now=utcnow())
    lookup = f"/api/v1/recipients/{citizen.bsn}/channel"
    headers = {"Authorization": f"Bearer {key.secret}"}
    assert client.get(lookup, headers=headers).get_json() == {"channel": "digital"}
    run(app, utcnow())
    assert client.get(lookup, headers=headers).get_json() == {"channel": "paper"}


def test_a_citizen_who_logged_in_this_year_is_not_switched(app):
    citizen, _, _ = long_quiet_citizen(app)
    with app.app_context():
        Account.update(last_login_at=utcnow() - timedelta(days=200)).where(
            Account.id == citizen.account_id).execute()
    run(app, utcnow())
    with app.app_context():
        assert Citizen.get_by_id(citizen.id).channel == "digital" and explanation_letters(citizen) == []


def test_three_deadline_letters_in_a_row_unopened_switch_to_paper_once(app):
    with app.app_context():
        citizen = factories.give_postal_address(factories.create_citizen(email="rij@example.nl"))
        Account.update(last_login_at=utcnow()).where(Account.id == citizen.account_id).execute()
        today = local_today(utcnow())
        for weeks in (1, 2, 3):
            factories.create_message(recipient=citizen, deadline=today + timedelta(weeks=weeks))
    run(app, utcnow() + timedelta(days=15))  # two deadlines passed: not yet
    with app.app_context():
        assert Citizen.get_by_id(citizen.id).channel == "digital"
    run(app, utcnow() + timedelta(days=22))
    run(app, utcnow() + timedelta(days=23))
    with app.app_context():
        assert Citizen.get_by_id(citizen.id).channel == "paper"
        [switch] = ChannelSwitch.select().where(ChannelSwitch.citizen == citizen.id)
        assert switch.reason == "unopened_in_a_row"
        assert len(explanation_letters(citizen)) == 1


def test_a_row_with_one_opened_letter_does_not_switch(app):
    with app.app_context():
        citizen = factories.give_postal_address(factories.create_citizen(email="rij2@example.nl"))
        today = local_today(utcnow())
        letters = [factories.create_message(recipient=citizen, deadline=today + timedelta(weeks=w)) for w in (1, 2, 3)]
        Message.update(first_opened_at=utcnow()).where(Message.id == letters[1].id).execute()
    run(app, utcnow() + timedelta(days=23))
    with app.app_context():
        assert Citizen.get_by_id(citizen.id).channel == "digital"


def test_coming_back_and_choosing_digital_switches_back(app, pages):
    citizen, org, _ = long_quiet_citizen(app)
    with app.app_context():
        webhooks.create(org, url="https://hooks.example.nl/in", event_types=["citizen.channel_changed"],
                        is_test=False, production=False, now=utcnow())
    # Last night (Dutch time, as `--now` reads it), so that the alert about the old letter is not sent yet: an alert
    # sent before the log-in would count as the address confirmed, and the time of day would decide the test.
    run(app, datetime.combine(local_today(utcnow()) - timedelta(days=1), time(3, 0)))
    pages.login("oud@example.nl")
    inbox = pages.client.get("/inbox/")
    assert inbox.status_code == 303 and inbox.headers["Location"].endswith("/welcome-back")
    page = pages.get("/welcome-back")
    assert "Terug naar digitaal" in page.get_text()
    empty = pages.post("/welcome-back", {})
    assert empty.status_code == 200  # no choice: the error summary
    assert check_page(empty.get_data(as_text=True)).title.get_text().startswith("Fout:")
    done = pages.post("/welcome-back", {"choice": "digital"})
    assert done.status_code == 303
    again = pages.post("/welcome-back", {"choice": "paper"})  # a second click changes nothing
    assert again.status_code == 303
    then = pages.client.get("/inbox/")  # a year away: the alert address is asked for once more too
    assert then.status_code == 303 and then.headers["Location"].endswith("/settings/alerts/confirm")
    assert pages.client.get("/inbox/").status_code == 200  # asked once per log-in
    with app.app_context():
        assert Citizen.get_by_id(citizen.id).channel == "digital"
        switch = ChannelSwitch.get(ChannelSwitch.citizen == citizen.id)
        assert switch.answer == "digital"
        bodies = [json.loads(d.body)["data"] for d in WebhookDelivery.select().order_by(WebhookDelivery.id)]
        assert [(b["channel"], b["by"]) for b in bodies] == [("paper", "safety_net"), ("digital", "citizen")]
    run(app, utcnow() + timedelta(days=1))  # back and logged in: not switched again
    with app.app_context():
        assert Citizen.get_by_id(citizen.id).channel == "digital"


def test_keep_paper_keeps_paper_and_stops_asking(app, pages):
    citizen, _, _ = long_quiet_citizen(app, email="papier@example.nl")
    run(app, utcnow())
    pages.login("papier@example.nl")
    assert pages.post("/welcome-back", {"choice": "paper"}).status_code == 303
    assert pages.post("/settings/alerts/confirm", {}).status_code == 303
    assert pages.client.get("/inbox/").status_code == 200
    with app.app_context():
        assert Citizen.get_by_id(citizen.id).channel == "paper"


@pytest.mark.parametrize("language, words", [("nl", "Wij sturen uw post nu op papier"),
                                             ("en", "We now send your mail on paper")])
def test_the_explanation_letter_is_tagged_pdf_ua_in_the_citizens_language(app, language, words):
    from portal.paper.letters import render_print_letter

    citizen, _, _ = long_quiet_citizen(app, language=language, email=f"brief-{language}@example.nl")
    run(app, utcnow())
    with app.app_context():
        [explanation] = explanation_letters(citizen)
        pdf = render_print_letter(PaperRequest.get(PaperRequest.message == explanation.id))
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == language and catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    text = " ".join(page.extract_text() for page in reader.pages)
    assert words in text


def test_followup_status_counts_citizens_in_each_state(app):
    long_quiet_citizen(app)
    run(app, utcnow())
    result = app.test_cli_runner().invoke(args=["portal", "followup", "status"])
    assert result.exit_code == 0, result.output
    assert "paper by the safety net, not back yet: 1" in result.output
    assert "Letters of the last 90 days: 2, still unopened: 2 (100 %)." in result.output  # with the explanation


def test_an_address_not_confirmed_for_six_months_is_asked_at_log_in(app, pages):
    with app.app_context():
        citizen = factories.create_citizen(email="half@example.nl", now=utcnow() - timedelta(days=200))
    pages.login("half@example.nl")
    first = pages.client.get("/inbox/")
    assert first.status_code == 303 and first.headers["Location"].endswith("/settings/alerts/confirm")
    page = pages.get("/settings/alerts/confirm")
    assert "half@example.nl" in page.get_text()
    assert pages.post("/settings/alerts/confirm", {}).status_code == 303
    assert pages.client.get("/inbox/").status_code == 200
    with app.app_context():
        from portal.safetynet import alerts

        assert not alerts.needs_confirmation(Citizen.get_by_id(citizen.id), now=utcnow())


def test_quiet_rule_needs_mail_that_kept_arriving(app):
    with app.app_context():
        long_ago = utcnow() - timedelta(days=400)
        citizen = factories.give_postal_address(factories.create_citizen(email="leeg@example.nl", now=long_ago))
    run(app, utcnow())
    with app.app_context():
        assert Citizen.get_by_id(citizen.id).channel == "digital"
        assert quiet.long_quiet(utcnow()) == []


def test_the_citizen_channel_changed_payload_matches_its_documented_schema(app):
    import jsonschema_rs

    from portal.settings.services import save_paper_choices
    from tests.api.conftest import document

    citizen, org, letter = long_quiet_citizen(app, email="eigen@example.nl")
    with app.app_context():
        webhooks.create(org, url="https://hooks.example.nl/in", event_types=["citizen.channel_changed"],
                        is_test=False, production=False, now=utcnow())
        save_paper_choices(Citizen.get_by_id(citizen.id), all_mail=True, organisation_ids=set(),
                           actor=citizen.account, now=utcnow())  # the citizen's own choice is told as well
        [hook] = WebhookDelivery.select().where(WebhookDelivery.event_type == "citizen.channel_changed")
    body = json.loads(hook.body)
    assert body["data"] == {"message_id": letter.public_id, "reference": "2026-REF-1", "message_type": "aanslag",
                            "test": False, "channel": "paper", "by": "citizen"}
    doc = document()
    spec = doc["webhooks"]["citizen.channel_changed"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    errors = list(jsonschema_rs.Draft202012Validator({**spec, "components": doc["components"]}).iter_errors(body))
    assert not errors, errors
