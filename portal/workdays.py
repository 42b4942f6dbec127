"""Dutch working days: Monday to Friday, except the public holidays of the `holidays` package (holidays.NL:
New Year's Day, Easter, King's Day, Ascension Day, Whit Monday, Christmas, Liberation Day in lustrum years…).

A paper letter is posted on the next working day after it was asked for, and delivered within a number of working
days after posting: the postal service's standard for ordinary letters, two, unless the PAPER_DELIVERY_DAYS
setting says otherwise (portal/paper/timing.py reads it). Dates here are Dutch calendar dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

POSTING_DAYS = 1  # posted the next working day
DELIVERY_DAYS = 2  # delivered within two working days of posting (the default of PAPER_DELIVERY_DAYS)


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


# Pure functions of their arguments (the holidays are the package's, per year), asked for with the same few
# days by every inbox row with a deadline: kept once worked out.
@lru_cache(maxsize=4096)
def add_working_days(day: date, count: int) -> date:
    """The date `count` working days after `day` (count >= 1); `day` itself need not be a working day."""
    if count < 1:
        raise ValueError("count must be at least 1")
    while count:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


@lru_cache(maxsize=4096)
def working_days_before(day: date, count: int) -> date:
    """The `count`-th working day before `day` (count >= 1), counting back; `day` itself need not be one."""
    if count < 1:
        raise ValueError("count must be at least 1")
    while count:
        day -= timedelta(days=1)
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


def expected_arrival(requested_on: date, *, today: date | None = None,
                     delivery_days: int = DELIVERY_DAYS) -> Arrival:
    """When a letter asked for on `requested_on` is posted and by when it arrives at the latest.

    While it is not posted yet, the posting day is never before `today` (a late batch moves the dates).
    """
    post_on = add_working_days(requested_on, POSTING_DAYS)
    if today is not None and post_on < today:
        post_on = working_day_on_or_after(today)
    return Arrival(post_on=post_on, arrive_by=add_working_days(post_on, delivery_days))


def arrival_after_posting(posted_on: date, *, delivery_days: int = DELIVERY_DAYS) -> Arrival:
    """A letter that was posted on `posted_on` arrives within `delivery_days` working days."""
    return Arrival(post_on=posted_on, arrive_by=add_working_days(posted_on, delivery_days))


def paper_days_needed(delivery_days: int = DELIVERY_DAYS) -> int:
    """The fewest working days before a deadline on which a letter can be asked for and still arrive before
    the last day to act (the day before the deadline), whatever the deadline's date.

    Asked for N working days before the deadline, it is posted one working day later and arrives
    `delivery_days` after that: N - 1 - delivery_days working days before the deadline. That must be a
    working day before the last day to act, which, for a deadline on a working day after another one (a
    Tuesday), is two working days before it: so N - 1 - delivery_days >= 2.
    """
    return POSTING_DAYS + delivery_days + 2
