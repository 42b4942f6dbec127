"""Languages: Dutch by default, English second. The user's setting wins, then the switch, then the browser."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import Babel, get_locale
from flask_login import current_user

babel = Babel()


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or default


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
