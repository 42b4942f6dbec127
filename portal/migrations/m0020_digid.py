"""Log-in with DigiD (OpenID Connect): accounts without a password or e-mail address, consent to a digital
inbox, log-ins waiting for that consent, and the ID token of each DigiD session (for log-out at DigiD).

- account.auth_method: 'password' (e-mail and password, as before) or 'digid' (made at a first DigiD log-in:
  no password that could ever match, and no e-mail address until the citizen gives one).
- The database itself keeps a 'digid' account from ever getting a password hash (a CHECK constraint on
  PostgreSQL, triggers on SQLite, which cannot add constraints to a table): a password reset or any later
  code that writes one fails instead of opening a second way in.
- account.email may be NULL. SQLite cannot drop NOT NULL with ALTER TABLE, and rebuilding the table would run
  ON DELETE actions on every table that points at accounts; SQLite documents an in-place edit of the stored
  table definition for exactly this change (removing a NOT NULL constraint), which is used here.
"""


import peewee as pw
from playhouse.migrate import SchemaMigrator, migrate

from portal.db import sqlite_drop_not_null

# The value stored instead of a password hash (portal/auth/oidc_accounts.py NO_PASSWORD; frozen here).
NO_PASSWORD = "!digid: this account has no password"  # noqa: S105 -- a marker, not a secret


def up(db: pw.Database) -> None:
    # Added by hand: peewee would rebuild the table on SQLite for a NOT NULL column with a default.
    db.execute_sql("""ALTER TABLE "account" ADD COLUMN "auth_method" VARCHAR(10) NOT NULL DEFAULT 'password'""")
    if isinstance(db, pw.SqliteDatabase):
        sqlite_drop_not_null(db, "account", "email")
        for event in ("INSERT", "UPDATE"):
            db.execute_sql(
                f'CREATE TRIGGER "account_digid_has_no_password_{event.lower()}" BEFORE {event} ON "account" '
                f"FOR EACH ROW WHEN NEW.auth_method = 'digid' AND NEW.password_hash <> '{NO_PASSWORD}' "
                "BEGIN SELECT RAISE(ABORT, 'a DigiD account has no password'); END"
            )
    else:
        migrate(SchemaMigrator.from_database(db).drop_not_null("account", "email"))
        db.execute_sql(
            'ALTER TABLE "account" ADD CONSTRAINT "account_digid_has_no_password" '
            f"CHECK (auth_method <> 'digid' OR password_hash = '{NO_PASSWORD}')"
        )

    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Account(Base):
        email = pw.CharField(max_length=254, unique=True, null=True)

    class Session(Base):
        token_hash = pw.CharField(max_length=64, unique=True)

    class Citizen(Base):
        bsn = pw.CharField(max_length=9, unique=True)

    class InboxConsent(Base):
        citizen = pw.ForeignKeyField(Citizen, on_delete="CASCADE")
        account = pw.ForeignKeyField(Account, null=True, on_delete="SET NULL")
        text_version = pw.CharField(max_length=20)
        language = pw.CharField(max_length=2)
        method = pw.CharField(max_length=10)
        acr = pw.CharField(max_length=200, default="")
        given_at = pw.DateTimeField()

        class Meta:
            indexes = ((("citizen", "given_at"), False),)

    class OidcPending(Base):
        token_hash = pw.CharField(max_length=64, unique=True)
        bsn = pw.CharField(max_length=9)
        acr = pw.CharField(max_length=200, default="")
        name = pw.CharField(max_length=200, default="")
        id_token = pw.TextField()
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField(index=True)

    class OidcLogin(Base):
        session = pw.ForeignKeyField(Session, unique=True, on_delete="CASCADE")
        id_token = pw.TextField()
        created_at = pw.DateTimeField()

    db.create_tables([InboxConsent, OidcPending, OidcLogin])

