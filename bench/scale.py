"""The inbox at national size: PostgreSQL with 100,000 citizens and 1,000,000 messages, loaded with COPY.

Measures, in one run on one database:
- the inbox page of one logged-in citizen with 100 messages (full request through the app: session, queries,
  template) and the inbox queries alone, p95 over many requests, first while the database holds 1,000
  messages, then at 1,000,000: the ratio big ÷ small (goal ≤ 1.2: the page does not slow down as the table grows);
- the follow-up scan over every open deadline (policy.run), the sender dashboard's statistics and lists;
- EXPLAIN ANALYZE of every list query at full size (`--explain FILE` writes them as Markdown);
- the open statistics (bench/scale_statistics.py): the roll-up at 1,000,000 messages, the pages at 100
  organisations (`--only-statistics`: only these).

Usage: .venv/bin/python bench/scale.py [--citizens 100000] [--messages 1000000] [--samples 300]
Runs inside a throw-away PostgreSQL cluster (tests/pgcluster.py) unless BENCH_DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, login, percentile, postgres_url_or_reexec  # noqa: E402

PASSWORD = "bench-password-not-secret"  # noqa: S105 -- a throw-away database
ORGANISATIONS = 10
MEASURED_MESSAGES = 100
SMALL = 1_000
TYPES = ("aanslag", "beschikking", "herinnering", "besluit", "informatie")
KINDS = ("pay", "respond", "object", "send-documents")
POLICY = '{"paper_days_before_deadline": 5, "remind_days_before_deadline": 2}'


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples; None is NULL) into a table, 50,000 at a time. Returns how many."""
    from portal.db import database

    cursor = database.connection().cursor()
    count, buffer = 0, io.StringIO()

    def flush() -> None:
        buffer.seek(0)
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)  # our own names
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        buffer.write("\t".join(r"\N" if v is None else str(v) for v in row) + "\n")
        count += 1
        if count % 50_000 == 0:
            flush()
    flush()
    database.commit()
    return count


def ts(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def citizen_rows(first_id: int, count: int, now: datetime):
    for n in range(first_id, first_id + count):
        yield (n, f"burger{n}@bench.example", "x", f"Burger {n}", "nl", "citizen", ts(now), "password", "false")


MESSAGE_COLUMNS = [
    "public_id", "organisation_id", "recipient_id", "reference", "message_type", "subject_nl", "summary_nl",
    "action_nl", "body_nl", "deadline", "deadline_kind", "delivered_at", "first_opened_at", "done_at",
    "archived_at", "deleted_at", "is_test", "channel", "policy", "readability_nl",
]


def message_rows(rng: random.Random, start: int, count: int, recipients, organisations: list[int],
                 now: datetime):
    """Messages over the last 14 months; those of the last 60 days often have a deadline 30 days on."""
    for n in range(start, start + count):
        delivered = now - timedelta(seconds=rng.randrange(425 * 86400))
        deadline = kind = policy = opened = done = archived = None
        if delivered > now - timedelta(days=60) and rng.random() < 0.4:
            deadline, kind, policy = (delivered + timedelta(days=30)).date(), rng.choice(KINDS), POLICY
            if rng.random() < 0.5:
                done = ts(delivered + timedelta(days=2))
        if rng.random() < 0.7:
            opened = ts(min(now, delivered + timedelta(hours=rng.randrange(1, 72))))
        if rng.random() < 0.1:
            archived = ts(now)
        yield (
            f"{n:08x}{rng.getrandbits(64):016x}", rng.choice(organisations), recipients(n), f"REF-{n}",
            rng.choice(TYPES), f"Bericht {n} over uw zaak", "U moet iets doen. Lees de brief.", "Betaal op tijd.",
            "De tekst van de brief. " * 4, deadline, kind, ts(delivered), opened, done, archived, None, "false",
            "digital", policy, round(rng.uniform(20, 80), 1),
        )


class Recorder:
    """Keeps the SELECTs the code sends, to EXPLAIN them afterwards."""

    def __init__(self, db):
        self.db, self.queries, self.original = db, [], db.execute_sql

    @contextlib.contextmanager
    def record(self, label: str):
        def execute_sql(sql, params=None, *args, **kwargs):
            if sql.lstrip().upper().startswith("SELECT"):
                self.queries.append((label, sql, params))
            return self.original(sql, params, *args, **kwargs)

        self.db.execute_sql = execute_sql
        try:
            yield
        finally:
            self.db.execute_sql = self.original


def inbox_probes(app, client, citizen_id: int):
    """Two callables: the inbox page through the app, and its queries alone."""
    from portal.db import database
    from portal.inbox import services
    from portal.models import Citizen

    def page() -> None:
        response = client.get("/inbox/")
        assert response.status_code == 200, response.status_code

    def queries() -> None:
        with app.app_context(), database.connection_context():
            now = datetime.utcnow()
            citizen = Citizen.get_by_id(citizen_id)
            services.list_inbox(citizen, services.InboxQuery(), now=now)
            services.open_deadlines(citizen, today=now.date())
            services.senders_of(citizen)

    return page, queries


def alternate(probes: dict[str, object], databases: dict[str, object], samples: int) -> dict[str, list[float]]:
    """Run each probe against each database in turns of 10, so the machine's load (shared, noisy) falls on
    both sizes alike. Returns milliseconds per (size, probe)."""
    from portal.db import database

    times: dict[str, list[float]] = {}
    for _ in range(max(1, samples // 10)):
        for size, db in databases.items():
            database.initialize(db)
            for name, probe in probes[size].items():
                bucket = times.setdefault(f"{size} {name}", [])
                for _ in range(10):
                    started = time.perf_counter()
                    probe()
                    bucket.append((time.perf_counter() - started) * 1000)
    return times


def setup(now: datetime, citizens: int):
    """Schema, organisations, the measured citizen (a real account) and every other citizen by COPY."""
    from portal import db
    from portal.auth import accounts
    from portal.models import Account, Citizen

    db.migrate()
    with db.database.connection_context():
        orgs = [accounts.create_organisation(slug=f"org-{n}", name_nl=f"Organisatie {n}",
                                             name_en=f"Organisation {n}", now=now).id for n in range(ORGANISATIONS)]
        measured = accounts.create_citizen(email="gemeten@bench.example", password=PASSWORD, bsn="999990019",
                                           name="Gemeten Burger", language="nl", now=now)
        first = Account.select(Account.id).order_by(Account.id.desc()).scalar() + 1
        copy_rows("account", ["id", "email", "password_hash", "name", "language", "role", "created_at",
                              "auth_method", "public_computer"], citizen_rows(first, citizens - 1, now))
        address = ["address_name", "address_street", "address_house_number", "address_addition",
                   "address_postcode", "address_city"]
        copy_rows("citizen", ["id", "account_id", "bsn", "created_at", "channel", *address],
                  ((n, n, f"{100_000_000 + n:09d}", ts(now), "digital", *[""] * 6)
                   for n in range(first, first + citizens - 1)))
        for table in ("account", "citizen"):
            db.database.execute_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")  # noqa: S608
        Citizen.get_by_id(measured.id)
    return orgs, measured.id, first


def load(rng, now, orgs, measured_id, first_other, citizens: int, start: int, count: int) -> None:
    from portal.db import database

    def recipient(n: int) -> int:
        if n < MEASURED_MESSAGES:
            return measured_id
        return first_other + (n * 7919) % (citizens - 1)

    with database.connection_context():
        started = time.perf_counter()
        copy_rows("message", MESSAGE_COLUMNS, message_rows(rng, start, count, recipient, orgs, now))
        vacuum()
        print(f"  loaded {count:,} messages in {time.perf_counter() - started:.1f} s", flush=True)


def vacuum() -> None:
    """VACUUM ANALYZE, as autovacuum would soon after a bulk load: fresh statistics and visibility map, and no
    autovacuum running in the middle of the measurements."""
    from portal.db import database

    connection = database.connection()
    connection.commit()
    connection.autocommit = True
    try:
        connection.cursor().execute("VACUUM ANALYZE")
    finally:
        connection.autocommit = False


def create_database(url: str, name: str, pool: bool) -> str:
    """A database in the same cluster; returns its URL (postgresql+pool: each process keeps its connections)."""
    import psycopg2

    connection = psycopg2.connect(url.replace("+pool", ""))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    scheme, rest = url.split("://", 1)
    scheme = "postgresql+pool" if pool else "postgresql"
    return f"{scheme}://{rest.rsplit('/', 1)[0]}/{name}" + ("?max_connections=4&stale_timeout=300" if pool else "")


def followup_scan(now: datetime) -> tuple[float, float, int]:
    from portal.db import database
    from portal.followup import policy
    from portal.models import Message

    with database.connection_context():
        open_ = Message.select().where(Message.deadline >= now.date(), Message.done_at.is_null()).count()
        started = time.perf_counter()
        policy.run(now)
        first = time.perf_counter() - started
        started = time.perf_counter()
        policy.run(now)
        return first, time.perf_counter() - started, open_


def dashboard(now: datetime, org_id: int, recorder: Recorder | None = None) -> float:
    from portal.db import database
    from portal.models import Organisation
    from portal.senders import services

    ctx = recorder.record("sender dashboard") if recorder else contextlib.nullcontext()
    with database.connection_context(), ctx:
        org = Organisation.get_by_id(org_id)
        period = services.Period.parse("90d", now=now)
        started = time.perf_counter()
        services.statistics_for(org, period)
        services.unopened_with_open_deadline(org, now=now)
        services.hard_to_read(org, period, threshold=40)
        return time.perf_counter() - started


def shorten(text: str) -> str:
    """Long parameter lists, id arrays and select lists cut down, to keep the plans readable."""
    text = re.sub(r"\((%s, ){3,}%s\)", "(%s, %s, …)", text)
    text = re.sub(r"'\{[0-9,]{40,}\}'", "'{…}'", text)
    return re.sub(r'SELECT ("t\d"\."\w+", ){6,}"t\d"\."\w+" FROM', "SELECT … FROM", text)


def explain(recorder: Recorder, path: Path | None) -> None:
    from portal.db import database

    seen, out = set(), []
    for label, sql, params in recorder.queries:
        if (label, sql) in seen:
            continue
        seen.add((label, sql))
        plan = database.execute_sql("EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) " + sql, params).fetchall()
        text = shorten("\n".join(row[0] for row in plan))
        sql = shorten(sql)
        out.append(f"**{label}**\n\n```sql\n{sql}\n```\n\n```\n{text}\n```\n")
    report = "\n".join(out)
    if path:
        path.write_text(report)
        print(f"EXPLAIN of {len(out)} queries written to {path}")
    else:
        print(report)


def record_lists(recorder: Recorder, measured_id: int, org_id: int, now: datetime) -> None:
    from portal.accesslog.services import log_page
    from portal.api import keys
    from portal.api import services as api
    from portal.db import database
    from portal.followup import policy
    from portal.inbox import services
    from portal.models import Citizen, Organisation

    with database.connection_context():
        citizen = Citizen.get_by_id(measured_id)
        with recorder.record("inbox list"):
            services.list_inbox(citizen, services.InboxQuery(), now=now)
        with recorder.record("deadline banners"):
            services.open_deadlines(citizen, today=now.date())
        with recorder.record("inbox sender filter"):
            services.senders_of(citizen)
        with recorder.record("follow-up scan"):
            policy.run(now)
        with recorder.record("access log"):
            log_page(citizen)
        key = keys.create_key(org_slug=Organisation.get_by_id(org_id).slug, kind="live", now=now).key
        with recorder.record("sender API message list"):
            _, cursor = api.list_messages(key, api.ListQuery(limit=50))
            api.list_messages(key, api.ListQuery(limit=50, after_id=api.decode_cursor(cursor)))
    dashboard(now, org_id, recorder)


def build(url: str, now: datetime, citizens: int, messages: int) -> tuple[object, dict]:
    """A database with the citizens and `messages` messages; the first 1,000 are the same in every build."""
    from portal.db import open_database

    db = open_database(url)
    started = time.perf_counter()
    orgs, measured_id, first_other = setup(now, citizens)
    print(f"{citizens:,} citizens in {time.perf_counter() - started:.1f} s", flush=True)
    rng = random.Random(9)
    load(rng, now, orgs, measured_id, first_other, citizens, 0, min(SMALL, messages))
    started = time.perf_counter()
    if messages > SMALL:
        load(rng, now, orgs, measured_id, first_other, citizens, SMALL, messages - SMALL)
    return db, {"orgs": orgs, "measured": measured_id, "load_seconds": time.perf_counter() - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--no-pool", action="store_true", help="a new connection per request (no pool)")
    parser.add_argument("--explain", type=Path, help="write EXPLAIN ANALYZE of the list queries to this file")
    parser.add_argument("--only-statistics", action="store_true", help="measure only the open statistics")
    args = parser.parse_args()
    url = postgres_url_or_reexec(__file__)

    import os
    import tempfile

    os.environ.update(DATABASE_URL=url, PORTAL_INSTANCE=tempfile.mkdtemp(prefix="portal-scale-"))
    from portal import create_app

    app = create_app()
    now = datetime.utcnow().replace(microsecond=0)
    small_db, small = build(create_database(url, "scale_small", not args.no_pool), now, args.citizens, SMALL)
    big_db, big = build(create_database(url, "scale_big", not args.no_pool), now, args.citizens, args.messages)
    if not args.only_statistics:
        inbox_figures(app, args, now, small_db, small, big_db, big)
    import scale_statistics

    from portal.db import open_database

    scale_statistics.run(app, now=now, databases={"small": small_db, "big": big_db},
                         sizes={"small": SMALL, "big": args.messages}, samples=args.samples, copy_rows=copy_rows,
                         orgs_db=open_database(create_database(url, "scale_statistics", not args.no_pool)))
    return 0


def inbox_figures(app, args, now, small_db, small, big_db, big) -> None:
    from portal.db import database

    probes = {}
    for size, db, info in (("small", small_db, small), ("big", big_db, big)):
        database.initialize(db)
        client = app.test_client()
        login(client, "gemeten@bench.example", PASSWORD)
        page, queries = inbox_probes(app, client, info["measured"])
        for _ in range(20):  # warm the caches and the connection
            page()
            queries()
        probes[size] = {"page": page, "queries": queries}
    times = alternate(probes, {"small": small_db, "big": big_db}, args.samples)
    p95 = {name: percentile(values, 95) for name, values in times.items()}
    for name, value in p95.items():
        print(f"  {name:<14} p95 {value:6.1f} ms  p50 {percentile(times[name], 50):6.1f} ms")

    database.initialize(big_db)
    first_run, scan, open_deadlines = followup_scan(now)
    stats = dashboard(now, big["orgs"][0])
    recorder = Recorder(big_db)
    record_lists(recorder, big["measured"], big["orgs"][0], now)
    with database.connection_context():
        explain(recorder, args.explain)

    size = f"{args.citizens:,} citizens, {args.messages:,} messages"
    figure(f"scale: loading {args.messages - SMALL:,} messages with COPY", f"{big['load_seconds']:.0f} s", "minutes",
           big["load_seconds"] < 600)
    for probe, label in (("page", "inbox page (100 messages, logged in)"), ("queries", "inbox queries alone")):
        ratio = p95[f"big {probe}"] / p95[f"small {probe}"]
        figure(f"scale: {label}, p95 at {size} ÷ at {SMALL:,} messages",
               f"{p95[f'big {probe}']:.1f} ms ÷ {p95[f'small {probe}']:.1f} ms = {ratio:.2f}", "≤ 1.2", ratio <= 1.2)
    figure(f"scale: follow-up scan of {open_deadlines:,} open deadlines (writing the due steps / nothing due)",
           f"{first_run:.1f} s / {scan:.1f} s", "seconds", scan < 10)
    figure("scale: sender dashboard (statistics 90 days, unopened list, hard to read)", f"{stats * 1000:.0f} ms",
           "< 1 s", stats < 1)


if __name__ == "__main__":
    sys.exit(main())
