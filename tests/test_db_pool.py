"""The pooled PostgreSQL connections (portal/db.py, PooledPostgres): a connection that came back idle a moment
ago is handed out again without the `SELECT 1` peewee sends on every check-out; one that rested longer is
checked, and one whose server process is gone is never handed out. PostgreSQL only (the PostgreSQL pass)."""

from __future__ import annotations

import contextlib

import pytest
from playhouse.db_url import connect as connect_url
from playhouse.pool import PooledPostgresqlDatabase

from portal import db as portal_db
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


@contextlib.contextmanager
def serving(db):
    """The app's queries go to `db` (connected) inside the block."""
    plain = portal_db.database.obj
    portal_db.database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        yield db
    finally:
        db.close()
        db.close_all()
        portal_db.database.initialize(plain)


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


def test_prepared_queries_are_server_side_statements_on_the_pools_connections(pool, app):
    """On pooled connections a Prepared query is PREPAREd once per connection and then EXECUTEd; the rows are the
    ones the query gives anyway, a rollback keeps the statement, and a new connection prepares its own."""
    from portal.db import Prepared, slot
    from portal.models import Account
    from tests import factories

    anna = factories.create_account(email="anna@example.nl")
    by_email = Prepared(lambda: Account.select().where(Account.email == slot("email")).limit(1))
    renamed = Prepared(lambda: Account.update(name=slot("name")).where(Account.id == slot("id")))
    pooled, _checks = pool
    with serving(pooled):
        assert by_email.first(email="anna@example.nl").id == anna.id
        statements = pooled.execute_sql("SELECT name, statement FROM pg_prepared_statements").fetchall()
        assert [name for name, text in statements if '"account"' in text] == [by_email._name]
        with pooled.atomic() as transaction:
            assert renamed.rowcount(name="Anna B.", id=anna.id) == 1
            transaction.rollback()
        assert by_email.first(email="anna@example.nl").name == anna.name  # rolled back; the statements stay
        assert by_email.first(email="nobody@example.nl") is None
        names = {name for (name,) in pooled.execute_sql("SELECT name FROM pg_prepared_statements").fetchall()}
        assert {by_email._name, renamed._name} <= names
        first = pooled.connection()
        pooled.close()
        pooled.close_all()  # the next connection is a new one, with no statements of its own yet
        pooled.connect()
        assert pooled.connection() is not first
        assert by_email.first(email="anna@example.nl").id == anna.id


def test_begin_goes_with_the_first_statement_and_an_empty_transaction_sends_nothing(database_url, app):
    """BEGIN is sent with a transaction's first statement, in the same round trip, through peewee's queries and
    the prepared ones alike; rollback, savepoints and commit behave as with a BEGIN of its own."""
    if not database_url.startswith("postgres"):
        pytest.skip("PostgreSQL only")
    import psycopg2.extensions

    from portal.db import Prepared, slot
    from portal.models import Account
    from tests import factories

    sent: list[str] = []

    class Recording(psycopg2.extensions.cursor):
        def execute(self, query, vars=None):  # noqa: A002 -- psycopg2's own name
            sent.append(query if isinstance(query, str) else query.decode())
            return super().execute(query, vars)

    anna = factories.create_account(email="anna@example.nl", name="Anna")
    pooled = connect_url(database_url.replace("postgresql://", "postgresql+pool://", 1), cursor_factory=Recording)
    renamed = Prepared(lambda: Account.update(name=slot("name")).where(Account.id == slot("id")))
    name_of = lambda: Account.get_by_id(anna.id).name  # noqa: E731
    with serving(pooled):
        with pooled.atomic():
            pass
        assert sent == []  # nothing sent at all
        with pooled.atomic():
            renamed.rowcount(name="Anna B.", id=anna.id)
            Account.update(name="Anna C.").where(Account.id == anna.id).execute()
        assert sent[0].startswith("BEGIN; PREPARE") and sent[1].startswith("EXECUTE") and sent[-1] == "COMMIT"
        assert sum("BEGIN" in text for text in sent) == 1 and name_of() == "Anna C."
        sent.clear()
        with pytest.raises(RuntimeError), pooled.atomic():
            Account.update(name="Anna D.").where(Account.id == anna.id).execute()
            with pooled.atomic() as inner:  # a savepoint, rolled back alone
                renamed.rowcount(name="Anna E.", id=anna.id)
                inner.rollback()
            assert name_of() == "Anna D."
            raise RuntimeError
        assert sent[0].startswith('BEGIN; UPDATE "account"') and sent[-1] == "ROLLBACK" and name_of() == "Anna C."
        with pooled.atomic(), pooled.atomic():  # the savepoint is the first statement: BEGIN goes with it
            renamed.rowcount(name="Anna F.", id=anna.id)
        assert name_of() == "Anna F."
        assert pooled.connection().get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE
        pooled.close()
        with pooled.atomic():  # opened before any connection: it connects first, as peewee's own BEGIN does
            Account.update(name="Anna G.").where(Account.id == anna.id).execute()
            assert pooled.in_transaction()
        assert name_of() == "Anna G." and not pooled.in_transaction()


def test_a_prepared_statement_takes_only_its_slots_as_parameters(pool, app):
    """Fixed values are written into the statement as literals (PostgreSQL plans with them even in a generic
    plan); the slots are its parameters; a value with a quote or a percent sign comes through as it is."""
    from portal.db import Prepared, slot
    from portal.models import Account
    from tests import factories

    anna = factories.create_account(email="anna@example.nl", name="O'Neil 100%", role="citizen")
    named = Prepared(lambda: Account.select().where(
        Account.email == slot("email"), Account.name.in_(["O'Neil 100%", "Bo"]), Account.role == "citizen").limit(1))
    pooled, _checks = pool
    with serving(pooled):
        assert named.first(email="anna@example.nl").id == anna.id
        assert named.first(email="bo@example.nl") is None
        ((text, types),) = pooled.execute_sql(
            "SELECT statement, parameter_types::text FROM pg_prepared_statements WHERE name = %s",
            (named._name,)).fetchall()  # noqa: SLF001
        assert "'O''Neil 100%'" in text and "'citizen'" in text and "$1" in text and "$2" not in text
        assert types.count(",") == 0 and types != "{}"


def test_a_prepared_statement_is_planned_again_as_its_table_grows(pool, app, monkeypatch):
    """A statement's generic plan is costed on its tables as they were when it was made: made on a nearly empty
    table, a look-up by id scans the whole table however much it grows. Prepared anew after REPLAN_FIRST runs
    (then after REPLAN_FACTOR times as many), it finds the row by its index."""
    import peewee

    from portal.db import Prepared, slot

    class Grows(peewee.Model):
        value = peewee.IntegerField()

        class Meta:
            database = portal_db.database
            table_name = "prepared_grows"

    monkeypatch.setattr(portal_db, "REPLAN_FIRST", 20)
    by_id = Prepared(lambda: Grows.select().where(Grows.id == slot("id")).limit(1))
    pooled, _checks = pool
    with serving(pooled):
        pooled.execute_sql("CREATE TEMPORARY TABLE prepared_grows (id serial PRIMARY KEY, value integer NOT NULL)")
        pooled.execute_sql("ANALYZE prepared_grows")  # as a new installation's tables: analysed while empty
        pooled.execute_sql("INSERT INTO prepared_grows (value) SELECT n FROM generate_series(1, 5) AS n")

        def plan() -> str:
            rows = pooled.execute_sql(f"EXPLAIN EXECUTE {by_id._name} (1)").fetchall()  # noqa: SLF001
            return "\n".join(line for (line,) in rows)

        for _ in range(10):  # five planned for their value, then the generic plan: on a table of one page
            assert by_id.first(id=1).value == 1
        pooled.execute_sql("INSERT INTO prepared_grows (value) SELECT n FROM generate_series(6, 50000) AS n")
        assert "Seq Scan" in plan()  # what every run would do for the connection's life without planning again
        for _ in range(20):
            assert by_id.first(id=7).value == 7
        assert "Index Scan" in plan()


def test_the_inboxs_first_page_keeps_one_plan(pool, app):
    """PostgreSQL plans a prepared statement afresh on every run while its generic plan looks dearer than one made
    for the values, as it always did with `OFFSET $n` (an offset it cannot see is priced at a tenth of the rows):
    the first page, nearly every visit, is a statement without an offset, whose plan is kept."""
    from datetime import timedelta

    from portal.clock import utcnow
    from portal.inbox.services import _PAGES, InboxQuery, list_inbox
    from portal.models import Message
    from tests import factories

    citizen = factories.create_citizen()
    organisation = factories.create_message(recipient=citizen, subject="Brief 0").organisation
    now = utcnow()
    Message.insert_many([  # a citizen with 500 letters, as bench/web.py's, where PostgreSQL chose afresh each time
        {"public_id": f"pool-plan-{n:04d}", "organisation": organisation.id, "recipient": citizen.id,
         "message_type": "aanslag", "subject_nl": f"Brief {n}", "summary_nl": "", "action_nl": "",
         "body_nl": "Tekst.", "delivered_at": now - timedelta(hours=n)} for n in range(1, 500)]).execute()
    pooled, _checks = pool
    with serving(pooled):
        pooled.execute_sql("ANALYZE message")
        for _ in range(12):  # PostgreSQL weighs a generic plan after its first five runs
            first = list_inbox(citizen, InboxQuery(), now=now, senders=True)
            second = list_inbox(citizen, InboxQuery(page=2), now=now, senders=True)
        assert [m.subject_nl for m in first.messages] == [f"Brief {n}" for n in range(25)]
        assert [m.subject_nl for m in second.messages] == [f"Brief {n}" for n in range(25, 50)]
        plans = dict(((name, (generic, custom)) for name, generic, custom in pooled.execute_sql(
            "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements").fetchall()))
    generic, custom = plans[_PAGES["all", True, True]._name]
    assert generic >= 12 - 5 and custom <= 5


def test_rows_inserted_in_bulk_belong_to_the_transaction_they_open(pool, app):
    """portal.db.insert_rows as the first statement of a transaction on the pool's connections sends the BEGIN
    that waited for it: rolled back, nothing is left; committed, every row is there as written."""
    from datetime import date

    from portal.db import insert_rows
    from portal.statistics.models import StatisticsDay
    from tests import factories

    organisation = factories.create_organisation()
    rows = [{"organisation": organisation.id, "message_type": f"type-{n % 3}", "day": date(2027, 1, 1 + n % 28),
             "month": "2027-01", "delivered": n} for n in range(30)]
    pooled, _checks = pool
    with serving(pooled):
        with pooled.atomic() as transaction:
            assert insert_rows(StatisticsDay, rows, batch=7) == 30
            transaction.rollback()
        assert StatisticsDay.select().count() == 0
        with pooled.atomic():
            insert_rows(StatisticsDay, rows, batch=7)
        written = sorted((r.message_type, r.day, r.delivered, r.opened_soon) for r in StatisticsDay.select())
    assert written == sorted((r["message_type"], r["day"], r["delivered"], 0) for r in rows)
