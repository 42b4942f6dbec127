"""A citizen record may exist without an account: known only by BSN and the postal address a sender gave.

Such citizens get their mail on paper. SQLite cannot drop NOT NULL with ALTER TABLE, and rebuilding the
table would run ON DELETE actions on the tables that point at it; SQLite documents a safe in-place edit of
the stored table definition for exactly this change (removing a NOT NULL constraint), which is used here.
"""

import re

import peewee as pw
from playhouse.migrate import SchemaMigrator, migrate


def up(db: pw.Database) -> None:
    if isinstance(db, pw.SqliteDatabase):
        _sqlite_drop_not_null(db, "citizen", "account_id")
    else:
        migrate(SchemaMigrator.from_database(db).drop_not_null("citizen", "account_id"))


def _sqlite_drop_not_null(db: pw.SqliteDatabase, table: str, column: str) -> None:
    (sql,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    pattern = re.compile(rf'("{column}" \w+) NOT NULL')
    if not pattern.search(sql):
        return  # already nullable
    new_sql = pattern.sub(r"\1", sql, count=1)
    (version,) = db.execute_sql("PRAGMA schema_version").fetchone()
    db.execute_sql("PRAGMA writable_schema = ON")
    try:
        db.execute_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (new_sql, table)
        )
        db.execute_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute_sql("PRAGMA writable_schema = OFF")
    (check,) = db.execute_sql("PRAGMA integrity_check").fetchone()
    if check != "ok":
        raise RuntimeError(f"integrity check failed after changing {table}.{column}: {check}")
