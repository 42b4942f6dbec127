"""Log-in limits against a real server with parallel requests (on PostgreSQL too: tests/pgcluster.py): the
test app served in threads, and gunicorn with several worker processes.

All requests of a round wait at one barrier and are let go together; nothing sleeps. The clock the limits
read is the views' `utcnow`, moved by hand for the growing wait.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests

from portal.auth import throttle
from portal.auth.models import Session
from portal.clock import utcnow
from portal.config import ROOT
from tests import factories
from tests.live import live_server  # noqa: F401 -- the fixture
from tests.servers import free_port, wait_for_port

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
STRANGER, HOME = "203.0.113.5", "198.51.100.7"
T0 = datetime(2026, 11, 30, 9, 0)


@pytest.fixture
def config_overrides() -> dict:
    return {"TRUSTED_PROXIES": 1}  # as behind nginx: the client address comes in X-Forwarded-For


@pytest.fixture
def clock(monkeypatch):
    """The time the log-in view reads, fixed until a test moves it."""
    now = {"at": T0}
    monkeypatch.setattr("portal.auth.views.utcnow", lambda: now["at"])
    return now


def browser(base: str, client: str) -> tuple[requests.Session, str]:
    """A browser at `client` with the log-in page open: its cookie and CSRF token."""
    session = requests.Session()
    session.headers["X-Forwarded-For"] = client
    page = session.get(f"{base}/login", timeout=30)
    assert page.status_code == 200
    return session, CSRF.search(page.text).group(1)


def log_in_together(base: str, tries: list[tuple[str, str]], email: str = "anna@example.nl") -> list[int]:
    """Send every (client, password) log-in at the same moment; the answers' status codes, in order."""
    browsers = [browser(base, client) for client, _ in tries]
    barrier = threading.Barrier(len(tries))

    def attempt(n: int) -> int:
        session, token = browsers[n]
        barrier.wait(timeout=30)
        answer = session.post(f"{base}/login", data={"csrf_token": token, "email": email, "password": tries[n][1]},
                              allow_redirects=False, timeout=60)
        return answer.status_code

    with ThreadPoolExecutor(max_workers=len(tries)) as pool:
        return list(pool.map(attempt, range(len(tries))))


def test_of_thirty_parallel_wrong_passwords_only_five_are_tried(live_server, clock):  # noqa: F811
    factories.create_citizen(email="anna@example.nl")
    codes = log_in_together(live_server, [(STRANGER, f"guess {n}") for n in range(30)])
    assert sorted(codes) == [200] * 5 + [429] * 25  # 200: "not right" after a real check; 429: not checked
    assert throttle.attempts(throttle.LOGIN, f"anna@example.nl {STRANGER}", now=T0) == 5
    assert throttle.attempts(throttle.LOGIN_CLIENT, STRANGER, now=T0) == 5


def test_a_stranger_hammering_the_account_does_not_keep_the_citizen_out(live_server, clock):  # noqa: F811
    factories.create_citizen(email="anna@example.nl")
    tries = [(STRANGER, f"guess {n}") for n in range(30)] + [(HOME, factories.PASSWORD)]
    codes = log_in_together(live_server, tries)
    assert codes[-1] == 302  # the citizen at home is in, at the same moment
    assert sorted(codes[:-1]) == [200] * 5 + [429] * 25
    assert Session.select().count() == 1


def test_the_wait_grows_with_the_injected_clock(live_server, clock):  # noqa: F811
    factories.create_citizen(email="anna@example.nl")
    assert sorted(log_in_together(live_server, [(STRANGER, "guess")] * 6)) == [200] * 5 + [429]
    session, token = browser(live_server, STRANGER)

    def try_now() -> requests.Response:
        return session.post(f"{live_server}/login", allow_redirects=False, timeout=30,
                            data={"csrf_token": token, "email": "anna@example.nl", "password": "guess"})

    refused = try_now()
    assert refused.status_code == 429 and "Probeer het opnieuw na 10:01" in refused.text  # 09:01 UTC in Amsterdam
    clock["at"] = T0 + timedelta(minutes=1)
    assert try_now().status_code == 200  # checked (and wrong): the next wait is two minutes
    assert "Probeer het opnieuw na 10:03" in try_now().text
    clock["at"] = T0 + timedelta(minutes=3)
    answer = session.post(f"{live_server}/login", allow_redirects=False, timeout=30,
                          data={"csrf_token": token, "email": "anna@example.nl", "password": factories.PASSWORD})
    assert answer.status_code == 302


@pytest.fixture
def gunicorn(database_url, tmp_path):
    """The production server (portal/gunicorn_conf.py) with 4 worker processes on the test database."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PORTAL_INSTANCE": str(tmp_path / "instance"),
           "TRUSTED_PROXIES": "1", "WEB_CONCURRENCY": "4", "PORTAL_BIND": f"127.0.0.1:{port}",
           "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 -- our own arguments
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:portal.gunicorn_conf", "--access-logfile",
         "/dev/null"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, "gunicorn")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_under_gunicorn_four_processes_share_one_count(gunicorn, database_url):
    factories.create_citizen(email="anna@example.nl")
    codes = log_in_together(gunicorn, [(STRANGER, f"guess {n}") for n in range(30)])
    assert sorted(codes) == [200] * 5 + [429] * 25
    assert throttle.attempts(throttle.LOGIN, f"anna@example.nl {STRANGER}", now=utcnow()) == 5
