"""The one place that reads the clock, so tests can freeze it."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Naive UTC now: the database stores naive UTC timestamps on SQLite and PostgreSQL alike."""
    return datetime.now(UTC).replace(tzinfo=None)


TIMEZONE = ZoneInfo("Europe/Amsterdam")


def local_today(now: datetime) -> date:
    """The date in the Netherlands at naive-UTC moment `now` (deadlines are Dutch calendar dates)."""
    return now.replace(tzinfo=UTC).astimezone(TIMEZONE).date()
