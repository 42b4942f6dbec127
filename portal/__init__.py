"""portal: an accessible citizen inbox for government mail."""

from __future__ import annotations

import logging
import secrets

from flask import Flask
from flask_wtf import CSRFProtect

from portal import (
    access,
    accesslog,
    api,
    cli,
    db,
    errors,
    helpers,
    htmx,
    i18n,
    paper,
    params,
    printing,
    security,
    senders,
    settings,
    statistics,
    takeout,
    templating,
    worker,
)
from portal.auth import login, oidc
from portal.config import PRODUCTION, ROOT, Config, ConfigError
from portal.followup import views as followup

csrf = CSRFProtect()


def create_app(config: type[Config] | None = None) -> Flask:
    """Build the app. Raises ConfigError when the environment is unsafe (production without a secret)."""
    app = Flask(
        __name__,
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
        instance_path=str((config or Config).INSTANCE_DIR),
    )
    app.config.from_object(config or Config.from_env())
    if app.config["ENV"] == "production":
        app.config.update(PRODUCTION)
    _ensure_secret_key(app)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("weasyprint", "fontTools"):  # step-by-step rendering notes, not events worth a log line
        logging.getLogger(chatty).setLevel(logging.WARNING)

    params.init_app(app)  # the bounded <int:…> converter (before any route is added) and the NUL check
    db.init_app(app)
    worker.init_app(app)  # the job queue's storage, from HUEY_URL and INSTANCE_DIR
    csrf.init_app(app)
    htmx.init_app(app)
    login.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    app.before_request(access.enforce)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from portal.auth.views import bp as auth_bp
    from portal.inbox.views import bp as inbox_bp
    from portal.pages.views import bp as pages_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(inbox_bp)
    oidc.init_app(app)  # log in with DigiD; its pages answer 404 while OIDC_ISSUER is unset
    api.init_app(app)  # /api/v1: CSRF-exempt, no session cookie, problem+json errors
    senders.init_app(app)
    paper.init_app(app)  # /paper: one click for a paper copy; letters
    settings.init_app(app)  # /settings: postal address, paper choices
    printing.init_app(app)  # /printing: the print operator's batches
    followup.init_app(app)  # /settings/alerts, /inbox/removal; the notice of alerts that did not arrive
    helpers.init_app(app)  # /my-helpers, /helping: authorisations for helpers and acting for someone
    accesslog.init_app(app)  # /access-log: who looked at my mail
    takeout.init_app(app)  # /takeout: download all my mail
    statistics.init_app(app)  # /statistics: open statistics for everyone, and the roll-up command


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
