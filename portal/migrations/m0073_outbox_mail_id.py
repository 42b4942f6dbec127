"""Bounce reports that come back later (portal/followup/bounces.py) find the e-mail they are about by its
Message-ID: an index on the outbox's mail_id."""

import peewee as pw


def up(db: pw.Database) -> None:
    db.execute_sql('CREATE INDEX "outbox_mail_id" ON "outbox" ("mail_id")')
