"""The peewee database behind a proxy, a connection per request, and numbered migrations."""

from __future__ import annotations

import contextlib
import importlib
import itertools
import logging
import pkgutil
import re
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import peewee
from playhouse.db_url import connect as connect_url
from playhouse.db_url import register_database
from playhouse.pool import PooledPostgresqlDatabase

from portal import rowbuild

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",  # readers never wait for the writer
    "foreign_keys": 1,
    "busy_timeout": 10_000,  # ms a writer waits for the lock before "database is locked"
    "synchronous": "normal",
}


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


def table_models() -> list[type[BaseModel]]:
    """Every table's model, by table name: the subclasses of BaseModel, which the feature packages define when
    `portal` is imported. tests/test_schema.py checks them against the migrated tables both ways."""
    found, todo = set(), [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return sorted(found, key=lambda model: model._meta.table_name)


class PooledPostgres(PooledPostgresqlDatabase):
    """peewee's pooled PostgreSQL without its round trip (`SELECT 1`) on every check-out of a connection that
    came back to the pool a moment ago, idle: a page behind the log-in makes one query of its own, so that was
    a second one. A connection that rested longer than RECHECK_AFTER seconds (the server may have gone away
    meanwhile), or whose state is not idle, is checked as before; a broken one is never handed out knowingly."""

    RECHECK_AFTER = 5.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._returned_at: dict[int, float] = {}

    def _is_closed(self, conn) -> bool:
        returned = self._returned_at.pop(self.conn_key(conn), None)
        if (not conn.closed and returned is not None and time.monotonic() - returned < self.RECHECK_AFTER
                and self._adapter.txn_status(conn) == self._adapter.txn_idle):
            return False
        return super()._is_closed(conn)

    def _close(self, conn, close_conn: bool = False) -> None:
        with self._pool_lock:
            super()._close(conn, close_conn)
            if not close_conn and not conn.closed:
                self._returned_at[self.conn_key(conn)] = time.monotonic()

    # BEGIN travels with the transaction's first statement, in the same round trip ("BEGIN; <statement>", one
    # simple query to the server): a write transaction paid a round trip for the BEGIN alone (an API POST's is
    # one in ten). A transaction that sent no statement sends no COMMIT or ROLLBACK either. Every statement goes
    # through execute_sql() or _execute_prepared(), both of which take the BEGIN first (pending_begin()).

    def begin(self, isolation_level=None) -> None:
        if isolation_level is not None or self._isolation_level:
            return super().begin(isolation_level)
        self.connection()  # connected now, as peewee's BEGIN would (connecting later would drop the transaction)
        self._state.begin_pending = True
        return None

    def pending_begin(self) -> str:
        """"BEGIN; " when a transaction was opened and nothing was sent in it yet (then no longer), else ""."""
        if getattr(self._state, "begin_pending", False):
            self._state.begin_pending = False
            return "BEGIN; "
        return ""

    def execute_sql(self, sql, params=None):
        return super().execute_sql(self.pending_begin() + sql, params)

    def commit(self):
        return None if self.pending_begin() else super().commit()

    def rollback(self):
        return None if self.pending_begin() else super().rollback()

    def close(self):
        closed = super().close()  # peewee refuses while a transaction is open, so nothing can be pending here
        self._state.begin_pending = False
        return closed


register_database(PooledPostgres, "postgresql+pool")


def open_database(url: str) -> peewee.Database:
    """Make the database object for a URL and bind the proxy to it."""
    scheme = urlparse(url).scheme
    if scheme.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            # Connections kept open between requests, one per thread at a time: opening one and setting its
            # pragmas was a third of a plain page's time on SQLite. (Each ":memory:" connection would be a
            # database of its own, so those are not pooled.)
            db = connect_url(url.replace("sqlite://", "sqlite+pool://", 1), pragmas=SQLITE_PRAGMAS,
                             max_connections=None, stale_timeout=300, check_same_thread=False)
        else:
            db = connect_url(url, pragmas=SQLITE_PRAGMAS)
    elif scheme in ("postgres", "postgresql", "postgresql+pool"):
        # postgresql+pool://…?max_connections=8&stale_timeout=300 keeps connections open between requests
        # (each process its own pool); see docs/deploy.md.
        db = connect_url(url.replace("postgres://", "postgresql://", 1))
    else:
        raise ValueError(f"DATABASE_URL scheme {scheme!r} is not supported (use sqlite or postgresql).")
    database.initialize(db)
    return db


def is_postgres() -> bool:
    return isinstance(database.obj, peewee.PostgresqlDatabase)


class Slot:
    """Where a prepared query takes a value (see Prepared)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


def slot(name: str) -> peewee.Value:
    """A place for a value in a prepared query. It takes the value as the database stores it (no field
    conversion), so give it what the column holds: a hash's hex text, an id."""
    return peewee.Value(Slot(name), converter=False)


class Prepared:
    """A peewee query whose SQL text is built once per kind of database, not once per request: building the
    text of a three-table select costs more than PostgreSQL takes to answer it (issue 20's profile). It stays an
    ORM query: written with peewee, its rows come back as the same model objects, joins included.

    `build()` returns the query with `slot(name)` where values go; `run(name=value, ...)` binds them. Every
    other value in it is fixed when it is first built: never a moment, a setting or anything else that changes."""

    _names = itertools.count(1)

    def __init__(self, build: Callable[[], peewee.BaseQuery]):
        self._build = build
        self._built: dict[type, tuple[peewee.BaseQuery, str, tuple]] = {}
        self._shapes: dict[type, dict] = {}
        self._name = f"portal_prepared_{next(self._names)}"

    def _text(self):
        kind = type(database.obj)  # the SQL depends only on the dialect: placeholders, quoting
        built = self._built.get(kind)
        if built is None:
            query = self._build()
            sql, params = query.sql()
            built = self._built[kind] = (query, sql, tuple(params))
        return built

    def _execute(self, values: dict):
        """The query and the cursor of its run with these values."""
        query, sql, params = self._text()
        if isinstance(database.obj, PooledPostgres):
            return query, _execute_prepared(self._name, sql, params, values)
        return query, database.execute_sql(sql, _bound(params, values))

    def run(self, **values) -> peewee.CursorWrapper:
        query, cursor = self._execute(values)
        # peewee's own step from a cursor to rows (what query.execute() does after building the SQL)
        rows = query._get_cursor_wrapper(cursor)  # noqa: SLF001
        # Which column goes to which model and converter follows from the SQL text alone, and peewee works it out
        # again for every query (a third of a session query's Python): worked out on the first run, kept.
        kind = type(database.obj)
        shape = self._shapes.get(kind)
        if shape is None and cursor.description is not None:
            before = set(vars(rows))
            rows.initialize()
            shape = {k: v for k, v in vars(rows).items() if k not in before}
            builder = rowbuild.builder(rows)
            if builder is not None:
                shape["process_row"] = builder
            self._shapes[kind] = shape
        if shape is not None:
            vars(rows).update(shape)
            rows.initialized = True
            process_row = shape.get("process_row")
            if process_row is not None:
                # Every Prepared query is a page's worth of rows, which the driver has already fetched whole: read
                # in one step, not through peewee's iterator's three calls a row.
                rows.row_cache = [process_row(row) for row in cursor.fetchall()]
                rows.count, rows.populated = len(rows.row_cache), True
                cursor.close()
        return rows

    def inserted_id(self, **values) -> int:
        """Run an INSERT: the new row's id (RETURNING where the database has it, else the cursor's last row id;
        see `returning_id`)."""
        cursor = self._execute(values)[1]
        return cursor.fetchone()[0] if database.returning_clause else cursor.lastrowid

    def rowcount(self, **values) -> int:
        """Run a write (UPDATE, DELETE): how many rows it changed."""
        return self._execute(values)[1].rowcount

    def first(self, **values):
        """The first row, or None (the query should carry its own LIMIT 1)."""
        rows = self.run(**values)
        return rows[0] if len(rows) else None


def returning_id(query: peewee.Insert) -> peewee.Insert:
    """An INSERT for Prepared.inserted_id: with RETURNING its id where the database has it."""
    return query.returning(query.model._meta.primary_key) if database.returning_clause else query


class PreparedInsert:
    """Model.save() for a new row of `model` (an auto-increment id), with the INSERT's text built once for each
    set of columns instead of on every save (peewee builds it again each time: a third of a delivery's Python
    was its INSERTs). The same row is written as save() writes it: every field the object holds, defaults
    included, converted by its field; the new id is set on the object and nothing is left dirty."""

    def __init__(self, model: type[peewee.Model]):
        self._model = model
        self._by_names: dict[tuple[str, ...], Prepared] = {}

    def save(self, instance: peewee.Model) -> int:
        fields, data = self._model._meta.fields, instance.__data__
        pk = self._model._meta.primary_key.name
        names = tuple(name for name in data if name != pk)
        prepared = self._by_names.get(names)
        if prepared is None:
            chosen = [fields[name] for name in names]
            prepared = self._by_names[names] = Prepared(
                lambda: returning_id(self._model.insert({field: slot(field.name) for field in chosen})))
        instance._pk = prepared.inserted_id(**{name: fields[name].db_value(data[name]) for name in names})
        instance._dirty.clear()  # noqa: SLF001 -- as save() leaves a saved object
        return 1


def insert_rows(model: type[peewee.Model], rows: list[dict], *, batch: int = 2000) -> int:
    """INSERT new rows of `model` (dicts by field name, every row with the same names), each value converted by
    its field and the fields not named given their defaults, as insert_many does; returns how many. On
    PostgreSQL psycopg2 writes the values into each batch's statement (execute_values, in C): peewee's
    insert_many builds every value of its statement in Python, 5 µs a value (the statistics back-fill, 21,300
    day rows of 26 columns, spent 2.5 s on that alone). Elsewhere it is insert_many itself."""
    if not isinstance(database.obj, peewee.PostgresqlDatabase):
        for first in range(0, len(rows), batch):
            model.insert_many(rows[first:first + batch]).execute()
        return len(rows)
    if not rows:
        return 0
    from psycopg2.extras import execute_values

    given = [model._meta.fields[name] for name in rows[0]]
    defaults = [field for field in model._meta.sorted_fields  # as insert_many, the fields' defaults for the rest
                if field.name not in rows[0] and field.default is not None]
    table = peewee.quote([model._meta.table_name], '""')
    columns = ", ".join(peewee.quote([field.column_name], '""') for field in given + defaults)
    sql = f"INSERT INTO {table} ({columns}) VALUES %s"  # noqa: S608 -- the model's own names, quoted
    values = [[field.db_value(row[field.name]) for field in given]
              + [field.db_value(field.default() if callable(field.default) else field.default) for field in defaults]
              for row in rows]
    pending = database.obj.pending_begin() if isinstance(database.obj, PooledPostgres) else ""
    with peewee.__exception_wrapper__:
        cursor = database.cursor()
        if pending:  # the transaction's BEGIN, which travels with its first statement (PooledPostgres)
            cursor.execute(pending)
        execute_values(cursor, sql, values, page_size=batch)
    return len(rows)


class PreparedIn:
    """A query over a list of values (`build(values)`, e.g. `Model.field.in_(values)`), Prepared once for each
    length of the list up to `kept` (an inbox page asks for 25 at most); a longer list is built as it comes."""

    def __init__(self, build: Callable[[list], peewee.BaseQuery], *, kept: int = 25):
        self._build = build
        self._kept = kept
        self._by_length: dict[int, Prepared] = {}

    def run(self, values: list):
        if len(values) > self._kept:
            return self._build(list(values))
        prepared = self._by_length.get(len(values))
        if prepared is None:
            names = [f"v{n}" for n in range(len(values))]
            prepared = self._by_length[len(values)] = Prepared(lambda: self._build([slot(name) for name in names]))
        return prepared.run(**{f"v{n}": value for n, value in enumerate(values)})


# Per PostgreSQL connection, the statements it has prepared, each with its runs so far and the run at which it
# is prepared anew (a connection that is closed takes its own along).
_PREPARED_ON: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# PostgreSQL keeps a prepared statement's generic plan, costed on the tables as they were when it was made,
# for as long as the statement lives (until an ANALYZE of its tables), and a pool's connection lives for many
# minutes. Made while a table was nearly empty (a new installation, the morning's first idempotency records)
# it scans the whole table, however much it grows: the API POST's update of its idempotency record by id went
# from 0.1 to 2 ms over a few thousand requests (a sequential scan). So each statement is prepared again at its
# 64th run on a connection, then at 8 times as many, and so on: the plan follows the tables as they grow, for
# a PREPARE and five freshly planned runs each time.
REPLAN_FIRST, REPLAN_FACTOR = 64, 8
_PLACEHOLDER = re.compile(r"%[s%]")
_log = logging.getLogger("peewee")


def _bound(params: tuple, values: dict) -> list:
    """The query's parameters with each slot's value put in."""
    return [values[p.name] if isinstance(p, Slot) else p for p in params]


def _execute_prepared(name: str, sql: str, params: tuple, values: dict):
    """Run a Prepared query's SQL as a server-side prepared statement of this connection: PostgreSQL plans the text
    once per connection instead of on every run (half the time of a small query: the session's 0.13 → 0.06 ms).
    The statement lives as long as the connection; a transaction that rolls back does not take it along. Only on
    the pool's connections (postgresql+pool://), which live for many requests: a connection per request would
    pay a PREPARE each time, and a PgBouncer in transaction mode (plain postgresql:// to it) hands a session's
    statements to other clients' connections (docs/deploy.md).

    Only the slots are the statement's parameters: the query's fixed values are written into its text as the
    literals psycopg2 would send for them in a plain query. Left as parameters, PostgreSQL plans around values it
    does not know once it keeps a generic plan (after five runs): the follow-up kinds of the message page became
    an array built again for every event it looked at (0.25 → 1.1 ms with 3,000 readings of one letter), and a
    fixed `NOT is_test` could not match a partial index."""
    conn = database.connection()
    prepared = _PREPARED_ON.setdefault(conn, {})
    slots = [values[p.name] for p in params if isinstance(p, Slot)]
    if _log.isEnabledFor(logging.DEBUG):  # as peewee logs every query it runs: the SQL text, not the EXECUTE
        _log.debug((sql, _bound(params, values)))
    begin = database.obj.pending_begin()
    runs = prepared.get(name)
    with peewee.__exception_wrapper__:
        cursor = conn.cursor()
        if runs is None or runs[0] >= runs[1]:
            again = f"DEALLOCATE {name}; " if runs is not None else ""
            cursor.execute(f"{begin}{again}PREPARE {name} AS {_statement_text(cursor, sql, params)}")
            runs = prepared[name] = [0, REPLAN_FIRST if runs is None else runs[1] * REPLAN_FACTOR]
            begin = ""
        runs[0] += 1
        cursor.execute(f"{begin}EXECUTE {name} ({', '.join(['%s'] * len(slots))})" if slots
                       else f"{begin}EXECUTE {name}", slots)
    return cursor


def _statement_text(cursor, sql: str, params: tuple) -> str:
    """The SQL for PREPARE: each slot a numbered parameter ($1, $2, …), each fixed value its literal."""
    numbers = itertools.count(1)
    fixed = iter(params)

    def place(match: re.Match) -> str:
        if match.group(0) == "%%":
            return "%"
        param = next(fixed)
        if isinstance(param, Slot):
            return f"${next(numbers)}"
        return cursor.mogrify("%s", (param,)).decode()

    return _PLACEHOLDER.sub(place, sql)


def joined_transaction():
    """A transaction, or inside one already open, that same transaction: no savepoint, which costs a round trip
    to open and another to release (six of an API POST's statements were those). For code that lets every error
    go up: a caller that catches an error and carries on opens its own database.atomic() around the call, and
    that savepoint is what rolls back."""
    return contextlib.nullcontext() if database.in_transaction() else database.atomic()


def write_transaction():
    """A transaction that reads, then writes. On SQLite it takes the write lock at the start (BEGIN IMMEDIATE):
    a deferred transaction whose snapshot went stale while it read would fail at its first write with
    "database is locked" instead of waiting its turn. Nested inside another transaction it is a savepoint."""
    return database.atomic() if is_postgres() else database.atomic("IMMEDIATE")


def init_app(app) -> None:
    open_database(app.config["DATABASE_URL"])

    @app.before_request
    def _connect() -> None:
        database.connect(reuse_if_open=True)

    @app.teardown_appcontext
    def _close(exc: BaseException | None) -> None:
        if not database.is_closed():
            database.close()


# Migrations -----------------------------------------------------------------------------------------
# Each module portal/migrations/mNNNN_name.py has `def up(db)`, written against models frozen inside the
# module, so later changes to portal/models.py never change what an old migration does.


class SchemaVersion(peewee.Model):
    number = peewee.IntegerField(primary_key=True)
    name = peewee.CharField(max_length=100)

    class Meta:
        database = database
        table_name = "schema_version"


def available_migrations() -> Iterator[tuple[int, str, object]]:
    from portal import migrations

    found = []
    for info in pkgutil.iter_modules(migrations.__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            found.append((int(info.name[1:5]), info.name))
    for number, name in sorted(found):
        yield number, name, importlib.import_module(f"portal.migrations.{name}")


def migrate() -> list[str]:
    """Apply every migration not yet applied, each in its own transaction. Returns the names applied."""
    with database.connection_context():
        database.create_tables([SchemaVersion], safe=True)
        done = {row.number for row in SchemaVersion.select()}
        applied = []
        for number, name, module in available_migrations():
            if number in done:
                continue
            with database.atomic():
                module.up(database.obj)
                SchemaVersion.create(number=number, name=name)
            applied.append(name)
        return applied


def sqlite_drop_not_null(db: peewee.SqliteDatabase, table: str, column: str) -> None:
    """Drop NOT NULL from a column on SQLite, for migrations.

    SQLite's ALTER TABLE cannot do it, and peewee's way (copy into a new table, drop the old one) runs the
    ON DELETE actions of every table that points at the old one. SQLite documents a safe in-place edit of the
    stored table definition for exactly this change, which is what this does, checked afterwards.
    """
    (sql,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    pattern = re.compile(rf'("{column}" \w+(?:\(\d+\))?) NOT NULL')
    if not pattern.search(sql):
        return  # already nullable
    new_sql = pattern.sub(r"\1", sql, count=1)
    (version,) = db.execute_sql("PRAGMA schema_version").fetchone()
    db.execute_sql("PRAGMA writable_schema = ON")
    try:
        db.execute_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (new_sql, table))
        db.execute_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute_sql("PRAGMA writable_schema = OFF")
    (check,) = db.execute_sql("PRAGMA integrity_check").fetchone()
    if check != "ok":
        raise RuntimeError(f"integrity check failed after changing {table}.{column}: {check}")
