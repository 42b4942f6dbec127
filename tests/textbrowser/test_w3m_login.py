"""Log in and out in w3m, without JavaScript: real keys into real form fields, cookies kept by the browser.

Run in English and in Dutch: texts are looked up by their msgid in the compiled catalogue (`make translations`),
so the Dutch run reads what a Dutch visitor reads."""

import pytest

from portal.auth.models import Session
from tests import factories
from tests.textbrowser.conftest import gettext_in

pytestmark = pytest.mark.textbrowser


@pytest.mark.parametrize("language", ["en", "nl"])
def test_log_in_and_out_with_the_keyboard_in_w3m(app, live_server, w3m, language):
    t = gettext_in(app, language)
    citizen = factories.create_citizen(name="Anna de Vries", language=language)
    browser = w3m(language)
    browser.open(f"{live_server}/login")
    browser.wait_for(t("Log in to read the letters that government organisations send you."))

    browser.focus_field(t("E-mail address"))
    browser.type_into_field(citizen.account.email)
    browser.next_field()  # the password field comes right after
    browser.type_into_field(factories.PASSWORD)
    assert "[*****" in browser.screen()  # w3m masks what went into the password field
    browser.click(t("Log in"))  # the first control with these words: the button
    browser.wait_for(t("Your messages"))
    assert Session.select().where(Session.account == citizen.account).count() == 1

    browser.open(f"{live_server}/account")
    page = browser.wait_for("Anna de Vries")
    assert t("Your account") in page and citizen.account.email in page and t("Log out") in page

    browser.click(t("Log out"))
    page = browser.wait_for(t("You are logged out"))
    assert t("Nobody can use this browser to open your mail any more.") in page
    assert Session.select().where(Session.account == citizen.account).count() == 0

    browser.open(f"{live_server}/account")  # the old cookie opens nothing: back to the log-in page
    page = browser.wait_for(t("Log in to read the letters that government organisations send you."))
    assert "Anna de Vries" not in page


@pytest.mark.parametrize("language", ["en", "nl"])
def test_change_the_password_in_w3m_and_stay_logged_in(app, live_server, w3m, language):
    t = gettext_in(app, language)
    citizen = factories.create_citizen(name="Anna de Vries", language=language)
    browser = w3m(language)
    browser.open(f"{live_server}/login")
    browser.fill(t("E-mail address"), citizen.account.email)
    browser.next_field()
    browser.type_into_field(factories.PASSWORD)
    browser.click(t("Log in"))
    browser.wait_for(t("Your messages"))

    browser.open(f"{live_server}/account")
    browser.wait_for("Anna de Vries")
    browser.click(t("Change your password"))
    browser.wait_for(t("After the change you stay logged in here. Everywhere else you are logged out."))
    browser.fill(t("Current password"), factories.PASSWORD)
    browser.next_field()
    browser.type_into_field("a brand new password")
    browser.next_field()
    browser.type_into_field("a brand new password")
    browser.click(t("Save the new password"))
    browser.wait_for(t("Your password has been changed. You are logged out everywhere else."))
    assert Session.select().where(Session.account == citizen.account).count() == 1
