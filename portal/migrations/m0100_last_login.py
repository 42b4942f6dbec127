"""When each account last logged in, kept: sessions are deleted once they expire, so they cannot say it later
(the safety net asks whether a citizen logged in after a letter arrived). Filled in from the sessions there are."""

import peewee as pw


def up(db: pw.Database) -> None:
    kind = "TIMESTAMP" if isinstance(db, pw.PostgresqlDatabase) else "DATETIME"  # as peewee makes DateTimeField
    db.execute_sql(f'ALTER TABLE "account" ADD COLUMN "last_login_at" {kind}')
    db.execute_sql('UPDATE "account" SET "last_login_at" = (SELECT MAX("session"."created_at") FROM "session" '
                   'WHERE "session"."account_id" = "account"."id")')
