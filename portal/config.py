"""Settings from environment variables, with safe defaults for one machine."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """Raised when the environment asks for something unsafe or impossible."""


OIDC_SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_BSN_CLAIM", "OIDC_MIN_ACR")


class Config:
    ENV = "development"
    SECRET_KEY: str | None = None
    DATABASE_URL = f"sqlite:///{ROOT / 'instance' / 'portal.db'}"
    INSTANCE_DIR = ROOT / "instance"
    MAIL_DIR = ROOT / "instance" / "mail"
    SMTP_URL: str | None = None
    RATELIMIT_URL: str | None = None  # redis://host:6379/1: API rate-limit counts in Redis, not the database
    MAIL_FROM = "Berichtenbox <noreply@portal.example>"
    PUBLIC_URL = "http://127.0.0.1:5000"

    SESSION_IDLE = timedelta(minutes=30)
    SESSION_ABSOLUTE = timedelta(hours=12)
    LOGIN_FAILURES_PER_HOUR = 10
    PASSWORD_RESET_VALID = timedelta(hours=1)

    # Log-in with DigiD through an OpenID Connect broker (portal/auth/oidc.py); off while OIDC_ISSUER is unset.
    OIDC_ISSUER: str | None = None
    OIDC_CLIENT_ID: str | None = None
    OIDC_CLIENT_SECRET: str | None = None
    OIDC_BSN_CLAIM = "bsn"
    OIDC_MIN_ACR = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"  # DigiD Substantieel
    OIDC_CLOCK_SKEW = timedelta(seconds=60)

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = ("nl", "en")

    SESSION_COOKIE_NAME = "portal"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the server-side session
    WTF_CSRF_HEADERS = ["X-CSRFToken"]
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # Seconds a letter PDF may take (portal.pdf.bounded): in a web request, well under gunicorn's 60 s timeout;
    # in a print batch or a take-out, per letter. Every accepted body renders in a few on a quiet machine and
    # in under 15 on a machine ten times as busy (docs/performance.md).
    PDF_TIMEOUT = 20.0
    PDF_BATCH_TIMEOUT = 60.0
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(hours=1)

    @classmethod
    def from_env(cls, environ: os._Environ | dict | None = None) -> type[Config]:
        """Return a Config subclass filled from the environment.

        Raises ConfigError when production is asked for without a secret key.
        """
        env = os.environ if environ is None else environ
        settings: dict[str, object] = {}
        settings["ENV"] = env.get("PORTAL_ENV", "development")
        if settings["ENV"] not in ("development", "production"):
            raise ConfigError("PORTAL_ENV must be 'development' or 'production'.")
        for name in ("DATABASE_URL", "SECRET_KEY", "SMTP_URL", "MAIL_FROM", "PUBLIC_URL", "RATELIMIT_URL",
                     *OIDC_SETTINGS):
            if env.get(name):
                settings[name] = env[name]
        if env.get("PORTAL_INSTANCE"):
            instance = Path(env["PORTAL_INSTANCE"]).resolve()
            settings["INSTANCE_DIR"] = instance
            settings["MAIL_DIR"] = instance / "mail"
            if "DATABASE_URL" not in settings:
                settings["DATABASE_URL"] = f"sqlite:///{instance / 'portal.db'}"
        if settings["ENV"] == "production" and len(str(settings.get("SECRET_KEY") or "")) < 32:
            raise ConfigError("PORTAL_ENV=production needs SECRET_KEY (at least 32 random characters).")
        return type("EnvConfig", (cls,), settings)


# Production serves over HTTPS only: a __Host- cookie is Secure, has no Domain and Path=/, so no
# subdomain and no plain-HTTP page can set or read it.
PRODUCTION = {"SESSION_COOKIE_NAME": "__Host-portal", "SESSION_COOKIE_SECURE": True, "PREFERRED_URL_SCHEME": "https"}
