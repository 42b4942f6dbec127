"""Logging in and out through the pages, as a browser would."""

from datetime import timedelta

from freezegun import freeze_time

from portal.auth.models import Session
from tests import factories


def test_login_page_has_autocomplete_and_no_captcha(pages):
    soup = pages.get("/login")
    assert soup.find("input", attrs={"name": "email"})["autocomplete"] == "username"
    assert soup.find("input", attrs={"name": "password"})["autocomplete"] == "current-password"
    assert not soup.find(attrs={"onpaste": True})


def test_login_with_right_password_starts_a_session_and_shows_the_account(pages, citizen):
    response = pages.login("anna@example.nl")
    assert response.status_code == 302 and response.location == "/"
    soup = pages.get("/account")
    assert citizen.account.name in soup.get_text()
    assert Session.select().count() == 1


def test_login_goes_back_to_the_page_asked_for_but_never_off_site(pages, citizen):
    response = pages.client.get("/account/sessions")
    assert response.status_code == 302 and response.location.startswith("/login?next=")
    data = {"email": "anna@example.nl", "password": factories.PASSWORD}
    ok = pages.post("/login?next=/account/sessions", data)
    assert ok.location == "/account/sessions"
    pages.logout()
    evil = pages.post("/login?next=//evil.example/", data)
    assert evil.location == "/"


def test_empty_login_form_shows_an_error_summary_linked_to_the_fields(pages):
    response = pages.post("/login", {"email": "", "password": ""})
    soup = factories_check(response)
    summary = soup.find(attrs={"data-error-summary": True})
    links = [a["href"] for a in summary.find_all("a")]
    assert links == ["#email", "#password"]
    assert soup.title.get_text().startswith("Fout: ")
    email = soup.find("input", id="email")
    assert email["aria-invalid"] == "true" and "email-error" in email["aria-describedby"]


def test_wrong_password_says_so_without_telling_which_part_was_wrong(pages, citizen):
    known = factories_check(pages.post("/login", {"email": "anna@example.nl", "password": "nope"}))
    unknown = factories_check(pages.post("/login", {"email": "ghost@example.nl", "password": "nope"}))
    message = "Het e-mailadres of het wachtwoord klopt niet."
    assert message in known.get_text() and message in unknown.get_text()
    assert Session.select().count() == 0


def test_sixth_try_within_the_minute_gets_a_clear_message_and_429(pages, citizen):
    for _ in range(5):
        pages.post("/login", {"email": "anna@example.nl", "password": "wrong"})
    response = pages.post("/login", {"email": "anna@example.nl", "password": factories.PASSWORD})
    assert response.status_code == 429
    assert "te vaak" in factories_check(response).get_text()
    assert Session.select().count() == 0


def test_logout_deletes_the_session_so_a_replayed_cookie_is_dead(pages, citizen):
    pages.login("anna@example.nl")
    cookie = pages.client.get_cookie("portal").value
    assert pages.client.get("/account").status_code == 200
    assert pages.logout().location == "/logged-out"
    assert Session.select().count() == 0
    pages.client.set_cookie("portal", cookie)  # an attacker who copied the cookie earlier
    assert pages.client.get("/account").status_code == 302


def test_login_gives_a_new_cookie_value(pages, citizen):
    pages.get("/login")
    before = pages.client.get_cookie("portal")
    pages.login("anna@example.nl")
    after = pages.client.get_cookie("portal")
    assert before is None or before.value != after.value


def test_idle_session_is_logged_out_after_thirty_minutes(pages, citizen):
    with freeze_time("2026-11-28 10:00:00") as clock:
        pages.login("anna@example.nl")
        clock.tick(timedelta(minutes=29))
        assert pages.client.get("/account").status_code == 200
        clock.tick(timedelta(minutes=31))
        response = pages.client.get("/account")
        assert response.status_code == 302 and "/login" in response.location


def test_session_is_logged_out_after_twelve_hours_even_when_active(pages, citizen):
    with freeze_time("2026-11-28 08:00:00") as clock:
        pages.login("anna@example.nl")
        for _ in range(35):
            clock.tick(timedelta(minutes=20))
            assert pages.client.get("/account").status_code == 200
        clock.tick(timedelta(minutes=20))  # 12 h 0 min after log-in: still inside
        clock.tick(timedelta(minutes=1))
        assert pages.client.get("/account").status_code == 302


def test_sessions_page_lists_my_sessions_and_ends_another(app, citizen):
    laptop, phone = app.test_client(), app.test_client()
    from tests.conftest import Pages

    laptop_pages, phone_pages = Pages(laptop), Pages(phone)
    laptop_pages.login("anna@example.nl")
    phone.environ_base["HTTP_USER_AGENT"] = "Phone browser"
    phone_pages.login("anna@example.nl")
    soup = laptop_pages.get("/account/sessions")
    assert "Phone browser" in soup.get_text()
    form = [f for f in soup.find_all("form") if "/end" in f["action"] and "end-all" not in f["action"]]
    assert len(form) == 1  # only the other browser can be ended from here
    assert laptop_pages.post(form[0]["action"]).status_code == 302
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 200


def test_another_persons_session_id_answers_404(pages, citizen):
    other = factories.create_citizen()
    other_pages_client = pages.client.application.test_client()
    from tests.conftest import Pages

    Pages(other_pages_client).login(other.account.email)
    their_session = Session.get(Session.account == other.account)
    pages.login("anna@example.nl")
    assert pages.post(f"/account/sessions/{their_session.public_id}/end").status_code == 404
    assert Session.select().where(Session.account == other.account).count() == 1


def test_log_out_everywhere_ends_every_session(app, citizen):
    from tests.conftest import Pages

    a, b = Pages(app.test_client()), Pages(app.test_client())
    a.login("anna@example.nl")
    b.login("anna@example.nl")
    assert a.post("/account/sessions/end-all").location == "/logged-out"
    assert Session.select().count() == 0
    assert b.client.get("/account").status_code == 302


def test_new_password_must_be_long_enough_and_typed_twice_the_same(pages, citizen):
    from portal.auth import services
    from portal.clock import utcnow

    _, token = services.create_password_reset("anna@example.nl", now=utcnow(), valid=timedelta(hours=1))
    soup = factories_check(pages.post(f"/password/reset/{token}", {"password": "short", "confirm": "other"}))
    text = soup.get_text()
    assert "tussen 10 en 200 tekens" in text and "niet hetzelfde" in text


def factories_check(response):
    from tests.pagecheck import check_page

    assert response.status_code in (200, 429), response.status_code
    return check_page(response.get_data(as_text=True))


def test_x_forwarded_for_counts_only_as_far_as_the_trusted_proxies_wrote_it(app, pages, citizen):
    def try_from(forwarded: str) -> int:
        data = {"email": "anna@example.nl", "password": "wrong"}
        return pages.post("/login", data, headers={"X-Forwarded-For": forwarded}).status_code

    # No proxy trusted: the header is the client's own words, so changing it changes nothing.
    assert [try_from(f"198.51.100.{n}") for n in range(6)] == [200] * 5 + [429]
    app.config["TRUSTED_PROXIES"] = 1  # nginx wrote the last entry; the ones before it came from the client
    assert [try_from(f"10.0.0.{n}, 203.0.113.5") for n in range(6)] == [200] * 5 + [429]
    assert try_from("203.0.113.5, 198.51.100.7") == 200


def test_trusted_proxies_must_be_a_number():
    import pytest

    from portal.config import Config, ConfigError

    assert Config.from_env({"TRUSTED_PROXIES": "1"}).TRUSTED_PROXIES == 1
    assert Config.from_env({}).TRUSTED_PROXIES == 0
    for wrong in ("one", "-1", "²"):
        with pytest.raises(ConfigError):
            Config.from_env({"TRUSTED_PROXIES": wrong})


def test_flask_logins_session_protection_is_skipped_only_while_it_is_off(app, monkeypatch):
    from flask import session

    from portal.auth.login import login_manager

    def no_mark():
        raise AssertionError("the visitor's mark was worked out with protection off")

    monkeypatch.setattr(login_manager, "_session_identifier_generator", no_mark)
    with app.test_request_context("/inbox/"):
        session["_user_id"] = "1"
        assert login_manager._session_protection_failed() is False
    monkeypatch.setattr(login_manager, "_session_identifier_generator", lambda: "another browser")
    monkeypatch.setitem(app.config, "SESSION_PROTECTION", "strong")
    with app.test_request_context("/inbox/"):
        session["_user_id"], session["_id"] = "1", "this browser"
        assert login_manager._session_protection_failed() is True  # Flask-Login's own check, as before
        assert "_user_id" not in session
