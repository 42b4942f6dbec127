"""Dutch working days: Monday to Friday, except the public holidays of the `holidays` package (holidays.NL:
New Year's Day, Easter, King's Day, Ascension Day, Whit Monday, Christmas, Liberation Day in lustrum years…).

A paper letter is posted on the next working day after it was asked for, and delivered within two working days
after posting (the postal service's standard for ordinary letters). Dates here are Dutch calendar dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

POSTING_DAYS = 1  # posted the next working day
DELIVERY_DAYS = 2  # delivered within two working days of posting


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The date `count` working days after `day` (count >= 1); `day` itself need not be a working day."""
    if count < 1:
        raise ValueError("count must be at least 1")
    while count:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    return add_working_days(day, 1)


def working_day_on_or_after(day: date) -> date:
    return day if is_working_day(day) else next_working_day(day)


@dataclass(frozen=True)
class Arrival:
    post_on: date
    arrive_by: date


def expected_arrival(requested_on: date, *, today: date | None = None) -> Arrival:
    """When a letter asked for on `requested_on` is posted and by when it arrives.

    While it is not posted yet, the posting day is never before `today` (a late batch moves the dates).
    """
    post_on = add_working_days(requested_on, POSTING_DAYS)
    if today is not None and post_on < today:
        post_on = working_day_on_or_after(today)
    return Arrival(post_on=post_on, arrive_by=add_working_days(post_on, DELIVERY_DAYS))


def arrival_after_posting(posted_on: date) -> Arrival:
    """A letter that was posted on `posted_on` arrives within two working days."""
    return Arrival(post_on=posted_on, arrive_by=add_working_days(posted_on, DELIVERY_DAYS))
