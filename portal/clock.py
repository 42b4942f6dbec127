"""The one place that reads the clock, so tests can freeze it."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC now: the database stores naive UTC timestamps on SQLite and PostgreSQL alike."""
    return datetime.now(UTC).replace(tzinfo=None)
