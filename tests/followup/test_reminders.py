"""Repeating reminders ("remind every N days while unopened, at most K times") with the injected clock: each
reminder of the series written once on its day, never more than K, never after the letter was opened or done
or its deadline passed, spaced N days apart also after the worker was down, and safe when a worker dies."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.clock import local_today
from portal.followup import outbox, policy, reminders, runner
from portal.followup.models import Outbox
from portal.models import Event, Message
from tests import factories
from tests.budget import examples
from tests.followup.conftest import citizen_with_address, set_policy

DELIVERED = datetime(2027, 1, 8, 9, 0)  # Friday 8 January 2027, 10:00 Dutch time
NO_MAIL = {"send": lambda mail: None}


def letter(deadline: date | None = None, **steps) -> Message:
    message = factories.create_message(recipient=citizen_with_address(), deadline=deadline, delivered_at=DELIVERED)
    set_policy(message, **steps)
    Outbox.delete().where(Outbox.kind == "alert").execute()  # the delivery alert is another test's subject
    return message


def day(n: int, hour: int = 9) -> datetime:
    """`n` days after delivery, at `hour` UTC."""
    return DELIVERED.replace(hour=hour) + timedelta(days=n)


def run_days(days, *, until_opened: int | None = None, message: Message | None = None) -> None:
    for n in days:
        if until_opened is not None and n == until_opened:
            Message.update(first_opened_at=day(n, 8)).where(Message.id == message.id).execute()
        policy.run(day(n))
        runner.drain(now=day(n), **NO_MAIL)


def reminded(message: Message) -> list[tuple[date, str]]:
    return [(local_today(e.at), e.detail) for e in
            Event.select().where(Event.message == message, Event.kind == "reminded").order_by(Event.at, Event.id)]


def test_reminds_every_n_days_while_unopened_at_most_k_times(app):
    with app.app_context():
        message = letter(remind_after_days=3, remind_every_days=7, remind_at_most=3)
        run_days(range(0, 40))
        assert reminded(message) == [(date(2027, 1, 11), "remind_after_days"),
                                     (date(2027, 1, 18), "remind_every_days:2"),
                                     (date(2027, 1, 25), "remind_every_days:3")]
        keys = [r.key for r in Outbox.select().where(Outbox.message == message).order_by(Outbox.id)]
        assert keys == [f"reminder:{message.id}:remind_after_days", f"reminder:{message.id}:remind_every_days:2",
                        f"reminder:{message.id}:remind_every_days:3"]


def test_without_a_first_day_the_series_starts_n_days_after_delivery(app):
    with app.app_context():
        message = letter(remind_every_days=5, remind_at_most=2)
        run_days(range(0, 30))
        assert reminded(message) == [(date(2027, 1, 13), "remind_every_days:1"),
                                     (date(2027, 1, 18), "remind_every_days:2")]


def test_the_series_stops_once_the_letter_is_opened(app):
    with app.app_context():
        message = letter(remind_after_days=1, remind_every_days=2, remind_at_most=5)
        run_days(range(0, 20), until_opened=4, message=message)
        assert [d for d, _ in reminded(message)] == [date(2027, 1, 9), date(2027, 1, 11)]


def test_a_reminder_written_before_the_opening_is_cancelled_not_sent(app):
    with app.app_context():
        message = letter(remind_every_days=2, remind_at_most=3)
        policy.run(day(2))
        Message.update(first_opened_at=day(2, 10)).where(Message.id == message.id).execute()
        tally = runner.drain(now=day(2, 11), send=lambda mail: pytest.fail("sent after the opening"))
        assert tally.cancelled == 1 and reminded(message) == []


def test_the_series_stops_when_done_and_at_the_deadline(app):
    with app.app_context():
        done = letter(remind_every_days=2, remind_at_most=5)
        Message.update(first_opened_at=None, done_at=day(3)).where(Message.id == done.id).execute()
        short = letter(date(2027, 1, 15), remind_every_days=3, remind_at_most=5)  # deadline: 7 days on
        run_days(range(0, 20))
        assert reminded(done) == []
        assert [d for d, _ in reminded(short)] == [date(2027, 1, 11), date(2027, 1, 14)]  # the 17th is too late


def test_after_the_worker_was_down_the_reminders_do_not_bunch_up(app):
    with app.app_context():
        message = letter(remind_after_days=1, remind_every_days=3, remind_at_most=4)
        run_days([*range(0, 3), *range(12, 30)])  # down from day 3 to day 11
        assert [d for d, _ in reminded(message)] == [date(2027, 1, 9), date(2027, 1, 20), date(2027, 1, 23),
                                                     date(2027, 1, 26)]


def test_each_reminder_is_written_once_however_often_the_engine_runs(app):
    with app.app_context():
        message = letter(remind_every_days=2, remind_at_most=3)
        assert [policy.run(day(2)) for _ in range(3)] == [1, 0, 0]
        assert policy.run(day(3)) == 0  # the next waits for its day, and for its predecessor
        # A twin engine that still thinks the key is free writes nothing either: the key is unique.
        assert outbox.add(f"reminder:{message.id}:remind_every_days:1", "reminder", due_at=day(2), now=day(2),
                          message=message, citizen=message.recipient_id, detail="remind_every_days:1") is False
        assert Outbox.select().where(Outbox.message == message).count() == 1


def test_a_worker_that_dies_while_sending_leaves_a_reminder_the_sweeper_sends_once(app):
    with app.app_context():
        message = letter(remind_every_days=2, remind_at_most=2)
        policy.run(day(2))
        (row,) = outbox.claim(day(2), ["reminder"])  # the worker claimed it, then died before sending
        sent = []
        runner.drain(now=day(2) + outbox.stuck_after() + timedelta(minutes=1), send=sent.append)
        assert len(sent) == 1 and Outbox.get_by_id(row.id).status == "sent"
        run_days(range(3, 10))
        assert [d for d, _ in reminded(message)] == [date(2027, 1, 10), date(2027, 1, 12)]


def test_an_invalid_default_policy_is_refused(app):
    organisation = factories.create_organisation()
    with app.app_context():
        for steps in ({"remind_every_days": 3}, {"remind_at_most": 2}, {"remind_every_days": 3, "remind_at_most": 6},
                      {"remind_every_days": 0, "remind_at_most": 2}):
            with pytest.raises(ValueError):
                policy.set_default(organisation, steps, now=DELIVERED)
        policy.set_default(organisation, {"remind_every_days": 3, "remind_at_most": 5}, now=DELIVERED)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.none() | st.integers(1, 10), every=st.integers(1, 8), most=st.integers(1, reminders.MAX_REMINDERS),
       deadline_in=st.none() | st.integers(2, 45), opened_on=st.none() | st.integers(0, 45),
       runs=st.sets(st.tuples(st.integers(0, 45), st.sampled_from([0, 5, 6, 9, 15, 21, 22, 23])), min_size=1,
                    max_size=60))
def test_reminders_never_exceed_k_never_follow_the_opening_and_keep_their_spacing(
        app, first, every, most, deadline_in, opened_on, runs):
    # Runs at random days and hours (UTC; 22:00 and later, and before 06:00, are Dutch quiet hours), as a
    # worker that is sometimes down would make them.
    with app.app_context():
        steps = {"remind_every_days": every, "remind_at_most": most, **({"remind_after_days": first} if first else {})}
        deadline = local_today(DELIVERED) + timedelta(days=deadline_in) if deadline_in else None
        message = letter(deadline, **steps)
        opened_at = day(opened_on, 8) if opened_on is not None else None
        for n, hour in sorted(runs):
            moment = day(n, hour)
            if opened_at and moment >= opened_at:
                Message.update(first_opened_at=opened_at).where(Message.id == message.id).execute()
            policy.run(moment)
            runner.drain(now=moment, **NO_MAIL)
        events = list(Event.select().where(Event.message == message, Event.kind == "reminded").order_by(Event.at))
        assert len(events) <= most
        assert Outbox.select().where(Outbox.message == message, Outbox.kind == "reminder").count() <= most
        assert all(opened_at is None or e.at < opened_at for e in events)
        assert all(deadline is None or local_today(e.at) <= deadline for e in events)
        sent_days = [local_today(e.at) for e in events]
        assert all((b - a).days >= every for a, b in zip(sent_days, sent_days[1:], strict=False))
