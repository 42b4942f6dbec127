"""Each event type, produced by the real flow that causes it, reaches the receiver signed."""

from __future__ import annotations

import smtplib
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from portal.clock import local_today, utcnow
from portal.followup import policy, retention, runner
from portal.models import Message
from portal.paper import services as paper
from portal.paper.models import PrintBatch
from portal.printing import services as printing
from portal.webhooks import deadlines
from tests import factories
from tests.followup.conftest import set_policy
from tests.webhooks.conftest import assert_documented, drain, subscribe


def citizen_with_inbox(email="anna@example.nl"):
    return factories.give_postal_address(factories.create_citizen(email=email))


def test_opening_done_paper_and_delete_in_the_inbox_arrive(app, organisation, receiver, pages):
    subscribe(organisation, receiver)
    citizen = citizen_with_inbox()
    with app.app_context():
        message = factories.create_message(recipient=citizen, organisation=organisation,
                                           deadline=local_today(utcnow()) + timedelta(days=40))
    pages.login("anna@example.nl")
    pages.get(f"/inbox/{message.public_id}")
    pages.get(f"/inbox/{message.public_id}")  # a second opening is not a first opening
    assert pages.post(f"/paper/{message.public_id}/request", {"seen": "0"}).status_code in (302, 303)
    assert pages.post(f"/inbox/{message.public_id}/done", {"done": "1"}).status_code == 302
    assert pages.post(f"/inbox/{message.public_id}/delete").status_code == 302
    with app.app_context():
        drain()
    assert sorted(receiver.types()) == ["message.delivered", "message.done", "message.opened",
                                        "message.paper_requested", "message.removed"]  # any order: in parallel
    assert receiver.of_type("message.opened")[0].payload["data"]["by"] == "citizen"
    assert receiver.of_type("message.paper_requested")[0].payload["data"]["requested_by"] == "citizen"
    assert receiver.of_type("message.removed")[0].payload["data"]["by"] == "citizen"
    assert receiver.bad_signatures == 0
    assert_documented(receiver.arrivals)


def test_a_posted_paper_copy_and_a_late_one_arrive(app, organisation, receiver, tmp_path):
    subscribe(organisation, receiver, event_types=["message.paper_posted", "message.paper_late"])
    citizen = citizen_with_inbox()
    with app.app_context():
        with freeze_time("2026-11-30 09:00:00"):
            message = factories.create_message(recipient=citizen, organisation=organisation,
                                               deadline=date(2026, 12, 5))
            paper.request_paper_copy(message, requested_by="citizen", actor=None, now=utcnow(), reason="button")
        with freeze_time("2026-12-02 09:00:00"):  # posted a day late: arrives on the last day to act
            batch = printing.claim_batch(tmp_path, now=utcnow())
            PrintBatch.update(status="ready").where(PrintBatch.id == batch.id).execute()
            printing.mark_posted(batch.id, now=utcnow())
        drain(now=datetime(2026, 12, 2, 10))  # outside freeze_time: the signature carries the real time
    assert receiver.bad_signatures == 0
    assert sorted(receiver.types()) == ["message.paper_late", "message.paper_posted"]  # the subscription chose these
    assert receiver.of_type("message.paper_late")[0].payload["data"] == {
        "message_id": message.public_id, "reference": "2026-REF-1", "message_type": "aanslag", "test": False,
        "arrive_by": "2026-12-04", "deadline": "2026-12-05"}
    assert_documented(receiver.arrivals)


DAY = datetime(2027, 1, 12, 9, 0)  # 10:00 Dutch time: no quiet hours


def test_a_reminder_and_a_bounced_alert_arrive(app, organisation, receiver):
    subscribe(organisation, receiver, event_types=["message.reminded", "message.alert_bounced"])
    citizen = citizen_with_inbox()
    with app.app_context():
        message = factories.create_message(recipient=citizen, organisation=organisation, delivered_at=DAY,
                                           deadline=date(2027, 2, 20))

        def refuse(mail):
            raise smtplib.SMTPRecipientsRefused({"anna@example.nl": (550, b"5.1.1 unknown")})

        runner.drain(now=DAY + timedelta(minutes=10), send=refuse)
        # A bounced address is not used again (docs/safetynet.md): the citizen gives another one.
        from portal.followup import settings as alert_settings

        alert_settings.save(citizen, enabled=True, email="anna.nieuw@example.nl", helper_email="",
                            now=DAY + timedelta(hours=1))
        set_policy(message, remind_after_days=2)
        later = DAY + timedelta(days=2, hours=1)
        assert policy.run(later) == 1
        runner.drain(now=later + timedelta(hours=1), send=lambda mail: "<id@example>")
        drain(now=later + timedelta(hours=1))
    assert sorted(receiver.types()) == ["message.alert_bounced", "message.reminded"]
    assert receiver.of_type("message.alert_bounced")[0].payload["data"]["problem"] == "bounced"
    assert receiver.of_type("message.reminded")[0].payload["data"]["step"] == "remind_after_days"
    assert_documented(receiver.arrivals)


def test_deadline_passed_says_unopened_or_opened_not_done_once(app, organisation, receiver):
    subscribe(organisation, receiver, event_types=["message.deadline_passed"])
    with app.app_context():
        unread = factories.create_message(recipient=citizen_with_inbox(), organisation=organisation,
                                          delivered_at=DAY, deadline=date(2027, 1, 20))
        opened = factories.create_message(recipient=citizen_with_inbox("b@example.nl"), organisation=organisation,
                                          delivered_at=DAY, deadline=date(2027, 1, 20))
        done = factories.create_message(recipient=citizen_with_inbox("c@example.nl"), organisation=organisation,
                                        delivered_at=DAY, deadline=date(2027, 1, 20))
        Message.update(first_opened_at=DAY).where(Message.id == opened.id).execute()
        Message.update(done_at=DAY).where(Message.id == done.id).execute()
        assert deadlines.passed(datetime(2027, 1, 19, 22, 0)) == 0  # 23:00 Dutch time: the last day to act
        morning = datetime(2027, 1, 20, 6, 0)  # 07:00 on the deadline day: "before 20 January" has passed
        assert deadlines.passed(morning) == 2
        assert deadlines.passed(morning + timedelta(minutes=5)) == 0
        drain(now=morning)
    states = {a.payload["data"]["message_id"]: a.payload["data"]["state"] for a in receiver.arrivals}
    assert states == {unread.public_id: "unopened", opened.public_id: "opened_not_done"}
    assert receiver.arrivals[0].payload["data"]["deadline"] == "2027-01-20"
    assert_documented(receiver.arrivals)


def test_the_followup_command_gives_the_no_reaction_signal(app, organisation, receiver):
    subscribe(organisation, receiver)
    with app.app_context():
        factories.create_message(recipient=citizen_with_inbox(), organisation=organisation, delivered_at=DAY,
                                 deadline=date(2027, 1, 20))
    result = app.test_cli_runner().invoke(args=["portal", "followup", "run", "--now", "2027-01-20T08:00"])
    assert result.exit_code == 0, result.output
    assert "1 deadline(s) passed" in result.output
    assert sorted(receiver.types()) == ["message.deadline_passed", "message.delivered"]
    assert receiver.of_type("message.deadline_passed")[0].payload["data"]["state"] == "unopened"


def test_retention_removal_arrives(app, organisation, receiver):
    subscribe(organisation, receiver, event_types=["message.removed"])
    with app.app_context():
        message = factories.create_message(recipient=citizen_with_inbox(), organisation=organisation,
                                           delivered_at=datetime(2020, 1, 1, 9))
        now = datetime(2022, 1, 1, 9)
        retention.write_notices(now)
        assert retention.remove_expired(now + timedelta(days=31)) == 1
        drain(now=now + timedelta(days=31))
    (arrival,) = receiver.arrivals
    assert arrival.payload["data"] == {"message_id": message.public_id, "reference": "2026-REF-1",
                                       "message_type": "aanslag", "test": False, "by": "retention"}
