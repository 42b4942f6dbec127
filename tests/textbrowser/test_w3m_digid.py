"""Log in with DigiD in w3m: the choice page offers DigiD first and the password second, both usable with the
keyboard; every refusal page says what happened and what to do, in plain text."""

import pytest
from flask_babel import force_locale

from portal.auth.oidc import REFUSED_PAGES
from tests.textbrowser.conftest import gettext_in

pytestmark = pytest.mark.textbrowser
DIGID = {"OIDC_ISSUER": "http://127.0.0.1:9/digid", "OIDC_CLIENT_ID": "portal", "OIDC_CLIENT_SECRET": "s" * 32}


@pytest.fixture
def config_overrides():
    return DIGID


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_choice_page_puts_digid_first_and_both_ways_work_with_the_keyboard(app, live_server, w3m, language):
    t = gettext_in(app, language)
    browser = w3m(language)
    browser.open(f"{live_server}/login")
    text = browser.wait_for(t("Log in with your e-mail address and password"))
    assert text.index(t("Log in with DigiD")) < text.index(t("Log in with your e-mail address and password"))
    browser.find(t("Log in with DigiD"), control=True)  # the button is a real control, reachable by keys
    browser.focus_field(t("E-mail address"))  # and so is the password form


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_refusal_page_reads_as_plain_text(app, live_server, w3m, language):
    browser = w3m(language)
    for reason, (title, lines) in REFUSED_PAGES.items():
        with app.test_request_context(), force_locale(language):
            title, first = str(title), str(lines[0]).split("%(")[0]
        browser.open(f"{live_server}/login/digid/refused/{reason}")
        text = browser.wait_for(title)
        assert " ".join(first.split()) in text, reason
