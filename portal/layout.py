"""The layout around every page: its fixed parts (templates/layout/chrome.html) rendered once per process for each
combination of what they show, and filled in per request with the few values that differ.

The layout was a third of a plain page's time: about 70 template calls (gettext, url_for, static_url, the
visitor's role) whose answers are the same for every page a kind of visitor sees in one language. It is correct
by construction: chrome.html is rendered in an environment without a request, a user or a session
(portal/fragments.py), from the `Key` alone (everything it may show), with markers where a request's own values
go (the CSRF token, the page's path, the name of the citizen a helper reads for, the seconds left before the
time-out); any other name fails the render (StrictUndefined). Those values are put in, escaped, on every page.
Nothing about a person is kept.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import Flask, current_app, request
from flask_login import current_user
from markupsafe import Markup, escape

from portal import fragments, i18n

CUT = "\x00cut\x00"  # where base.html puts the page's own parts
MARKS = {"csrf": "\x00csrf\x00", "path": "\x00path\x00", "name": "\x00name\x00", "seconds": "\x00seconds\x00"}
TEMPLATE = "layout/chrome.html"
MAX_KEPT = 256  # keys are a few booleans, a language and the URL root: far fewer in practice


class Key(NamedTuple):
    """All the fixed parts depend on."""

    language: str
    root: str  # request.script_root: the start of every URL
    signed_in: bool
    role: str
    acting: bool  # a helper reading someone's mail: the header names them (a marker)
    caseload: bool
    public_computer: bool
    htmx: bool
    timeout_warn: int | None  # seconds before the time-out that the dialog shows; None: no time-out (logged out)


def parts(htmx: bool) -> tuple[Markup, Markup, Markup, Markup]:
    """The layout for this request, cut in four: up to the page's title, from there to the page's head block,
    from there to its main content, and after it."""
    app = current_app._get_current_object()
    globals_ = app.jinja_env.globals
    user = current_user._get_current_object()
    signed_in = bool(user.is_authenticated)
    # The features' own globals (portal/helpers, portal/caseload, portal/auth), asked in the order the page
    # always asked them: acting_for may flash that an authorisation ended, before the page's messages show.
    acting = globals_["acting_for"]() if "acting_for" in globals_ else None
    timeout = globals_["session_timeout"]() if "session_timeout" in globals_ else None
    key = Key(
        language=i18n.current_language(), root=request.script_root, signed_in=signed_in,
        role=user.role if signed_in else "", acting=acting is not None,
        caseload=signed_in and bool(globals_["caseload_link"]()) if "caseload_link" in globals_ else False,
        public_computer=signed_in and bool(globals_["public_computer"]()) if "public_computer" in globals_ else False,
        htmx=bool(htmx), timeout_warn=timeout["warn_seconds"] if timeout else None)
    cut = fragments.once(app, "portal.layout", key, lambda: _render(app, key), most=MAX_KEPT)
    values = {"csrf": globals_["csrf_token"](), "path": str(escape(request.full_path.rstrip("?"))),
              "name": str(escape(acting.name)) if acting is not None else "",
              "seconds": str(timeout["seconds_left"]) if timeout else ""}
    filled = []
    for text, marks in cut:
        for mark in marks:
            text = text.replace(MARKS[mark], values[mark])
        filled.append(Markup(text))  # noqa: S704 -- rendered with autoescape; the values put in are escaped
    return tuple(filled)


def _render(app: Flask, key: Key) -> list[tuple[str, tuple[str, ...]]]:
    """chrome.html for a key, cut in four, each part with the markers it holds."""
    text = fragments.environment(app).get_template(TEMPLATE).render(**key._asdict(), cut=CUT, **MARKS)
    pieces = text.split(CUT)
    if len(pieces) != 4:
        raise RuntimeError(f"{TEMPLATE} must have 3 cuts, has {len(pieces) - 1}")
    return [(piece, tuple(m for m, mark in MARKS.items() if mark in piece)) for piece in pieces]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["layout"] = parts
