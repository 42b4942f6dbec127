"""Redirect targets that stay on this site."""

from urllib.parse import urlsplit

from werkzeug.urls import iri_to_uri


def safe_next(target: str | None, default: str) -> str:
    """Return target when it is a path on this site, else default (no open redirects).

    Refused as well: control characters, line breaks and other unprintable characters (a line break in a
    Location header fails the whole answer, and browsers drop tabs and line breaks, so "/\\t/evil.example"
    would leave the site) and backslashes (which browsers read as slashes). What is left goes out
    percent-encoded, since a header carries ASCII only.
    """
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return default
    if not target.isprintable() or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return iri_to_uri(target)
