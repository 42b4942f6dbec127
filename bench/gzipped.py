"""The portal behind gzip, as nginx serves it in production (docs/deploy/nginx.conf: gzip level 6 for HTML, CSS,
JavaScript and JSON), for the benchmarks that measure bytes and time on a slow network."""

from __future__ import annotations

import gzip

from wsgi import app as portal

COMPRESSED = ("text/", "application/javascript", "application/json", "application/problem+json")


def app(environ, start_response):
    if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
        return portal(environ, start_response)
    captured = {}

    def capture(status, headers, exc_info=None):
        captured.update(status=status, headers=headers)
        return lambda data: None

    body = b"".join(portal(environ, capture))
    headers = captured["headers"]
    kind = next((v for k, v in headers if k.lower() == "content-type"), "")
    if kind.startswith(COMPRESSED) and len(body) > 256:
        body = gzip.compress(body, 6)
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "content-encoding")]
        headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body))), ("Vary", "Accept-Encoding")]
    start_response(captured["status"], headers)
    return [body]
