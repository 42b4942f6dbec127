"""Tagged, accessible PDFs (PDF/UA-1) from HTML with WeasyPrint, fetching nothing from the network, and
rendering with a time limit (bounded()), so that no document holds a process for longer than its limit."""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from portal.config import ROOT

STATIC = (ROOT / "static").resolve()


@cache
def font_config():
    """One font configuration for every PDF of this process (faster in batches)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _fetcher():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """Serves files from static/ and inline data; refuses everything else, so rendering never goes online."""

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if not (path.is_relative_to(STATIC) and path.is_file()):
                    raise ValueError(f"not fetched while rendering a PDF: {url}")
            elif parsed.scheme != "data":
                raise ValueError(f"not fetched while rendering a PDF: {url}")
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def render_pdf(html: str) -> bytes:
    """Render one HTML document (with <html lang> and a <title>) to a tagged PDF/UA-1."""
    from weasyprint import HTML  # imported here: it takes half a second, and most requests need no PDF

    from portal.pdftags import tag_table_headers

    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=_fetcher())
    return tag_table_headers(document.write_pdf(pdf_variant="pdf/ua-1"))


class PdfFailed(Exception):
    """A PDF could not be made: rendering took longer than its time limit (`timed_out`) or failed."""

    def __init__(self, reason: str, *, timed_out: bool):
        super().__init__(reason)
        self.timed_out = timed_out


def warm_up() -> None:
    """Load WeasyPrint and its fonts in this process once, so every child forked by bounded() starts warm."""
    global _warm
    with _fork_lock:
        if not _warm:
            from weasyprint import HTML

            HTML(string="<html lang=nl><title>.</title><p>.").write_pdf(font_config=font_config())
            _warm = True


_warm = False
# This process renders only in warm_up(); holding this lock there and while forking means no other thread
# (the worker runs tasks in threads) is inside Pango or fontconfig when a child is made with their locks.
_fork_lock = threading.Lock()


def bounded(render: Callable[[], bytes], *, timeout: float) -> bytes:
    """Run `render` in a forked child and return its bytes; raises PdfFailed when it fails or takes longer
    than `timeout` seconds (the child is then killed). The caller's process stays free: a web worker is
    never held past the limit, whatever the letter.

    Fork, not a fresh interpreter: the child shares the warm WeasyPrint and fonts (a new Python would add
    about a second per letter). The child only renders and writes to a pipe; it never touches the database.
    """
    read_end, write_end = os.pipe()
    with _fork_lock:
        pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        _child(render, write_end)
    os.close(write_end)
    try:
        data = _read_until(read_end, deadline=time.monotonic() + timeout)
    except TimeoutError:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise PdfFailed(f"took longer than {timeout:g} s", timed_out=True) from None
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if data[:1] == b"1" and status == 0:
        return data[1:]
    reason = data[1:].decode("utf-8", "replace") if data[:1] == b"0" else f"renderer stopped ({status})"
    raise PdfFailed(reason, timed_out=False)


def _child(render: Callable[[], bytes], write_end: int) -> None:
    code = 1
    try:
        try:
            data = b"1" + render()
        except Exception as error:  # reported to the parent, which decides what it means
            data = b"0" + f"{type(error).__name__}: {error}".encode()[:2000]
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)  # no atexit, no flushing of the parent's buffers, no closing of its connections


def _read_until(fd: int, *, deadline: float) -> bytes:
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
