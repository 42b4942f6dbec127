"""A sender's staff member makes a webhook subscription and sends a test event in w3m, without JavaScript."""

import re

import pytest

from portal.webhooks.models import WebhookDelivery, WebhookSubscription
from tests import factories
from tests.textbrowser.conftest import gettext_in, log_in

pytestmark = pytest.mark.textbrowser


@pytest.mark.parametrize("language", ["en", "nl"])
def test_make_a_subscription_and_send_a_test_event_in_w3m(app, live_server, w3m, language):
    t = gettext_in(app, language)
    user = factories.create_sender_user(language=language)
    browser = w3m(language)
    log_in(browser, live_server, user.account.email, t, lands_on=t("Log out"))

    browser.open(f"{live_server}/senders/webhooks/")
    browser.wait_for(t("Your organisation has no subscriptions yet."))
    browser.fill(t("Address of the endpoint"), "https://zaak.example.nl/hooks")
    browser.choose(t("Opened for the first time"))
    browser.click(t("Add subscription"))
    page = browser.wait_for(t("Copy this secret into your system now. It is not shown again."))
    subscription = WebhookSubscription.get()
    assert subscription.event_types == ["message.opened"]
    assert re.sub(r"\s", "", subscription.secret)[:20] in re.sub(r"\s", "", page)

    browser.click(t("Go to the subscription"))
    browser.wait_for(t("Nothing was sent yet."))
    browser.click(t("Send a test event"))
    page = browser.wait_for(t("A test event is on its way. It appears below within a minute."))
    assert t("Test event") in page and t("Waiting") in page
    assert WebhookDelivery.get().event_type == "webhook.test"
