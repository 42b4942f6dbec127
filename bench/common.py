"""Helpers shared by the bench scripts: percentiles, a test-client log-in, a throw-away PostgreSQL,
and the one-line figures `make bench` collects into docs/performance.md.

A figure line looks like `FIGURE | what | measured | goal | ok` and is printed beside the human-readable output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def figure(what: str, measured: str, goal: str = "", ok: bool | None = None) -> None:
    """Print one figure for the summary table (ok None: no goal, only reported)."""
    verdict = "" if ok is None else ("yes" if ok else "NO")
    print(f"FIGURE | {what} | {measured} | {goal} | {verdict}", flush=True)


def login(client, email: str, password: str) -> None:
    """Log a Flask test client in through the real form."""
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"log-in failed for {email}: {response.status_code}")


def postgres_url_or_reexec(script: str) -> str:
    """The PostgreSQL URL to use: BENCH_DATABASE_URL or TEST_DATABASE_URL; otherwise run this script again
    inside a throw-away cluster (tests/pgcluster.py) and exit with its code."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    command = [sys.executable, str(ROOT / "tests" / "pgcluster.py"), "--", sys.executable, script, *sys.argv[1:]]
    sys.exit(subprocess.run(command).returncode)


# A web server for the benchmarks ------------------------------------------------------------------------


def start_gunicorn(app_module: str, env: dict, *, workers: int = 2, log: Path | None = None,
                   chdir: Path = ROOT, extra: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str]:
    """gunicorn with the production settings (portal/gunicorn_conf.py) and `workers` processes on a free loopback
    port; returns the process and its base URL once it answers. Stop it with stop()."""
    from tests.servers import free_port, wait_for_port

    port = free_port()
    env = {**os.environ, **env, "WEB_CONCURRENCY": str(workers), "PORTAL_BIND": f"127.0.0.1:{port}",
           "PYTHONPATH": str(ROOT)}
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 -- lives as long as the server
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:portal.gunicorn_conf",
         "--access-logfile", "/dev/null", "--chdir", str(chdir), *extra, app_module],
        env=env, stdout=out, stderr=subprocess.STDOUT)
    wait_for_port(port, process, f"gunicorn ({app_module})", timeout=30)
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def seed_inbox(messages: int, *, password: str, now=None) -> dict:
    """An organisation with a live API key and a citizen (with a postal address) who has `messages` letters:
    newest first over the last year, a quarter unread, a few open deadlines for the banners.
    Returns email, password, bsn, api_key. Needs an open database (open_database + migrate)."""
    import random
    from datetime import timedelta

    from portal.api import keys
    from portal.auth import accounts
    from portal.clock import utcnow
    from portal.db import database
    from portal.models import Message
    from portal.paper.addresses import save_address

    now = now or utcnow()
    rng = random.Random(7)
    with database.connection_context():
        org = accounts.create_organisation(slug="belastingdienst", name_nl="Belastingdienst",
                                           name_en="Tax and Customs Administration", now=now)
        citizen = accounts.create_citizen(email="bench@example.nl", password=password, bsn="999990019",
                                          name="Bench Burger", language="nl", now=now)
        save_address(citizen, {"name": "Bench Burger", "street": "Dorpsstraat", "house_number": "12",
                               "addition": "", "postcode": "1234 AB", "city": "Utrecht"}, actor=None, now=now)
        rows = []
        for n in range(messages):
            delivered = now - timedelta(hours=n * 17 + 1)
            deadline = (now + timedelta(days=3 + n)).date() if n < 4 else None
            rows.append(dict(
                public_id=f"bench{n:06d}{rng.getrandbits(48):012x}", organisation=org.id, recipient=citizen.id,
                message_type="aanslag", subject_nl=f"Uw aanslag inkomstenbelasting {n}",
                subject_en=f"Your income tax assessment {n}", summary_nl="U moet belasting betalen.",
                summary_en="You must pay tax.", action_nl="Betaal het bedrag.", action_en="Pay the amount.",
                body_nl="Wij hebben uw aangifte verwerkt. " * 20, body_en="We processed your return. " * 20,
                deadline=deadline, deadline_kind="pay" if deadline else None, delivered_at=delivered,
                first_opened_at=None if n % 4 == 0 else delivered + timedelta(hours=2)))
        with database.atomic():
            for start in range(0, len(rows), 100):
                Message.insert_many(rows[start:start + 100]).execute()
        key = keys.create_key(org_slug=org.slug, kind="live", name="bench", now=now)
    return {"email": "bench@example.nl", "password": password, "bsn": "999990019", "api_key": key.secret}


def http_login(base_url: str, email: str, password: str):
    """A requests session logged in through the real form (cookie and all)."""
    import requests

    session = requests.Session()
    token = CSRF.search(session.get(f"{base_url}/login").text).group(1)
    response = session.post(f"{base_url}/login", data={"csrf_token": token, "email": email, "password": password},
                            allow_redirects=False)
    if response.status_code != 302:
        raise RuntimeError(f"log-in failed: {response.status_code}")
    return session
