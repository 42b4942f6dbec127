"""A citizen's postal address (Dutch format) and paper choice: columns on the citizen table.

Added with plain ALTER TABLE ADD COLUMN ... NOT NULL DEFAULT: peewee would rebuild the table on SQLite to add
a NOT NULL column, and dropping the old table would run ON DELETE CASCADE on messages and events.
"""

import peewee as pw
from playhouse.migrate import SchemaMigrator, migrate

TEXT_COLUMNS = (
    ("address_name", 100),
    ("address_street", 100),
    ("address_house_number", 5),
    ("address_addition", 6),
    ("address_postcode", 7),
    ("address_city", 80),
)


def up(db: pw.Database) -> None:
    for name, length in TEXT_COLUMNS:
        db.execute_sql(f"""ALTER TABLE "citizen" ADD COLUMN "{name}" VARCHAR({length}) NOT NULL DEFAULT ''""")
    db.execute_sql("""ALTER TABLE "citizen" ADD COLUMN "channel" VARCHAR(8) NOT NULL DEFAULT 'digital'""")
    migrate(SchemaMigrator.from_database(db).add_column("citizen", "address_changed_at",
                                                        pw.DateTimeField(null=True)))
