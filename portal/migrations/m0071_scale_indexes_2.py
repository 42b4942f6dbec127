"""Two more indexes found with EXPLAIN at a million messages (docs/performance.md):

- Sender statistics on PostgreSQL: the covering index of m0070 now also carries the message id, which the
  statistics read too, so PostgreSQL can count a period from the index alone (index-only scan).
- The sender's unopened list and its count (portal/senders/services.py _unopened()): a partial index on
  (organisation, deadline) holding only live messages that are neither opened nor done, so the list reads
  those few rows instead of every message of the organisation.
"""

import peewee as pw


def up(db: pw.Database) -> None:
    db.execute_sql(
        'CREATE INDEX "message_unopened" ON "message" ("organisation_id", "deadline") '
        'WHERE "first_opened_at" IS NULL AND "done_at" IS NULL AND NOT "is_test"'
    )
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql('DROP INDEX "message_statistics"')
        db.execute_sql(
            'CREATE INDEX "message_statistics" ON "message" ("organisation_id", "delivered_at") '
            'INCLUDE ("id", "is_test", "message_type", "first_opened_at", "deadline", "done_at", "readability_nl")'
        )
