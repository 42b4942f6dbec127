"""Languages: Dutch by default, English second. The user's setting wins, then the switch, then the browser."""

from __future__ import annotations

from babel import Locale
from flask import current_app, has_request_context, request, session
from flask.globals import _cv_app  # noqa: PLC2701 -- the context variable behind `g`
from flask_babel import (
    Babel,
    _get_current_context,  # noqa: PLC2701 -- where Flask-Babel keeps the request's locale
    get_babel,
    get_locale,
    get_timezone,
    get_translations,
)
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

babel = Babel()


_LOCALES: dict[str, Locale] = {}


def kept_locale(code: str) -> Locale:
    """One Locale per language and process. Flask-Babel takes a Locale from the selector as it is, where it parses
    a code into a new one on every request; and the dates written out are kept under it (templating.py), a
    look-up under the same object skipping Babel's comparison of five attributes."""
    locale = _LOCALES.get(code)
    return locale if locale is not None else _LOCALES.setdefault(code, Locale.parse(code))


def select_locale() -> Locale:
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return kept_locale(default)
    user = current_user._get_current_object()
    if user and user.is_authenticated and user.language in languages:
        return kept_locale(user.language)
    if session.get("lang") in languages:
        return kept_locale(session["lang"])
    return kept_locale(request.accept_languages.best_match(languages) or default)


def _locale_of(ctx):
    """The request's locale from Flask-Babel's namespace; the first time, what its get_locale() would put there
    (our selector's answer, as it is), without its three passes through `g` and the app's proxy."""
    locale = getattr(ctx, "babel_locale", None)
    if locale is None:
        locale = ctx.babel_locale = select_locale()
    return locale


def current_language() -> str:
    ctx = babel_state()
    return str(_locale_of(ctx) if ctx is not None else current_app.config["BABEL_DEFAULT_LOCALE"])


def babel_state():
    """Flask-Babel's namespace for this app context (what its _get_current_context() returns), read from the
    context variable behind `g`: an inbox page asks 150 times, and Flask-Babel's own way goes through `g`'s
    proxy three times a call. None outside an app context."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return None
    state = app_context.g.__dict__.get("_flask_babel")
    return state if state is not None else _get_current_context()


def locale_and_zone():
    """The active locale and time zone, kept beside that locale like the translations below.

    The locale is the language's one object (kept_locale), also where force_locale() put a new one in: the dates
    written out are kept under it, asked 40 times an inbox page."""
    ctx = babel_state()
    if ctx is None:
        return get_locale(), get_timezone()
    kept = getattr(ctx, "portal_zone", None)
    locale = getattr(ctx, "babel_locale", None)
    if (kept is not None and locale is not None and ctx.portal_zone_of is locale
            and getattr(ctx, "babel_tzinfo", None) is kept[1]):
        return kept
    own = _locale_of(ctx)
    same = kept_locale(str(own))
    ctx.portal_zone, ctx.portal_zone_of = (same, _zone_of(ctx)), own
    return ctx.portal_zone


def _zone_of(ctx):
    """The request's time zone; the first time, what Flask-Babel's get_timezone() would put there. Without a
    selector of its own (as here) that is the app's one default zone, kept by the app: Flask-Babel looks it up
    through `g` and the app's proxy on every request (20 µs of a page that shows a date)."""
    zone = getattr(ctx, "babel_tzinfo", None)
    if zone is None:
        app = _cv_app.get().app
        zone = app.extensions.get("portal.zone")
        if zone is None:
            zone = get_timezone()
            if get_babel(app).timezone_selector is None:
                app.extensions["portal.zone"] = zone
        ctx.babel_tzinfo = zone
    return zone


def _translations():
    """Flask-Babel's translations for the active locale, kept beside that locale in Flask-Babel's own request
    context: templates ask 50 to 100 times a page, and each get_translations() looks the context up three times.
    Kept only while the locale object is the same one (force_locale puts another in and back; refresh() takes
    it out), so a change of language is never missed.

    The first time in a request they come from the app's own map of each language's kept Locale to its
    translations, which holds what Flask-Babel's get_translations() answered for it (from its cache, for the
    life of the process too): that call passes through `g` a dozen times, a twentieth of a plain page."""
    ctx = babel_state()
    if ctx is None:
        return get_translations()
    kept = getattr(ctx, "portal_translations", None)
    locale = _locale_of(ctx)
    if kept is not None and kept[0] is locale:
        return kept[1]
    by_locale = _cv_app.get().app.extensions.setdefault("portal.translations", {})
    translations = by_locale.get(locale)
    if translations is None:
        translations = get_translations()
        if locale is _LOCALES.get(str(locale)):  # only the kept ones: force_locale's own are new every time
            by_locale[locale] = translations
    ctx.portal_translations = (locale, translations)
    return translations


def gettext(string: str, **variables) -> str:
    """Flask-Babel's gettext, with the request's translations kept at hand (see _translations): for Python code
    that writes text on every page (deadline lines, paper buttons)."""
    text = _translations().ugettext(string)
    return text % variables if variables else text


def install_gettext(env) -> None:
    """Jinja's gettext for templates of this environment: the request's language. Jinja's newstyle gettext and
    ngettext are replaced by `_gettext` and `_ngettext` below, which give the same answers."""
    env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    env.globals.update(gettext=_gettext, ngettext=_ngettext)


KEPT_TEXTS = 4096  # per language: the templates' own texts, with room to spare


@pass_eval_context
def _gettext(eval_ctx, string: str, **variables) -> str:
    """What Jinja's newstyle gettext answers (the translation, Markup where the template escapes, always
    formatted with the variables) without its two passes through the template context. A text without
    variables is the same on every page in a language, so its answer is kept beside that language's
    translations (a message page asks 20 of them)."""
    translations = _translations()
    if not eval_ctx.autoescape:
        return translations.ugettext(string) % variables
    if variables:
        return Markup(translations.ugettext(string)) % variables  # noqa: S704 -- as Jinja: our catalogue
    kept = translations.__dict__.setdefault("portal_markup", {})
    text = kept.get(string)
    if text is None:
        text = Markup(translations.ugettext(string)) % {}  # noqa: S704 -- as Jinja: our catalogue
        if len(kept) < KEPT_TEXTS:
            kept[string] = text
    return text


@pass_eval_context
def _ngettext(eval_ctx, singular: str, plural: str, num: int, **variables) -> str:
    """What Jinja's newstyle ngettext answers, without its two passes through the template context."""
    variables.setdefault("num", num)
    text = _translations().ungettext(singular, plural, num)
    return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704 -- as Jinja does


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    install_gettext(app.jinja_env)
    # `_` straight to that gettext: Jinja's own `_` looks `gettext` up in the context on every call and calls it
    # through the context again (a third of a plain page's template calls); nothing here renders with another.
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"]
