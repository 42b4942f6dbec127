"""The pooled PostgreSQL connections (portal/db.py, PooledPostgres): a connection that came back idle a moment
ago is handed out again without the `SELECT 1` peewee sends on every check-out; one that rested longer is
checked, and one whose server process is gone is never handed out. PostgreSQL only (the PostgreSQL pass)."""

from __future__ import annotations

import pytest
from playhouse.db_url import connect as connect_url
from playhouse.pool import PooledPostgresqlDatabase

from portal.db import PooledPostgres


@pytest.fixture
def pool(database_url, monkeypatch):
    if not database_url.startswith("postgres"):
        pytest.skip("PostgreSQL only")
    checks = []
    original = PooledPostgresqlDatabase._is_closed

    def counted(self, conn):
        checks.append(conn)
        return original(self, conn)

    monkeypatch.setattr(PooledPostgresqlDatabase, "_is_closed", counted)
    db = connect_url(database_url.replace("postgresql://", "postgresql+pool://", 1) + "?max_connections=2")
    assert isinstance(db, PooledPostgres)
    yield db, checks
    db.close_all()


def test_a_connection_back_a_moment_ago_is_not_pinged(pool):
    db, checks = pool
    db.connect()
    first = db.connection()
    db.close()
    db.connect()
    assert db.connection() is first and checks == []
    assert db.execute_sql("SELECT 2").fetchone() == (2,)
    db.close()


def test_a_rested_connection_is_checked(pool, monkeypatch):
    db, checks = pool
    db.connect()
    first = db.connection()
    db.close()
    monkeypatch.setattr(PooledPostgres, "RECHECK_AFTER", 0.0)
    db.connect()
    assert db.connection() is first and checks == [first]
    db.close()


def test_a_connection_whose_server_went_away_is_not_handed_out(pool, monkeypatch):
    import psycopg2

    db, _checks = pool
    db.connect()
    first = db.connection()
    (pid,) = db.execute_sql("SELECT pg_backend_pid()").fetchone()
    db.close()
    # Another connection ends the first one's server process while it rests in the pool past the limit.
    killer = psycopg2.connect(dbname=db.database, **db.connect_params)
    killer.autocommit = True
    killer.cursor().execute("SELECT pg_terminate_backend(%s)", (pid,))
    killer.close()
    monkeypatch.setattr(PooledPostgres, "RECHECK_AFTER", 0.0)
    db.connect()
    assert db.connection() is not first
    assert db.execute_sql("SELECT 3").fetchone() == (3,)
    db.close()
