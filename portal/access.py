"""Who may reach which route. Every view says it explicitly; a route without a rule is refused.

Levels:
- public:  anyone, logged in or not
- account: any logged-in person
- citizen: a logged-in person with an inbox (a citizen profile)
- sender:  a logged-in staff member of a sending organisation
- api:     a request with an organisation's API key (checked by the API itself)
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

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
        next_url = request.full_path if request.method == "GET" else None
        return redirect(url_for("auth.login", next=next_url.rstrip("?") if next_url else None))
    if not _allowed(level):
        abort(403)
    return None
