"""Who may reach which route. Every view says it explicitly; a route without a rule is refused.

Levels:
- public:  anyone, logged in or not
- account: any logged-in person
- citizen: a logged-in person with an inbox (a citizen profile)
- sender:  a logged-in staff member of a sending organisation
- api:     a request with an organisation's API key (checked by the API itself)

A helper acting for a citizen (portal/helpers/acting.py) reaches a citizen route only when the route says
`helpers_may(action)` and the helper's authorisation includes that action; otherwise 403 with an explanation.
This module knows no feature: the helpers package registers how acting works with add_stand_in() in its
init_app, and a form sent after the session ended is kept by portal/resume.py (core).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import resume
from portal.clock import utcnow

LEVELS = ("public", "account", "citizen", "sender", "api")
# Flask's own static route cannot carry an attribute; it is public by nature.
BUILTIN = {"static": "public"}


def access(level: str) -> Callable:
    if level not in LEVELS:
        raise ValueError(f"unknown access level {level!r}")

    def mark(view: Callable) -> Callable:
        view.access_level = level
        return view

    return mark


public = access("public")
account_required = access("account")
citizen_required = access("citizen")
sender_required = access("sender")
api_route = access("api")


def helpers_may(action: str) -> Callable:
    """Let a helper acting for the citizen use this citizen route when their scope includes `action`
    ("read", "paper" or "done"). Citizen routes without it are for the citizen alone."""

    def mark(view: Callable) -> Callable:
        view.helper_scope = action
        return view

    return mark


def current_citizen():
    """Whose inbox this request is about: the represented citizen while acting, else the visitor's own."""
    return g.get("citizen") or current_user.citizen


def level_of(app: Flask, endpoint: str) -> str | None:
    if endpoint in BUILTIN:
        return BUILTIN[endpoint]
    return getattr(app.view_functions.get(endpoint), "access_level", None)


def _allowed(level: str) -> bool:
    if level == "account":
        return True
    if level == "citizen":
        return current_user.citizen is not None
    if level == "sender":
        return current_user.organisation is not None
    return False


def init_app(app: Flask) -> None:
    app.before_request(enforce)


def enforce():
    """before_request hook: deny by default, send logged-out visitors to the log-in page."""
    if request.endpoint is None:  # no route matched: let Flask answer 404/405
        return None
    level = level_of(current_app, request.endpoint)
    if level is None:
        current_app.logger.error("route %s has no access rule; refused", request.endpoint)
        abort(403)
    if level in ("public", "api"):
        return None
    if not current_user.is_authenticated:
        # A form sent after the session ended: keep its text, come back to its page after logging in.
        next_url = request.full_path.rstrip("?") if request.method == "GET" else resume.keep(utcnow())
        return redirect(url_for("auth.login", next=next_url))
    if level == "citizen":
        return _enforce_citizen()
    if not _allowed(level):
        abort(403)
    return None


STAND_INS = "portal.access.stand_ins"  # app.extensions key: the list add_stand_in() fills


def add_stand_in(app: Flask, resolve: Callable[[], object]) -> None:
    """Ask `resolve()` before every citizen route whether the visitor acts for another citizen (portal/helpers
    registers one in its init_app). It returns None (not acting: the visitor's own inbox), the Citizen to serve
    instead, or a response to answer with; it may abort (403) when the route is not for a stand-in."""
    app.extensions.setdefault(STAND_INS, []).append(resolve)


def _enforce_citizen():
    for resolve in current_app.extensions.get(STAND_INS, ()):
        outcome = resolve()
        if isinstance(outcome, Response):
            return outcome
        if outcome is not None:
            g.citizen = outcome
            return None
    citizen = current_user.citizen
    if citizen is None:
        abort(403)
    g.citizen = citizen
    return None
