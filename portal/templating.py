"""Jinja filters and globals: dates written out, content-hashed static URLs, the active language."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, dates
from flask import current_app, has_request_context, request, url_for
from flask.globals import _cv_request  # noqa: PLC2701 -- the context variable behind `request`
from flask.templating import Environment
from flask_babel import format_datetime
from werkzeug.security import safe_join

from portal.i18n import current_language, locale_and_zone


class PortalEnvironment(Environment):
    """Flask's Jinja environment, with the app's globals themselves as each template's globals, not a ChainMap
    over them per template: Jinja copies a template's globals into every context it makes and compares them
    key by key on every {% from … import %}, which over a ChainMap is a Python loop for each of the ~40 globals
    (about 5 % of an inbox page's CPU). A template loaded with globals of its own still gets the ChainMap, and no
    template changes its globals, so nothing is shared that was not before."""

    def make_globals(self, d):
        return self.globals if not d else super().make_globals(d)


# "vrijdag 1 december 2027" / "Friday 1 December 2027": one pattern reads well in both languages.
LONG_DATE = "EEEE d MMMM y"
LONG_DATETIME = "EEEE d MMMM y, HH:mm"


@lru_cache(maxsize=4096)
def _written_out(day: date, pattern: str, locale: Locale) -> str:
    return dates.format_date(day, pattern, locale=locale)


def written_out(day: date, pattern: str) -> str:
    """The day with this Babel pattern in the page's language, cached per day, pattern and language (Babel parses
    its pattern anew on every call)."""
    return _written_out(day, pattern, locale_and_zone()[0])


def long_date(value: date | datetime | None) -> str:
    """The date written out in the page's language; a timestamp first moved to Dutch local time.

    Cached per day and language: an inbox page writes out dozens of dates, and Babel parses its pattern anew
    on every call."""
    if not value:
        return ""
    locale, zone = locale_and_zone()
    if isinstance(value, datetime):
        return _long_local_date(value, zone, locale)
    return _written_out(value, LONG_DATE, locale)


@lru_cache(maxsize=8192)
def _long_local_date(value: datetime, zone, locale: Locale) -> str:
    """A timestamp's local day written out, kept per timestamp, zone and language: the time-zone step costs as
    much as the cached writing-out, and an inbox shows the same letters' timestamps page after page."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)  # Flask-Babel's to_user_timezone
    return _written_out(zone.normalize(aware.astimezone(zone)).date(), LONG_DATE, locale)


def long_datetime(value: datetime | None) -> str:
    """A naive UTC timestamp written out in Dutch local time."""
    return format_datetime(value, LONG_DATETIME) if value else ""


@cache
def _file_hash(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_hash(filename: str) -> str | None:
    """The content hash of a static file as it is now (None: no such file, or a name that is no file in the
    static folder: "..", a NUL character, a name longer than the file system allows)."""
    joined = safe_join(current_app.static_folder, filename)
    try:
        path = Path(joined) if joined else None
        return _file_hash(str(path), path.stat().st_mtime) if path and path.is_file() else None
    except (OSError, ValueError):
        return None


def static_url(filename: str) -> str:
    """URL of a static file with its content hash, so browsers may cache it for a year.

    Worked out once per file and process (a page names six files; each asked the file system): a deploy starts
    new processes. With the debugger on (`flask run --debug`), where files change under a running process, it is
    worked out on every call."""
    app = current_app._get_current_object()
    if app.debug:
        return url_for("static", filename=filename, v=static_hash(filename))
    urls = app.extensions.setdefault("portal.static_urls", {})
    key = (filename, request.script_root if has_request_context() else "")  # the root is part of the URL
    if key not in urls:
        urls[key] = url_for("static", filename=filename, v=static_hash(filename))
    return urls[key]


PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # an id URL quoting leaves alone
_MARK = "PUBLICID0MARK"
MAX_MESSAGE_URLS = 256


def message_url(endpoint: str, public_id: str) -> str:
    """url_for(endpoint, public_id=…) for a route whose only argument is a message's public id, built once per
    process, endpoint and URL root (the one part of such a URL a request decides, as for static_url) and filled
    in per row (an inbox page asks 50 times, a message page five times for five endpoints). An id that URL
    quoting would change goes through url_for itself."""
    ctx = _cv_request.get(None)  # no proxies: 50 times a page
    if ctx is None or not PLAIN_ID.fullmatch(public_id or ""):
        return url_for(endpoint, public_id=public_id)
    patterns = ctx.app.extensions.setdefault("portal.message_urls", {})
    key = (endpoint, ctx.request.script_root)
    pattern = patterns.get(key)
    if pattern is None:
        if len(patterns) >= MAX_MESSAGE_URLS:  # endpoints are a fixed few; roots too, unless a proxy sends many
            patterns.clear()
        pattern = patterns[key] = url_for(endpoint, public_id=_MARK)
    return pattern.replace(_MARK, public_id)


def init_app(app) -> None:
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["long_datetime"] = long_datetime
    from portal import deadlines  # it writes dates with long_date from here

    app.jinja_env.filters["deadline"] = deadlines.before
    app.jinja_env.globals["deadline_action_line"] = deadlines.action_line
    app.jinja_env.globals.update(static_url=static_url, message_url=message_url, current_language=current_language,
                                 product_name=app.config["PRODUCT_NAME"])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
