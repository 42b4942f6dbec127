"""Requests per second and latency of the portal under load, each as a ratio to a floor: the same pages written
by hand (bench/floor.py: the same HTML bytes, the same security headers, one indexed session + account + citizen
query with psycopg2), served the same way (gunicorn with portal/gunicorn_conf.py, 2 worker processes,
loopback) on the same PostgreSQL in the same run; a minimal Flask "hello" app beside them shows what the
machine gives at all.

Cases: a fixed text page behind the log-in (the accessibility statement: the session, the security headers and
the shared layout), the logged-in inbox of a citizen with 500 messages, one message page, and the API POST that
delivers a message (each its own Idempotency-Key) against a hand-written insert of the same rows. The cookie is
the one a browser holds after its first page (the once-per-session checks done), not the one straight after
log-in. Before measuring, every page of the portal and of the floor is fetched and compared byte for byte
(the CSRF token and the seconds left before the time-out masked). The portal and the floor take turns in slices
of 2 s within each case, so that whatever else the machine does falls on both alike. Load from wrk (a Lua
script per slice reports p50/p95/p99); without wrk, a Python load generator with threads, more slowly.
Goal: the plain page, the inbox and the message page ≥ 0.8 × the floor; the API POST ≥ 0.5 × the floor.

Usage: .venv/bin/python bench/web.py [--duration 10] [--connections 8] [--sqlite]
Runs on PostgreSQL (a throw-away cluster, pooled connections) unless --sqlite (then without the floor).
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
        headers: dict | None = None, body: str | None = None, unique_key: str = "") -> dict:
    extra = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in (headers or {}).items())
    if body is not None:
        extra += f"wrk.body = {json.dumps(body)}\n"
    # wrk.format replaces wrk.headers with the table it is given: copy them, then add the key.
    request = ('local h = {} for k, v in pairs(wrk.headers) do h[k] = v end '
               f'h["Idempotency-Key"] = "{unique_key}-" .. thread_id .. "-" .. counter '
               'return wrk.format(nil, nil, h)' if unique_key else "return wrk.format()")
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
                headers: dict | None = None, body: str | None = None, unique_key: str = "") -> dict:
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
            extra = {"Idempotency-Key": f"{unique_key}-py-{n}-{count}"} if unique_key else {}
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
        url = plain = f"sqlite:///{instance / 'bench.db'}"
    else:
        plain = postgres_url_or_reexec(__file__)
        url = plain.replace("postgresql://", "postgresql+pool://", 1) + "?max_connections=4&stale_timeout=300"
    env = {"DATABASE_URL": url, "PORTAL_INSTANCE": str(instance), "SECRET_KEY": "bench-" + "x" * 40,
           "API_SEND_PER_MINUTE": "100000000", "API_READ_PER_MINUTE": "100000000", "FLOOR_DATABASE_URL": plain}
    os.environ.update(env)
    from portal import db

    db.open_database(url)
    db.migrate()
    people = seed_inbox(500, password=PASSWORD)
    if not args.sqlite:  # what autovacuum does within a minute of the seeding: the planner's statistics
        db.database.execute_sql("ANALYZE")
    db.database.close()
    return {"env": env, **people}


MASK = re.compile(r'(name="csrf_token" value="|name="csrf-token" content="|data-seconds-left=")[^"]+')


def same_pages(pairs: list[tuple[str, str]], cookie: str) -> list[str]:
    """The pages that differ between the portal and the floor (CSRF token and seconds left masked)."""
    import requests

    differ = []
    for portal_url, floor_url in pairs:
        a, b = (requests.get(u, headers={"Cookie": cookie}, allow_redirects=False, timeout=30)
                for u in (portal_url, floor_url))
        headers = {"Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                   "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cache-Control"}
        if (a.status_code, MASK.sub("", a.text), {h: a.headers.get(h) for h in headers}) != \
                (b.status_code, MASK.sub("", b.text), {h: b.headers.get(h) for h in headers}):
            differ.append(portal_url)
    return differ


CASES = ("plain page", "inbox", "message", "api POST")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per case")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL (no floor)")
    args = parser.parse_args()
    setup = prepare(args)
    load = wrk if shutil.which("wrk") else python_load
    print(f"load generator: {'wrk' if load is wrk else 'Python threads (install wrk for better figures)'}; "
          f"database: {'SQLite' if args.sqlite else 'PostgreSQL'}; {args.duration} s per case, "
          f"{args.connections} connections, gunicorn with 2 workers")
    log = Path(setup["env"]["PORTAL_INSTANCE"]) / "web.log"
    hello, hello_url = start_gunicorn("hello:app", setup["env"], chdir=BENCH)
    portal, base = start_gunicorn("wsgi:app", setup["env"], log=log)
    floor, floor_base = (None, None) if args.sqlite else start_gunicorn("floor:app", setup["env"], chdir=BENCH,
                                                                        log=log)
    try:
        session = http_login(base, setup["email"], setup["password"])
        inbox = session.get(f"{base}/inbox/").text  # the first page: the once-per-session checks are done
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        message_path = re.search(r'href="(/inbox/[A-Za-z0-9_-]{16,})"', inbox).group(1)
        paths = {"plain page": "/accessibility", "inbox": "/inbox/", "message": message_path,
                 "api POST": "/api/v1/messages"}
        if floor:
            session.get(base + message_path)  # opened once, as it is under load
            differ = same_pages([(base + p, floor_base + p) for p in (*list(paths.values())[:3], "/inbox/?page=2")],
                                cookie)
            if differ:
                print(f"the floor's HTML differs from the portal's: {differ}")
                return 1
            print("HTML of the portal and the floor: the same bytes (CSRF token and seconds left masked)")
        from tests.api.conftest import message_body

        body = json.dumps(message_body(setup["bsn"]))
        api = {"method": "POST", "body": body,
               "headers": {"Authorization": f"Bearer {setup['api_key']}", "Content-Type": "application/json"}}
        common = {"duration": args.duration, "connections": args.connections}
        results = {"hello": load(hello_url + "/", **common)}
        # The portal and the floor take turns in short slices, so that whatever else the machine does falls on
        # both alike (a 10 s case: five slices of 2 s each, floor then portal).
        slices = max(1, args.duration // 2)
        for case in CASES:
            for n in range(slices):
                for who, url in (("floor", floor_base), ("portal", base)):
                    if url is None:
                        continue
                    extra = ({**api, "unique_key": f"bench-{who}-{n}"} if case == "api POST"
                             else {"cookie": cookie})
                    results.setdefault((case, who), []).append(
                        load(url + paths[case], **extra, connections=args.connections,
                             duration=max(1, args.duration // slices)))
            for who in ("floor", "portal"):
                if (case, who) in results:
                    results[(case, who)] = merged(results[(case, who)])
        again = load(hello_url + "/", **common)  # the machine's load may drift: average the baseline
    finally:
        stop(portal)
        if floor:
            stop(floor)
        stop(hello)
    return report(results, again)


def merged(runs: list[dict]) -> dict:
    """One figure from the slices of a case: requests over seconds; each percentile the slices' weighted by their
    requests (an approximation: the exact one needs every latency)."""
    requests = sum(r["requests"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    out = {"requests": requests, "seconds": seconds, "rps": requests / seconds,
           "errors": sum(r["errors"] for r in runs), "socket_errors": sum(r["socket_errors"] for r in runs)}
    for p in ("p50", "p95", "p99"):
        out[p] = sum(r[p] * r["requests"] for r in runs) / max(1, requests)
    return out


GOALS = {"plain page": 0.8, "inbox": 0.8, "message": 0.8, "api POST": 0.5}


def report(results: dict, again: dict) -> int:
    hello = results.pop("hello")
    hello["rps"] = (hello["rps"] + again["rps"]) / 2
    print(f"hello: {hello['rps']:.0f} req/s, p50 / p95 / p99 {hello['p50']:.1f} / {hello['p95']:.1f} / "
          f"{hello['p99']:.1f} ms")
    print(f"{'case':<12}{'portal/s':>9}{'floor/s':>9}{'÷ floor':>9}{'÷ hello':>9}{'p50 ms':>15}{'p95 ms':>15}"
          f"{'p99 ms':>15}{'errors':>8}")
    print("(latency and errors: portal/floor)")
    failed = False
    for case in CASES:
        mine, floor = results[(case, "portal")], results.get((case, "floor"))
        ratio = mine["rps"] / floor["rps"] if floor else float("nan")

        def both(key, floor=floor, mine=mine):
            return f"{mine[key]:.1f}/{floor[key]:.1f}" if floor else f"{mine[key]:.1f}"

        errors = mine["errors"] + mine["socket_errors"]
        errors = f"{errors}/{floor['errors'] + floor['socket_errors']}" if floor else str(errors)
        print(f"{case:<12}{mine['rps']:>9.0f}{floor['rps'] if floor else float('nan'):>9.0f}{ratio:>9.2f}"
              f"{mine['rps'] / hello['rps']:>9.2f}{both('p50'):>15}{both('p95'):>15}{both('p99'):>15}{errors:>8}")
        failed |= errors.strip("0/") != ""
        goal = GOALS[case]
        if floor:
            figure(f"web: {case}, requests/s ÷ floor", f"{mine['rps']:.0f}/s ÷ {floor['rps']:.0f}/s = {ratio:.2f}",
                   f"≥ {goal}", ratio >= goal)
            figure(f"web: {case}, latency p50 / p95 / p99, portal (floor)",
                   f"{mine['p50']:.1f} / {mine['p95']:.1f} / {mine['p99']:.1f} ms "
                   f"({floor['p50']:.1f} / {floor['p95']:.1f} / {floor['p99']:.1f})", "", None)
        figure(f"web: {case}, requests/s ÷ hello app ({hello['rps']:.0f}/s), portal (floor)",
               f"{mine['rps'] / hello['rps']:.0%}" + (f" ({floor['rps'] / hello['rps']:.0%})" if floor else ""),
               "", None)
    figure("web: error answers (4xx/5xx) and socket errors in every case", "none" if not failed else "SOME",
           "none", not failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
