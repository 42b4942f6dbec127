"""Error pages in the visitor's language. A 500 shows a reference to quote, never a stack trace."""

from __future__ import annotations

import secrets

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.errors_domain import NotFound

PAGES = {
    400: (_l("The request could not be handled"), _l("Something in the request was not right. Go back and try again.")),
    403: (_l("You cannot open this page"), _l("Your account does not give access to this page.")),
    404: (_l("Page not found"), _l("Check the web address, or go to the start page.")),
    405: (_l("The request could not be handled"), _l("This page cannot be used in this way.")),
    413: (_l("The file is too large"), _l("Choose a smaller file and try again.")),
    429: (_l("Too many requests"), _l("You tried too often in a short time. Wait a few minutes and try again.")),
    500: (_l("Sorry, something went wrong"), _l("We could not finish your request. Try again later.")),
}


def render_error(code: int, *, message=None, reference: str | None = None):
    title, default_message = PAGES.get(code, PAGES[500])
    page = render_template(
        "errors/error.html", title=title, message=message or default_message, code=code, reference=reference
    )
    return page, code


def init_app(app: Flask) -> None:
    @app.errorhandler(NotFound)
    def _not_found(error: NotFound):
        # A service found nothing for this person: the same 404 as a page that never existed.
        return render_error(404)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return render_error(
            400,
            message=_l("The form was open too long or was sent twice. Go back, reload the page and try again."),
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, InternalServerError) and error.original_exception:
            error = error.original_exception
        reference = secrets.token_hex(4).upper()
        app.logger.error("unhandled error, reference %s", reference, exc_info=error)
        return render_error(500, reference=reference)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code >= 500:
            return _unexpected(error)
        return render_error(error.code, message=getattr(error, "portal_message", None))
