"""Requests per second and latency of the portal under load, each as a ratio to a minimal Flask "hello" app
served the same way (gunicorn with portal/gunicorn_conf.py, 2 worker processes, loopback) in the same run.

Cases: the logged-in inbox of a citizen with 500 messages, one message page, and the API POST that
delivers a message (each with its own Idempotency-Key); and, to show what any page behind the log-in costs
before it does its own work, a fixed text page (the accessibility statement) fetched logged in: the session
lookup, the security headers and the shared layout. Load from wrk (a Lua script per case reports
p50/p95/p99); without wrk, a Python load generator with threads does the same, more slowly.
Goal: the inbox serves at least 50 % of the hello app's requests per second.

Usage: .venv/bin/python bench/web.py [--duration 10] [--connections 8] [--sqlite]
Runs on PostgreSQL (a throw-away cluster, pooled connections) unless --sqlite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, http_login, percentile, postgres_url_or_reexec, seed_inbox, start_gunicorn, stop  # noqa: E402, I001

PASSWORD = "bench-password-not-secret"  # noqa: S105 -- a throw-away database
BENCH = Path(__file__).resolve().parent

LUA = """
wrk.method = "%(method)s"
wrk.headers["Cookie"] = "%(cookie)s"
%(extra)s
counter = 0
thread_id = 0
local threads = {}
function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end
function request()
  counter = counter + 1
  %(request)s
end
errors = 0
function response(status, headers, body)
  if status >= 400 then errors = errors + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("errors") end
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%f, "p50": %%f, "p95": %%f, "p99": %%f, ' ..
    '"errors": %%d, "socket_errors": %%d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    bad + summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
"""


def wrk(url: str, *, duration: int, connections: int, method: str = "GET", cookie: str = "",
        headers: dict | None = None, body: str | None = None, unique_key: bool = False) -> dict:
    extra = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in (headers or {}).items())
    if body is not None:
        extra += f"wrk.body = {json.dumps(body)}\n"
    # wrk.format replaces wrk.headers with the table it is given: copy them, then add the key.
    request = ('local h = {} for k, v in pairs(wrk.headers) do h[k] = v end '
               'h["Idempotency-Key"] = "bench-" .. thread_id .. "-" .. counter return wrk.format(nil, nil, h)'
               if unique_key else "return wrk.format()")
    script = LUA % {"method": method, "cookie": cookie, "extra": extra, "request": request}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "-s", f.name, url],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    result = json.loads(out.split("RESULT ", 1)[1].splitlines()[0])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def python_load(url: str, *, duration: int, connections: int, method: str = "GET", cookie: str = "",
                headers: dict | None = None, body: str | None = None, unique_key: bool = False) -> dict:
    """The same measurement with threads and requests, for machines without wrk."""
    import requests

    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def run(n: int) -> None:
        session, count = requests.Session(), 0
        base = {**(headers or {}), **({"Cookie": cookie} if cookie else {})}
        while time.monotonic() < stop_at:
            count += 1
            extra = {"Idempotency-Key": f"bench-py-{n}-{count}"} if unique_key else {}
            started = time.perf_counter()
            response = session.request(method, url, data=body, headers={**base, **extra})
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                times.append(elapsed)
                errors[0] += response.status_code >= 400

    threads = [threading.Thread(target=run, args=(n,)) for n in range(connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    return {"requests": len(times), "seconds": seconds, "rps": len(times) / seconds, "errors": errors[0],
            "socket_errors": 0, **{f"p{p}": percentile(times, p) for p in (50, 95, 99)}}


def prepare(args) -> dict:
    instance = Path(tempfile.mkdtemp(prefix="portal-web-"))
    if args.sqlite:
        url = f"sqlite:///{instance / 'bench.db'}"
    else:
        url = postgres_url_or_reexec(__file__).replace("postgresql://", "postgresql+pool://", 1)
        url += "?max_connections=4&stale_timeout=300"
    env = {"DATABASE_URL": url, "PORTAL_INSTANCE": str(instance), "SECRET_KEY": "bench-" + "x" * 40,
           "API_SEND_PER_MINUTE": "100000000", "API_READ_PER_MINUTE": "100000000"}
    os.environ.update(env)
    from portal import db

    db.open_database(url)
    db.migrate()
    people = seed_inbox(500, password=PASSWORD)
    db.database.close()
    return {"env": env, **people}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per case")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    setup = prepare(args)
    load = wrk if shutil.which("wrk") else python_load
    print(f"load generator: {'wrk' if load is wrk else 'Python threads (install wrk for better figures)'}; "
          f"database: {'SQLite' if args.sqlite else 'PostgreSQL'}; {args.duration} s per case, "
          f"{args.connections} connections, gunicorn with 2 workers")
    hello, hello_url = start_gunicorn("hello:app", setup["env"], chdir=BENCH)
    portal, base = start_gunicorn("wsgi:app", setup["env"], log=Path(setup["env"]["PORTAL_INSTANCE"]) / "web.log")
    try:
        session = http_login(base, setup["email"], setup["password"])
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        inbox = session.get(f"{base}/inbox/").text
        import re

        message_url = base + re.search(r'href="(/inbox/[A-Za-z0-9_-]{16,})"', inbox).group(1)
        from tests.api.conftest import message_body

        body = json.dumps(message_body(setup["bsn"]))
        api = {"method": "POST", "body": body, "unique_key": True,
               "headers": {"Authorization": f"Bearer {setup['api_key']}", "Content-Type": "application/json"}}
        common = {"duration": args.duration, "connections": args.connections}
        results = {"hello": load(hello_url + "/", **common)}
        results["plain page"] = load(f"{base}/accessibility", cookie=cookie, **common)
        results["inbox"] = load(f"{base}/inbox/", cookie=cookie, **common)
        results["message"] = load(message_url, cookie=cookie, **common)
        results["api POST"] = load(f"{base}/api/v1/messages", **api, **common)
        again = load(hello_url + "/", **common)  # the machine's load may drift: average the baseline
    finally:
        stop(portal)
        stop(hello)
    return report(results, again)


def report(results: dict, again: dict) -> int:
    hello = results["hello"]
    hello["rps"] = (hello["rps"] + again["rps"]) / 2
    print(f"{'case':<12}{'req/s':>9}{'÷ hello':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    failed = False
    for name, r in results.items():
        ratio = r["rps"] / hello["rps"]
        print(f"{name:<12}{r['rps']:>9.0f}{ratio:>9.2f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
              f"{r['errors'] + r['socket_errors']:>8}")
        failed |= bool(r["errors"] or r["socket_errors"])
        if name == "hello":
            continue
        goal, ok = ("≥ 50 % of hello", ratio >= 0.5) if name == "inbox" else ("", None)
        figure(f"web: {name}, requests/s ÷ hello app ({hello['rps']:.0f}/s)", f"{r['rps']:.0f}/s = {ratio:.0%}",
               goal, ok)
        figure(f"web: {name}, latency p50 / p95 / p99", f"{r['p50']:.1f} / {r['p95']:.1f} / {r['p99']:.1f} ms "
               f"(hello {hello['p50']:.1f} / {hello['p95']:.1f} / {hello['p99']:.1f})", "", None)
    figure("web: error answers (4xx/5xx) and socket errors in every case", "none" if not failed else "SOME",
           "none", not failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
