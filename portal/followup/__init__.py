"""Follow-up: alerts on delivery, reminders counted back from deadlines, print-if-unread, the outbox that
sends every e-mail once, the sweeper that re-queues what got stuck, and retention."""
