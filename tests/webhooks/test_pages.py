"""The dashboard's webhook pages: make a subscription (secret shown once), errors in a GOV.UK summary, turn
off and on, test event, send again, new secret, delete; another organisation's subscription is not found."""

from __future__ import annotations

import re

from portal.webhooks import services
from portal.webhooks.models import WebhookDelivery, WebhookSubscription
from tests import factories
from tests.webhooks.conftest import drain


def sender_pages(pages, organisation):
    user = factories.create_sender_user(organisation=organisation, language="en")
    assert pages.login(user.account.email).status_code == 302
    return pages


def test_a_sender_makes_a_subscription_and_sees_the_secret_once(app, pages, organisation, receiver):
    pages = sender_pages(pages, organisation)
    answer = pages.post("/senders/webhooks/", {"url": receiver.url, "events": ["message.opened"], "kind": "live"})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    secret = re.search(r"whsec_[A-Za-z0-9+/=]+", answer.get_data(as_text=True)).group(0)
    subscription = WebhookSubscription.get()
    assert (subscription.secret, subscription.event_types, subscription.is_test) == (secret, ["message.opened"], False)
    page = pages.get(f"/senders/webhooks/{subscription.public_id}")
    assert secret not in page.text and receiver.url in page.text
    assert receiver.url in pages.get("/senders/webhooks/").text


def test_a_wrong_address_is_named_in_the_error_summary(pages, organisation):
    pages = sender_pages(pages, organisation)
    answer = pages.post("/senders/webhooks/", {"url": "ftp://example.nl/x", "kind": "live"})
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "error-summary" in html and 'href="#url"' in html and "<title>Error:" in html
    assert WebhookSubscription.select().count() == 0


def test_test_event_send_again_off_rotate_and_delete(app, pages, organisation, receiver):
    pages = sender_pages(pages, organisation)
    from portal.clock import utcnow

    subscription, secret = services.create(organisation, url=receiver.url, event_types=[], is_test=False,
                                           production=False, now=utcnow())
    receiver.secrets.append(secret)
    base = f"/senders/webhooks/{subscription.public_id}"
    assert pages.post(f"{base}/test").status_code == 302
    with app.app_context():
        drain()
    assert receiver.types() == ["webhook.test"]
    row = WebhookDelivery.get()
    assert "Delivered" in pages.get(base).text
    assert pages.post(f"{base}/deliveries/{row.public_id}/again").status_code == 302
    with app.app_context():
        drain()
    assert len(receiver.arrivals) == 2 and receiver.unique_ids() == {row.public_id}
    assert pages.post(f"{base}/enabled", {"enabled": "0"}).status_code == 302
    assert not WebhookSubscription.get().enabled
    pages.get(f"{base}/rotate")
    rotated = pages.post(f"{base}/rotate").get_data(as_text=True)
    assert WebhookSubscription.get().secret in rotated and WebhookSubscription.get().old_secret == secret
    pages.get(f"{base}/delete")
    assert pages.post(f"{base}/delete").status_code == 302
    assert WebhookSubscription.select().count() == 0


def test_another_organisations_subscription_is_not_found(pages, organisation):
    from portal.clock import utcnow

    other = factories.create_organisation(slug="gemeente")
    subscription, _ = services.create(other, url="https://example.nl/h", event_types=[], is_test=False,
                                      production=False, now=utcnow())
    pages = sender_pages(pages, organisation)
    assert pages.client.get(f"/senders/webhooks/{subscription.public_id}").status_code == 404
    assert pages.post(f"/senders/webhooks/{subscription.public_id}/delete").status_code == 404
    assert WebhookSubscription.select().count() == 1
