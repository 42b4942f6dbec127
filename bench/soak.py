"""Soak: ten minutes of mixed load on gunicorn (2 workers) and PostgreSQL, with zero errors and flat memory.

Eight clients at once, each choosing in turn: read the inbox (45 %), open a message (25 %), ask for a paper
copy of a message (10 %: a real form POST with the CSRF token; asking twice changes nothing), deliver a
message through the API (20 %, each with its own Idempotency-Key). Every answer must be 2xx or 3xx.
Memory: the resident size (RSS) of each gunicorn worker, sampled every 10 seconds; "flat" means the last
fifth of the run averages at most 10 % above the second fifth (the first fifth is warm-up). The workers are
never recycled during the soak (gunicorn's max_requests is off), so a leak would show.

Not part of `make test` (it takes ten minutes). Usage:
  .venv/bin/python bench/soak.py [--duration 600] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, http_login, postgres_url_or_reexec, seed_inbox, start_gunicorn, stop  # noqa: E402, I001

PASSWORD = "bench-password-not-secret"  # noqa: S105 -- a throw-away database
ACTIONS = (("inbox", 45), ("message", 25), ("paper", 10), ("api", 20))


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


class Client(threading.Thread):
    def __init__(self, n: int, base: str, setup: dict, message_ids: list[str], stop_at: float, tally: Counter,
                 lock: threading.Lock):
        super().__init__(daemon=True)
        self.n, self.base, self.setup, self.ids, self.stop_at = n, base, setup, message_ids, stop_at
        self.tally, self.lock, self.rng, self.count = tally, lock, random.Random(n), 0
        self.session = http_login(base, setup["email"], setup["password"])
        self.api_headers = {"Authorization": f"Bearer {setup['api_key']}", "Content-Type": "application/json"}
        from tests.api.conftest import message_body

        self.body = json.dumps(message_body(setup["bsn"]))

    def run(self) -> None:
        names = [name for name, _ in ACTIONS]
        weights = [weight for _, weight in ACTIONS]
        while time.monotonic() < self.stop_at:
            action = self.rng.choices(names, weights)[0]
            try:
                status = getattr(self, action)()
            except Exception as error:  # noqa: BLE001 -- counted as an error, the soak goes on
                status = type(error).__name__
            with self.lock:
                self.tally[(action, status)] += 1

    def inbox(self) -> int:
        return self.session.get(f"{self.base}/inbox/", timeout=30).status_code

    def message(self) -> int:
        return self.session.get(f"{self.base}/inbox/{self.rng.choice(self.ids)}", timeout=30).status_code

    def paper(self) -> int:
        public_id = self.rng.choice(self.ids)
        page = self.session.get(f"{self.base}/inbox/{public_id}", timeout=30).text
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        return self.session.post(f"{self.base}/paper/{public_id}/request", data={"csrf_token": token},
                                 allow_redirects=False, timeout=30).status_code

    def api(self) -> int:
        self.count += 1
        import requests

        return requests.post(f"{self.base}/api/v1/messages", data=self.body, timeout=30,
                             headers={**self.api_headers, "Idempotency-Key": f"soak-{self.n}-{self.count}"}).status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=600, help="seconds (default ten minutes)")
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    url = postgres_url_or_reexec(__file__).replace("postgresql://", "postgresql+pool://", 1)
    url += "?max_connections=4&stale_timeout=300"
    instance = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    env = {"DATABASE_URL": url, "PORTAL_INSTANCE": str(instance), "SECRET_KEY": "soak-" + "x" * 40,
           "API_SEND_PER_MINUTE": "1000000", "API_READ_PER_MINUTE": "1000000"}
    os.environ.update(env)
    from portal import db
    from portal.models import Message

    db.open_database(url)
    db.migrate()
    setup = seed_inbox(200, password=PASSWORD)
    with db.database.connection_context():
        ids = [m.public_id for m in Message.select(Message.public_id)]
    db.database.close()
    server, base = start_gunicorn("wsgi:app", env, log=instance / "soak.log", extra=("--max-requests", "0"))
    tally, lock = Counter(), threading.Lock()
    samples: list[tuple[float, float]] = []
    started = time.monotonic()
    try:
        clients = [Client(n, base, setup, ids, started + args.duration, tally, lock) for n in range(args.clients)]
        for client in clients:
            client.start()
        while any(c.is_alive() for c in clients):
            samples.append((time.monotonic() - started, sum(rss_mb(p) for p in worker_pids(server.pid))))
            time.sleep(min(10, max(1, args.duration / 30)))
        for client in clients:
            client.join()
    finally:
        stop(server)
    return report(tally, samples, args.duration)


def report(tally: Counter, samples: list[tuple[float, float]], duration: int) -> int:
    total = sum(tally.values())
    errors = {key: n for key, n in tally.items() if not (isinstance(key[1], int) and 200 <= key[1] < 400)}
    print(f"{total:,} requests in {duration} s ({total / duration:.0f}/s): "
          + ", ".join(f"{a} {s}: {n}" for (a, s), n in sorted(tally.items(), key=str)))
    fifth = max(1, len(samples) // 5)
    early = [mb for _, mb in samples[fifth:2 * fifth]] or [samples[0][1]]
    late = [mb for _, mb in samples[-fifth:]]
    early_mb, late_mb = sum(early) / len(early), sum(late) / len(late)
    growth = late_mb / early_mb - 1
    print("memory of the 2 workers (MB) over time: " + ", ".join(f"{t:.0f}s {mb:.0f}" for t, mb in samples))
    figure(f"soak: {duration / 60:.1f} min mixed load, {total:,} requests, error answers", str(sum(errors.values())),
           "0", not errors)
    figure("soak: worker memory, second fifth → last fifth", f"{early_mb:.0f} MB → {late_mb:.0f} MB "
           f"({growth:+.1%})", "≤ +10 %", growth <= 0.10)
    return 0 if not errors and growth <= 0.10 else 1


if __name__ == "__main__":
    sys.exit(main())
