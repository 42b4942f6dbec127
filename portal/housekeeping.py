"""Rows whose purpose has passed, deleted every hour by the worker (and by `portal housekeeping`): log-in,
password-reset and invitation-code counts once they are forgotten, sessions past their idle or absolute limit (a session
is also deleted when it is next used; this catches the ones that never are), spent or expired password-reset
links, idempotency records past their 24 hours, API rate-limit counts of past minutes, and form text kept for
a re-login past its hour. Without this those tables grow with every visit, call and typo, for good.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from portal.api import idempotency
from portal.api.models import ApiRateWindow, IdempotencyRecord
from portal.api.ratelimit import WINDOW_SECONDS
from portal.auth import resume
from portal.auth.models import PasswordReset, Session, Throttle
from portal.clock import utcnow
from portal.db import database
from portal.models import KeptForm
from portal.worker import crontab, periodic_task

log = logging.getLogger(__name__)

RESET_KEPT = timedelta(days=1)  # a used or expired reset link: still explained as such for a day


def clean(*, now: datetime, session_idle: timedelta, session_absolute: timedelta) -> dict[str, int]:
    """Delete what has expired; returns the number of rows per table."""
    minute = int(now.timestamp()) // WINDOW_SECONDS
    deletes = {
        "throttle": Throttle.delete().where(Throttle.forget_at <= now),
        # The longest idle limit (a public-computer session's is shorter) and the absolute limit.
        "session": Session.delete().where((Session.last_seen_at < now - session_idle)
                                          | (Session.created_at < now - session_absolute)),
        "password_reset": PasswordReset.delete().where(PasswordReset.expires_at < now - RESET_KEPT),
        "idempotency_record": IdempotencyRecord.delete().where(IdempotencyRecord.created_at < now - idempotency.KEEP),
        "api_rate_window": ApiRateWindow.delete().where(ApiRateWindow.window < minute - 1),
        "kept_form": KeptForm.delete().where(KeptForm.created_at < now - resume.KEEP),
    }
    counts = {}
    for table, query in deletes.items():
        with database.atomic():  # one table at a time: short transactions, no lock held across tables
            counts[table] = query.execute()
    return counts


def clean_now(config) -> dict[str, int]:
    """clean() with the running app's session limits (the worker's hourly task and `portal housekeeping`)."""
    return clean(now=utcnow(), session_idle=config["SESSION_IDLE"], session_absolute=config["SESSION_ABSOLUTE"])


@periodic_task(crontab(minute="41"), name="housekeeping.clean")
def clean_every_hour() -> None:
    from flask import current_app

    counts = clean_now(current_app.config)
    log.info("housekeeping: %s", ", ".join(f"{table} {count}" for table, count in counts.items()))
