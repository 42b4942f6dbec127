"""When e-mail may go out: between 07:00 and 23:00 Dutch time. All times naive UTC, like the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from portal.clock import TIMEZONE
from portal.config import setting

QUIET_FROM = time(23, 0)  # local time: from here ...
QUIET_UNTIL = time(7, 0)  # ... until here no e-mail goes out
ALERT_DELAY = timedelta(minutes=5)  # deliveries within these minutes share one alert e-mail (well within 15)


def local(now: datetime) -> datetime:
    return now.replace(tzinfo=UTC).astimezone(TIMEZONE)


def to_utc(moment: datetime) -> datetime:
    """A Dutch wall-clock time (naive or with TIMEZONE) as naive UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TIMEZONE)
    return moment.astimezone(UTC).replace(tzinfo=None)


def quiet_hours_on() -> bool:
    """FOLLOWUP_QUIET_HOURS=off lets e-mail go out at any hour (tests that run at night; never in production)."""
    return bool(setting("FOLLOWUP_QUIET_HOURS"))


def is_quiet(now: datetime) -> bool:
    if not quiet_hours_on():
        return False
    t = local(now).time()
    return t >= QUIET_FROM or t < QUIET_UNTIL


def next_send_time(now: datetime) -> datetime:
    """`now` when e-mail may go out now, else the next 07:00 Dutch time (as naive UTC).

    Counted on the Dutch calendar, so the morning after a change to or from summer time is still 07:00."""
    if not is_quiet(now):
        return now
    here = local(now)
    day = here.date() if here.time() < QUIET_UNTIL else here.date() + timedelta(days=1)
    return to_utc(datetime.combine(day, QUIET_UNTIL))


def morning_of(day: date) -> datetime:
    """07:00 Dutch time on `day`, as naive UTC: the first moment a step for that day may e-mail."""
    return to_utc(datetime.combine(day, QUIET_UNTIL))
