"""The sender API (/api/v1): organisations deliver messages and follow them, with an API key.

Its settings (API_SEND_PER_MINUTE, API_READ_PER_MINUTE, API_MAX_REQUEST_BYTES) are declared on portal.config.Config.
"""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SessionInterface

from portal.api.problems import API_PREFIX, install


class _NoSessionForApi(SessionInterface):
    """API requests never read the session cookie (only the API key counts, so the CSRF exemption is safe)
    and never set one."""

    def __init__(self, inner: SessionInterface):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def open_session(self, app, request_):
        if request_.path.startswith(API_PREFIX):
            return self.inner.session_class()
        return self.inner.open_session(app, request_)

    def save_session(self, app, session, response):
        if request.path.startswith(API_PREFIX):
            return None
        return self.inner.save_session(app, session, response)


def init_app(app: Flask) -> None:
    from portal import csrf
    from portal.api.views import bp
    from portal.webhooks import api as webhook_routes  # noqa: F401 -- adds its routes to bp

    app.register_blueprint(bp)
    csrf.exempt(bp)
    app.session_interface = _NoSessionForApi(app.session_interface)
    install(app)
