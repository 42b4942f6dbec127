"""Back after the safety net moved the inbox to paper: the citizen reads why and goes back to digital in w3m."""

from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.models import Citizen
from portal.safetynet import quiet
from tests import factories
from tests.textbrowser.conftest import gettext_in, log_in

pytestmark = pytest.mark.textbrowser


@pytest.mark.parametrize("language", ["nl", "en"])
def test_back_to_digital_in_w3m(app, live_server, w3m, language):
    t = gettext_in(app, language)
    citizen = factories.give_postal_address(factories.create_citizen(language=language))
    factories.create_message(recipient=citizen, delivered_at=utcnow() - timedelta(days=30))
    with app.app_context():  # the explanation letter is written in both languages
        quiet.switch_to_paper(citizen, reason="no_login", now=utcnow())
    browser = w3m(language)
    log_in(browser, live_server, citizen.account.email, t, lands_on=t("Welcome back"))
    browser.wait_for(t("You had not logged in for more than a year, while mail kept arriving. We did not want you "
                       "to miss a deadline."))
    browser.choose(t("Back to digital: my mail only in my inbox"))
    browser.click(t("Save my choice"))
    browser.wait_for(t("From now on your mail comes only in your inbox."))
    assert Citizen.get_by_id(citizen.id).channel == "digital"
