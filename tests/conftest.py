"""Shared fixtures: one database per test run (SQLite file, or PostgreSQL from TEST_DATABASE_URL),
emptied after every test; an app per set of settings, reset for every test; helpers to log in and to fetch
checked pages."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from portal import create_app, db, worker
from portal.auth.services import use_password_hasher
from portal.config import Config
from tests import factories
from tests.pagecheck import check_page

# Real argon2 costs ~50 ms a hash; the suite hashes hundreds of times. The algorithm stays the same.
use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))


# Test tiers (README): a test's tier follows from the fixtures it uses, so a new test lands in its tier without
# anyone marking it. `make check` leaves out every tier named here; the PostgreSQL pass runs only `database`
# tests and not the browser or text-browser ones a second time.
TIERS = {
    "browser": {"chromium", "page"},
    "textbrowser": {"w3m"},
    "oidc": {"oidc_provider"},
    # and the files that start processes themselves (pytestmark)
    "processes": {"redis_url", "smtp_counter", "gunicorn"},
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(item.fixturenames)
        for marker, fixtures in TIERS.items():
            if used & fixtures:
                item.add_marker(marker)
        if "database_url" in used:
            item.add_marker("database")


_HELD: list[sqlite3.Connection] = []


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        path = tmp_path_factory.mktemp("db") / "test.db"
        url = f"sqlite:///{path}"
    elif os.environ.get("PYTEST_XDIST_WORKER"):
        url = worker_database(url, os.environ["PYTEST_XDIST_WORKER"])
    db.open_database(app_url(url))
    db.migrate()
    if not db.is_postgres():
        # One reader held open for the whole run: otherwise every request closes the last connection, and SQLite
        # then copies the write-ahead log into the database file and removes it, each time (~1-2 ms a request).
        held = sqlite3.connect(url.split(":///", 1)[1])
        held.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the log's shared index
        _HELD.append(held)
    return url


def app_url(url: str) -> str:
    """The URL the app opens: on PostgreSQL the pooled connections production uses (postgresql+pool://, with
    its server-side prepared statements), so that the tests run the code the servers run. `database_url` stays
    the plain one, for tests that connect with psycopg2 themselves."""
    if not url.startswith("postgresql://"):
        return url
    return url.replace("postgresql://", "postgresql+pool://", 1) + "?max_connections=64&stale_timeout=300"


def worker_database(url: str, worker: str) -> str:
    """A PostgreSQL database of its own for each parallel test process (they empty their tables after every
    test), made afresh from the cluster's database."""
    import psycopg2

    base, _, _name = url.rpartition("/")
    name = f"portal_test_{worker}"
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return f"{base}/{name}"


def make_config(instance: Path, database_url: str, **overrides) -> type[Config]:
    settings = dict(
        TESTING=True,
        SECRET_KEY="test-secret-key-not-for-production",
        DATABASE_URL=app_url(database_url),
        INSTANCE_DIR=instance,
        MAIL_DIR=instance / "mail",
        PUBLIC_URL="http://portal.test",
    )
    settings.update(overrides)
    return type("TestConfig", (Config,), settings)


@pytest.fixture
def config_overrides() -> dict:
    """Override in a test module to change settings."""
    return {}


# Apps already built in this test process, by their settings: building one compiles every URL rule and, on
# first use, every template (about 50 ms, and more for the first page), which was most of a short test's time.
_BUILT: dict[str, tuple] = {}


@pytest.fixture
def app(request, tmp_path, tmp_path_factory, database_url, config_overrides):
    """The app for these settings, as it was built: its settings put back (tests change app.config), an
    instance folder and a job queue of this test's own. A test that adds routes is marked `own_app` and gets an
    app nobody else uses. No app context stays pushed: requests must each get their own, as in production
    (flask-login keeps the user in `g`, which would otherwise leak from one test request into the next)."""
    if request.node.get_closest_marker("own_app"):
        return create_app(make_config(tmp_path, database_url, **config_overrides))
    key = repr(sorted(config_overrides.items()))
    if key not in _BUILT:
        built = create_app(make_config(tmp_path_factory.mktemp("app"), database_url, **config_overrides))
        _BUILT[key] = (built, dict(built.config), db.database.obj)
    built, settings, database = _BUILT[key]
    db.database.initialize(database)  # another test may have built an app on another database
    built.config.clear()
    built.config.update(settings, INSTANCE_DIR=tmp_path, MAIL_DIR=tmp_path / "mail")
    worker.init_app(built)
    return built


@pytest.fixture(autouse=True)
def _empty_database(request):
    yield
    if "database_url" in request.fixturenames:
        empty_all_tables()


def empty_all_tables() -> None:
    database = db.database
    tables = [t for t in database.get_tables() if t != "schema_version"]
    if not tables:
        return
    if db.is_postgres():
        database.execute_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")  # noqa: S608 -- our own table names
    else:
        database.execute_sql("PRAGMA foreign_keys = OFF")
        for table in tables:
            database.execute_sql(f'DELETE FROM "{table}"')  # noqa: S608
        database.execute_sql("PRAGMA foreign_keys = ON")
    database.close()


# Demo seedings kept in this test process, by moment: a copy of the whole SQLite database right after
# demo.seed, and what it returned.
_DEMO_COPIES: dict[str, tuple[sqlite3.Connection, list[str]]] = {}


def seed_demo(now) -> list[str]:
    """demo.seed(now=now) for a test that starts from the demo. Seeding takes most of a second and a few dozen
    tests start from it, so on SQLite the first seeding at a moment is kept as a copy of the database, and a
    later test seeding at that moment into an empty database gets the copy back: the same rows, byte for byte.
    On PostgreSQL, or into a database that already holds rows, it seeds."""
    from portal import demo

    key = str(now)
    empty = not any(model.select().exists() for model in db.table_models())
    if db.is_postgres() or not empty:
        return demo.seed(now=now)
    connection = db.database.connection()
    if key in _DEMO_COPIES:
        copy, made = _DEMO_COPIES[key]
        copy.backup(connection)
        return list(made)
    made = demo.seed(now=now)
    copy = sqlite3.connect(":memory:")
    connection.backup(copy)
    _DEMO_COPIES[key] = (copy, list(made))
    return made


@pytest.fixture
def client(app):
    return app.test_client()


CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def csrf_token(client) -> str:
    page = client.get("/help")
    return CSRF.search(page.get_data(as_text=True)).group(1)


class Pages:
    """Fetch pages through the structure check, post forms the way a browser does (with the token)."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, *, status: int = 200, headers: dict | None = None):
        response = self.client.get(url, headers=headers or {})
        assert response.status_code == status, f"GET {url}: {response.status_code}, expected {status}"
        assert response.mimetype == "text/html"
        return check_page(response.get_data(as_text=True))

    def post(self, url: str, data: dict | None = None, **kwargs):
        data = {"csrf_token": csrf_token(self.client), **(data or {})}
        return self.client.post(url, data=data, **kwargs)

    def login(self, email: str, password: str = factories.PASSWORD):
        return self.post("/login", {"email": email, "password": password})

    def logout(self):
        return self.post("/logout")


@pytest.fixture
def pages(client) -> Pages:
    return Pages(client)


@pytest.fixture
def citizen(app):
    return factories.create_citizen(email="anna@example.nl")


@pytest.fixture
def logged_in(pages, citizen) -> Pages:
    response = pages.login(citizen.account.email)
    assert response.status_code == 302
    return pages
