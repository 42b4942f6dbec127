"""Sending the webhook outbox: claim -> sign and POST -> mark, at least once, with back-off over a day.

Life of a row: `pending` (due at `due_at`) -> `sending` (claimed: attempts + 1) -> `delivered` on a 2xx answer;
otherwise back to `pending` with the next delay of RETRY_DELAYS (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: the
last attempt comes about 27.5 hours after the first), then `failed`, visible on the dashboard ("send again").

At least once, never with a new id: the claim is committed before the POST; a worker killed during the POST
leaves the row `sending`, and the sweeper puts it back to `pending` after OUTBOX_STUCK_SECONDS (far longer
than an attempt's TIMEOUT). The repeat carries the same `webhook-id` and body, so a receiver that de-duplicates on
the id sees it once. A 2xx the worker got but could not record (killed in that moment) is sent again too.

One organisation cannot hold up the others: at most PER_ORGANISATION of its deliveries are in flight at a
time (counted in the database, over every worker), and a run keeps THREADS attempts going at once, taking
new rows as soon as any attempt ends. Redirects are not followed (a 3xx is a failed attempt); of the answer
only the status and its first EXCERPT characters are kept.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import requests
from peewee import fn
from standardwebhooks.webhooks import Webhook

from portal.clock import utcnow
from portal.config import setting
from portal.db import database, is_postgres, write_transaction
from portal.webhooks.models import WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)

RETRY_DELAYS = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)  # after attempt 1, 2, …
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
TIMEOUT = 10  # seconds, to connect and for each read
PER_ORGANISATION = 2
THREADS = 8
EXCERPT = 200
USER_AGENT = "Overheidspost-Webhooks/1.0"
KEEP_DAYS = 30  # delivered and failed rows are kept this long for the dashboard


@dataclass
class Tally:
    delivered: int = 0
    retried: int = 0
    failed: int = 0
    swept: int = 0


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"


def stuck_after() -> timedelta:
    """How long a row may stay `sending` before the sweeper takes it back: OUTBOX_STUCK_SECONDS, as for the
    e-mail outbox (default 10 minutes, far longer than an attempt)."""
    return timedelta(seconds=setting("OUTBOX_STUCK_SECONDS"))


def sweep(now: datetime) -> int:
    """Rows `sending` longer than stuck_after() (their worker died) back to `pending`. Returns how many."""
    d = WebhookDelivery
    with database.atomic():
        return d.update(status="pending", claimed_by="", due_at=now).where(
            d.status == "sending", d.claimed_at <= now - stuck_after()).execute()


def _due(now: datetime):
    d = WebhookDelivery
    enabled = WebhookSubscription.select(WebhookSubscription.id).where(WebhookSubscription.enabled == True)  # noqa: E712
    return (d.status == "pending") & (d.due_at <= now) & d.subscription.in_(enabled)


def claim(now: datetime, *, limit: int) -> list[int]:
    """Take due rows, at most PER_ORGANISATION in flight per organisation: `sending`, attempts + 1, committed
    before anything is sent. Returns their ids, oldest first per organisation."""
    d = WebhookDelivery
    me, picked = worker_id(), []
    with write_transaction():
        busy = {row.organisation_id: row.n for row in d.select(d.organisation, fn.COUNT(d.id).alias("n")).where(
            d.status == "sending").group_by(d.organisation)}
        organisations = [row.organisation_id for row in d.select(d.organisation).where(_due(now)).group_by(
            d.organisation).order_by(fn.MIN(d.due_at), d.organisation)]  # the longest waiting first
        for organisation in organisations:
            room = min(PER_ORGANISATION - busy.get(organisation, 0), limit - len(picked))
            if room <= 0:
                continue
            query = d.select(d.id).where(_due(now), d.organisation == organisation).order_by(d.due_at, d.id).limit(room)
            if is_postgres():
                query = query.for_update("FOR UPDATE SKIP LOCKED")
            picked += [row.id for row in query]
        if picked:
            d.update(status="sending", claimed_at=now, claimed_by=me, attempts=d.attempts + 1).where(
                d.id.in_(picked), d.status == "pending").execute()
    return picked


def signatures(subscription: WebhookSubscription, delivery_id: str, sent_at: datetime, body: str, *,
               now: datetime) -> str:
    """The webhook-signature header: v1 with the current secret, and with the old one during a rotation."""
    secrets = [subscription.secret]
    if subscription.old_secret and subscription.old_secret_until and subscription.old_secret_until > now:
        secrets.append(subscription.old_secret)
    return " ".join(Webhook(secret).sign(delivery_id, sent_at, body) for secret in secrets)


def headers_for(row: WebhookDelivery, subscription: WebhookSubscription, *, now: datetime) -> dict[str, str]:
    # The timestamp is the real moment of sending (receivers refuse one more than a few minutes off),
    # also when `now` is a pretend time (the demo clock).
    seconds = int(time.time())
    sent_at = datetime.fromtimestamp(seconds, tz=UTC)
    return {"Content-Type": "application/json", "User-Agent": USER_AGENT, "webhook-id": row.public_id,
            "webhook-timestamp": str(seconds),
            "webhook-signature": signatures(subscription, row.public_id, sent_at, row.body, now=now)}


def refused_address(url: str) -> str | None:
    """In production: why this address may not be called ("" when it may). Its host must not resolve to this
    machine, a link-local address (cloud metadata services live there) or a multicast or unspecified one, so a
    subscription cannot read the portal's own surroundings. Private networks (a back office) are allowed.
    Checked at every attempt, as a name can point elsewhere later."""
    host = urlsplit(url).hostname or ""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError) as error:
        return f"the address's host cannot be found: {error}"[:EXCERPT]
    for text in found:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if address.is_loopback or address.is_link_local or address.is_multicast or address.is_unspecified:
            return f"refused: {host} points to {address}, which is not reachable for webhooks"[:EXCERPT]
    return ""


def post(url: str, body: str, headers: dict[str, str], *, production: bool = False) -> tuple[int | None, str]:
    """(status, excerpt of the answer); status None when there was no answer (the excerpt says why)."""
    refusal = refused_address(url) if production else ""
    if refusal:
        return None, refusal
    try:
        with requests.post(url, data=body.encode("utf-8"), headers=headers, timeout=TIMEOUT,
                           allow_redirects=False, stream=True) as response:
            raw = response.raw.read(EXCERPT * 4, decode_content=True) or b""
            return response.status_code, raw.decode("utf-8", "replace")[:EXCERPT]
    except requests.RequestException as error:
        return None, f"{type(error).__name__}: {error}"[:EXCERPT]


def attempt(row_id: int, now: datetime | None = None, production: bool = False) -> str:
    """One attempt of one claimed row, in its own database connection. Returns the new status."""
    with database.connection_context():
        row = WebhookDelivery.get_by_id(row_id)
        subscription = WebhookSubscription.get_by_id(row.subscription_id)
        moment = now or utcnow()
        status, excerpt = post(subscription.url, row.body, headers_for(row, subscription, now=moment),
                               production=production)
        return record(row, status, excerpt, now=now or utcnow())


def record(row: WebhookDelivery, status: int | None, excerpt: str, *, now: datetime) -> str:
    d = WebhookDelivery
    ok = status is not None and 200 <= status < 300
    if ok:
        new, due, done = "delivered", row.due_at, now
    elif row.attempts >= MAX_ATTEMPTS:
        new, due, done = "failed", row.due_at, now
    else:
        new, due, done = "pending", now + timedelta(seconds=RETRY_DELAYS[row.attempts - 1]), None
    with database.atomic():
        d.update(status=new, due_at=due, done_at=done, last_status=status, last_answer=excerpt,
                 last_attempt_at=now, claimed_by="").where(d.id == row.id, d.status == "sending").execute()
    return new


def drain(*, now: datetime | None = None, threads: int = THREADS) -> Tally:
    """Send every due row; `now` fixed (tests, the demo clock) or None for the real clock."""
    tally = Tally(swept=sweep(now or utcnow()))
    production = setting("ENV") == "production"  # read here: the attempts' threads have no app context
    running: dict[Future, int] = {}
    with ThreadPoolExecutor(threads, thread_name_prefix="webhook") as pool:
        while True:
            room = threads - len(running)
            if room > 0:
                for row_id in claim(now or utcnow(), limit=room):
                    running[pool.submit(attempt, row_id, now, production)] = row_id
            if not running:
                break
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in finished:
                running.pop(future)
                try:
                    outcome = future.result()
                except Exception:  # noqa: BLE001 -- the row stays `sending`; the sweeper takes it back
                    log.exception("webhook attempt failed unexpectedly")
                    continue
                tally.delivered += outcome == "delivered"
                tally.retried += outcome == "pending"
                tally.failed += outcome == "failed"
    return tally


def forget(now: datetime) -> int:
    """Remove delivered and failed rows older than KEEP_DAYS. Returns how many."""
    d = WebhookDelivery
    with database.atomic():
        return d.delete().where(d.status.in_(("delivered", "failed")),
                                d.done_at < now - timedelta(days=KEEP_DAYS)).execute()
