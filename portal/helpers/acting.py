"""Acting for someone: whose inbox a helper has open, kept in the signed session cookie (the authorisation's
id) and checked against the database on every request, so an ended authorisation stops working at once.

While acting, the citizen routes serve the represented citizen (portal.access.current_citizen) and the helper
is the actor that services record. A citizen route says with portal.access.helpers_may(action) which action
of an authorisation's scope it needs; a route without it is for the citizen alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from portal.clock import utcnow
from portal.helpers import services
from portal.helpers.models import Delegation
from portal.models import Citizen

SESSION_KEY = "acting_for"
SOURCES = "portal.helpers.acting_sources"  # app.extensions key: other ways of acting for someone (add_source)
OWNER = "owner"  # the scope of a citizen route a helper may never use
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Acting:
    delegation: Delegation
    citizen: Citizen
    name: str

    @property
    def permissions(self) -> tuple[str, ...]:
        return self.delegation.permissions


def add_source(app, resolve) -> None:
    """Another way of acting for a citizen (portal/caseload: an organisation's staff member for a client).
    `resolve()` returns None or an object with `citizen`, `name`, `permissions`, `stop()` and `back` (the
    endpoint to go to after stopping); it checks the database on every request, as _resolve does."""
    app.extensions.setdefault(SOURCES, []).append(resolve)


def current() -> Acting | None:
    """The helper's open authorisation for this request, or None (not acting, or it has just ended)."""
    here = g._get_current_object()  # asked 15 times a page: one look-up of the proxy, not three
    if "acting" not in here:
        here.acting = _resolve()
    return here.acting


def _resolve() -> Acting | None:
    delegation_id = session.get(SESSION_KEY)
    if not current_user.is_authenticated:
        return None
    if not delegation_id:
        for resolve in current_app.extensions.get(SOURCES, ()):
            if (state := resolve()) is not None:
                return state
        return None
    delegation = services.active(current_user, delegation_id, now=utcnow())
    if delegation is None:
        session.pop(SESSION_KEY, None)
        g.acting_ended = True
        ended = Delegation.get_or_none(Delegation.id == delegation_id)
        if ended is not None:
            flash(_("Your access to the mail of %(name)s has ended.", name=services.citizen_name(ended.citizen)))
        return None
    return Acting(delegation, delegation.citizen, services.citizen_name(delegation.citizen))


def just_ended() -> bool:
    return bool(g.get("acting_ended"))


def stand_in():
    """portal.access asks this before every citizen route (registered in portal.helpers.init_app): the citizen
    whose mail the helper has open (after checking the route's scope: 403 otherwise), a redirect to the helper's
    page when the authorisation ended while the mail was open, or None."""
    state = current()
    if state is not None:
        check_scope(state)
        return state.citizen
    if just_ended():  # the authorisation ended while the helper had the mail open
        return redirect(url_for(g.get("acting_back", "helpers.index")), 303)
    return None


def start(delegation: Delegation) -> None:
    session[SESSION_KEY] = delegation.id
    g.pop("acting", None)
    services.record_acting(delegation, "acting_started", now=utcnow())


def stop() -> Acting | None:
    state = current()
    session.pop(SESSION_KEY, None)
    g.pop("acting", None)
    if isinstance(state, Acting):
        services.record_acting(state.delegation, "acting_stopped", now=utcnow())
    elif state is not None:
        state.stop()
    return state


def scope_of(endpoint: str | None) -> str:
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, "helper_scope", OWNER)


def may(endpoint: str) -> bool:
    """May the visitor use this route for the inbox shown? Always, unless acting outside the scope."""
    state = current()
    return state is None or scope_of(endpoint) in state.permissions


def check_scope(state: Acting) -> None:
    """Refuse a citizen route outside the authorisation's scope, with a plain explanation. Log each step."""
    if scope_of(request.endpoint) not in state.permissions:
        log.info("account %s acting for citizen %s refused %s %s", current_user.id, state.citizen.id,
                 request.method, request.endpoint)
        refused = Forbidden()
        refused.portal_message = _(
            "You are helping %(name)s. What %(name)s allowed you to do does not include this. "
            "Only %(name)s can do this, or give you more rights.",
            name=state.name,
        )
        raise refused
    log.info("account %s acting for citizen %s (authorisation %s): %s %s", current_user.id, state.citizen.id,
             getattr(state, "ref", None) or state.delegation.id, request.method, request.endpoint)
