"""After a time-out, without JavaScript: a form sent with a dead session is kept server-side (its text, never
passwords or tokens), the visitor logs in, lands on the page the form was on, and finds the text filled in.

Only for forms of this site (same-origin Referer); kept for an hour, used once. Core, beside access.py (which
keeps the text when it sends the visitor to log in) and forms.py (whose forms take it back).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlparse

from flask import flash, request, session
from flask_babel import gettext as _

from portal.models import KeptForm

SESSION_KEY = "resume"
KEEP = timedelta(hours=1)
MAX_CHARS = 10_000
PATH_MAX = 500  # KeptForm.path: no page of ours has a longer path; a longer Referer is not kept
SKIP = ("csrf_token", "password", "confirm")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def page_of_form() -> str | None:
    """The path (and query) of the page the POSTed form was on, when it is one of ours."""
    referrer = urlparse(request.referrer or "")
    if not referrer.path.startswith("/") or (referrer.netloc and referrer.netloc != request.host):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def keep(now: datetime) -> str | None:
    """Keep the text of the form in this request; return the page to come back to (or None)."""
    page = page_of_form()
    if page is None:
        return None
    data = {name: value for name, value in request.form.items(multi=False)
            if not any(word in name for word in SKIP) and len(value) <= 2000}
    path = urlparse(page).path
    if data and sum(len(v) for v in data.values()) <= MAX_CHARS and len(path) <= PATH_MAX:
        token = secrets.token_urlsafe(24)
        KeptForm.delete().where(KeptForm.created_at < now - KEEP).execute()
        KeptForm.create(token_hash=_hash(token), path=path, data=json.dumps(data), created_at=now)
        session[SESSION_KEY] = token
    return page


def take(now: datetime) -> dict | None:
    """On a GET of the page the kept form belongs to: its text, once."""
    token = session.get(SESSION_KEY)
    if not token or request.method != "GET":
        return None
    kept = KeptForm.get_or_none(KeptForm.token_hash == _hash(token))
    if kept is None or kept.created_at < now - KEEP:
        session.pop(SESSION_KEY, None)
        return None
    if kept.path != request.path:
        return None
    session.pop(SESSION_KEY, None)
    kept.delete_instance()
    flash(_("You were logged out because you did nothing for a while. What you typed is filled in again. "
            "Check it and send the form again."))
    return json.loads(kept.data)
