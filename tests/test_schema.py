"""The models and the migrations describe the same schema, on SQLite and on PostgreSQL (the check Alembic's
autogenerate gives other projects).

Two empty databases of the kind under test: one built by running every migration, one by peewee's
`create_tables` from the models. Both are read back with peewee's introspection (`get_columns`, `get_indexes`,
`get_foreign_keys`, plus each engine's ON DELETE rules) and must match: tables, column types, nullability,
primary keys, indexes (columns, unique, partial condition) and foreign keys. Server-side defaults are not
compared: the models' defaults live in Python, and a migration that adds a NOT NULL column must give one.
"""

from __future__ import annotations

import os
import re

import peewee
import pytest
from playhouse.db_url import connect

from portal.db import SQLITE_PRAGMAS, available_migrations, table_models

# SQLite keeps the declared type name; m0061 spelled BOOLEAN where peewee writes INTEGER. SQLite stores both
# as the integers 0 and 1, so they are the same column.
SQLITE_SAME_TYPE = {"BOOLEAN": "INTEGER"}


@pytest.fixture(scope="module")
def databases(database_url, tmp_path_factory):
    """(built by the migrations, built from the models): two new, empty databases of the engine under test."""
    if database_url.startswith("sqlite"):
        folder = tmp_path_factory.mktemp("schema")
        pair = [peewee.SqliteDatabase(str(folder / f"{n}.db"), pragmas=SQLITE_PRAGMAS) for n in ("mig", "mod")]
        yield build(*pair)
        return
    import psycopg2

    base = database_url.rpartition("/")[0]
    suffix = os.environ.get("PYTEST_XDIST_WORKER", "main")
    names = [f"portal_schema_{kind}_{suffix}" for kind in ("migrations", "models")]
    admin = psycopg2.connect(database_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    pair = [connect(f"{base}/{name}") for name in names]
    try:
        yield build(*pair)
    finally:
        for db in pair:
            db.close()
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def build(migrated: peewee.Database, modelled: peewee.Database):
    for _number, _name, module in available_migrations():
        with migrated.atomic():
            module.up(migrated)
    models = table_models()
    with modelled.bind_ctx(models):
        modelled.create_tables(models)
    return describe(migrated), describe(modelled)


def describe(db: peewee.Database) -> dict[str, dict]:
    """Every table (but the migrations' own schema_version) as plain, comparable values."""
    return {
        table: {
            "columns": {c.name: column_type(db, c) for c in db.get_columns(table)},
            "indexes": sorted(index_shape(db, i) for i in db.get_indexes(table)),
            "foreign_keys": sorted((f.column, f.dest_table, f.dest_column, on_delete(db, table, f.column))
                                   for f in db.get_foreign_keys(table)),
        }
        for table in db.get_tables() if table != "schema_version"
    }


def column_type(db, column) -> tuple[str, bool, bool]:
    """(type as the database states it, nullable, primary key). PostgreSQL's full type has the VARCHAR length."""
    if isinstance(db, peewee.PostgresqlDatabase):
        kind = column.full_type
    else:
        kind = SQLITE_SAME_TYPE.get(column.data_type.upper(), column.data_type.upper())
    return kind, column.null, column.primary_key


def index_shape(db, index) -> tuple[tuple[str, ...], bool, str]:
    """(key columns, unique, partial condition). Names are left out: the same index may be named otherwise.

    PostgreSQL's covering index (m0070, m0071) carries INCLUDE columns, which a peewee model cannot declare and
    introspection lists with the keys: only the keys are compared.
    """
    sql = index.sql
    columns = list(index.columns)
    included = re.search(r" INCLUDE \((.*?)\)", sql)
    if included:
        columns = columns[: len(columns) - len(included.group(1).split(","))]
    condition = sql.partition(" WHERE ")[2]
    # SQLite keeps the statement as written: compare the condition without quotes, brackets and spacing.
    condition = re.sub(r'[\s"()]', "", condition).lower()
    return tuple(columns), bool(index.unique), condition


def on_delete(db, table: str, column: str) -> str:
    if isinstance(db, peewee.PostgresqlDatabase):
        (rule,) = db.execute_sql(
            "SELECT rc.delete_rule FROM information_schema.referential_constraints AS rc "
            "JOIN information_schema.key_column_usage AS k ON k.constraint_name = rc.constraint_name "
            "AND k.constraint_schema = rc.constraint_schema "
            "WHERE k.table_name = %s AND k.column_name = %s AND k.table_schema = current_schema()",
            (table, column)).fetchone()
        return rule
    rows = db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
    return next(row[6] for row in rows if row[3] == column)


def test_every_migrated_table_has_a_model_and_every_model_a_table(databases):
    migrated, modelled = databases
    assert sorted(migrated) == sorted(modelled) == sorted(m._meta.table_name for m in table_models())


def test_every_column_has_the_models_type_nullability_and_primary_key(databases):
    migrated, modelled = databases
    differences = [
        (table, name, migrated[table]["columns"].get(name), modelled[table]["columns"].get(name))
        for table in modelled
        for name in sorted(set(migrated[table]["columns"]) | set(modelled[table]["columns"]))
        if migrated[table]["columns"].get(name) != modelled[table]["columns"].get(name)
    ]
    assert differences == [], "(table, column, migrations, models)"


def test_every_index_the_migrations_built_is_declared_on_its_model_and_back(databases):
    migrated, modelled = databases
    differences = {table: {"migrations only": [i for i in migrated[table]["indexes"]
                                               if i not in modelled[table]["indexes"]],
                           "models only": [i for i in modelled[table]["indexes"]
                                           if i not in migrated[table]["indexes"]]}
                   for table in modelled if migrated[table]["indexes"] != modelled[table]["indexes"]}
    assert differences == {}
    # The comparison sees what matters: partial conditions and uniqueness.
    one_open = [i for i in modelled["paper_request"]["indexes"] if i[:2] == (("message_id",), True)]
    assert len(one_open) == 1 and "requested" in one_open[0][2]


def test_every_foreign_key_points_where_the_model_says_with_its_on_delete(databases):
    migrated, modelled = databases
    differences = {table: (migrated[table]["foreign_keys"], modelled[table]["foreign_keys"])
                   for table in modelled if migrated[table]["foreign_keys"] != modelled[table]["foreign_keys"]}
    assert differences == {}
    assert ("account_id", "account", "id", "CASCADE") in modelled["session"]["foreign_keys"]
