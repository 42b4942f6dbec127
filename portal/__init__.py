"""portal: an accessible citizen inbox for government mail."""

from __future__ import annotations

import logging
import secrets
import types

from flask import Flask

from portal import (
    access,
    accesslog,
    api,
    auth,
    caseload,
    cli,
    db,
    demo,
    errors,
    followup,
    fragments,
    helpers,
    htmx,
    i18n,
    inbox,
    layout,
    pages,
    paper,
    params,
    printing,
    safetynet,
    security,
    senders,
    settings,
    statistics,
    takeout,
    templating,
    warmup,
    webhooks,
    worker,
)
from portal.config import PRODUCTION, ROOT, Config, ConfigError
from portal.security import csrf

# The core's parts, in the order their hooks run: each has init_app(app).
CORE = (
    params,  # the bounded <int:…> converter (before any route is added) and the NUL check
    db,  # the database, a connection per request
    worker,  # the job queue's storage, from HUEY_URL and INSTANCE_DIR
    csrf,
    htmx,  # "is this an htmx request?" and the Vary header
    i18n,
    templating,
    layout,  # the fixed parts around every page, rendered once per kind of visitor and language
    fragments,  # other parts of pages rendered once per key: kept({template}, **values) in templates
    access,  # deny by default: every route's rule, checked before the view
    security,  # headers and caching rules
    errors,
    cli,  # the `portal` command group
)

# The feature packages, each with init_app(app): blueprint, commands, template globals, hooks. The order is the
# order of their blueprints (and hooks) in the app; portal/access.py and the other core modules import none of them.
FEATURES = (
    pages,  # start page, help, accessibility statement, privacy, language, account page
    auth,  # log-in, sessions, password reset, DigiD (its pages answer 404 while OIDC_ISSUER is unset), accounts
    inbox,  # /inbox: the list, the message page, done / archive / delete
    webhooks,  # signed events to senders' systems, deadline changes; adds its routes to the API's blueprint
    api,  # /api/v1: CSRF-exempt, no session cookie, problem+json errors; API keys
    senders,  # /senders: the dashboard
    paper,  # /paper: one click for a paper copy; letters; the postal address
    settings,  # /settings: the hub, paper choices
    printing,  # /printing: the print operator's batches
    followup,  # /settings/alerts, /inbox/removal; the notice of alerts that did not arrive; the worker
    helpers,  # /my-helpers, /helping: authorisations for helpers and acting for someone
    accesslog,  # /access-log: who looked at my mail
    takeout,  # /takeout: download all my mail
    statistics,  # /statistics: open statistics for everyone; the daily roll-up
    caseload,  # /caseload: helper organisations' staff, their clients' deadlines in one list; /my-helpers/organisations
    safetynet,  # a follow-up step: unopened deadline mail of a quiet citizen goes on paper in time
)


def create_app(config: type[Config] | None = None) -> Flask:
    """Build the app. Raises ConfigError when the environment is unsafe (production without a secret)."""
    app = Flask(
        __name__,
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
        instance_path=str((config or Config).INSTANCE_DIR),
    )
    app.jinja_environment = templating.PortalEnvironment  # before anything makes app.jinja_env
    app.ensure_sync = _sync_once(app.ensure_sync)
    app.config.from_object(config or Config.from_env())
    if app.config["ENV"] == "production":
        app.config.update(PRODUCTION)
    _ensure_secret_key(app)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("weasyprint", "fontTools"):  # step-by-step rendering notes, not events worth a log line
        logging.getLogger(chatty).setLevel(logging.WARNING)

    for extension in CORE:
        extension.init_app(app)
    for feature in FEATURES:
        feature.init_app(app)
    demo.init_app(app)  # `portal seed-demo`: the demo fills every area, so it comes after them
    app.extensions["portal.warm"] = warmup.warm  # what gunicorn's master loads before forking (gunicorn_conf)
    return app


def _sync_once(ensure_sync):
    """Flask's ensure_sync, its answer kept per function: Flask asks it for the view and every hook on every
    request (18 times a page, each an inspection of the function), and a function's kind never changes. Only
    plain functions are kept, so what is kept is bounded by the code."""
    kept: dict = {}

    def once(func):
        sync = kept.get(func)
        if sync is None:
            sync = ensure_sync(func)
            if isinstance(func, types.FunctionType):
                kept[func] = sync
        return sync

    return once


def _ensure_secret_key(app: Flask) -> None:
    """Development keeps a random key in the instance folder, so sessions survive a restart."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config["ENV"] == "production":
        raise ConfigError("PORTAL_ENV=production needs SECRET_KEY.")
    key_file = app.config["INSTANCE_DIR"] / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
