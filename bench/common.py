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
