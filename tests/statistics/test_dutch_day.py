"""The roll-up's Dutch day of a moment (portal/statistics/rollup.py, dutch_day: kept per UTC hour) is the
clock's local_today, around every change of the clocks too."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.clock import local_today
from portal.statistics.rollup import dutch_day
from tests.budget import examples


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)))
@settings(max_examples=examples(300), deadline=None)
def test_the_day_of_any_moment_is_the_clocks(moment):
    assert dutch_day(moment) == local_today(moment)


def test_the_moments_around_midnight_and_the_clock_changes():
    edges = [datetime(2026, 3, 29, 1, 0), datetime(2026, 10, 25, 1, 0),  # summer time begins / ends (01:00 UTC)
             datetime(2026, 3, 28, 23, 0), datetime(2026, 3, 29, 22, 0),  # Dutch midnight in winter / summer
             datetime(2026, 10, 24, 22, 0), datetime(2026, 10, 25, 23, 0), datetime(1937, 6, 30, 23, 40, 28)]
    for edge in edges:
        for step in (-1, 0, 1):
            moment = edge + timedelta(microseconds=step)
            assert dutch_day(moment) == local_today(moment), moment
