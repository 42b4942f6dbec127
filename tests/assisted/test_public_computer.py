"""Public-computer mode: the log-in checkbox and the permanent setting; 10 minutes idle instead of 30 (frozen
clock); no-store on every answer, static files too; no autocomplete; downloads as attachments; log-out clears
the site and says to close the browser. And the time-out warning's server side: extending, many times."""

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time

from portal.auth.models import Session
from portal.models import Event
from tests import factories
from tests.conftest import csrf_token

NOW = datetime(2026, 11, 2, 10, 0)


def log_in(pages, email, *, public: bool):
    data = {"email": email, "password": factories.PASSWORD}
    if public:
        data["public_computer"] = "y"
    response = pages.post("/login", data)
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("public, idle_minutes", [(True, 10), (False, 30)])
def test_idle_time_out_is_10_minutes_on_a_public_computer_and_30_otherwise(pages, citizen, public, idle_minutes):
    with freeze_time(NOW) as clock:
        log_in(pages, citizen.account.email, public=public)
        assert Session.get().public_computer is public
        clock.tick(timedelta(minutes=idle_minutes - 1))
        assert pages.client.get("/inbox/").status_code == 200
        clock.tick(timedelta(minutes=idle_minutes, seconds=1))
        response = pages.client.get("/inbox/?page=1")
        assert response.status_code == 302 and response.location.startswith("/login?next=/inbox/")
        assert Session.select().count() == 0


def test_the_permanent_setting_makes_every_log_in_public(pages, citizen):
    log_in(pages, citizen.account.email, public=False)
    page = pages.get("/account/public-computer")
    assert page.select_one("input#always[type=checkbox]")
    assert pages.post("/account/public-computer", {"always": "y"}).status_code == 303
    assert Session.get().public_computer  # at once, for this session too
    assert Event.get(Event.kind == "public_computer_on").actor_id == citizen.account_id
    pages.logout()
    log_in(pages, citizen.account.email, public=False)
    assert Session.get().public_computer
    assert "Gedeelde computer" in pages.get("/inbox/").select_one("header").get_text()


def test_nothing_is_kept_on_a_public_computer(app, pages, citizen):
    message = factories.create_message(recipient=citizen, attachments=[("a.pdf", b"%PDF-1.4 a")])
    css = pages.get("/login").select_one("link[rel=stylesheet]")["href"]  # with its content hash
    assert "immutable" in pages.client.get(css).headers["Cache-Control"]  # normally cached for a year
    log_in(pages, citizen.account.email, public=True)
    for url in ("/inbox/", f"/inbox/{message.public_id}", css, "/static/htmx.min.js",
                f"/inbox/{message.public_id}/attachments/{message.attachments[0].id}",
                f"/paper/{message.public_id}/letter.pdf", "/access-log/access-log.csv"):
        response = pages.client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
        if response.mimetype != "text/html" and "static" not in url:
            assert response.headers["Content-Disposition"].startswith("attachment"), url
    page = pages.get("/inbox/")
    assert "Verwijder de bestanden die u downloadt" in page.select_one("header").get_text()


def test_no_autocomplete_on_the_email_field_for_a_public_computer(pages):
    normal = pages.get("/login")
    assert normal.select_one("#email")["autocomplete"] == "username"
    assert normal.select_one("input#public_computer[type=checkbox]")
    assert normal.select_one("script[src^='/static/public-computer.js']")
    public = pages.get(normal.select_one("a[href*='public=1']")["href"])
    assert public.select_one("#email")["autocomplete"] == "off"
    assert public.select_one("#password")["autocomplete"] == "off"
    assert public.select_one("#public_computer").has_attr("checked")


def test_log_out_on_a_public_computer_clears_the_site_and_says_to_close_the_browser(pages, citizen):
    log_in(pages, citizen.account.email, public=True)
    response = pages.logout()
    assert response.headers["Clear-Site-Data"] == '"cache", "storage", "cookies"'
    assert Session.select().count() == 0
    page = pages.get(response.location)
    assert "Sluit nu alle vensters van de browser." in page.get_text()
    assert pages.client.get("/inbox/").status_code == 302
    assert "cookies" not in pages.post("/logout").headers.get("Clear-Site-Data", "")


def test_stay_logged_in_extends_the_session_each_time(pages, citizen):
    with freeze_time(NOW) as clock:
        log_in(pages, citizen.account.email, public=True)
        page = pages.get("/inbox/")
        holder = page.select_one("#session-timeout")
        assert holder["data-seconds-left"] == "600" and holder["data-warn-seconds"] == "120"
        assert holder["data-extend-url"] == "/session/extend"
        token = csrf_token(pages.client)
        for _ in range(12):
            clock.tick(timedelta(minutes=9))
            response = pages.client.post("/session/extend", headers={"X-CSRFToken": token})
            assert response.status_code == 200 and response.json == {"seconds_left": 600}
        assert pages.client.get("/inbox/").status_code == 200  # 108 minutes later, still logged in
        assert pages.client.post("/session/extend").status_code == 400  # no CSRF token, no extension


def test_the_absolute_limit_is_not_extended(pages, citizen):
    with freeze_time(NOW) as clock:
        log_in(pages, citizen.account.email, public=False)
        token = csrf_token(pages.client)
        for _ in range(24):
            clock.tick(timedelta(minutes=29))
            response = pages.client.post("/session/extend", headers={"X-CSRFToken": token})
        assert response.json == {"seconds_left": 24 * 60}  # 11.6 hours in: 24 minutes to the 12 hours
        clock.tick(timedelta(minutes=25))
        assert pages.client.get("/inbox/").status_code == 302


def test_after_a_time_out_a_sent_form_comes_back_filled_in_after_logging_in(pages, citizen):
    """Without JavaScript: the form sent with a dead session is kept, the visitor logs in, lands on its page,
    and finds what they typed (not the password) in it. Nothing was saved in the meantime."""
    with freeze_time(NOW) as clock:
        log_in(pages, citizen.account.email, public=False)
        token = csrf_token(pages.client)
        form_page = "http://localhost/settings/address"
        clock.tick(timedelta(minutes=31))
        typed = {"csrf_token": token, "name": "Anna de Vries", "street": "Kerkstraat", "house_number": "7",
                 "postcode": "1234 AB", "city": "Utrecht"}
        response = pages.client.post("/settings/address", data=typed, headers={"Referer": form_page})
        assert response.status_code == 302 and response.location == "/login?next=/settings/address"
        assert citizen.address_street == "" and Session.select().count() == 0
        back = pages.post(response.location, {"email": citizen.account.email, "password": factories.PASSWORD})
        assert back.location == "/settings/address"
        page = pages.get("/settings/address")
        assert page.select_one("#street")["value"] == "Kerkstraat"
        assert page.select_one("#city")["value"] == "Utrecht"
        assert "Wat u typte, staat er weer." in page.select_one(".notification").get_text()
        again = pages.get("/settings/address")  # once only
        assert again.select_one("#street").get("value", "") == ""


def test_a_form_from_elsewhere_is_not_kept(pages, citizen):
    response = pages.client.post("/settings/address", data={"street": "X"},
                                 headers={"Referer": "https://evil.example/settings/address"})
    assert response.status_code in (302, 400)
    from portal.models import KeptForm

    assert KeptForm.select().count() == 0


def test_the_sessions_page_marks_public_sessions_and_drops_them_after_10_minutes(app, citizen):
    from tests.conftest import Pages

    library, home = Pages(app.test_client()), Pages(app.test_client())
    with freeze_time(NOW) as clock:
        log_in(library, citizen.account.email, public=True)
        log_in(home, citizen.account.email, public=False)
        rows = home.get("/account/sessions").select("tbody tr")
        assert len(rows) == 2 and sum("gedeelde of openbare computer" in r.get_text() for r in rows) == 1
        clock.tick(timedelta(minutes=11))
        assert len(home.get("/account/sessions").select("tbody tr")) == 1
