"""Subscriptions: make, list, enable / disable, rotate the secret, delete; a delivery sent again; a test event.

The dashboard, the CLI and the API all call these. Input problems are raised as ValidationFailed with a code
per field ("url": "scheme"), which each caller words in its own language (URL_PROBLEMS, EVENT_PROBLEMS).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from portal.db import database
from portal.errors_domain import NotFound, ValidationFailed
from portal.models import Organisation
from portal.webhooks import events
from portal.webhooks.models import WebhookDelivery, WebhookSubscription

ROTATION_OVERLAP = timedelta(hours=24)  # the old secret keeps signing this long after a rotation
MAX_URL = 500
MAX_PER_ORGANISATION = 20
RECENT = 25

# Problem codes, in English for the API and the CLI (the dashboard words them itself).
URL_PROBLEMS = {
    "missing": "Give the address (URL) of your endpoint.",
    "too_long": f"The address can be at most {MAX_URL} characters long.",
    "malformed": "This is not a web address. Write it like https://example.nl/webhooks.",
    "scheme": "The address must start with https:// (http:// only to this machine, outside production).",
    "credentials": "Leave the user name and password out of the address.",
}
EVENT_PROBLEMS = {
    "unknown": "Use the event types from the list (like message.opened), separated by commas.",
    "too_many": f"An organisation can have at most {MAX_PER_ORGANISATION} subscriptions.",
}
LOOPBACK_NAMES = ("localhost",)


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str, *, production: bool) -> str | None:
    """The code of what is wrong with an endpoint address, or None."""
    if not url:
        return "missing"
    if len(url) > MAX_URL:
        return "too_long"
    if not url.isascii() or not url.isprintable() or " " in url:
        return "malformed"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return "malformed"
    if not host or parts.fragment:
        return "malformed"
    if parts.username is not None or parts.password is not None:
        return "credentials"
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and not production and _is_loopback(host):
        return None
    return "scheme"


def parse_events(text: str | list[str]) -> list[str]:
    """Event types from "a,b" or a list; [] means every type. Raises ValidationFailed({"events": "unknown"})."""
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    if any(name not in events.TYPES for name in names):
        raise ValidationFailed({"events": "unknown"})
    return sorted(set(names))


def create(organisation: Organisation, *, url: str, event_types: list[str], is_test: bool, production: bool,
           now: datetime) -> tuple[WebhookSubscription, str]:
    """A new enabled subscription and its secret (shown once). Raises ValidationFailed."""
    url = (url or "").strip()
    problem = url_problem(url, production=production)
    errors = {"url": problem} if problem else {}
    unknown = [name for name in event_types if name not in events.TYPES]
    if unknown:
        errors["events"] = "unknown"
    elif WebhookSubscription.select().where(WebhookSubscription.organisation == organisation).count() >= \
            MAX_PER_ORGANISATION:
        errors["events"] = "too_many"
    if errors:
        raise ValidationFailed(errors)
    secret = new_secret()
    subscription = WebhookSubscription.create(
        public_id="sub_" + secrets.token_urlsafe(12), organisation=organisation, url=url,
        events=",".join(sorted(set(event_types))), is_test=is_test, enabled=True, secret=secret, created_at=now,
        updated_at=now)
    return subscription, secret


def of(organisation: Organisation, *, is_test: bool | None = None) -> list[WebhookSubscription]:
    s = WebhookSubscription
    query = s.select().where(s.organisation == organisation)
    if is_test is not None:
        query = query.where(s.is_test == is_test)
    return list(query.order_by(s.created_at, s.id))


def get(organisation: Organisation, public_id: str, *, is_test: bool | None = None) -> WebhookSubscription:
    """Raises NotFound for another organisation's subscription (or one of the other kind when is_test is given)."""
    s = WebhookSubscription
    found = s.get_or_none(s.organisation == organisation, s.public_id == str(public_id)[:40])
    if found is None or (is_test is not None and found.is_test != is_test):
        raise NotFound
    return found


def set_enabled(subscription: WebhookSubscription, enabled: bool, *, now: datetime) -> None:
    """A disabled subscription gets no new events; what was waiting goes out when it is enabled again."""
    WebhookSubscription.update(enabled=enabled, updated_at=now).where(
        WebhookSubscription.id == subscription.id).execute()
    subscription.enabled = enabled


def rotate(subscription: WebhookSubscription, *, now: datetime) -> str:
    """A new secret (returned, shown once); the old one keeps signing for ROTATION_OVERLAP, next to the new one."""
    secret = new_secret()
    s = WebhookSubscription
    s.update(secret=secret, old_secret=subscription.secret, old_secret_until=now + ROTATION_OVERLAP,
             updated_at=now).where(s.id == subscription.id).execute()
    subscription.old_secret, subscription.old_secret_until = subscription.secret, now + ROTATION_OVERLAP
    subscription.secret = secret
    return secret


def delete(subscription: WebhookSubscription) -> None:
    """The subscription and its deliveries (also those still waiting) are gone."""
    WebhookSubscription.delete().where(WebhookSubscription.id == subscription.id).execute()


def recent(subscription: WebhookSubscription, limit: int = RECENT) -> list[WebhookDelivery]:
    d = WebhookDelivery
    return list(d.select().where(d.subscription == subscription).order_by(d.created_at.desc(), d.id.desc())
                .limit(limit))


def send_again(subscription: WebhookSubscription, delivery_id: str, *, now: datetime) -> WebhookDelivery:
    """A delivered or failed delivery once more, with the same id and body (the receiver de-duplicates on the
    id), attempts counted from zero. One still waiting or being sent is left as it is. Raises NotFound."""
    d = WebhookDelivery
    row = d.get_or_none(d.subscription == subscription, d.public_id == str(delivery_id)[:40])
    if row is None:
        raise NotFound
    with database.atomic():
        d.update(status="pending", due_at=now, attempts=0, done_at=None, claimed_by="").where(
            d.id == row.id, d.status.in_(("delivered", "failed"))).execute()
    events._kick.wanted = True
    return d.get_by_id(row.id)


def send_test(subscription: WebhookSubscription, *, now: datetime) -> WebhookDelivery:
    """A `webhook.test` event to this subscription alone (also when it is disabled it waits for enabling)."""
    body = json.dumps({"type": events.TEST_TYPE, "timestamp": events.timestamp(now),
                       "data": {"subscription_id": subscription.public_id, "test": bool(subscription.is_test)}},
                      separators=(",", ":"))
    return events.write(subscription, events.TEST_TYPE, body, at=now, message_id=None)


def counts(subscription: WebhookSubscription) -> dict[str, int]:
    d = WebhookDelivery
    from peewee import fn

    return {row.status: row.n for row in d.select(d.status, fn.COUNT(d.id).alias("n")).where(
        d.subscription == subscription).group_by(d.status)}
