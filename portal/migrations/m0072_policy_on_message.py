"""An organisation's default follow-up policy is now written on each message at delivery (portal/delivery.py),
so the follow-up scan reads only messages with a policy, through the partial index of m0070, whatever the
defaults. Messages delivered before this change get the default of their organisation as it is now: the one
the scan applied to them until today."""

import peewee as pw


def up(db: pw.Database) -> None:
    db.execute_sql(
        'UPDATE "message" SET "policy" = ('
        ' SELECT "policy" FROM "organisation_policy" WHERE "organisation_id" = "message"."organisation_id")'
        ' WHERE "policy" IS NULL AND "organisation_id" IN (SELECT "organisation_id" FROM "organisation_policy")'
    )
