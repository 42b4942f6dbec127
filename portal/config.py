"""Every setting, declared once on `Config` with its default, type and meaning; read from the environment here
and nowhere else (`Config.from_env`), checked at start with a clear ConfigError. Code reads `app.config`.

A `Setting` is one an operator may set through the environment variable of its name (or `env=`); the README's
configuration table is made from them (`readme_table()`; tests/test_config.py keeps the two the same).
The plain attributes after them are fixed choices for Flask and its extensions, not set from outside.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """Raised when the environment asks for something unsafe or impossible."""


# The product's one name: the header, every page title, the e-mails (sender and signature), the letters, the
# API reference and the README. A proper name, so the same in Dutch and English (docs/words.md).
PRODUCT_NAME = "Overheidspost"
# The portal as a sender of its own letters (the safety net's explanation): no government organisation, so the
# open statistics leave it out.
PORTAL_SENDER_SLUG = "overheidspost"

OIDC_SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_BSN_CLAIM", "OIDC_MIN_ACR")


class Setting:
    """One setting from the environment: `Config.NAME` is its default; `parse` turns the variable's text into
    the value (raising ConfigError with what is wrong); `meaning` is its line in the README table, `unset`
    what happens without it when the default is None."""

    def __init__(self, default: object, parse: Callable[[str, str], object], meaning: str, *, env: str = "",
                 unset: str = "") -> None:
        self.default, self.parse, self.meaning, self.env, self.unset = default, parse, meaning, env, unset
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.env = self.env or name

    def __get__(self, instance: object, owner: type | None = None) -> object:
        return self.default

    def shown_default(self) -> str:
        """The default as the README writes it: paths relative to the project folder."""
        if self.default is None:
            return self.unset
        text = str(self.default).replace(f"{ROOT}/", "").replace(str(ROOT), ".")
        if isinstance(self.default, bool):
            text = "on" if self.default else "off"
        elif isinstance(self.default, Path):
            text += "/"
        return f"`{text}`"


def _text(name: str, value: str) -> str:
    return value


def _whole(low: int, high: int | None = None, message: str = "") -> Callable[[str, str], int]:
    def parse(name: str, value: str) -> int:
        if value.isascii() and value.isdigit() and low <= int(value) and (high is None or int(value) <= high):
            return int(value)
        raise ConfigError(message.format(name=name) if message else f"{name} must be a whole number of at least {low}.")

    return parse


def _seconds(name: str, value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise ConfigError(f"{name} must be a number of seconds above 0, like 600.")
    return seconds


def _on_off(name: str, value: str) -> bool:
    if value not in ("on", "off"):
        raise ConfigError(f"{name} must be on or off.")
    return value == "on"


def _environment(name: str, value: str) -> str:
    if value not in ("development", "production"):
        raise ConfigError(f"{name} must be 'development' or 'production'.")
    return value


def _queue_url(name: str, value: str) -> str:
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"{name} must start with redis:// or rediss:// (or be unset for SQLite).")
    return value


def _folder(name: str, value: str) -> Path:
    return Path(value).resolve()


class Config:
    ENV = Setting("development", _environment, "`production` refuses to start without `SECRET_KEY`, uses "
                  "`__Host-` Secure cookies and HSTS", env="PORTAL_ENV")
    DATABASE_URL = Setting(f"sqlite:///{ROOT / 'instance' / 'portal.db'}", _text, "or "
                           "`postgresql://user:password@host:5432/portal`; `postgresql+pool://…?max_connections=8` "
                           "keeps connections open per process")
    RATELIMIT_URL = Setting(None, _text, "`redis://host:6379/1`: counts in Redis (falls back to the database when "
                            "Redis is unreachable)", unset="none: API rate-limit counts in the database")
    HUEY_URL = Setting(None, _queue_url, "`redis://host:6379/0` for a Redis job queue (several machines)",
                       unset="none: SQLite `instance/huey.db`")
    SECRET_KEY = Setting(None, _text, "at least 32 random characters in production",
                         unset="random, kept in `instance/secret_key`")
    SMTP_URL = Setting(None, _text, "`smtp://host:25`, `smtp+starttls://user:pw@host:587`, `smtps://user:pw@host:465`",
                       unset="none: mails are written to `instance/mail/*.eml`")
    MAIL_FROM = Setting(f"{PRODUCT_NAME} <noreply@portal.example>", _text, "sender of every e-mail (the name is the "
                        "product name, `PRODUCT_NAME` in `portal/config.py`)")
    PUBLIC_URL = Setting("http://127.0.0.1:5000", _text, "the address written in e-mails (password reset links)")
    # Proxies in front that set X-Forwarded-For (nginx: 1): the client address that log-in limits count by.
    TRUSTED_PROXIES = Setting(0, _whole(0, message="{name} must be a number of proxies, like 1."),
                              "proxies in front that write the client's address in `X-Forwarded-For` (nginx: `1`); "
                              "log-in limits count by that address")
    INSTANCE_DIR = Setting(ROOT / "instance", _folder, "folder for the SQLite files, the development secret and "
                           "written mails", env="PORTAL_INSTANCE")
    # Working days the postal service takes at most from posting a letter to delivering it (two: its standard for
    # ordinary letters). Every arrival date shown, the paper_late check and print-if-unread count with it.
    PAPER_DELIVERY_DAYS = Setting(2, _whole(1, 10, "{name} must be a whole number of working days from 1 to 10."),
                                  "working days the postal service takes at most to deliver a posted letter (see "
                                  "[docs/paper.md](docs/paper.md))")
    API_SEND_PER_MINUTE = Setting(3000, _whole(1), "POST, PATCH and DELETE requests an API key may make per minute")
    API_READ_PER_MINUTE = Setting(6000, _whole(1), "other API requests a key may make per minute")
    # Five attachments of 2 MB in base64 fit.
    API_MAX_REQUEST_BYTES = Setting(16 * 1024 * 1024, _whole(1), "the largest API request body, in bytes (16 MB)")
    OUTBOX_STUCK_SECONDS = Setting(600, _seconds, "how long an outbox row may stay `sending` before the sweeper "
                                   "takes it back")
    FOLLOWUP_QUIET_HOURS = Setting(True, _on_off, "`off` lets e-mail go out at night (tests only)")
    SAFETY_NET = Setting(True, _on_off, "`off`: no safety net ([docs/safetynet.md](docs/safetynet.md))")
    RETENTION_LEGAL_MONTHS = Setting(84, _whole(1), "how long messages with a deadline are kept")
    RETENTION_OTHER_MONTHS = Setting(18, _whole(1), "how long other messages are kept")

    # Log-in with DigiD through an OpenID Connect broker (portal/auth/oidc.py); off while OIDC_ISSUER is unset.
    OIDC_ISSUER = Setting(None, _text, "the DigiD broker's issuer, exactly as in its discovery document "
                          "(`…/.well-known/openid-configuration`)", unset="none: DigiD off")
    OIDC_CLIENT_ID = Setting(None, _text, "this portal's client id at the broker", unset="none")
    OIDC_CLIENT_SECRET = Setting(None, _text, "its secret (client_secret_basic at the token endpoint)", unset="none")
    OIDC_BSN_CLAIM = Setting("bsn", _text, "the ID token claim that holds the citizen service number")
    OIDC_MIN_ACR = Setting("urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard", _text, "the lowest assurance level "
                           "(`acr` claim) that may read mail (DigiD Substantieel)")

    PRODUCT_NAME = PRODUCT_NAME
    # The safety net's rules (docs/safetynet.md): fixed choices, not set from outside.
    SAFETY_NET_NO_ALERT_DAYS = 3  # days after delivery that a letter waits when alerts do not reach the citizen
    SAFETY_NET_QUIET_DAYS = 365  # no contact this long while mail kept arriving: paper for everything
    SAFETY_NET_UNOPENED_IN_A_ROW = 3  # this many deadline letters in a row unopened until their deadline: same
    ALERT_CONFIRM_DAYS = 183  # an alert address (or having none) is confirmed again after six months
    MAIL_DIR = ROOT / "instance" / "mail"  # written mails without SMTP_URL: in the instance folder
    SESSION_IDLE = timedelta(minutes=30)  # a session ends after this long without a request ...
    SESSION_ABSOLUTE = timedelta(hours=12)  # ... and this long after the log-in, whatever happens
    SESSION_IDLE_PUBLIC = timedelta(minutes=10)  # the idle limit of a session on a shared or public computer
    SESSION_WARN_BEFORE = timedelta(minutes=2)  # the time-out dialog shows this long before the idle time-out
    PASSWORD_RESET_VALID = timedelta(hours=1)  # how long a password-reset link works
    OIDC_CLOCK_SKEW = timedelta(seconds=60)  # the clock difference allowed with the broker's ID tokens

    BABEL_DEFAULT_LOCALE = "nl"  # Dutch first; English is the other language
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")  # absolute: a relative one resolves in portal/
    LANGUAGES = ("nl", "en")

    SESSION_COOKIE_NAME = "portal"  # production: __Host-portal (PRODUCTION below)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the server-side session
    WTF_CSRF_HEADERS = ["X-CSRFToken"]  # htmx sends the token in this header
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024  # the largest form post (the API has API_MAX_REQUEST_BYTES)
    # Seconds a letter PDF may take (portal.pdf.bounded): in a web request, well under gunicorn's 60 s timeout;
    # in a print batch or a take-out, per letter. Every accepted body renders in a few on a quiet machine and
    # in under 15 on a machine ten times as busy (docs/performance.md).
    PDF_TIMEOUT = 20.0
    PDF_BATCH_TIMEOUT = 60.0
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(hours=1)  # static files; the content-hashed ones are cached for good

    @classmethod
    def settings(cls) -> list[Setting]:
        """The settings from the environment, in the order of the README table."""
        return [value for value in vars(Config).values() if isinstance(value, Setting)]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> type[Config]:
        """Return a Config subclass filled from the environment.

        Raises ConfigError for a value that cannot be used, and when production is asked for without a
        secret key."""
        env = os.environ if environ is None else environ
        settings = {s.name: s.parse(s.env, env[s.env]) for s in cls.settings() if env.get(s.env)}
        if "INSTANCE_DIR" in settings:
            settings["MAIL_DIR"] = settings["INSTANCE_DIR"] / "mail"
            settings.setdefault("DATABASE_URL", f"sqlite:///{settings['INSTANCE_DIR'] / 'portal.db'}")
        if settings.get("ENV") == "production" and len(str(settings.get("SECRET_KEY") or "")) < 32:
            raise ConfigError("PORTAL_ENV=production needs SECRET_KEY (at least 32 random characters).")
        return type("EnvConfig", (cls,), settings)


def setting(name: str) -> object:
    """The running app's value of a setting; outside an app (a service called on its own) its default."""
    from flask import current_app, has_app_context

    return current_app.config[name] if has_app_context() else getattr(Config, name)


def readme_table() -> str:
    """The README's configuration table, from the settings."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{s.env}` | {s.shown_default()} | {s.meaning} |" for s in Config.settings()]
    return "\n".join(rows) + "\n"


# Production serves over HTTPS only: a __Host- cookie is Secure, has no Domain and Path=/, so no
# subdomain and no plain-HTTP page can set or read it.
PRODUCTION = {"SESSION_COOKIE_NAME": "__Host-portal", "SESSION_COOKIE_SECURE": True, "PREFERRED_URL_SCHEME": "https"}
