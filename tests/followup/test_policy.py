"""The policy engine with a frozen clock: each step once, at the right moment, only while it applies; quiet
hours 23:00-07:00 Dutch time; the changes to and from summer time."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from freezegun import freeze_time

from portal.clock import utcnow
from portal.followup import policy, runner
from portal.followup.models import Outbox
from portal.followup.timing import is_quiet, next_send_time
from portal.models import Message
from tests import factories
from tests.followup.conftest import citizen_with_address, set_policy

# Winter (CET, UTC+1) and summer (CEST, UTC+2) in 2027; summer time starts 28 March, ends 31 October.


def rows(kind=None):
    query = Outbox.select().order_by(Outbox.id)
    return [r for r in query if kind is None or r.kind == kind]


def message_with(deadline, delivered_at, **steps):
    citizen = citizen_with_address()
    message = factories.create_message(recipient=citizen, deadline=deadline, delivered_at=delivered_at)
    set_policy(message, **steps)
    Outbox.delete().where(Outbox.kind == "alert").execute()  # the delivery alert is another test's subject
    return message


def test_reminder_before_deadline_fires_once_on_its_day_at_seven(app):
    with app.app_context():
        message = message_with(date(2027, 1, 18), datetime(2027, 1, 8, 9), remind_days_before_deadline=7)
        assert policy.run(datetime(2027, 1, 10, 22, 59)) == 0  # 10 Jan 23:59 Dutch time: not yet
        assert policy.run(datetime(2027, 1, 10, 23, 0)) == 1  # 11 Jan 00:00 Dutch time: due ...
        (row,) = rows("reminder")
        assert row.due_at == datetime(2027, 1, 11, 6, 0)  # ... but e-mailed from 07:00 Dutch time
        assert row.key == f"reminder:{message.id}:remind_days_before_deadline"
        assert policy.run(datetime(2027, 1, 11, 8)) == 0  # once
        assert policy.run(datetime(2027, 1, 12, 8)) == 0


def test_remind_after_days_and_paper_steps(app):
    with app.app_context():
        message = message_with(date(2027, 1, 20), datetime(2027, 1, 8, 9), remind_after_days=3,
                               paper_days_before_deadline=3)
        assert policy.run(datetime(2027, 1, 10, 12)) == 0
        assert policy.run(datetime(2027, 1, 11, 12)) == 1  # 3 days after delivery
        assert policy.run(datetime(2027, 1, 17, 12)) == 1  # 3 days before the deadline
        assert [r.detail for r in rows()] == ["remind_after_days", "paper_days_before_deadline"]
        assert rows("paper")[0].due_at == datetime(2027, 1, 17, 12)  # paper has no quiet hours
        tally = runner.drain(now=datetime(2027, 1, 17, 12), send=lambda mail: None)
        assert tally.paper == 1 and tally.sent == 1
        assert message.paper_requests.get().requested_by == "policy"


def test_no_step_for_an_opened_message(app):
    with app.app_context():
        message = message_with(date(2027, 1, 20), datetime(2027, 1, 8, 9), remind_after_days=1,
                               paper_days_before_deadline=3)
        Message.update(first_opened_at=datetime(2027, 1, 8, 10)).where(Message.id == message.id).execute()
        assert policy.run(datetime(2027, 1, 18, 12)) == 0


def test_reminder_before_deadline_goes_to_an_opened_but_not_done_message_not_a_done_one(app):
    with app.app_context():
        opened = message_with(date(2027, 1, 20), datetime(2027, 1, 8, 9), remind_days_before_deadline=5)
        done = message_with(date(2027, 1, 20), datetime(2027, 1, 8, 9), remind_days_before_deadline=5)
        Message.update(first_opened_at=datetime(2027, 1, 9)).where(Message.id == opened.id).execute()
        Message.update(first_opened_at=datetime(2027, 1, 9), done_at=datetime(2027, 1, 9)).where(
            Message.id == done.id).execute()
        assert policy.run(datetime(2027, 1, 16, 12)) == 1
        assert rows()[0].message_id == opened.id


def test_a_step_opened_after_it_was_written_is_cancelled_not_carried_out(app):
    with app.app_context():
        message = message_with(date(2027, 1, 20), datetime(2027, 1, 8, 9), paper_days_before_deadline=3,
                               remind_after_days=1)
        policy.run(datetime(2027, 1, 17, 12))
        Message.update(first_opened_at=datetime(2027, 1, 17, 12, 1)).where(Message.id == message.id).execute()
        tally = runner.drain(now=datetime(2027, 1, 17, 12, 2), send=lambda mail: pytest.fail("sent"))
        assert tally.cancelled == 2 and tally.paper == 0
        assert {r.status for r in rows()} == {"cancelled"}


def test_never_after_the_deadline_and_never_for_test_messages(app):
    with app.app_context():
        message_with(date(2027, 1, 20), datetime(2027, 1, 8, 9), remind_after_days=1, paper_days_before_deadline=3)
        assert policy.run(datetime(2027, 1, 21, 12)) == 0  # missed while the worker was down: too late now
        test = message_with(date(2027, 1, 30), datetime(2027, 1, 8, 9), remind_after_days=1)
        Message.update(is_test=True).where(Message.id == test.id).execute()
        policy.run(datetime(2027, 1, 12, 12))
        assert test.id not in {r.message_id for r in rows()}


def test_organisation_default_applies_when_the_message_has_no_policy(app):
    with app.app_context():
        citizen = citizen_with_address()
        organisation = factories.create_organisation()
        policy.set_default(organisation, {"remind_after_days": 2}, now=utcnow())
        default = factories.create_message(recipient=citizen, organisation=organisation, deadline=date(2027, 2, 1),
                                           delivered_at=datetime(2027, 1, 8, 9))
        own = factories.create_message(recipient=citizen, organisation=organisation, deadline=date(2027, 2, 1),
                                       delivered_at=datetime(2027, 1, 8, 9))
        set_policy(own, remind_after_days=5)  # the message's own policy wins
        assert policy.run(datetime(2027, 1, 10, 12)) == 1
        assert [r.message_id for r in rows("reminder")] == [default.id]
        with pytest.raises(ValueError):
            policy.set_default(organisation, {"print_everything": 1}, now=utcnow())


def test_the_default_is_written_on_the_message_at_delivery_and_stays_with_it(app):
    with app.app_context():
        citizen = citizen_with_address()
        organisation = factories.create_organisation()
        before = factories.create_message(recipient=citizen, organisation=organisation,
                                          delivered_at=datetime(2027, 1, 8, 9))
        policy.set_default(organisation, {"remind_after_days": 2}, now=utcnow())
        during = factories.create_message(recipient=citizen, organisation=organisation,
                                          delivered_at=datetime(2027, 1, 8, 9))
        policy.set_default(organisation, {"remind_after_days": 9}, now=utcnow())  # later: for new mail only
        after = factories.create_message(recipient=citizen, organisation=organisation,
                                         delivered_at=datetime(2027, 1, 8, 9))
        policy.set_default(organisation, {}, now=utcnow())
        gone = factories.create_message(recipient=citizen, organisation=organisation,
                                        delivered_at=datetime(2027, 1, 8, 9))
        stored = {m.id: m.policy for m in Message.select(Message.id, Message.policy)}
        assert stored[before.id] is None and stored[gone.id] is None
        assert stored[during.id] == '{"remind_after_days": 2}'
        assert stored[after.id] == '{"remind_after_days": 9}'
        assert policy.run(datetime(2027, 1, 10, 12)) == 1  # the second day after delivery: only `during`
        assert [r.message_id for r in rows("reminder")] == [during.id]


@pytest.mark.parametrize(("utc", "quiet", "next_utc"), [
    (datetime(2027, 1, 8, 5, 59), True, datetime(2027, 1, 8, 6, 0)),  # 06:59 CET
    (datetime(2027, 1, 8, 6, 0), False, datetime(2027, 1, 8, 6, 0)),  # 07:00 CET
    (datetime(2027, 1, 8, 21, 59), False, datetime(2027, 1, 8, 21, 59)),  # 22:59 CET
    (datetime(2027, 1, 8, 22, 0), True, datetime(2027, 1, 9, 6, 0)),  # 23:00 CET -> 07:00 next morning
    (datetime(2027, 3, 27, 22, 30), True, datetime(2027, 3, 28, 5, 0)),  # 23:30 CET, night summer time starts
    (datetime(2027, 6, 1, 4, 59), True, datetime(2027, 6, 1, 5, 0)),  # 06:59 CEST
    (datetime(2027, 6, 1, 21, 0), True, datetime(2027, 6, 2, 5, 0)),  # 23:00 CEST
    (datetime(2027, 10, 30, 21, 30), True, datetime(2027, 10, 31, 6, 0)),  # 23:30 CEST, night it ends
])
def test_quiet_hours_in_dutch_time_across_summer_time(utc, quiet, next_utc):
    assert is_quiet(utc) is quiet
    assert next_send_time(utc) == next_utc


def test_steps_count_dutch_calendar_days_across_the_change_to_summer_time(app):
    with app.app_context():
        # Deadline Friday 2 April; 7 days before is Friday 26 March (CET); 3 days before is 30 March (CEST).
        message_with(date(2027, 4, 2), datetime(2027, 3, 20, 9), remind_days_before_deadline=7,
                     paper_days_before_deadline=3)
        assert policy.run(datetime(2027, 3, 25, 22, 59)) == 0  # 25 March 23:59 CET
        assert policy.run(datetime(2027, 3, 25, 23, 0)) == 1  # 26 March 00:00 CET
        assert rows("reminder")[0].due_at == datetime(2027, 3, 26, 6, 0)  # 07:00 CET
        assert policy.run(datetime(2027, 3, 29, 21, 59)) == 0  # 29 March 23:59 CEST
        assert policy.run(datetime(2027, 3, 29, 22, 0)) == 1  # 30 March 00:00 CEST


def test_alert_waits_for_seven_on_the_morning_summer_time_starts(app):
    with app.app_context(), freeze_time("2027-03-27 23:30:00"):  # 00:30 CET; at 02:00 the clock goes to 03:00
        citizen = citizen_with_address()
        factories.create_message(recipient=citizen, delivered_at=utcnow())
        (row,) = rows("alert")
        assert row.due_at == datetime(2027, 3, 28, 5, 0)  # 07:00 CEST
        assert runner.drain(send=lambda mail: pytest.fail("sent in quiet hours")).sent == 0
    with app.app_context(), freeze_time("2027-03-28 05:00:00"):
        sent = []
        assert runner.drain(send=sent.append).sent == 1


def test_alert_within_fifteen_minutes_in_the_day(app):
    with app.app_context(), freeze_time("2027-01-08 09:00:00"):
        factories.create_message(recipient=citizen_with_address(), delivered_at=utcnow())
        (row,) = rows("alert")
        assert datetime(2027, 1, 8, 9) < row.due_at <= datetime(2027, 1, 8, 9, 15)


def test_helper_alert_once_the_day_after_an_unmet_deadline(app):
    from portal.followup.models import AlertSetting

    with app.app_context():
        citizen = citizen_with_address()
        AlertSetting.create(citizen=citizen, helper_email="hulp@example.nl", updated_at=utcnow())
        factories.create_message(recipient=citizen, deadline=date(2027, 1, 20), delivered_at=datetime(2027, 1, 8))
        factories.create_message(recipient=citizen, deadline=None, delivered_at=datetime(2027, 1, 8))
        assert policy.run(datetime(2027, 1, 20, 12)) == 0  # the deadline day itself: not overdue yet
        assert policy.run(datetime(2027, 1, 21, 12)) == 1
        assert policy.run(datetime(2027, 1, 22, 12)) == 0
        assert rows("helper_alert")[0].due_at == datetime(2027, 1, 21, 12)
