"""The sender API (/api/v1): organisations deliver messages and follow them, with an API key.

Its settings (API_SEND_PER_MINUTE, API_READ_PER_MINUTE, API_MAX_REQUEST_BYTES) are declared on portal.config.Config.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask, request
from flask.sessions import SessionInterface
from peewee import Query

from portal.api import (
    idempotency,
    models,  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())
)
from portal.api.models import ApiRateWindow, IdempotencyRecord
from portal.api.problems import API_PREFIX, install
from portal.api.ratelimit import WINDOW_SECONDS


class _NoSessionForApi(SessionInterface):
    """API requests never read the session cookie (only the API key counts, so the CSRF exemption is safe)
    and never set one."""

    def __init__(self, inner: SessionInterface):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def open_session(self, app, request_):
        if request_.path.startswith(API_PREFIX):
            return self.inner.session_class()
        return self.inner.open_session(app, request_)

    def save_session(self, app, session, response):
        if request.path.startswith(API_PREFIX):
            return None
        return self.inner.save_session(app, session, response)


def init_app(app: Flask) -> None:
    """/api/v1: CSRF-exempt, no session cookie, problem+json errors; the key commands; the expired rows."""
    from portal import cli, housekeeping
    from portal.api import cli as api_cli
    from portal.api.views import bp
    from portal.security import csrf

    app.register_blueprint(bp)
    csrf.exempt(bp)
    app.session_interface = _NoSessionForApi(app.session_interface)
    install(app)
    cli.add_commands(*api_cli.COMMANDS)  # create-api-key, revoke-api-key, list-api-keys
    housekeeping.add_chore("idempotency_record", _expired_idempotency_records)
    housekeeping.add_chore("api_rate_window", _past_rate_windows)


def _expired_idempotency_records(now: datetime, limits) -> Query:
    return IdempotencyRecord.delete().where(IdempotencyRecord.created_at < now - idempotency.KEEP)


def _past_rate_windows(now: datetime, limits) -> Query:
    minute = int(now.timestamp()) // WINDOW_SECONDS
    return ApiRateWindow.delete().where(ApiRateWindow.window < minute - 1)
