"""The outbox: unique keys, retries with back-off, failure visible to the sender and the citizen, bounces,
the sweeper."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.api.services import sender_events
from portal.followup import outbox, runner
from portal.followup.models import AlertSetting, Outbox
from tests import factories
from tests.followup.conftest import citizen_with_address

DAY = datetime(2027, 1, 8, 9, 0)


def test_a_key_is_written_once(app):
    with app.app_context():
        assert outbox.add("alert:x", "alert", due_at=DAY, now=DAY) is True
        assert outbox.add("alert:x", "alert", due_at=DAY, now=DAY) is False
        assert Outbox.select().count() == 1


def test_a_joining_row_takes_the_time_of_the_one_waiting_unless_that_time_has_passed(app):
    with app.app_context():
        citizen, other = citizen_with_address(), citizen_with_address()
        message = factories.create_message(recipient=citizen, delivered_at=DAY)
        Outbox.delete().execute()  # the rows delivery wrote: this test writes its own
        later = DAY + timedelta(minutes=5)

        def add(key, due_at, now=DAY, citizen=citizen):
            return outbox.add_joining(key, "alert", due_at=due_at, now=now, message_id=message.id,
                                      citizen_id=citizen.id)

        assert add("alert:1", later) is True
        assert add("alert:2", DAY + timedelta(minutes=9)) is True  # joins the first: due with it
        assert add("alert:1", DAY + timedelta(minutes=7)) is False  # the key again: nothing written
        assert add("alert:3", DAY + timedelta(minutes=8), citizen=other) is True  # another citizen's: its own
        Outbox.update(status="sent").where(Outbox.key == "alert:3").execute()
        assert add("alert:4", DAY + timedelta(minutes=6), citizen=other) is True  # a row sent is not waiting
        assert add("alert:5", DAY + timedelta(minutes=20), now=later + timedelta(minutes=1)) is True  # 1 is late
        due = {row.key: row.due_at for row in Outbox.select()}
        assert due == {"alert:1": later, "alert:2": later, "alert:3": DAY + timedelta(minutes=8),
                       "alert:4": DAY + timedelta(minutes=6), "alert:5": DAY + timedelta(minutes=20)}
        assert all(row.mail_id and row.status in ("pending", "sent") for row in Outbox.select())


def test_a_refusing_server_is_retried_with_back_off_then_failed_and_the_sender_sees_it(app, smtp_server):
    smtp_server.handler.answer = lambda envelope: "451 4.3.0 Try again later"
    with app.app_context():
        citizen = citizen_with_address()
        message = factories.create_message(recipient=citizen, delivered_at=DAY)
        now = DAY + timedelta(minutes=10)
        waits = []
        for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
            tally = runner.drain(now=now)
            row = Outbox.get(Outbox.kind == "alert")
            assert row.attempts == attempt
            if attempt < outbox.MAX_ATTEMPTS:
                assert (tally.retried, row.status) == (1, "pending")
                waits.append(int((row.due_at - now).total_seconds()))
                assert runner.drain(now=row.due_at - timedelta(seconds=1)).sent == 0  # not before its time
                now = row.due_at
        assert waits == list(outbox.RETRY_DELAYS)
        assert (tally.failed, row.status) == (1, "failed") and "451" in row.last_error
        assert smtp_server.handler.attempts == outbox.MAX_ATTEMPTS and smtp_server.received == []
        assert {"kind": "alert_failed"}.items() <= sender_events(message)[-1].items()
        assert AlertSetting.get(AlertSetting.citizen == citizen).problem == "failed"


def test_a_bounced_address_fails_at_once_and_the_citizen_is_told_at_the_next_log_in(app, smtp_server, pages):
    smtp_server.handler.answer = lambda envelope: "550 5.1.1 No such mailbox"
    with app.app_context():
        citizen = citizen_with_address(email="weg@example.nl")
        message = factories.create_message(recipient=citizen, delivered_at=DAY)
        tally = runner.drain(now=DAY + timedelta(minutes=10))
        assert tally.failed == 1
        assert Outbox.get().attempts == 1
        assert sender_events(message)[-1]["kind"] == "alert_failed"
        assert AlertSetting.get(AlertSetting.citizen == citizen).problem == "bounced"
    pages.login("weg@example.nl")
    page = pages.get("/inbox/")
    assert "weg@example.nl" in page.text and "Instellingen" in page.text
    assert "weg@example.nl" not in pages.get("/inbox/").text  # once per log-in


def test_the_sweeper_requeues_a_row_stuck_in_sending_only_after_the_timeout(app, smtp_server):
    with app.app_context():
        factories.create_message(recipient=citizen_with_address(), delivered_at=DAY)
        now = DAY + timedelta(minutes=10)
        (row,) = outbox.claim(now, ["alert"])  # a worker took it and died
        assert outbox.sweep(now + outbox.stuck_after() - timedelta(seconds=1)) == 0
        assert runner.drain(now=now + timedelta(minutes=1)).sent == 0  # not taken from a live worker
        later = now + outbox.stuck_after()
        tally = runner.drain(now=later)
        assert (tally.swept, tally.sent) == (1, 1)
        assert len(smtp_server.received) == 1
        assert smtp_server.received[0].message["Message-ID"] == row.mail_id
        assert Outbox.get().attempts == 2


def test_mail_without_smtp_is_a_file_named_by_its_message_id_so_a_repeat_replaces_it(app, tmp_path):
    from portal.mail import Mail, send

    mail = Mail(to="a@example.nl", subject="s", text="t", message_id="<outbox.abc@portal.example>")
    for _ in range(2):
        send(mail, sender="x@example.nl", smtp_url=None, mail_dir=tmp_path / "mail")
    assert [p.name for p in (tmp_path / "mail").iterdir()] == ["outbox.abc_portal.example.eml"]


@pytest.mark.parametrize("code", ["421 4.7.0 closing", "452 4.2.2 mailbox full"])
def test_temporary_refusals_keep_trying(app, smtp_server, code):
    smtp_server.handler.answer = lambda envelope: code
    with app.app_context():
        factories.create_message(recipient=citizen_with_address(), delivered_at=DAY)
        assert runner.drain(now=DAY + timedelta(minutes=10)).retried == 1


def test_two_workers_draining_at_once_send_each_email_once(app, smtp_server):
    """Claims lock: FOR UPDATE SKIP LOCKED on PostgreSQL, the write lock first on SQLite."""
    import json
    import threading

    from portal.db import database
    from portal.followup import policy
    from portal.models import Message

    app.config["FOLLOWUP_QUIET_HOURS"] = False
    with app.app_context():
        citizens = [citizen_with_address() for _ in range(5)]
        organisation = factories.create_organisation()
        rows = [dict(public_id=f"two{n:04d}", organisation=organisation.id, recipient=citizens[n % 5].id,
                     message_type="aanslag", subject_nl="Uw aanslag", summary_nl="S", body_nl="T",
                     delivered_at=DAY, policy=json.dumps({"remind_after_days": 1})) for n in range(120)]
        Message.insert_many(rows).execute()
        assert policy.run(DAY + timedelta(days=1)) == 120
    database.close()
    errors = []

    def drain():
        try:
            with app.app_context(), database.connection_context():
                runner.drain(now=DAY + timedelta(days=1, hours=1))
        except Exception as error:  # noqa: BLE001 -- reported below
            errors.append(error)

    threads = [threading.Thread(target=drain) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    ids = smtp_server.handler.message_ids()
    assert len(ids) == 120 and len(set(ids)) == 120
    with app.app_context():
        assert Outbox.select().where(Outbox.status == "sent").count() == 120
        assert Outbox.select().where(Outbox.attempts != 1).count() == 0  # nobody took a row twice
