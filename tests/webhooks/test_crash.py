"""At least once, never with a new id: a real worker process (`flask --app wsgi portal worker`) is killed with
SIGKILL while it delivers 200 events to the receiver, and started again. Every event arrives, each with the
webhook-id it was written with, so a receiver that de-duplicates on webhook-id gets each exactly once.

Where the kill lands: inside the 60th request, before the receiver answers; up to PER_ORGANISATION requests
are in flight then. Those rows stay `sending`; the restarted worker's sweeper takes them back once they have
been stuck longer than OUTBOX_STUCK_SECONDS (1 s here), and they are sent again, with the same ids.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.db import database
from portal.webhooks.models import WebhookDelivery
from tests import factories
from tests.followup.conftest import ROOT
from tests.followup.test_crash import queue_url, start_worker, wait_until  # noqa: F401 -- queue_url: the fixture
from tests.servers import redis_url  # noqa: F401 -- the fixture queue_url uses on PostgreSQL
from tests.webhooks.conftest import subscribe

pytestmark = pytest.mark.processes

EVENTS, KILL_AT = 200, 60


def statuses() -> dict[str, int]:
    with database.connection_context():
        d = WebhookDelivery
        return {s: d.select().where(d.status == s).count() for s in ("pending", "sending", "delivered")}


def test_a_worker_killed_mid_run_delivers_every_event_at_least_once_with_its_own_id(
        app, receiver, organisation, database_url, tmp_path, queue_url):  # noqa: F811
    with app.app_context():
        subscribe(organisation, receiver, event_types=["message.delivered"])
        citizen = factories.create_citizen()
        for _ in range(EVENTS):
            factories.create_message(recipient=citizen, organisation=organisation, delivered_at=utcnow())
        written = {row.public_id for row in WebhookDelivery.select()}
    assert len(written) == EVENTS
    database.close()
    env = {**os.environ, "DATABASE_URL": database_url, "PORTAL_INSTANCE": str(tmp_path / "instance"),
           "SECRET_KEY": "crash-test-secret-key-not-for-production", "OUTBOX_STUCK_SECONDS": "1",
           "PYTHONPATH": str(ROOT), "PUBLIC_URL": "http://portal.test"}
    env.pop("HUEY_URL", None)
    if queue_url:
        env["HUEY_URL"] = queue_url
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    count = {"n": 0}
    lock = threading.Lock()

    def kill_in_the_middle():
        with lock:
            count["n"] += 1
            if count["n"] == KILL_AT:
                os.kill(worker.pid, signal.SIGKILL)
                return 503  # the worker is gone: nobody reads this answer
        return 200

    receiver.answer = kill_in_the_middle
    try:
        try:
            assert worker.wait(timeout=60) == -signal.SIGKILL
        except subprocess.TimeoutExpired:
            pytest.fail(f"the worker was not killed: {log.read_text()[-3000:]}")
        stuck = statuses()["sending"]
        assert 1 <= stuck <= 2  # what it was sending when it died (at most two for one organisation)
        with database.connection_context():  # stuck longer than OUTBOX_STUCK_SECONDS, as if that time passed
            for row in WebhookDelivery.select().where(WebhookDelivery.status == "sending"):
                WebhookDelivery.update(claimed_at=row.claimed_at - timedelta(seconds=2)).where(
                    WebhookDelivery.id == row.id).execute()
        worker = start_worker(env, log)
        wait_until(lambda: statuses()["delivered"] == EVENTS, timeout=60, what="every event delivered",
                   process=worker, log=log)
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
    arrived = [a.webhook_id for a in receiver.arrivals]
    assert set(arrived) == written  # every event, and never under a new id
    assert EVENTS <= len(arrived) <= EVENTS + 2  # at most the ones in flight at the kill came twice
    assert receiver.bad_signatures == 0
