"""Is this request from htmx? The one way to ask, and the `Vary: HX-Request` every answer that depends on it
carries (so a cache never gives the page to htmx, or the fragment to a browser without JavaScript)."""

from __future__ import annotations

from flask import Flask, Response, after_this_request, g
from htmx_flask import Htmx, request


def is_htmx(target: str | None = None) -> bool:
    """True when htmx sent the request (`HX-Request: true`) and, if `target` is given, aims at that element's id.

    Asking makes this answer one that differs by HX-Request, whatever the reply: it gets the Vary header. The
    header goes on before the site-wide headers (portal/security.py adds `Vary: Cookie` after it).
    """
    if not g.get("varies_by_htmx"):
        g.varies_by_htmx = True
        after_this_request(_vary)
    return bool(request.htmx) and (target is None or request.htmx.target == target)


def _vary(response: Response) -> Response:
    response.headers.add("Vary", "HX-Request")
    return response


def init_app(app: Flask) -> None:
    Htmx(app)  # request.htmx
