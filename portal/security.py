"""Headers on every response, and caching rules: private pages are never stored. The CSRF protection of every
form (the API exempts its blueprint)."""

from __future__ import annotations

from flask import Flask, g, request, session
from flask_wtf import CSRFProtect
from flask_wtf.csrf import generate_csrf

from portal.templating import static_hash

# form-action 'self' everywhere, DigiD on or off: Chromium checks it against every redirect after a form POST,
# so a flow that leaves our origin starts from a link or a page of ours, never from a form (docs/digid.md).
CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
YEAR = 365 * 24 * 3600

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    production = app.config["ENV"] == "production"
    field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")

    def csrf_token() -> str:
        """The page's CSRF token: Flask-WTF's, which it keeps in `g` for the request once made; a page with
        25 forms asks 27 times, and generate_csrf reads its settings on each call before it looks there."""
        token = g.get(field)
        return token if token is not None else generate_csrf()

    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.after_request
    def _headers(response):
        h = response.headers
        h["Content-Security-Policy"] = CSP
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "same-origin"
        h["X-Frame-Options"] = "DENY"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        if production:
            h["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if request.endpoint == "static" and not session.get("public"):  # public computer: keep nothing
            # A hash that matches these bytes: the URL never names other content, keep it a year. Another
            # hash (a page from before or after a deploy, while processes run different versions) must not
            # pin these bytes under that name: ask again each time.
            if request.args.get("v") and request.args["v"] == static_hash(request.view_args["filename"]):
                h["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            elif request.args.get("v"):
                h["Cache-Control"] = "no-cache"
        else:
            # Pages carry a CSRF token and, once logged in, personal mail: never keep a copy.
            h["Cache-Control"] = "no-store"
            h.add("Vary", "Cookie")
        return response
