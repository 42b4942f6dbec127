"""The safety net fires on the last working day on which a paper letter still arrives before the last day to
act: around weekends and Dutch public holidays, checked against the `holidays` package independently."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from portal.safetynet.services import is_last_day_for_paper
from tests.postdays import latest_arrival, working


@given(st.dates(min_value=date(2025, 1, 10), max_value=date(2030, 12, 31)), st.integers(1, 4))
def test_fires_once_and_in_time(deadline, delivery_days):
    last_day = deadline - timedelta(days=1)
    fired = [deadline - timedelta(days=n) for n in range(1, 40)
             if is_last_day_for_paper(deadline, deadline - timedelta(days=n), days=delivery_days)]
    assert fired, "some day must be the last chance"
    for day in fired:
        assert latest_arrival(day, delivery_days) < last_day
    # only working days fire, and the fired ones give the latest in-time arrival
    assert len({latest_arrival(day, delivery_days) for day in fired if working(day)}) <= 1


def test_example_around_christmas():
    # deadline Monday 28 Dec 2026: last day Sunday 27; Christmas 25 and 26 are holidays
    deadline = date(2026, 12, 28)
    fired = [deadline - timedelta(days=n) for n in range(1, 20)
             if is_last_day_for_paper(deadline, deadline - timedelta(days=n), days=2)]
    assert all(latest_arrival(day, 2) < date(2026, 12, 27) for day in fired)
    assert fired
