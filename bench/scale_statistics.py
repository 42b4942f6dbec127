"""The open statistics at national size, for bench/scale.py (docs/statistics.md, docs/performance.md).

- The roll-up (portal/statistics/rollup.py) on the scale databases: the back-fill of every month and the
  worker's daily run (the last two months), at 1,000,000 messages and at 1,000, each against reading the same
  messages alone (one SELECT of the columns it needs, iterated) in the same run.
- The public pages at 100 organisations (each with 5 message types, 24 months of days in the aggregate, as
  the roll-up leaves them): /statistics and one organisation's page (its 24-month trend), the first request
  of a process (the privacy audit of 1 and of 24 months) and then p95, against a plain public page (/help)
  through the same test client in the same run.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

from common import figure, percentile

ORGANISATIONS = 100
TYPES = ("aanslag", "beschikking", "herinnering", "besluit", "informatie")
ASKERS = ("citizen", "helper", "sender", "policy", "safety_net")


def add_paper_requests(every: int = 40) -> int:
    """A paper copy for one message in `every`, asked by each kind of asker in turn (the safety net too)."""
    from portal.db import database

    with database.connection_context():
        cursor = database.execute_sql(
            "INSERT INTO paper_request (message_id, citizen_id, status, requested_by, reason, requested_at, "
            "address_name, address_street, address_house_number, address_addition, address_postcode, "
            "address_city) SELECT id, recipient_id, 'requested', "
            "(ARRAY['citizen','helper','sender','policy','safety_net'])[1 + (id / %s) %% 5], '', "
            "delivered_at + interval '1 day', 'A', 'B', '1', '', '1234 AB', 'C' FROM message WHERE id %% %s = 0",
            (every, every))
        database.commit()
        return cursor.rowcount


def read_alone(since: date, now: datetime) -> float:
    """Seconds to read the messages the roll-up reads (the same columns, one query), without counting them."""
    from portal.clock import local_today
    from portal.db import database
    from portal.models import Message as m
    from portal.statistics.rollup import utc_start

    with database.connection_context():
        started = time.perf_counter()
        query = (m.select(m.id, m.organisation, m.message_type, m.delivered_at, m.first_opened_at, m.deadline)
                 .where(m.delivered_at >= utc_start(since),
                        m.delivered_at < utc_start(local_today(now) + timedelta(days=1)), m.not_test())
                 .namedtuples())
        for _row in query.iterator():
            pass
        return time.perf_counter() - started


def rollup_times(now: datetime) -> dict[str, float]:
    """The back-fill from 430 days ago and the daily run, each with the time to read the same messages."""
    from portal.db import database
    from portal.statistics.rollup import default_since, rollup

    since = (now - timedelta(days=430)).date()
    out = {}
    with database.connection_context():
        for name, first in (("backfill", since), ("daily", default_since(now))):
            out[f"{name} read"] = read_alone(first, now)
            started = time.perf_counter()
            out[f"{name} rows"] = rollup(now=now, since=first)
            out[name] = time.perf_counter() - started
    return out


def report_rollup(small: dict[str, float], big: dict[str, float], messages: int, small_messages: int) -> None:
    figure(f"statistics roll-up, back-fill at {small_messages:,} messages (the same run's small database)",
           f"{small['backfill']:.2f} s")
    for name, label in (("backfill", "back-fill of 14 months"), ("daily", "daily run (last two months)")):
        ratio = big[name] / big[f"{name} read"]
        figure(f"statistics roll-up, {label}, at {messages:,} messages ÷ reading the same messages alone",
               f"{big[name]:.1f} s ÷ {big[f'{name} read']:.1f} s = {ratio:.1f} ({big[f'{name} rows']:,.0f} day rows)",
               "≤ 3", ratio <= 3)


def fill_aggregate(now: datetime, copy_rows, organisations: int = ORGANISATIONS) -> list[str]:
    """`organisations` organisations, each with 5 message types, and their day rows for the last 24 months,
    written straight into the aggregate (the pages read nothing else). Small types and paper columns give
    hidden cells and complementary suppression, as real months would. Returns the organisations' slugs."""
    from portal.auth import accounts
    from portal.clock import local_today
    from portal.db import database
    from portal.statistics.figures import recent

    rng = random.Random(17)
    with database.connection_context():
        orgs = [accounts.create_organisation(slug=f"stat-{n:03d}", name_nl=f"Organisatie {n:03d}",
                                             name_en=f"Organisation {n:03d}", now=now) for n in range(organisations)]
        first = date.fromisoformat(recent(now)[0] + "-01")
        today = local_today(now)

        def rows():
            for org in orgs:
                size = rng.choice((2, 20, 200, 2000))  # letters a day of its biggest type
                for number, kind in enumerate(TYPES):
                    mean = max(0.2, size / (1 + 3 * number))
                    day = first
                    while day <= today:
                        delivered = int(rng.expovariate(1 / mean))
                        soon = int(delivered * rng.uniform(.4, .8))
                        deadline = delivered // 2
                        passed = deadline if day < today - timedelta(days=30) else 0
                        paper = [int(rng.random() < delivered / 200) * rng.randint(0, 3) for _ in ASKERS]
                        buckets = [soon // 3, soon // 3, soon - 2 * (soon // 3), 0, 0, 0, delivered // 10, 0, 0, 0]
                        yield (org.id, kind, day.isoformat(), day.isoformat()[:7], delivered, soon, deadline,
                               int(deadline * .7), passed, passed - int(passed * .7), *paper, *buckets)
                        day += timedelta(days=1)

        columns = ["organisation_id", "message_type", "day", "month", "delivered", "opened_soon", "with_deadline",
                   "opened_before_deadline", "deadline_passed", "unopened_at_deadline",
                   *[f"paper_{who}" for who in ASKERS], "open_1h", "open_4h", "open_12h", "open_1d", "open_2d",
                   "open_3d", "open_7d", "open_14d", "open_30d", "open_later"]
        count = copy_rows("statistics_day", columns, rows())
        from portal.statistics.models import StatisticsRun

        StatisticsRun.create(ran_at=now, since=first, rows=count, token="bench")  # noqa: S106 -- as the roll-up leaves it
        database.commit()
        print(f"  aggregate: {count:,} day rows for {organisations} organisations", flush=True)
    return [org.slug for org in orgs]


def page_times(app, slug: str, samples: int) -> dict[str, list[float]]:
    """Milliseconds per request: the first of a process (nothing worked out yet), then `samples` each, in turns
    with the help page so the machine's load falls on all alike."""
    from portal.statistics import figures

    client = app.test_client()
    urls = {"help": "/help", "index": "/statistics", "organisation": f"/statistics/organisations/{slug}"}
    times: dict[str, list[float]] = {}
    for name in ("index", "organisation"):
        figures._CACHE.clear()  # as in a new web process: every month audited afresh
        started = time.perf_counter()
        response = client.get(urls[name])
        times[f"{name} first"] = [(time.perf_counter() - started) * 1000]
        assert response.status_code == 200, (name, response.status_code)
        times[f"{name} bytes"] = [len(response.get_data())]
    for _ in range(max(1, samples // 10)):
        for name, url in urls.items():
            for _ in range(10):
                started = time.perf_counter()
                response = client.get(url)
                times.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
    return times


def report_pages(times: dict[str, list[float]], organisations: int) -> None:
    help_p95 = percentile(times["help"], 95)
    for name, label in (("index", "/statistics"), ("organisation", "organisation page (24-month trend)")):
        p95 = percentile(times[name], 95)
        figure(f"statistics: {label} at {organisations} organisations, p95 ÷ a plain page (/help)",
               f"{p95:.1f} ms ÷ {help_p95:.1f} ms = {p95 / help_p95:.1f}", "≤ 10", p95 / help_p95 <= 10)
        first = times[f"{name} first"][0]
        figure(f"statistics: {label} at {organisations} organisations, first request of a process "
               f"(privacy audit of {'1 month' if name == 'index' else '24 months'}) ÷ /help p95",
               f"{first:.0f} ms ÷ {help_p95:.1f} ms = {first / help_p95:.0f}", "< 5 s", first < 5000)


def run(app, *, now: datetime, databases: dict, sizes: dict[str, int], orgs_db, samples: int, copy_rows) -> None:
    """Everything above, printing the figures. `databases`: the scale run's "small" and "big" databases (their
    messages loaded); `orgs_db`: an empty database for the 100 organisations' aggregate."""
    from portal import db

    rollups = {}
    for size, database in databases.items():
        db.database.initialize(database)
        print(f"  {size}: {add_paper_requests():,} paper requests added", flush=True)
        rollups[size] = rollup_times(now)
    db.database.initialize(orgs_db)
    db.migrate()
    slugs = fill_aggregate(now, copy_rows)
    with db.database.connection_context():
        db.database.execute_sql("ANALYZE statistics_day")
        db.database.commit()
    times = page_times(app, slugs[0], samples)
    for name in ("index", "organisation"):
        first, size = times[f"{name} first"][0], times[f"{name} bytes"][0]
        print(f"  {name}: {size:,} bytes of HTML, first request {first:.0f} ms")
    report_rollup(rollups["small"], rollups["big"], sizes["big"], sizes["small"])
    report_pages(times, ORGANISATIONS)
