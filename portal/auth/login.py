"""Glue between the server-side session table and Flask: the signed cookie carries only a random token
(and the CSRF token); the row in the database decides whether the visitor is logged in."""

from __future__ import annotations

from flask import current_app, g, request, session
from flask_login import LoginManager

from portal.auth import public, services
from portal.clock import utcnow
from portal.models import Account

RESUME_KEY = "resume"  # a form's text sent after the session ended: {"path": ..., "data": {...}}


class _LoginManager(LoginManager):
    def _session_protection_failed(self) -> bool:
        """Flask-Login's own check, which first works out its mark of the visitor (a SHA-512 over the address and
        the browser's name) and only then looks whether its protection is on at all: off, as here, it returns
        False without that mark. 15 µs of every page behind the log-in."""
        if not current_app.config.get("SESSION_PROTECTION", self.session_protection):
            return False
        return super()._session_protection_failed()


login_manager = _LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = None  # our own sessions rotate and expire; no remember-me cookie


@login_manager.request_loader
def _load_from_session_cookie(request) -> Account | None:
    token = session.get("sid")
    if not token:
        return None
    row = services.load_session(
        token,
        now=utcnow(),
        idle=current_app.config["SESSION_IDLE"],
        absolute=current_app.config["SESSION_ABSOLUTE"],
        idle_public=current_app.config["SESSION_IDLE_PUBLIC"],
    )
    if row is None:
        session.clear()  # a dead session takes its CSRF token along
        return None
    g.session_row = row
    return row.account


def log_in(account: Account, user_agent: str, *, public_computer: bool = False) -> None:
    """Start a fresh session: nothing from before log-in survives, so a planted cookie is worthless.
    (Except the text of a form sent after a time-out, kept to fill the form in again: see portal.access.)"""
    resume = session.get(RESUME_KEY)
    session.clear()
    public_computer = public_computer or account.public_computer
    session["sid"] = services.start_session(account, now=utcnow(), user_agent=user_agent,
                                            public_computer=public_computer)
    if public_computer:
        session[public.SESSION_FLAG] = True
    if resume:
        session[RESUME_KEY] = resume


def log_out() -> bool:
    """End the session; True when it was on a public computer."""
    was_public = public.is_public()
    token = session.get("sid")
    if token:
        services.end_session(token)
    session.clear()
    return was_public


def forget_site_data(response, *, was_public: bool):
    """Ask the browser to forget what it kept of this site after log-out; on a public computer its cookies
    too. Returns the response."""
    response.headers["Clear-Site-Data"] = '"cache", "storage", "cookies"' if was_public else '"cache", "storage"'
    return response


def client_address() -> str:
    """The address of the client, for the log-in limits. Behind TRUSTED_PROXIES proxies (nginx puts the address
    it saw in X-Forwarded-For) the entry the nearest of them wrote; only those entries can be trusted."""
    hops = current_app.config.get("TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.remote_addr or ""


def current_token() -> str | None:
    return session.get("sid")


def init_app(app) -> None:
    login_manager.init_app(app)
    public.init_app(app)
