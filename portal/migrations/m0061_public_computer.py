"""Public-computer mode: per session (ticked at log-in) and per account (a permanent setting).

Plain ALTER TABLE ADD COLUMN ... NOT NULL DEFAULT: no table rebuild on SQLite (see m0030).
"""

import peewee as pw


def up(db: pw.Database) -> None:
    false = "FALSE" if isinstance(db, pw.PostgresqlDatabase) else "0"
    for table in ("session", "account"):
        db.execute_sql(f"""ALTER TABLE "{table}" ADD COLUMN "public_computer" BOOLEAN NOT NULL DEFAULT {false}""")
