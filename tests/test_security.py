"""Headers, CSRF and caching on every kind of response."""

import pytest

from tests.conftest import make_config

CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"


def assert_security_headers(response):
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_security_headers_on_a_page_a_404_and_a_static_file(client):
    page, missing, static = client.get("/login"), client.get("/no-such-page"), client.get("/static/portal.css")
    assert (page.status_code, missing.status_code, static.status_code) == (200, 404, 200)
    for response in (page, missing, static):
        assert_security_headers(response)
    assert page.headers["Cache-Control"] == "no-store"
    assert missing.headers["Cache-Control"] == "no-store"


def test_private_pages_are_never_stored(logged_in):
    response = logged_in.client.get("/account")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_hashed_static_urls_are_cached_for_a_year(client):
    html = client.get("/login").get_data(as_text=True)
    css = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert "?v=" in css
    assert "max-age=31536000" in client.get(css).headers["Cache-Control"]


def test_post_without_csrf_token_is_refused_with_400(client, citizen):
    response = client.post("/login", data={"email": "anna@example.nl", "password": "correct horse battery"})
    assert response.status_code == 400
    assert "formulier" in response.get_data(as_text=True).lower() or "form" in response.get_data(as_text=True)
    assert client.get_cookie("portal") is None or "sid" not in client.get_cookie("portal").value


def test_htmx_can_send_the_csrf_token_in_a_header(pages, citizen):
    from tests.conftest import csrf_token

    token = csrf_token(pages.client)
    response = pages.client.post(
        "/login",
        data={"email": "anna@example.nl", "password": "correct horse battery"},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert response.status_code == 302


def test_no_page_loads_anything_from_another_host(pages):
    soup = pages.get("/login")
    for el in soup.find_all(["script", "link", "img"]):
        url = el.get("src") or el.get("href") or ""
        assert url.startswith("/"), url


def test_production_uses_host_prefixed_secure_cookies_and_hsts(tmp_path, database_url):
    from portal import create_app

    config = make_config(tmp_path, database_url, ENV="production")
    client = create_app(config).test_client()
    response = client.get("/login", base_url="https://portal.test")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-portal=") and "Secure" in cookie and "HttpOnly" in cookie
    assert "Domain" not in cookie and "Path=/" in cookie
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_production_refuses_to_start_without_a_secret_key():
    from portal.config import Config, ConfigError

    with pytest.raises(ConfigError):
        Config.from_env({"PORTAL_ENV": "production"})
    assert Config.from_env({"PORTAL_ENV": "production", "SECRET_KEY": "x" * 40}).SECRET_KEY == "x" * 40


def test_database_url_comes_from_the_environment():
    from portal.config import Config

    assert Config.from_env({"DATABASE_URL": "postgresql://u@h/db"}).DATABASE_URL == "postgresql://u@h/db"
    assert Config.from_env({}).DATABASE_URL.startswith("sqlite:///")
