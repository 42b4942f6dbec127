"""Redirect targets that stay on this site."""

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """Return target when it is a path on this site, else default (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
