"""The "welcome back" page after the safety net moved a quiet inbox to paper: the log-in lands on it, it has
no axe-core violations (also with its error), and the choice works with the keyboard alone."""

from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.models import Citizen
from portal.safetynet import quiet
from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def switched_citizen(app, language: str):
    citizen = factories.give_postal_address(factories.create_citizen(language=language))
    factories.create_message(recipient=citizen, delivered_at=utcnow() - timedelta(days=30))
    with app.app_context():  # the explanation letter is written in both languages
        quiet.switch_to_paper(citizen, reason="no_login", now=utcnow())
    return citizen


@pytest.mark.parametrize("language", ["nl", "en"])
def test_welcome_back_has_no_axe_violations_and_choosing_digital_switches_back(app, page, live_server, language):
    citizen = switched_citizen(app, language)
    log_in(page, live_server, citizen.account.email)
    assert page.url == f"{live_server}/welcome-back"
    assert_accessible(page, language)
    with page.expect_navigation():
        page.click("main form button")  # nothing chosen: the error summary
    assert page.locator("[data-error-summary]").count() == 1
    assert_accessible(page, language)
    page.keyboard.press("Tab")
    page.check("#choice-0")
    with page.expect_navigation():
        page.click("main form button")
    assert page.url.startswith(f"{live_server}/inbox")
    assert Citizen.get_by_id(citizen.id).channel == "digital"
