"""The safety net's daily run at national size: EXPLAIN ANALYZE of each of its queries on PostgreSQL with
100,000 citizens and 1,000,000 messages (bulk-loaded as in bench/scale.py), plus the time of a whole run.

Some citizens are made quiet on purpose (never logged in, or an alert address that bounced), so the plans are
those of a database where the net has work to do. The run is done twice: the second must find nothing new.

Usage: .venv/bin/python bench/safetynet_scale.py [--citizens 100000] [--messages 1000000] [--explain FILE]
Runs inside a throw-away PostgreSQL cluster (tests/pgcluster.py) unless BENCH_DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import postgres_url_or_reexec  # noqa: E402
from scale import Recorder, build, create_database, explain, ts, vacuum  # noqa: E402


def make_quiet(now: datetime) -> None:
    """Four in five citizens logged in during the last month, one in five never; one in twenty has an alert
    address that bounced; half have a postal address; helpers and paper requests as a living database has them."""
    from portal.db import database

    with database.connection_context():
        database.execute_sql("UPDATE account SET last_login_at = %s::timestamp - (id %% 30) * interval '1 day' "
                             "WHERE id %% 5 <> 0", (ts(now),))
        database.execute_sql(
            "INSERT INTO alert_setting (citizen_id, enabled, email, helper_email, problem, problem_address, "
            "problem_at, updated_at) SELECT id, true, '', '', 'bounced', 'x@bench.example', %s, %s FROM citizen "
            "WHERE id %% 20 = 0", (ts(now), ts(now)))
        database.execute_sql("UPDATE citizen SET address_name = 'B', address_street = 'Straat', "
                             "address_house_number = '1', address_postcode = '1234 AB', address_city = 'Dorp' "
                             "WHERE id %% 2 = 0")
        # A helper opened one in ten inboxes in the last two months; one in fifty letters went on paper.
        database.execute_sql(
            "INSERT INTO event (citizen_id, kind, at, detail) SELECT id, 'acting_started', "
            "%s::timestamp - (id %% 60) * interval '1 day', '' FROM citizen WHERE id %% 10 = 3", (ts(now),))
        database.execute_sql(
            "INSERT INTO paper_request (message_id, citizen_id, status, requested_by, reason, requested_at, "
            "address_name, address_street, address_house_number, address_addition, address_postcode, address_city, "
            "posted_at) SELECT id, recipient_id, 'posted', 'citizen', 'button', delivered_at, 'B', 'Straat', '1', "
            "'', '1234 AB', 'Dorp', delivered_at FROM message WHERE id %% 50 = 0")
        database.commit()
        vacuum()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--explain", type=Path, help="write EXPLAIN ANALYZE of the safety net's queries here")
    args = parser.parse_args()
    url = postgres_url_or_reexec(__file__)

    import os
    import tempfile

    os.environ.update(DATABASE_URL=url, PORTAL_INSTANCE=tempfile.mkdtemp(prefix="portal-safetynet-"))
    from portal import create_app
    from portal.db import database

    app = create_app()
    now = datetime.utcnow().replace(microsecond=0)
    db, info = build(create_database(url, "safetynet_big", False), now, args.citizens, args.messages)
    database.initialize(db)
    make_quiet(now)
    from portal.safetynet import quiet, services

    recorder = Recorder(db)
    with app.app_context(), database.connection_context():
        started = time.perf_counter()
        first = services.run_step(now, synchronous=True)
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        second = services.run_step(now, synchronous=True)
        second_seconds = time.perf_counter() - started
        with recorder.record("safety net: no working alerts"):
            services.no_alerts(now)
        with recorder.record("safety net: last chance"):
            services.last_chance(now)
        with recorder.record("quiet inbox: 12 months"):
            quiet.long_quiet(now)
        with recorder.record("quiet inbox: in a row"):
            quiet.unopened_in_a_row(now)
        with recorder.record("followup status"):
            quiet.states(now)
        print(f"first run {first_seconds:.2f} s: {first or 'nothing'}")
        print(f"second run {second_seconds:.2f} s: {second or 'nothing new'}")
        explain(recorder, args.explain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
