"""Indexes for the lists that must stay fast at national size (checked with EXPLAIN on PostgreSQL with a
million messages: bench/scale.py, docs/performance.md).

- Follow-up scan (portal/followup/policy.py run()): messages with a policy, not done, not deleted, whose
  deadline is open or absent. Without an index this read the whole message table at every run; the partial
  index holds only the rows that can still need a step, so it stays as small as the open work.
- The sender API's message list (GET /api/v1/messages): one organisation's live or test messages, newest id
  first, paged by id. Ordered by the index itself: no sort, however many messages the organisation sent.
- Sender statistics (portal/senders/services.py statistics_for()): on PostgreSQL the organisation/delivery
  index also carries the columns the statistics read (INCLUDE), so a period is counted from the index alone
  (index-only scan), without visiting the table. It replaces the plain index on the same two columns.
  SQLite has no INCLUDE and keeps the plain index: one municipality's numbers are small.
"""

import peewee as pw


def up(db: pw.Database) -> None:
    db.execute_sql(
        'CREATE INDEX "message_followup_open" ON "message" ("deadline") '
        'WHERE "policy" IS NOT NULL AND "done_at" IS NULL AND "deleted_at" IS NULL AND NOT "is_test"'
    )
    db.execute_sql(
        'CREATE INDEX "message_organisation_id_is_test_id" ON "message" ("organisation_id", "is_test", "id")'
    )
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql(
            'CREATE INDEX "message_statistics" ON "message" ("organisation_id", "delivered_at") '
            'INCLUDE ("is_test", "message_type", "first_opened_at", "deadline", "done_at", "readability_nl")'
        )
        db.execute_sql('DROP INDEX "message_organisation_id_delivered_at"')
