"""A citizen record may exist without an account: known only by BSN and the postal address a sender gave.

Such citizens get their mail on paper. SQLite cannot drop NOT NULL with ALTER TABLE, and rebuilding the
table would run ON DELETE actions on the tables that point at it; SQLite documents a safe in-place edit of
the stored table definition for exactly this change (removing a NOT NULL constraint), which is used here.
"""


import peewee as pw
from playhouse.migrate import SchemaMigrator, migrate

from portal.db import sqlite_drop_not_null


def up(db: pw.Database) -> None:
    if isinstance(db, pw.SqliteDatabase):
        sqlite_drop_not_null(db, "citizen", "account_id")
    else:
        migrate(SchemaMigrator.from_database(db).drop_not_null("citizen", "account_id"))

