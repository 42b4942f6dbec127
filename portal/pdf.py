"""Tagged, accessible PDFs (PDF/UA-1) from HTML with WeasyPrint, fetching nothing from the network."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from portal.config import ROOT

STATIC = (ROOT / "static").resolve()


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
