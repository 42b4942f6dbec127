"""Follow-up: alerts on delivery, reminders counted back from deadlines, print-if-unread, the outbox that
sends every e-mail once, the sweeper that re-queues what got stuck, and retention."""

from portal.followup import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())
