"""The test suite's own count of Dutch post days, from the `holidays` library rather than portal/workdays.py,
so the paper-in-time properties check the portal against a second, independent calendar."""

from __future__ import annotations

from datetime import date, timedelta

import holidays

NL = holidays.country_holidays("NL", years=range(2025, 2032))


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in NL


def nth_working_day_after(day: date, n: int) -> date:
    while n:
        day += timedelta(days=1)
        n -= working(day)
    return day


def latest_arrival(asked: date, delivery_days: int) -> date:
    """Posted the first working day after asking, then `delivery_days` working days in the post."""
    return nth_working_day_after(nth_working_day_after(asked, 1), delivery_days)
