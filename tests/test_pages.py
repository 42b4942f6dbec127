"""The page frame, the language choice and the error pages, in Dutch and English."""

import pytest

from tests import factories


@pytest.mark.parametrize("url", ["/", "/login", "/help", "/accessibility", "/privacy", "/password/forgot",
                                 "/password/sent", "/logged-out"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_public_pages_pass_the_structure_check_in_both_languages(pages, url, language):
    soup = pages.get(url, headers={"Accept-Language": language})
    assert soup.html["lang"] == language
    footer_links = [a["href"] for a in soup.find("footer").find_all("a")]
    assert footer_links == ["/help", "/accessibility", "/privacy", "/statistics"]


def test_dutch_is_the_default_and_the_browser_language_comes_next(pages):
    assert pages.get("/login").html["lang"] == "nl"
    assert pages.get("/login", headers={"Accept-Language": "de, en-GB;q=0.8"}).html["lang"] == "en"
    assert pages.get("/login", headers={"Accept-Language": "fr"}).html["lang"] == "nl"


def test_language_switch_works_without_javascript_and_returns_to_the_page(pages):
    response = pages.post("/language", {"language": "en", "next": "/help"})
    assert response.status_code == 302 and response.location == "/help"
    soup = pages.get("/help")
    assert soup.html["lang"] == "en" and soup.h1.get_text() == "Help"
    switch = soup.find("button", attrs={"name": "language"})
    assert switch["value"] == "nl" and switch["lang"] == "nl"
    pages.post("/language", {"language": "nl", "next": "/help"})
    assert pages.get("/help", headers={"Accept-Language": "en"}).html["lang"] == "nl"


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(pages):
    assert pages.post("/language", {"language": "xx"}).status_code == 400
    assert pages.post("/language", {"language": "en", "next": "https://evil.example/"}).location == "/"


def test_logged_in_persons_language_setting_wins_and_the_switch_saves_it(pages):
    citizen = factories.create_citizen(language="en")
    pages.login(citizen.account.email)
    assert pages.get("/account", headers={"Accept-Language": "nl"}).html["lang"] == "en"
    pages.post("/language", {"language": "nl", "next": "/account"})
    from portal.models import Account

    assert Account.get_by_id(citizen.account.id).language == "nl"
    assert pages.get("/account").html["lang"] == "nl"


@pytest.mark.parametrize("language, title", [("nl", "Pagina niet gevonden"), ("en", "Page not found")])
def test_404_page_in_both_languages(pages, language, title):
    soup = pages.get("/no-such-page", status=404, headers={"Accept-Language": language})
    assert soup.h1.get_text() == title


@pytest.mark.own_app
def test_403_page_for_a_logged_in_person_without_access(app, pages):
    from portal.access import sender_required

    @app.route("/only-senders")
    @sender_required
    def only_senders():
        return "x"

    pages.login(factories.create_account(role="helper").email)
    soup = pages.get("/only-senders", status=403)
    assert "x" not in soup.find("main").get_text(strip=True).split()


@pytest.mark.own_app
def test_500_page_shows_a_reference_and_no_stack_trace(app, caplog):
    from portal.access import public

    @app.route("/boom")
    @public
    def boom():
        raise RuntimeError("database password is hunter2")

    from tests.pagecheck import check_page

    response = app.test_client().get("/boom", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    check_page(html)
    assert "hunter2" not in html and "Traceback" not in html
    reference = html.split("Give this reference: ", 1)[1][:8]
    assert reference.isalnum() and reference in caplog.text


def test_account_page_shows_who_is_logged_in(logged_in, citizen):
    soup = logged_in.get("/account")
    assert citizen.account.email in soup.get_text()
    assert soup.find("form", action="/logout")


def test_every_page_links_a_favicon_that_exists(pages, client):
    """Without a <link rel=icon> every browser asks for /favicon.ico on every page and gets a 404."""
    icon = pages.get("/help").find("link", rel="icon")
    assert icon["type"] == "image/svg+xml"
    response = client.get(icon["href"])
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data and len(response.data) < 1000
