"""A strict structure check that every rendered page must pass (after GOV.UK Notify's test fixture)."""

from __future__ import annotations

import re

import html5lib
from bs4 import BeautifulSoup

ERROR_PREFIXES = ("Fout: ", "Error: ")
LABELLED_INPUTS = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.get_text(" ", strip=True)).strip()


def check_page(html: str) -> BeautifulSoup:
    """Parse strictly and check the page's structure; returns the soup. Raises AssertionError."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        raise AssertionError(f"HTML does not parse cleanly: {error}") from None
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html.get("lang") in ("nl", "en"), "<html lang> must be nl or en"
    _check_headings(soup)
    ids = _check_ids(soup)
    _check_forms(soup, ids)
    _check_csp_safe(soup)
    _check_htmx_where_used(soup)
    return soup


def _check_htmx_where_used(soup) -> None:
    """htmx loads on a page exactly when the page has data-hx-* attributes (base.html's uses_htmx): without it
    the attributes do nothing (the page still works, as without JavaScript), with it for nothing a phone
    downloads 17 KB it never runs."""
    used = any(name.startswith("data-hx-") for el in soup.find_all(True) for name in el.attrs)
    loaded = soup.find("script", src=re.compile(r"/htmx[.][^/]*js")) is not None
    assert used == loaded, "a page with data-hx-* attributes says {% set uses_htmx = true %}" if used else \
        "htmx loads on a page without data-hx-* attributes"


def _check_headings(soup) -> None:
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"a page has exactly one h1, found {len(h1s)}"
    title = _text(soup.title)
    for prefix in ERROR_PREFIXES:
        title = title.removeprefix(prefix)
    assert title.startswith(_text(h1s[0])), f"title {title!r} must start with the h1 {_text(h1s[0])!r}"
    skip = soup.find("a")
    assert skip and skip.get("href") == "#main", "the first link is the skip link to #main"
    assert soup.find("main", id="main"), "<main id=main> is missing"


def _check_ids(soup) -> set[str]:
    ids = [el["id"] for el in soup.find_all(id=True)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    ids = set(ids)
    for attr in ("aria-describedby", "aria-labelledby", "aria-controls"):
        for el in soup.find_all(attrs={attr: True}):
            missing = [ref for ref in el[attr].split() if ref not in ids]
            assert not missing, f"{attr}={missing} points nowhere"
    for link in soup.find_all("a", href=re.compile(r"^#.")):
        assert link["href"][1:] in ids, f"in-page link {link['href']} points nowhere"
    return ids


def _check_forms(soup, ids: set[str]) -> None:
    for el in soup.select(LABELLED_INPUTS):
        labelled = (
            el.get("aria-label")
            or el.get("aria-labelledby")
            or (el.get("id") in ids and soup.find("label", attrs={"for": el["id"]}))
            or el.find_parent("label")
        )
        assert labelled, f"input without a label: {el}"
    for form in soup.find_all("form"):
        assert form.get("action") and form.get("method"), f"form without action or method: {form.attrs}"
    for img in soup.find_all("img"):
        assert img.has_attr("alt"), "image without alt"


def _check_csp_safe(soup) -> None:
    for el in soup.find_all(True):
        assert "style" not in el.attrs, f"inline style breaks the CSP: {el.name}"
        assert not any(a.startswith("on") for a in el.attrs), f"inline event handler: {el.name}"
    for script in soup.find_all("script"):
        assert script.get("src") and not script.string, "inline script breaks the CSP"
