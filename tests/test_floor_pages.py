"""The portal's pages are the bytes bench/floor.py writes by hand for the bench's citizen (500 letters, a few open
deadlines), as bench/web.py checks before it measures: a change to how a page is made (kept parts, filled cuts,
rows read in one step) must not change what it shows. PostgreSQL only: the floor reads with psycopg2."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

from portal import db

BENCH_DIR = Path(__file__).resolve().parent.parent / "bench"
MASK = re.compile(r'(name="csrf_token" value="|name="csrf-token" content="|data-seconds-left=")[^"]+')


@pytest.fixture
def floor(app, database_url, monkeypatch):
    if not db.is_postgres():
        pytest.skip("PostgreSQL only")
    monkeypatch.setenv("SECRET_KEY", app.secret_key)
    monkeypatch.setenv("FLOOR_DATABASE_URL", database_url)
    monkeypatch.syspath_prepend(str(BENCH_DIR))
    module = importlib.reload(sys.modules["floor"]) if "floor" in sys.modules else importlib.import_module("floor")
    yield module.app
    for pool in module._pools.values():  # noqa: SLF001 -- the floor's connections, closed with the test
        pool.closeall()
    module._pools.clear()  # noqa: SLF001


def test_the_portal_shows_the_floors_bytes(app, floor):
    from common import login, seed_inbox

    people = seed_inbox(500, password="a-long-bench-password")
    db.database.execute_sql("ANALYZE")
    portal = app.test_client()
    login(portal, people["email"], people["password"])
    inbox = portal.get("/inbox/").get_data(as_text=True)  # the first page: once-per-session checks done
    message = re.search(r'href="(/inbox/[A-Za-z0-9_-]{16,})"', inbox).group(1)
    portal.get(message)  # opened once, as under load
    by_hand = floor.test_client()
    for cookie in portal._cookies.values():
        by_hand.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    for path in ("/accessibility", "/inbox/", "/inbox/?page=2", message):
        ours, theirs = portal.get(path), by_hand.get(path)
        assert (ours.status_code, theirs.status_code) == (200, 200), path
        assert MASK.sub("", ours.get_data(as_text=True)) == MASK.sub("", theirs.get_data(as_text=True)), path
