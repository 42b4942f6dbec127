"""Crash safety: a real worker process (`flask --app wsgi portal worker`) is killed with SIGKILL in the middle
of a run of 500 outbox rows (400 reminder e-mails, 100 print-if-unread steps), and started again. Every e-mail
arrives at the SMTP server once and every paper request exists once. On SQLite the job queue is in SQLite too;
on PostgreSQL it is in a real redis-server.

Where the kill lands: inside the SMTP exchange of the 150th e-mail, after its data arrived and before the
server answered "250 OK". The server then refuses it (the client is gone), as a real server must discard an
e-mail it never acknowledged. That row stays `sending`; the restarted worker's sweeper re-queues it once it
has been stuck longer than OUTBOX_STUCK_SECONDS (1 s here), and it is sent then: once. The one window this
cannot cover, a kill between the server's "250 OK" and the worker's commit, is described in outbox.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from portal.clock import local_today, utcnow
from portal.db import database
from portal.followup import policy
from portal.followup.models import Outbox
from portal.models import Message
from portal.paper.models import PaperRequest
from tests import factories
from tests.followup.conftest import ROOT, citizen_with_address

pytestmark = pytest.mark.processes

EMAILS, PAPERS, KILL_AT = 400, 100, 150


def make_rows() -> None:
    """500 due steps, written by the policy engine itself."""
    now = utcnow()
    organisation = factories.create_organisation()
    citizens = [citizen_with_address() for _ in range(20)]
    today = local_today(now)
    rows = []
    for n in range(EMAILS + PAPERS):
        remind = n < EMAILS
        rows.append(dict(
            public_id=f"crash{n:05d}", organisation=organisation.id, recipient=citizens[n % 20].id,
            message_type="aanslag", subject_nl="Uw aanslag", summary_nl="Samenvatting", body_nl="Tekst",
            deadline=today + timedelta(days=2), deadline_kind="pay", delivered_at=now - timedelta(days=5),
            policy=json.dumps({"remind_after_days": 1} if remind else {"paper_days_before_deadline": 3}),
        ))
    with database.atomic():
        for start in range(0, len(rows), 100):
            Message.insert_many(rows[start:start + 100]).execute()
    assert policy.run(now) == EMAILS + PAPERS


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:  # a file, not a pipe: a full pipe would stop the worker mid-run
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "portal", "worker", "--workers", "1"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_until(check, *, timeout: float, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if process.poll() is not None:
            pytest.fail(f"the worker stopped while waiting for {what}: {log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}: {log.read_text()[-3000:]}")
        time.sleep(0.1)


def statuses() -> dict[str, int]:
    with database.connection_context():
        return {s: Outbox.select().where(Outbox.status == s).count() for s in ("pending", "sending", "sent")}


@pytest.fixture
def queue_url(request, database_url) -> Iterator[str | None]:
    """The two ways the portal is run: on one machine everything in SQLite (the job queue too); scaled out,
    PostgreSQL with the queue in Redis. (tests/followup/test_worker.py runs a task through both queues on
    either database.)"""
    if database_url.startswith("sqlite"):
        yield None
        return
    import redis

    url = request.getfixturevalue("redis_url")
    server = redis.Redis.from_url(url)
    server.flushdb()
    yield url
    server.flushdb()  # a killed worker leaves tasks queued: later tests share this server


def test_a_worker_killed_mid_run_sends_every_email_once_and_makes_every_paper_request_once(
        app, smtp_server, database_url, tmp_path, queue_url):
    app.config["FOLLOWUP_QUIET_HOURS"] = False  # due now, whatever the hour this test runs at (and below)
    with app.app_context():
        make_rows()
    database.close()
    env = {**os.environ, "DATABASE_URL": database_url, "PORTAL_INSTANCE": str(tmp_path / "instance"),
           "SMTP_URL": smtp_server.url, "SECRET_KEY": "crash-test-secret-key-not-for-production",
           "OUTBOX_STUCK_SECONDS": "1", "FOLLOWUP_QUIET_HOURS": "off", "PYTHONPATH": str(ROOT),
           "PUBLIC_URL": "http://portal.test"}
    env.pop("HUEY_URL", None)
    if queue_url:
        env["HUEY_URL"] = queue_url
    handler = smtp_server.handler
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)

    def kill_in_the_middle(envelope):
        if handler.attempts == KILL_AT:
            os.kill(worker.pid, signal.SIGKILL)
            return "421 4.3.0 Connection lost before the end of the data"
        return None

    handler.on_data = kill_in_the_middle
    try:
        try:
            assert worker.wait(timeout=30) == -signal.SIGKILL
        except subprocess.TimeoutExpired:
            pytest.fail(f"the worker was not killed: {log.read_text()[-3000:]}")
        assert len(handler.received) == KILL_AT - 1
        assert statuses()["sending"] == 1  # the one it was sending when it died
        assert PaperRequest.select().count() == PAPERS  # paper steps run first, each in one transaction
        # The row it was sending has been `sending` longer than OUTBOX_STUCK_SECONDS (as if that time passed):
        # the sweeper may take it back.
        with database.connection_context():
            row = Outbox.get(Outbox.status == "sending")
            Outbox.update(claimed_at=row.claimed_at - timedelta(seconds=2)).where(Outbox.id == row.id).execute()
        handler.on_data = None
        worker = start_worker(env, log)
        wait_until(lambda: statuses()["sent"] == EMAILS + PAPERS, timeout=30, what="every row sent",
                   process=worker, log=log)
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
    ids = handler.message_ids()
    assert len(ids) == EMAILS and len(set(ids)) == EMAILS  # each e-mail once, at the SMTP server
    with database.connection_context():
        assert ids and set(ids) == {r.mail_id for r in Outbox.select().where(Outbox.kind == "reminder")}
        assert PaperRequest.select().count() == PAPERS
        assert len({r.message_id for r in PaperRequest.select()}) == PAPERS
        assert Outbox.select().where(Outbox.attempts == 2).count() == 1
        assert policy.run(utcnow()) == 0  # the steps are written: running the engine again adds nothing
    assert date.today()  # (keeps the import list honest when run alone)
