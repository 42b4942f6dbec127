"""Public-computer mode and the idle time-out the browser is warned about.

A session started with "I am on a shared or public computer" ticked (or by an account with that permanent
setting) lives 10 minutes idle instead of 30; every answer, static files too, says `no-store`; e-mail fields
get no autocomplete; log-out asks the browser to clear what it kept and says to close it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, g, session

from portal.auth.models import Session

SESSION_FLAG = "public"  # in the signed cookie too, so static files can be answered without the database


def idle_for(row: Session, config=None) -> timedelta:
    config = config if config is not None else current_app.config
    return config["SESSION_IDLE_PUBLIC"] if row.public_computer else config["SESSION_IDLE"]


def is_public() -> bool:
    return bool(session.get(SESSION_FLAG))


def seconds_left(row: Session, now: datetime, config=None) -> int:
    """Seconds until the session ends if nothing happens: idle or absolute, whichever comes first."""
    config = config if config is not None else current_app.config
    idle_end = row.last_seen_at + idle_for(row, config)
    absolute_end = row.created_at + config["SESSION_ABSOLUTE"]
    return max(0, int((min(idle_end, absolute_end) - now).total_seconds()))


def timeout_settings() -> dict | None:
    """What the time-out script needs, for a logged-in page; None otherwise."""
    from portal.clock import utcnow

    row = g.get("session_row")
    if row is None:
        return None
    config = current_app.config  # one look-up through the proxy: this is asked on every page
    return {
        "seconds_left": seconds_left(row, utcnow(), config),
        "warn_seconds": int(config["SESSION_WARN_BEFORE"].total_seconds()),
    }


def init_app(app) -> None:
    app.jinja_env.globals.update(public_computer=is_public, session_timeout=timeout_settings)
