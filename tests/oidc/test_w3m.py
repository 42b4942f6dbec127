"""DigiD in and out in w3m, against the real OpenID provider: no JavaScript, and no meta refresh (w3m follows
none by default), so every step that leaves our origin must be a link or a form a keyboard user can take."""

from __future__ import annotations

import pytest

from portal.auth.models import OidcLogin, Session
from tests import factories
from tests.live import live_server  # noqa: F401 -- the fixture, for this module
from tests.oidc.live import config_overrides, portal  # noqa: F401 -- the fixtures
from tests.textbrowser.conftest import gettext_in, w3m  # noqa: F401 -- the fixture

BRAM_BSN = "999990020"  # "bram" in provider.json: DigiD Hoog


@pytest.mark.parametrize("language", ["nl", "en"])
def test_digid_in_and_out_with_the_keyboard_in_w3m(app, portal, w3m, language):  # noqa: F811
    t = gettext_in(app, language)
    factories.create_citizen(name="Bram Bakker", bsn=BRAM_BSN, language=language)
    browser = w3m(language)
    browser.open(f"{portal}/login")
    browser.wait_for(t("Log in with DigiD"))
    browser.click(t("Log in with DigiD"))
    browser.wait_for("Test DigiD (not the real one)")
    browser.choose("Bram, DigiD Hoog")
    browser.click("Log in")
    browser.wait_for(t("Your messages"))
    assert Session.select().count() == 1 and OidcLogin.select().count() == 1

    browser.click(t("Log out"))
    page = browser.wait_for(t("Log out at DigiD"))  # w3m stays here: it follows no refresh
    assert Session.select().count() == 0  # the portal session ended before the browser left
    said = t("You are logged out of this website. We are now sending you to DigiD, so that you are logged out "
             "there too.")
    assert said.split(".")[0] in " ".join(page.split())
    browser.click(t("Go on to DigiD"))  # the link goes where the refresh would have gone
    browser.wait_for("sign me out")
    browser.click("Yes, sign me out")
    page = browser.wait_for(t("You are logged out"))
    assert t("Log out at DigiD") not in page

    browser.open(f"{portal}/inbox/")  # nothing is left open: the inbox asks who you are
    browser.wait_for(t("Log in with DigiD"))
