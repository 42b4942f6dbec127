"""Paper in time, as rules: the warning is shown exactly when the latest arrival is on or after the last day to
act, and print-if-unread, counted back in working days, always arrives before it. Dates are generated over
several years, so weekends, Easter, King's Day, Ascension, Whitsun and Christmas all come by.

The expected values are worked out here independently, from the `holidays` package and plain day steps."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from portal.deadlines import arrives_too_late, last_day_to_act
from portal.followup import policy
from portal.models import Message
from portal.paper.models import PaperRequest
from portal.paper.status import PaperView
from portal.workdays import paper_days_needed
from tests.budget import examples
from tests.postdays import latest_arrival, nth_working_day_after, working

days = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))
delivery = st.integers(min_value=1, max_value=4)


def message(deadline: date | None, **fields) -> Message:
    return Message(**{"deadline": deadline, "deadline_kind": "pay", "is_test": False, "deleted_at": None,
                      "done_at": None, **fields})


def view(msg: Message, today: date, delivery_days: int, request: PaperRequest | None = None) -> PaperView:
    return PaperView(msg, request, None, today, delivery_days)


def test_the_last_day_to_act_is_the_day_before_the_deadline_whatever_its_weekday():
    assert last_day_to_act(date(2026, 12, 4)) == date(2026, 12, 3)  # "vóór vrijdag 4 december": Thursday
    assert last_day_to_act(date(2027, 3, 1)) == date(2027, 2, 28)  # before a Monday: the Sunday still counts
    assert arrives_too_late(date(2026, 12, 3), date(2026, 12, 4))  # on the last day: too late
    assert not arrives_too_late(date(2026, 12, 2), date(2026, 12, 4))
    assert not arrives_too_late(date(2026, 12, 30), None)  # no deadline, nothing to be late for


@settings(max_examples=examples(400), deadline=None)
@given(today=days, ahead=st.integers(min_value=1, max_value=20), delivery_days=delivery)
@example(today=date(2026, 12, 1), ahead=3, delivery_days=2)  # the demo's Toeslagen letter: Tuesday, due Friday
@example(today=date(2026, 12, 23), ahead=8, delivery_days=2)  # over Christmas: arrives 29 December
def test_before_the_click_the_warning_shows_exactly_when_a_letter_asked_today_is_late(today, ahead, delivery_days):
    deadline = today + timedelta(days=ahead)
    arrive_by = latest_arrival(today, delivery_days)
    late = view(message(deadline), today, delivery_days).late
    assert (late is not None) == (arrive_by >= deadline - timedelta(days=1))
    if late:
        assert (late.arrive_by, late.last_day) == (arrive_by, deadline - timedelta(days=1))


@settings(max_examples=examples(300), deadline=None)
@given(asked=days, waited=st.integers(min_value=0, max_value=6), ahead=st.integers(min_value=1, max_value=20),
       delivery_days=delivery)
def test_after_the_click_the_warning_follows_the_dates_shown_also_when_the_batch_is_late(asked, waited, ahead,
                                                                                            delivery_days):
    today = asked + timedelta(days=waited)
    deadline = asked + timedelta(days=ahead)
    request = PaperRequest(status="requested", requested_at=datetime(asked.year, asked.month, asked.day, 11))
    pv = view(message(deadline), today, delivery_days, request)
    post_on = nth_working_day_after(asked, 1)
    if post_on < today:  # a late batch: posted today, or the next working day
        post_on = today if working(today) else nth_working_day_after(today, 1)
    arrive_by = nth_working_day_after(post_on, delivery_days)
    assert pv.arrival.arrive_by == arrive_by
    assert (pv.late is not None) == (arrive_by >= deadline - timedelta(days=1))


def test_a_done_message_or_one_without_a_deadline_never_warns():
    today = date(2026, 12, 1)
    assert view(message(None), today, 2).late is None
    assert view(message(date(2026, 12, 4), done_at=datetime(2026, 11, 30)), today, 2).late is None


@settings(max_examples=examples(400), deadline=None)
@given(deadline=days, extra=st.integers(min_value=0, max_value=10), delivery_days=delivery)
@example(deadline=date(2026, 12, 29), extra=0, delivery_days=2)  # Tuesday after Christmas
@example(deadline=date(2027, 4, 28), extra=0, delivery_days=2)  # the day after King's Day
def test_print_if_unread_counted_back_in_working_days_always_arrives_before_the_last_day(deadline, extra,
                                                                                         delivery_days):
    needed = paper_days_needed(delivery_days)
    msg = message(deadline, policy=f'{{"paper_days_before_deadline": {needed + extra}}}')
    asked = policy.fire_date("paper_days_before_deadline", needed + extra, msg)
    assert working(asked)
    assert latest_arrival(asked, delivery_days) < deadline - timedelta(days=1)


@pytest.mark.parametrize("delivery_days", [1, 2, 3])
def test_one_working_day_fewer_is_too_late_for_a_deadline_on_a_tuesday(delivery_days):
    deadline = date(2027, 3, 9)  # Tuesday: the last day to act, Monday, is itself a working day
    fewer = paper_days_needed(delivery_days) - 1
    asked = policy.fire_date("paper_days_before_deadline", fewer, message(deadline))
    assert latest_arrival(asked, delivery_days) >= deadline - timedelta(days=1)


def test_print_if_unread_skips_weekends_and_holidays_when_counting_back():
    # Deadline Wednesday 29 December 2027 (Christmas on the weekend): 28, 27, 24, 23, 22 December.
    assert policy.fire_date("paper_days_before_deadline", 5, message(date(2027, 12, 29))) == date(2027, 12, 22)
    # The day after King's Day 2027 (Tuesday 27 April): 26, 23, 22, 21, 20 April.
    assert policy.fire_date("paper_days_before_deadline", 5, message(date(2027, 4, 28))) == date(2027, 4, 20)


def test_the_postal_delivery_time_is_a_setting_with_a_checked_value():
    from portal.config import Config, ConfigError

    assert Config.PAPER_DELIVERY_DAYS == 2
    assert Config.from_env({"PAPER_DELIVERY_DAYS": "3"}).PAPER_DELIVERY_DAYS == 3
    for wrong in ("0", "11", "two", "-1"):
        with pytest.raises(ConfigError, match="PAPER_DELIVERY_DAYS"):
            Config.from_env({"PAPER_DELIVERY_DAYS": wrong})


def test_an_organisation_default_policy_that_prints_too_late_is_refused(app):
    from portal.clock import utcnow
    from tests import factories

    organisation = factories.create_organisation()
    with app.app_context():
        with pytest.raises(ValueError, match="at least 5 working days"):
            policy.set_default(organisation, {"paper_days_before_deadline": 4}, now=utcnow())
        policy.set_default(organisation, {"paper_days_before_deadline": 5}, now=utcnow())


def test_paper_late_is_for_the_sender_not_an_entry_in_the_citizens_access_log(app):
    from portal.accesslog import services as accesslog
    from portal.clock import utcnow
    from portal.models import Event
    from portal.paper import services as paper
    from tests import factories

    citizen = factories.give_postal_address(factories.create_citizen())
    today = date.today()
    with app.app_context(), app.test_request_context():
        message = factories.create_message(recipient=citizen, deadline=today + timedelta(days=2))
        paper.request_paper_copy(message, requested_by="citizen", actor=citizen.account, now=utcnow())
        kinds = [entry.event.kind for entry in accesslog.log_page(citizen).entries]
    assert Event.select().where(Event.kind == "paper_late").count() == 1
    assert "paper_requested" in kinds and "paper_late" not in kinds
