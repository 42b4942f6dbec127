"""Rows whose purpose has passed, deleted every hour by the worker (and by `portal housekeeping`): log-in,
password-reset and invitation-code counts once they are forgotten, sessions past their idle or absolute limit (a session
is also deleted when it is next used; this catches the ones that never are), spent or expired password-reset
links, idempotency records past their 24 hours, API rate-limit counts of past minutes, and form text kept for
a re-login past its hour. Without this those tables grow with every visit, call and typo, for good.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from peewee import Query

from portal import resume
from portal.clock import utcnow
from portal.db import database
from portal.models import KeptForm
from portal.worker import crontab, periodic_task

log = logging.getLogger(__name__)

# What expires, per table: `expired(now, limits)` gives the DELETE of the table's rows whose use has passed
# (`limits`: SESSION_IDLE and SESSION_ABSOLUTE). The areas add theirs in their init_app, in FEATURES order (auth:
# throttle, session, password_reset; api: idempotency_record, api_rate_window); the core's own come last.
Expired = Callable[[datetime, Mapping[str, timedelta]], Query]
_chores: dict[str, Expired] = {}


def add_chore(table: str, expired: Expired) -> None:
    """Delete `table`'s expired rows every hour (the same table again replaces its chore)."""
    _chores[table] = expired


def _kept_forms(now: datetime, limits: Mapping[str, timedelta]) -> Query:
    return KeptForm.delete().where(KeptForm.created_at < now - resume.KEEP)


def clean(*, now: datetime, session_idle: timedelta, session_absolute: timedelta) -> dict[str, int]:
    """Delete what has expired; returns the number of rows per table."""
    limits = {"SESSION_IDLE": session_idle, "SESSION_ABSOLUTE": session_absolute}
    counts = {}
    for table, expired in (*_chores.items(), ("kept_form", _kept_forms)):
        with database.atomic():  # one table at a time: short transactions, no lock held across tables
            counts[table] = expired(now, limits).execute()
    return counts


def clean_now(config) -> dict[str, int]:
    """clean() with the running app's session limits (the worker's hourly task and `portal housekeeping`)."""
    return clean(now=utcnow(), session_idle=config["SESSION_IDLE"], session_absolute=config["SESSION_ABSOLUTE"])


@periodic_task(crontab(minute="41"), name="housekeeping.clean")
def clean_every_hour() -> None:
    from flask import current_app

    counts = clean_now(current_app.config)
    log.info("housekeeping: %s", ", ".join(f"{table} {count}" for table, count in counts.items()))
