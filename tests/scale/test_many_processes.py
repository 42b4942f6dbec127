"""Many processes, nothing doubled: two web servers (gunicorn, two worker processes each) and two job workers
(`portal worker`) on one PostgreSQL and one real redis-server (job queue and API rate-limit counts).

2,000 messages go in through the API in parallel, spread over both web servers. Every fifth one is sent twice
at the same moment to both servers (a client that timed out and retried on another machine), every 20th
is sent again afterwards (a late retry); each retry reuses the message's Idempotency-Key. 409 ("still
running") and connection errors are retried with the same key. Then the clock moves on: first past the
alert delay (both job workers drain the alerts at once), then to two days before the deadlines (an e-mail
reminder for a quarter of the messages, print if unread for another quarter), where two
`portal followup run --now …` processes apply the policies and send at the same time.

Checked: no 5xx; every key got one message id whichever server answered; every message stored once; every
alert and reminder e-mail arrived once at a loopback SMTP server; every paper request exists once.
PostgreSQL only (the SQLite pass of `make test` skips it; the PostgreSQL pass runs it).
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests

from portal.api import keys
from portal.clock import local_today, utcnow
from portal.db import database
from portal.followup.models import MAIL_KINDS, Outbox
from portal.followup.timing import local
from portal.models import Citizen, Message
from portal.paper.models import PaperRequest
from tests import factories
from tests.api.conftest import message_body
from tests.scale.conftest import free_port, wait_for_port

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (several processes on one database): runs in the PostgreSQL pass of make test",
)

ROOT = Path(__file__).resolve().parents[2]
MESSAGES, CITIZENS, PAPER_CITIZENS = 2000, 200, 20
# Every fourth message (n % 4 == 0) has an e-mail reminder two days before its deadline; the next ones
# (n % 4 == 1) are printed if still unread five working days before it (the fewest the API accepts).
STEPS = {0: {"remind_days_before_deadline": 2}, 1: {"paper_days_before_deadline": 5}}
DEADLINE_DAYS = 10
BIN = Path(sys.executable).parent


class Processes:
    """Child processes of this test, each with its log file; all stopped (by PID) at the end."""

    def __init__(self, folder: Path):
        self.folder, self.running = folder, []

    def start(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        with (self.folder / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.running.append((name, process))
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")[-3000:]

    def check_alive(self) -> None:
        for name, process in self.running:
            if process.poll() is not None and name.startswith(("web", "worker")):
                pytest.fail(f"{name} stopped: {self.log(name)}")

    def stop_all(self) -> None:
        for _, process in self.running:
            if process.poll() is None:
                process.send_signal(2)  # SIGINT: gunicorn and huey both stop gracefully
        for _, process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def processes(tmp_path):
    running = Processes(tmp_path)
    yield running
    running.stop_all()


def seed(now: datetime) -> tuple[str, list[str]]:
    """An organisation with a live key; citizens with an address, 20 of whom chose paper for everything."""
    organisation = factories.create_organisation(slug="belastingdienst")
    secret = keys.create_key(org_slug=organisation.slug, kind="live", now=now).secret
    bsns = []
    for n in range(CITIZENS):
        citizen = factories.give_postal_address(factories.create_citizen(email=f"burger{n}@example.nl"))
        if n < PAPER_CITIZENS:
            Citizen.update(channel="paper").where(Citizen.id == citizen.id).execute()
        bsns.append(citizen.bsn)
    return secret, bsns


class ApiClient:
    """Sends each message with its own Idempotency-Key; retries 409, 429 and connection errors with the same
    key. Keeps every status and every message id answered per key."""

    def __init__(self, servers: list[str], secret: str, bsns: list[str], today):
        self.servers, self.secret, self.bsns, self.today = servers, secret, bsns, today
        self.statuses: Counter = Counter()
        self.ids: dict[str, set[str]] = defaultdict(set)
        self.lock = threading.Lock()
        self.local = threading.local()

    def body(self, n: int) -> str:
        body = message_body(self.bsns[n % len(self.bsns)], reference=f"MP-{n:05d}")
        body["deadline"] = {"date": (self.today + timedelta(days=DEADLINE_DAYS)).isoformat(), "kind": "pay"}
        if n % 4 in STEPS:
            body["policy"] = STEPS[n % 4]
        return json.dumps(body)

    def send(self, n: int, server: int) -> None:
        session = getattr(self.local, "session", None) or requests.Session()
        self.local.session = session
        headers = {"Authorization": f"Bearer {self.secret}", "Content-Type": "application/json",
                   "Idempotency-Key": f"mp-{n:05d}"}
        for attempt in range(60):
            try:
                response = session.post(f"{self.servers[server % 2]}/api/v1/messages", data=self.body(n),
                                         headers=headers, timeout=30)
            except requests.ConnectionError:
                server += 1  # the other machine
                time.sleep(0.05)
                continue
            with self.lock:
                self.statuses[response.status_code] += 1
            if response.status_code in (409, 429):
                time.sleep(0.02 * (attempt + 1) + random.random() * 0.05)
                continue
            if response.status_code in (200, 201):
                with self.lock:
                    self.ids[headers["Idempotency-Key"]].add(response.json()["id"])
            return
        raise AssertionError(f"message {n}: no answer after 60 attempts")

    def all(self) -> None:
        jobs = []
        for n in range(MESSAGES):
            jobs.append((n, n))
            if n % 5 == 0:
                jobs.append((n, n + 1))  # at the same moment, to the other server
        with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
            for future in [pool.submit(self.send, n, server) for n, server in jobs]:
                future.result()
            late = [pool.submit(self.send, n, n + 1) for n in range(0, MESSAGES, 20)]
            for future in late:
                future.result()


def wait_until(check, *, timeout: float, what: str, processes: Processes) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        processes.check_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}: {outbox_states()} {processes.log('worker1')}")
        time.sleep(0.2)


def outbox_states() -> Counter:
    with database.connection_context():
        return Counter(status for (status,) in Outbox.select(Outbox.status).tuples())


def test_two_web_servers_and_two_workers_store_send_and_print_everything_once(
        app, database_url, redis_url, smtp_counter, processes, tmp_path):
    import redis

    started = time.monotonic()
    redis.Redis.from_url(redis_url).flushall()
    now = utcnow()
    with app.app_context(), database.connection_context():
        secret, bsns = seed(now)
    database.close()
    base_url = redis_url.rsplit("/", 1)[0]
    env = {**os.environ, "DATABASE_URL": database_url.replace("postgresql://", "postgresql+pool://", 1)
           + "?max_connections=4&stale_timeout=60", "PORTAL_INSTANCE": str(tmp_path / "instance"),
           "SECRET_KEY": "many-processes-test-secret-not-for-production", "HUEY_URL": f"{base_url}/0",
           "RATELIMIT_URL": f"{base_url}/1", "SMTP_URL": smtp_counter.url, "FOLLOWUP_QUIET_HOURS": "off",
           "API_SEND_PER_MINUTE": "1000000", "PUBLIC_URL": "http://portal.test", "PYTHONPATH": str(ROOT),
           "OUTBOX_STUCK_SECONDS": "30"}
    servers = []
    for n in (1, 2):
        port = free_port()
        gunicorn = [str(BIN / "gunicorn"), "-c", "python:portal.gunicorn_conf", "--access-logfile", "/dev/null"]
        web = processes.start(f"web{n}", gunicorn, {**env, "WEB_CONCURRENCY": "2", "PORTAL_BIND": f"127.0.0.1:{port}"})
        servers.append((f"http://127.0.0.1:{port}", web, port))
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "portal"]
    processes.start("worker1", [*flask, "worker", "--workers", "2"], env)
    processes.start("worker2", [*flask, "worker", "--workers", "2", "--no-periodic"], env)
    for url, web, port in servers:
        wait_for_port(port, web, url)

    client = ApiClient([url for url, _, _ in servers], secret, bsns, local_today(now))
    client.all()
    sent_at = time.monotonic()

    assert not [code for code in client.statuses if code >= 500], client.statuses
    assert set(client.statuses) <= {200, 201, 409}, client.statuses
    assert len(client.ids) == MESSAGES and all(len(ids) == 1 for ids in client.ids.values())
    with database.connection_context():
        references = Counter(r for (r,) in Message.select(Message.reference).tuples())
        assert len(references) == MESSAGES and set(references.values()) == {1}
        assert {m for ids in client.ids.values() for m in ids} == {
            p for (p,) in Message.select(Message.public_id).tuples()}
        paper_at_delivery = PaperRequest.select().count()
        assert paper_at_delivery == MESSAGES * PAPER_CITIZENS // CITIZENS

        # The clock moves past the alert delay: both workers drain the alerts at the same time.
        Outbox.update(due_at=utcnow() - timedelta(seconds=1)).where(Outbox.kind == "alert").execute()
    from portal import worker as queue
    from portal.followup import tasks

    queue.configure(env["HUEY_URL"], tmp_path / "instance")
    for _ in range(4):
        tasks.send_outbox_now()
    wait_until(lambda: outbox_states()["pending"] == 0 and outbox_states()["sending"] == 0, timeout=60,
               what="every alert sent", processes=processes)
    alerts_mailed = len(smtp_counter.ids())

    # Two days before the deadlines (09:00 Dutch time): two follow-up runs at once, workers still running.
    moved = local(now).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=DEADLINE_DAYS - 2)
    runs = [processes.start(f"followup{n}", [*flask, "followup", "run", "--now", moved.strftime("%Y-%m-%dT%H:%M")],
                            env) for n in (1, 2)]
    for n, run in enumerate(runs, 1):
        assert run.wait(timeout=120) == 0, processes.log(f"followup{n}")
    assert outbox_states()["pending"] == 0 and outbox_states()["sending"] == 0, outbox_states()
    finished = time.monotonic()

    ids = smtp_counter.ids()
    assert len(ids) == len(set(ids)), "an e-mail arrived twice"
    with database.connection_context():
        leads = {r.mail_id for r in Outbox.select().where(Outbox.kind.in_(MAIL_KINDS), Outbox.status == "sent",
                                                           Outbox.sent_with == Outbox.id)}
        assert set(ids) == leads
        sent = Counter(r.kind for r in Outbox.select().where(Outbox.status == "sent"))
        assert sent["alert"] == MESSAGES  # one alert row per message, each in exactly one e-mail
        assert CITIZENS <= alerts_mailed < sent["alert"]  # a citizen's waiting alerts leave as one digest
        assert sent["reminder"] == MESSAGES // 4  # each message with that step, not done: once
        assert len(ids) == alerts_mailed + MESSAGES // 4
        per_message = Counter(r.message_id for r in PaperRequest.select())
        assert set(per_message.values()) == {1}  # never two requests for one message
        rows = Message.select(Message.id, Message.reference, Citizen.channel).join(Citizen).tuples()
        printed = {id_ for id_, reference, channel in rows if channel == "paper" or int(reference[3:]) % 4 == 1}
        assert set(per_message) == printed  # paper at delivery, and print-if-unread: each once
    print(f"\n{MESSAGES} messages through the API in {sent_at - started:.0f} s (statuses {dict(client.statuses)}); "
          f"follow-up and e-mail in {finished - sent_at:.0f} s; {len(ids)} e-mails, {len(per_message)} paper requests")
    assert finished - started < 240, "the whole run took too long"
