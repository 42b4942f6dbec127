"""Static files are named by their content (`/static/portal.css?v=<sha256 prefix>`), so caches may keep them
a year: a query string is part of the cache key in browsers, nginx and every HTTP cache (RFC 9111), so the
hashed URL behaves as a hashed file name would. A hash that does not match the bytes served (a page rendered
by a process running another release) never gets the year."""

from __future__ import annotations

import re


def css_url(client) -> str:
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'rel="stylesheet" href="([^"]+)"', html).group(1)


def test_the_stylesheet_url_carries_the_hash_of_its_bytes(client, app):
    import hashlib

    url = css_url(client)
    body = client.get(url).get_data()
    assert url.endswith("?v=" + hashlib.sha256(body).hexdigest()[:12])


def test_a_matching_hash_is_cached_for_a_year_and_immutable(client):
    headers = client.get(css_url(client)).headers
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_hash_of_other_bytes_is_not_kept(client):
    url = css_url(client).split("?v=")[0] + "?v=000000000000"
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


def test_every_static_reference_in_a_page_is_hashed(client):
    html = client.get("/login").get_data(as_text=True)
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
