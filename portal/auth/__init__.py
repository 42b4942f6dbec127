"""Log-in, log-out, server-side sessions, password reset and change, accounts (accounts.py); oidc*.py: DigiD."""

from __future__ import annotations

from datetime import datetime, timedelta

from peewee import Query

from portal.auth import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())
from portal.auth.models import PasswordReset, Session, Throttle

RESET_KEPT = timedelta(days=1)  # a used or expired reset link: still explained as such for a day


def init_app(app) -> None:
    """Log-in (flask-login on our server-side sessions), its pages, DigiD, the account commands, the reset-mail
    task and the rows that expire."""
    from portal import cli, housekeeping, worker
    from portal.auth import cli as auth_cli
    from portal.auth import login, oidc
    from portal.auth.views import bp

    login.init_app(app)  # current_user from the session cookie; the public-computer template globals
    app.register_blueprint(bp)
    oidc.init_app(app)  # log in with DigiD; its pages answer 404 while OIDC_ISSUER is unset
    cli.add_commands(*auth_cli.COMMANDS)  # create-citizen, create-org, create-sender-user
    worker.add_task_module("portal.auth.tasks")
    housekeeping.add_chore("throttle", _forgotten_attempts)
    housekeeping.add_chore("session", _expired_sessions)
    housekeeping.add_chore("password_reset", _spent_reset_links)


def _forgotten_attempts(now: datetime, limits) -> Query:
    return Throttle.delete().where(Throttle.forget_at <= now)


def _expired_sessions(now: datetime, limits) -> Query:
    # The longest idle limit (a public-computer session's is shorter) and the absolute limit.
    return Session.delete().where((Session.last_seen_at < now - limits["SESSION_IDLE"])
                                  | (Session.created_at < now - limits["SESSION_ABSOLUTE"]))


def _spent_reset_links(now: datetime, limits) -> Query:
    return PasswordReset.delete().where(PasswordReset.expires_at < now - RESET_KEPT)
