"""The alert a new one joins (portal/followup/outbox.py, add_joining): the citizen's first waiting row of a kind
by due time. The index on (citizen, kind, status) found those rows and PostgreSQL then sorted every one of them
for the first; with the due time in the index it reads the first one alone, however many are waiting."""

import peewee as pw


def up(db: pw.Database) -> None:
    db.execute_sql('DROP INDEX "outbox_citizen_id_kind_status"')
    db.execute_sql('CREATE INDEX "outbox_citizen_id_kind_status_due_at" ON "outbox" '
                   '("citizen_id", "kind", "status", "due_at")')
